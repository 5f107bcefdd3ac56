package panel

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/cabinetapp/cabinet/charts"
	"github.com/cabinetapp/cabinet/district"
)

// FiscalYear is the fiscal year a filter's spending charts show: the chosen
// one, or the one its range ends in.
func (b *Board) FiscalYear(f Filter) int {
	if f.Period.Kind == district.FiscalYearPeriod {
		return f.Period.FiscalYear
	}
	return b.Calendar.Year(b.Range(f).Last())
}

// districtOnly is the note on charts that have no per-school figures.
const districtOnly = "Budget figures are district-wide"

func (b *Board) spendingScope(f Filter, fy int) (string, []string) {
	scope := b.districtScope(f) + " · " + b.Calendar.Label(fy) + " (" + b.Calendar.Span(fy) + ")"
	if f.School != district.WholeDistrict {
		return scope, []string{districtOnly}
	}
	return scope, nil
}

// spendToDate charts the fiscal year's running spending against the plan
// over the months closed, with a forecast along the plan to the year's end.
func spendToDate(ctx context.Context, b *Board, f Filter) (Result, error) {
	fy := b.FiscalYear(f)
	s, err := b.Spend(ctx, fy)
	if err != nil {
		return Result{}, err
	}
	res := Result{Through: s.Through, Chart: charts.Chart{Kind: charts.Line, Unit: district.USD, Highlight: -1, YLabel: "US dollars, running total for the year"}}
	res.Provenance, _ = b.data.Provenance(district.MetricDataset(district.SpendActual))
	res.Scope, res.Notes = b.spendingScope(f, fy)
	actual := charts.Series{Name: "Spent"}
	plan := charts.Series{Name: "Plan", Dashed: true}
	res.Table.Columns = []string{"Month", heading("Spent to date", "$", b.scopeWords(district.WholeDistrict, f)), heading("Plan to date", "$", b.scopeWords(district.WholeDistrict, f))}
	for i, t := range s.Months {
		actual.Points = append(actual.Points, charts.Point{T: t, Y: s.Actual[i]})
		plan.Points = append(plan.Points, charts.Point{T: t, Y: s.Plan[i]})
		res.Table.Rows = append(res.Table.Rows, []string{t.Format("2006-01"), money(s.Actual[i]), money(s.Plan[i])})
	}
	res.Chart.Series = []charts.Series{actual, plan}
	if s.Forecasting() && s.HasForecast {
		res.Chart.Series = append(res.Chart.Series, s.forecastLine(b.Calendar.End(fy).AddDate(0, -1, 0)))
		res.Notes = append(res.Notes, district.ForecastRule)
	}
	if running := s.runningText(); running != "" {
		res.Notes = append(res.Notes, running+", left out until the month closes")
	}
	if s.YearPlan > 0 {
		res.Chart.Target = &charts.Target{Value: s.YearPlan, Label: "Year plan " + district.FormatMoney(s.YearPlan)}
	}
	return res, nil
}

// budgetChart reads the budget lines of the filter's fiscal year and starts
// a chart of them, with its scope and freshness.
func (b *Board) budgetChart(ctx context.Context, f Filter, kind charts.Kind) (int, []district.BudgetLine, Result, error) {
	fy := b.FiscalYear(f)
	lines, prov, err := b.data.Budget(ctx, fy, fy)
	if err != nil {
		return 0, nil, Result{}, err
	}
	res := Result{Provenance: prov, Chart: charts.Chart{Kind: kind, Unit: district.USD, Highlight: -1}}
	if len(lines) > 0 {
		res.Through = b.through(fy)
	}
	res.Scope, res.Notes = b.spendingScope(f, fy)
	// The budget's spending to date is the source's running total, which
	// cannot be split by month: say that it holds a month still running.
	if !res.Through.IsZero() && !district.Closed(res.Through, b.now()) {
		res.Notes = append(res.Notes, "Spent to date includes "+res.Through.Format(district.MonthName)+" so far")
	}
	return fy, lines, res, nil
}

// budgetByCategory charts each category's budget beside what has been spent.
func budgetByCategory(ctx context.Context, b *Board, f Filter) (Result, error) {
	_, lines, res, err := b.budgetChart(ctx, f, charts.Bars)
	if err != nil {
		return Result{}, err
	}
	res.Chart.YLabel = "US dollars for the year"
	budgeted := charts.Series{Name: "Budgeted"}
	actual := charts.Series{Name: "Spent to date"}
	fy := b.Calendar.Label(b.FiscalYear(f))
	res.Table.Columns = []string{"Category", heading("Budgeted", "$", fy), heading("Spent to date", "$", fy)}
	totals := district.SumBudget(lines, func(l district.BudgetLine) string { return l.Category })
	for _, t := range totals {
		res.Chart.Categories = append(res.Chart.Categories, t.Key)
		budgeted.Values = append(budgeted.Values, charts.Value{V: t.Budgeted})
		actual.Values = append(actual.Values, charts.Value{V: t.Actual})
		res.Table.Rows = append(res.Table.Rows, []string{t.Key, money(t.Budgeted), money(t.Actual)})
	}
	if len(totals) > 0 {
		res.Chart.Series = []charts.Series{budgeted, actual}
	}
	return res, nil
}

// fundingSources charts the fiscal year's budget by funding source and says
// how much of it ends when its grant or bond ends.
func fundingSources(ctx context.Context, b *Board, f Filter) (Result, error) {
	fy, lines, res, err := b.budgetChart(ctx, f, charts.Donut)
	if err != nil {
		return Result{}, err
	}
	s := charts.Series{Name: "Budgeted"}
	res.Table.Columns = []string{"Funding source", heading("Budgeted", "$", b.Calendar.Label(fy)), heading("Spent to date", "$", b.Calendar.Label(fy))}
	for _, t := range district.SumBudget(lines, func(l district.BudgetLine) string { return l.FundingSource }) {
		res.Chart.Categories = append(res.Chart.Categories, t.Key)
		s.Values = append(s.Values, charts.Value{V: t.Budgeted})
		res.Table.Rows = append(res.Table.Rows, []string{t.Key, money(t.Budgeted), money(t.Actual)})
	}
	if len(s.Values) > 0 {
		res.Chart.Series = []charts.Series{s}
	}
	if cliff := district.Cliff(lines, fy); cliff.Amount > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("%s (%.0f%% of the budget) ends with %s",
			district.FormatMoney(cliff.Amount), cliff.Share*100, b.Calendar.Label(fy)))
	}
	return res, nil
}

// pupilYear is one fiscal year's technology spending per enrolled student.
type pupilYear struct {
	fy       int
	spent    float64
	students int
	perPupil float64
	// partial is true for a year still under way.
	partial bool
}

// perPupilYears divides each fiscal year's spending by the district's
// enrolment in the last month of that year with data.
func (b *Board) perPupilYears(ctx context.Context) ([]pupilYear, district.Provenance, error) {
	years, err := b.data.BudgetYears(ctx)
	if err != nil || len(years) == 0 {
		return nil, district.Provenance{}, err
	}
	lines, prov, err := b.data.Budget(ctx, years[0], years[len(years)-1])
	if err != nil {
		return nil, prov, err
	}
	var out []pupilYear
	for _, t := range district.SumBudget(lines, func(l district.BudgetLine) string { return strconv.Itoa(l.FiscalYear) }) {
		fy, _ := strconv.Atoi(t.Key)
		students, _, err := b.data.Recent(ctx, district.StudentsEnrolled, district.WholeDistrict, b.Calendar.End(fy), 1)
		if err != nil {
			return nil, prov, err
		}
		if len(students) == 0 {
			continue
		}
		v, ok := district.PerPupil(t.Actual, int(students[0].Value))
		if !ok {
			continue
		}
		out = append(out, pupilYear{fy: fy, spent: t.Actual, students: int(students[0].Value), perPupil: v, partial: b.Calendar.End(fy).After(b.Extent.To)})
	}
	return out, prov, nil
}

// perPupil charts technology spending per enrolled student, year by year.
func perPupil(ctx context.Context, b *Board, f Filter) (Result, error) {
	years, prov, err := b.perPupilYears(ctx)
	if err != nil {
		return Result{}, err
	}
	res := Result{Provenance: prov, Chart: charts.Chart{Kind: charts.Bars, Unit: district.USD, Highlight: -1, YLabel: "US dollars per enrolled student, per year"}}
	if len(years) == 0 {
		return res, nil
	}
	res.Scope = b.districtScope(f) + " · " + b.Calendar.Label(years[0].fy) + " – " + b.Calendar.Label(years[len(years)-1].fy)
	if f.School != district.WholeDistrict {
		res.Notes = []string{districtOnly}
	}
	s := charts.Series{Name: "Spent per pupil"}
	res.Table.Columns = []string{"Fiscal year", heading("Spent", "$"), "Students", heading("Spent per pupil", "$")}
	for _, y := range years {
		label := b.Calendar.Label(y.fy)
		if y.partial {
			label += " so far"
			res.Notes = append(res.Notes, b.Calendar.Label(y.fy)+" is the year so far")
		}
		res.Chart.Categories = append(res.Chart.Categories, label)
		s.Values = append(s.Values, charts.Value{V: y.perPupil})
		res.Table.Rows = append(res.Table.Rows, []string{b.Calendar.Label(y.fy), money(y.spent), strconv.Itoa(y.students), money(y.perPupil)})
		res.Through = b.through(y.fy)
	}
	res.Chart.Series = []charts.Series{s}
	return res, nil
}

// through is the newest month of a fiscal year with data.
func (b *Board) through(fy int) time.Time {
	end := b.Calendar.End(fy).AddDate(0, -1, 0)
	if last := b.Extent.Last(); last.Before(end) {
		return last
	}
	return end
}

// licenceSpend ranks edtech products by annual cost, with their use.
func licenceSpend(ctx context.Context, b *Board, f Filter) (Result, error) {
	products, prov, err := b.data.Products(ctx)
	if err != nil {
		return Result{}, err
	}
	res := Result{Provenance: prov, Chart: charts.Chart{Kind: charts.HBars, Unit: district.USD, Highlight: -1, XLabel: "US dollars a year, per contract"}}
	res.Scope = b.districtScope(f) + " · annual contract cost"
	if f.School != district.WholeDistrict {
		res.Notes = []string{"Licence costs are district-wide"}
	}
	use, err := b.data.UsageAt(ctx, district.WholeDistrict, b.Range(f).To)
	if err != nil {
		return res, err
	}
	shown := b.Suppression.Usage(nil)
	if len(use) > 0 {
		if shown, err = b.usage(ctx, "", district.WholeDistrict, months(use[0].Period)); err != nil {
			return res, err
		}
	}
	active := map[string]string{}
	for _, u := range use {
		c := shown.Cell(u)
		active[u.Product] = strconv.Itoa(c.ActiveUsers)
		if c.Hidden {
			active[u.Product] = c.Mark()
			res.count(district.Cell{Suppressed: true, Complementary: c.Complementary})
		}
		res.Through = u.Period
	}
	sort.SliceStable(products, func(i, j int) bool { return products[i].AnnualCost > products[j].AnnualCost })
	s := charts.Series{Name: "Annual cost"}
	res.Table.Columns = []string{"Product", heading("Annual cost", "$"), "Licences", heading("Active users", "", "whole district")}
	for _, p := range products {
		res.Chart.Categories = append(res.Chart.Categories, p.Name)
		s.Values = append(s.Values, charts.Value{V: p.AnnualCost})
		users, ok := active[p.ID]
		if !ok {
			users = "0"
		}
		res.Table.Rows = append(res.Table.Rows, []string{p.Name, money(p.AnnualCost), strconv.Itoa(p.Licences), users})
	}
	if len(s.Values) > 0 {
		res.Chart.Series = []charts.Series{s}
		res.Rest = capBars(&res.Chart)
	}
	return res, nil
}

// weeklyActive ranks teaching-and-learning products by the students
// active in an average week of the latest month, at the filter's school or
// district-wide. Operations products (single sign-on, web filtering) are
// used by everyone every day and would top any ranking of use; they are
// not instructional use, so they are left out, and the caption says so.
func weeklyActive(ctx context.Context, b *Board, f Filter) (Result, error) {
	products, prov, err := b.data.Products(ctx)
	if err != nil {
		return Result{}, err
	}
	names := map[string]string{}
	var operations []string
	for _, p := range products {
		if !p.Instructional() {
			operations = append(operations, district.LowerFirst(p.Category))
			continue
		}
		names[p.ID] = p.Name
	}
	use, err := b.data.UsageAt(ctx, f.School, b.Range(f).To)
	if err != nil {
		return Result{}, err
	}
	shown := b.Suppression.Usage(nil)
	if len(use) > 0 {
		if shown, err = b.usage(ctx, "", f.School, months(use[0].Period)); err != nil {
			return Result{}, err
		}
	}
	res := Result{Provenance: prov, Chart: charts.Chart{Kind: charts.HBars, Unit: district.Count, Highlight: -1, XLabel: "Students active in an average week"}}
	// Products whose use is hidden go last, marked.
	hidden := func(u district.ProductUsage) bool { return shown.Cell(u).Hidden }
	sort.SliceStable(use, func(i, j int) bool {
		if hidden(use[i]) != hidden(use[j]) {
			return hidden(use[j])
		}
		return use[i].WeeklyActive > use[j].WeeklyActive
	})
	s := charts.Series{Name: "Weekly active students"}
	res.Table.Columns = []string{"Product", heading("Weekly active students", "", b.scopeWords(f.School, f)), heading("Active users in the month", "", b.scopeWords(f.School, f))}
	for _, u := range use {
		if _, ok := names[u.Product]; !ok {
			continue
		}
		res.Chart.Categories = append(res.Chart.Categories, names[u.Product])
		res.Through = u.Period
		if c := shown.Cell(u); c.Hidden {
			s.Values = append(s.Values, charts.Value{Suppressed: true, Complementary: c.Complementary})
			res.Table.Rows = append(res.Table.Rows, []string{names[u.Product], c.Mark(), c.Mark()})
			res.count(district.Cell{Suppressed: true, Complementary: c.Complementary})
			continue
		}
		s.Values = append(s.Values, charts.Value{V: u.WeeklyActive})
		res.Table.Rows = append(res.Table.Rows, []string{names[u.Product], strconv.FormatFloat(u.WeeklyActive, 'f', 0, 64), strconv.Itoa(u.ActiveUsers)})
	}
	if len(s.Values) > 0 {
		res.Chart.Series = []charts.Series{s}
	}
	res.Scope = b.monthScope(b.School(f.School), res.Through, f)
	if len(operations) > 0 {
		n := len(operations)
		slices.Sort(operations)
		operations = slices.Compact(operations)
		list := strings.Join(operations, ", ")
		if k := len(operations); k > 1 {
			list = strings.Join(operations[:k-1], ", ") + " and " + operations[k-1]
		}
		res.Notes = append(res.Notes, fmt.Sprintf("Teaching-and-learning products only; left out: %s for %s", district.Counted(float64(n), "products"), list))
	}
	return res, nil
}

func money(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }
