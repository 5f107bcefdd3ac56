package panel

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/cabinetapp/cabinet/charts"
	"github.com/cabinetapp/cabinet/district"
)

// schoolFor is the school whose values of a metric a filter shows: its own
// school, or the district for metrics kept only district-wide, with a note
// saying so.
func schoolFor(m district.Metric, f Filter) (string, string) {
	if m.Aggregation == district.DistrictOnly && f.School != district.WholeDistrict {
		return district.WholeDistrict, m.Name + " is kept district-wide"
	}
	return f.School, ""
}

// markSummer shades the summer months on a monthly line chart and states
// the rule in its caption, so a summer dip does not read as a failure.
func markSummer(res *Result, rng district.Range) {
	for t := rng.From; t.Before(rng.To); t = t.AddDate(0, 1, 0) {
		if district.InSession(t) {
			continue
		}
		// A month is plotted on its first day: its band runs halfway to
		// the months either side, so the bands of two months meet.
		span := charts.Span{From: t.Add(t.AddDate(0, -1, 0).Sub(t) / 2), To: t.Add(t.AddDate(0, 1, 0).Sub(t) / 2)}
		if n := len(res.Chart.Shaded); n > 0 && !span.From.After(res.Chart.Shaded[n-1].To) {
			res.Chart.Shaded[n-1].To = span.To
			continue
		}
		res.Chart.Shaded = append(res.Chart.Shaded, span)
	}
	if len(res.Chart.Shaded) > 0 {
		res.Chart.ShadeLabel = "Summer"
		res.Notes = append(res.Notes, "Shaded: "+district.SummerRule())
	}
}

// metricLine charts metrics over the filter's months for its school, with
// the first metric's target. Suppressed values break the line.
func metricLine(ids ...string) func(context.Context, *Board, Filter) (Result, error) {
	return func(ctx context.Context, b *Board, f Filter) (Result, error) {
		rng := b.Range(f)
		res := Result{}
		res.Table.Columns = []string{"Month"}
		rows := map[string][]string{}
		var months []string
		for i, id := range ids {
			m, err := b.Metric(ctx, id)
			if err != nil {
				return res, err
			}
			school, note := schoolFor(m, f)
			obs, prov, err := b.data.Series(ctx, id, school, rng)
			if err != nil {
				return res, err
			}
			if i == 0 {
				res.Scope = b.scope(school, f, rng)
				if note != "" {
					res.Notes = append(res.Notes, note)
				}
				res.Chart = charts.Chart{Kind: charts.Line, Unit: m.Unit, Highlight: -1}
				valueAxis(&res.Chart, m.AxisLabel())
				if m.Season == district.SchoolYear {
					markSummer(&res, rng)
				}
				if m.HasTarget {
					res.Chart.Target = &charts.Target{Value: m.Target, Label: targetLabel(m, len(ids) > 1)}
				}
				res.Provenance = prov
			} else if m.HasTarget {
				// Each measure sharing the chart keeps its own goal.
				res.Chart.Targets = append(res.Chart.Targets, charts.Target{Value: m.Target, Label: targetLabel(m, true)})
			}
			shown, err := b.Cells(ctx, m, school, rng)
			if err != nil {
				return res, err
			}
			c, ok, err := b.Compare(ctx, m, school, rng.To)
			if err != nil {
				return res, err
			}
			if ok {
				res.Compared = append(res.Compared, c)
			}
			count := m.CountHeading()
			if len(ids) > 1 {
				count += ", " + m.Name
			}
			res.Table.Columns = append(res.Table.Columns, heading(m.Name, m.UnitName(), b.scopeWords(school, f)), count)
			s := charts.Series{Name: m.Name}
			for _, o := range obs {
				cell := shown.Cell(o)
				s.Points = append(s.Points, charts.Point{T: o.Period, Y: cell.Value, Gap: cell.Suppressed})
				key := o.Period.Format("2006-01")
				if _, ok := rows[key]; !ok {
					months = append(months, key)
					rows[key] = make([]string, 2*len(ids))
				}
				rows[key][2*i], rows[key][2*i+1] = cellText(cell), nText(cell)
				res.count(cell)
				if o.Period.After(res.Through) {
					res.Through = o.Period
				}
			}
			res.Chart.Series = append(res.Chart.Series, s)
		}
		res.Notes = append(res.Notes, comparisonNotes(res.Compared)...)
		sort.Strings(months)
		now := b.now()
		for _, k := range months {
			label := k
			if t, err := time.Parse("2006-01", k); err == nil && !district.Closed(t, now) {
				label += " so far"
			}
			res.Table.Rows = append(res.Table.Rows, append([]string{label}, rows[k]...))
		}
		return res, nil
	}
}

// heading heads a table's column of values with their unit and scope, as
// a spreadsheet shows it without the chart beside it: "ELA proficiency
// (%), whole district".
func heading(name, unit string, scope ...string) string {
	h := name
	if unit != "" {
		h += " (" + unit + ")"
	}
	for _, s := range scope {
		if s != "" {
			h += ", " + s
		}
	}
	return h
}

// scopeWords says whose figures a column holds: a school's name, "whole
// district", or "district-wide" for a district figure beside a school's.
func (b *Board) scopeWords(school string, f Filter) string {
	if school == district.WholeDistrict {
		return strings.ToLower(b.districtScope(f))
	}
	return b.School(school)
}

// targetLabel names a measure's goal line; on a chart it shares, with the
// measure's name: "Maths proficiency: target 55.0% or more".
func targetLabel(m district.Metric, shared bool) string {
	t := m.TargetText()
	if !shared {
		return t
	}
	return m.Name + ": " + strings.ToLower(t[:1]) + t[1:]
}

// valueAxis titles a chart's value axis with its unit in words: the
// vertical axis, or the horizontal one of a ranking.
func valueAxis(ch *charts.Chart, label string) {
	if ch.Kind == charts.HBars {
		ch.XLabel = label
		return
	}
	ch.YLabel = label
}

// monthlyBars charts a count month by month, as bars.
func monthlyBars(id string) func(context.Context, *Board, Filter) (Result, error) {
	line := metricLine(id)
	return func(ctx context.Context, b *Board, f Filter) (Result, error) {
		res, err := line(ctx, b, f)
		if err != nil || len(res.Chart.Series) == 0 {
			return res, err
		}
		s := res.Chart.Series[0]
		bars := charts.Series{Name: s.Name}
		res.Chart.Categories = nil
		now := b.now()
		for _, p := range s.Points {
			label := p.T.Format("Jan 06")
			if !district.Closed(p.T, now) {
				label += " so far"
			}
			res.Chart.Categories = append(res.Chart.Categories, label)
			bars.Values = append(bars.Values, charts.Value{V: p.Y, Suppressed: p.Gap})
		}
		res.Chart.Kind = charts.Bars
		res.Chart.Series = []charts.Series{bars}
		return res, nil
	}
}

// ranking charts every school's value of a metric in the last month of the
// filter's range, worst first, in at most RankRows rows, with the filter's
// school and its rank. The table lists every school.
func ranking(id string) func(context.Context, *Board, Filter) (Result, error) {
	return func(ctx context.Context, b *Board, f Filter) (Result, error) {
		rng := b.Range(f)
		m, err := b.Metric(ctx, id)
		if err != nil {
			return Result{}, err
		}
		obs, prov, err := b.data.Schoolwide(ctx, id, rng.To)
		if err != nil {
			return Result{}, err
		}
		res := Result{Provenance: prov, Chart: charts.Chart{Kind: charts.HBars, Unit: m.Unit, Highlight: -1}}
		valueAxis(&res.Chart, m.AxisLabel())
		if m.HasTarget {
			res.Chart.Target = &charts.Target{Value: m.Target, Label: m.TargetText()}
		}
		shown := b.Suppression.Cells(m, nil)
		if len(obs) > 0 {
			if shown, err = b.Cells(ctx, m, EverySchool, months(obs[0].Period)); err != nil {
				return Result{}, err
			}
		}
		rows := make([]RankRow, 0, len(obs))
		for _, o := range obs {
			rows = append(rows, RankRow{School: o.School, Cell: shown.Cell(o)})
			res.Through = o.Period
		}
		rk := newRanking(m, rows, f.School)
		res.Ranking = &rk
		res.Scope = b.monthScope("All schools", res.Through, f)
		month := ""
		if !res.Through.IsZero() {
			month = res.Through.Format(district.MonthName)
		}
		res.Table.Columns = []string{"School", heading(m.Name, m.UnitName(), month), m.CountHeading(), "Rank (" + rk.Counting() + ")"}
		res.Notes = append(res.Notes, "Ranks: "+rk.Counting())
		for _, r := range rk.Rows {
			rank := ""
			if r.Rank > 0 {
				rank = strconv.Itoa(r.Rank)
			}
			res.Table.Rows = append(res.Table.Rows, []string{b.School(r.School), cellText(r.Cell), nText(r.Cell), rank})
			res.count(r.Cell)
		}
		rk.chart(&res.Chart, b.School)
		return res, nil
	}
}

// cellText writes a value for a table: the number, or the suppression mark.
func cellText(c district.Cell) string {
	if c.Suppressed {
		return c.Mark()
	}
	return strconv.FormatFloat(c.Value, 'f', -1, 64)
}

func nText(c district.Cell) string {
	if c.Suppressed || c.N == 0 {
		return ""
	}
	return strconv.Itoa(c.N)
}
