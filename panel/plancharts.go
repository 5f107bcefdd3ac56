package panel

import (
	"context"
	"fmt"
	"math"

	"github.com/cabinetapp/cabinet/charts"
	"github.com/cabinetapp/cabinet/district"
)

// NoPlanData is what the plan's charts say when no source counts the
// fleet the plan needs.
const NoPlanData = "No source counts the fleet by kind of device or the Chromebooks' auto-update expiration yet"

// planResult starts a chart of the plan: its scope, freshness and the
// notes every chart of the plan carries.
func (b *Board) planResult(ctx context.Context, f Filter, kind charts.Kind, unit district.Unit) (Plan, Result, error) {
	p, err := b.Plan(ctx)
	if err != nil {
		return p, Result{}, err
	}
	res := Result{Provenance: p.Provenance, Through: p.AsOf, Chart: charts.Chart{Kind: kind, Unit: unit, Highlight: -1, Empty: NoPlanData}}
	res.Scope = fmt.Sprintf("%s · %s – %s", b.districtScope(f), b.Calendar.Label(p.Year(0)), b.Calendar.Label(p.Year(district.PlanYears-1)))
	if f.School != district.WholeDistrict {
		res.Notes = append(res.Notes, "The plan is district-wide")
	}
	if p.Empty() {
		return p, res, nil
	}
	res.Notes = append(res.Notes, fmt.Sprintf("%s takes the devices already past due", b.Calendar.Label(p.Year(0))))
	return p, res, nil
}

// planDevices charts the devices due each year, stacked by kind.
func planDevices(ctx context.Context, b *Board, f Filter) (Result, error) {
	p, res, err := b.planResult(ctx, f, charts.StackedBars, district.Count)
	if err != nil || p.Empty() {
		return res, err
	}
	res.Chart.YLabel = "Devices"
	res.Chart.Categories = p.years()
	res.Table.Columns = []string{"Fiscal year"}
	for _, l := range p.Lines {
		s := charts.Series{Name: l.Kind.Title()}
		for _, n := range l.Due {
			s.Values = append(s.Values, charts.Value{V: float64(n)})
		}
		res.Chart.Series = append(res.Chart.Series, s)
		res.Table.Columns = append(res.Table.Columns, l.Kind.Title())
	}
	res.Table.Columns = append(res.Table.Columns, "All devices")
	all := p.Devices()
	for i, label := range p.yearLabels() {
		row := []string{label}
		for _, l := range p.Lines {
			row = append(row, fmt.Sprint(l.Due[i]))
		}
		res.Table.Rows = append(res.Table.Rows, append(row, fmt.Sprint(all[i])))
	}
	return res, nil
}

// planCost charts each year's replacement cost beside the hardware line,
// with the level amount as the line across.
func planCost(ctx context.Context, b *Board, f Filter) (Result, error) {
	p, res, err := b.planResult(ctx, f, charts.Bars, district.USD)
	if err != nil || p.Empty() {
		return res, err
	}
	res.Chart.YLabel = "Dollars"
	res.Chart.Categories = p.years()
	cost := charts.Series{Name: "Replacement cost"}
	budget := charts.Series{Name: "Hardware budget"}
	res.Table.Columns = []string{"Fiscal year", "Replacement cost", "Hardware budget", "Against the budget"}
	for i, label := range p.yearLabels() {
		cost.Values = append(cost.Values, charts.Value{V: p.Cost[i]})
		row := []string{label, money(p.Cost[i]), "", ""}
		if g, ok := p.Gap(i); ok {
			budget.Values = append(budget.Values, charts.Value{V: p.Hardware.Amount[i]})
			row[2], row[3] = money(p.Hardware.Amount[i]), money(g)
		} else {
			budget.Values = append(budget.Values, charts.Value{V: math.NaN()})
		}
		res.Table.Rows = append(res.Table.Rows, row)
	}
	res.Chart.Series = []charts.Series{cost, budget}
	if p.Hardware.Base == 0 {
		res.Chart.Series = res.Chart.Series[:1]
		res.Notes = append(res.Notes, "No hardware budget is on record")
	}
	res.Chart.Target = &charts.Target{Value: p.Level, Label: "Level " + district.FormatMoney(p.Level) + " a year"}
	if e, ok := p.Cliff(); ok {
		res.Notes = append(res.Notes, fmt.Sprintf("%s of %s for hardware ends after %s", district.FormatMoney(e.Amount), district.FundMoney(e.Source), b.Calendar.Label(e.LastYear)))
	}
	return res, nil
}
