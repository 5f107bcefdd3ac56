package panel

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/cabinetapp/cabinet/charts"
	"github.com/cabinetapp/cabinet/district"
)

// ProductRow is one edtech product as the Value tab's table shows it.
type ProductRow struct {
	district.Product
	// ActiveUsers and WeeklyActive are the latest month's use, at the
	// filter's school or district-wide. UseHidden is true, and both are
	// zero, when the suppression step hid them; UseMark is then its mark.
	ActiveUsers  int
	WeeklyActive float64
	UseHidden    bool
	UseMark      string
	// Trend is the monthly active users of up to the last twelve months,
	// oldest first; NaN marks a month whose count is suppressed.
	Trend []float64
	// DistrictUsers is the latest month's active users district-wide,
	// beside a school's own ActiveUsers; DistrictUseHidden as UseHidden.
	DistrictUsers     int
	DistrictUseHidden bool
	DistrictUseMark   string
	// Utilisation and CostPerUser are district-wide: licences and costs are
	// not split by school. Their ok flags are false where they are undefined.
	Utilisation   float64
	UtilisationOK bool
	CostPerUser   float64
	CostPerUserOK bool
	// RenewalDays counts the days to the renewal date; HasRenewal is false
	// when none is on file.
	RenewalDays int
	HasRenewal  bool
	Verdict     string
}

// ProductTable is the Value tab's table for a filter.
type ProductTable struct {
	Rows       []ProductRow
	Through    time.Time
	Provenance district.Provenance
	// Categories lists every product category, for the category filter.
	Categories []string
}

// now is the day renewals are counted from.
func (b *Board) now() time.Time {
	if b.Now != nil {
		return b.Now()
	}
	return time.Now()
}

// Products builds the product table: every product, with its use at the
// filter's school or district-wide in the filter's last month, its use over
// the twelve months before, and the district's utilisation, cost per active
// user, renewal and verdict. Counts of users too small to show are
// suppressed, and so are the figures that would give them away.
func (b *Board) Products(ctx context.Context, f Filter) (ProductTable, error) {
	products, prov, err := b.data.Products(ctx)
	if err != nil {
		return ProductTable{}, err
	}
	to := b.Range(f).To
	year := district.Range{From: to.AddDate(-1, 0, 0), To: to}
	shown, err := b.usage(ctx, "", f.School, year)
	if err != nil {
		return ProductTable{}, err
	}
	districtUse, err := b.data.UsageRange(ctx, district.WholeDistrict, year)
	if err != nil {
		return ProductTable{}, err
	}
	use := districtUse
	if f.School != district.WholeDistrict {
		if use, err = b.data.UsageRange(ctx, f.School, year); err != nil {
			return ProductTable{}, err
		}
	}
	latestDistrict, through := latestByProduct(districtUse)
	latest, _ := latestByProduct(use)
	trends := map[string][]float64{}
	for _, u := range use {
		c := shown.Cell(u)
		v := float64(c.ActiveUsers)
		if c.Hidden {
			v = math.NaN()
		}
		trends[u.Product] = append(trends[u.Product], v)
	}
	t := ProductTable{Through: through, Provenance: prov}
	seen := map[string]bool{}
	now := b.now()
	for _, p := range products {
		if !seen[p.Category] {
			seen[p.Category] = true
			t.Categories = append(t.Categories, p.Category)
		}
		r := ProductRow{Product: p, Trend: trends[p.ID]}
		here := shown.Cell(latest[p.ID])
		r.ActiveUsers, r.WeeklyActive, r.UseHidden, r.UseMark = here.ActiveUsers, here.WeeklyActive, here.Hidden, here.Mark()
		whole := shown.Cell(latestDistrict[p.ID])
		r.DistrictUsers, r.DistrictUseHidden, r.DistrictUseMark = whole.ActiveUsers, whole.Hidden, whole.Mark()
		if !whole.Hidden {
			r.Utilisation, r.UtilisationOK = district.Utilisation(whole.ActiveUsers, p.Licences)
			r.CostPerUser, r.CostPerUserOK = district.CostPerActiveUser(p.AnnualCost, whole.ActiveUsers)
		}
		if !p.RenewalDate.IsZero() {
			r.RenewalDays, r.HasRenewal = district.DaysUntil(now, p.RenewalDate), true
		}
		r.Verdict = district.Verdict(p, whole, b.Suppression, now)
		t.Rows = append(t.Rows, r)
	}
	sort.Strings(t.Categories)
	return t, nil
}

// sessionRule states how a year's cost is counted by the month.
func sessionRule() string {
	return fmt.Sprintf("Summer (%s) is left out: a year's cost is spread over the %d months school is in session", district.SummerMonths(), district.MonthsInSession())
}

// latestByProduct picks each product's newest month of use in session:
// in summer nearly nobody uses anything, and that says nothing of a
// product's worth. A product used only in summer keeps its newest month.
func latestByProduct(use []district.ProductUsage) (map[string]district.ProductUsage, time.Time) {
	out := map[string]district.ProductUsage{}
	var newest time.Time
	for _, u := range use {
		cur, ok := out[u.Product]
		uIn, curIn := district.InSession(u.Period), district.InSession(cur.Period)
		if !ok || uIn && !curIn || uIn == curIn && u.Period.After(cur.Period) {
			out[u.Product] = u
		}
	}
	for _, u := range out {
		if u.Period.After(newest) {
			newest = u.Period
		}
	}
	return out, newest
}

// Renewals lists the products of a table whose contracts renew within the
// window, soonest first.
func (b *Board) Renewals(t ProductTable, within time.Duration) []ProductRow {
	var out []ProductRow
	now := b.now()
	for _, r := range t.Rows {
		if _, ok := district.RenewsWithin(r.Product, now, within); ok {
			out = append(out, r)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].RenewalDays < out[j].RenewalDays })
	return out
}

// product finds the filter's product, or the default a product chart
// shows: the costliest that suits it.
func (b *Board) product(ctx context.Context, f Filter, suits func(district.Product) bool) (district.Product, district.Provenance, error) {
	products, prov, err := b.data.Products(ctx)
	if err != nil {
		return district.Product{}, prov, err
	}
	var best district.Product
	for _, p := range products {
		if p.ID == f.Product && suits(p) {
			return p, prov, nil
		}
		if suits(p) && p.AnnualCost > best.AnnualCost {
			best = p
		}
	}
	return best, prov, nil
}

// licenceUse charts each school month's licence spending, split between
// licences in use and licences nobody used that month. A year's cost is
// spread over the months school is in session; summer months, when
// licences lie idle by design, are left out.
func licenceUse(ctx context.Context, b *Board, f Filter) (Result, error) {
	products, prov, err := b.data.Products(ctx)
	if err != nil {
		return Result{}, err
	}
	rng := b.Range(f)
	if rng.To.Sub(rng.From) > 366*24*time.Hour {
		rng.From = rng.To.AddDate(-1, 0, 0)
	}
	use, err := b.data.UsageRange(ctx, district.WholeDistrict, rng)
	if err != nil {
		return Result{}, err
	}
	res := Result{Provenance: prov, Scope: b.districtScope(f) + " · " + rng.From.Format("Jan 2006") + " – " + rng.Last().Format("Jan 2006"),
		Chart: charts.Chart{Kind: charts.StackedBars, Unit: district.USD, Highlight: -1, YLabel: "US dollars a month"}}
	if f.School != district.WholeDistrict {
		res.Notes = append(res.Notes, "Licence costs are district-wide")
	}
	shown, err := b.usage(ctx, "", district.WholeDistrict, rng)
	if err != nil {
		return Result{}, err
	}
	byMonth := map[time.Time]map[string]district.UsageCell{}
	for _, u := range use {
		if byMonth[u.Period] == nil {
			byMonth[u.Period] = map[string]district.UsageCell{}
		}
		byMonth[u.Period][u.Product] = shown.Cell(u)
	}
	used := charts.Series{Name: "Licences in use"}
	unused := charts.Series{Name: "Licences unused"}
	// A product with too few users to show is not split: the split would
	// give its users away.
	hidden := charts.Series{Name: "Use hidden: too few users"}
	res.Table.Columns = []string{"Month", heading("Spent on licences in use", "$"), heading("Spent on unused licences", "$"), heading("Spent where use is hidden", "$")}
	var totalUnused, total, totalHidden float64
	for t := rng.From; t.Before(rng.To); t = t.AddDate(0, 1, 0) {
		users, ok := byMonth[t]
		if !ok || !district.InSession(t) {
			continue
		}
		var month district.LicenceSpend
		var secret float64
		for _, p := range products {
			if !p.ContractStart.IsZero() && district.Month(p.ContractStart).After(t) {
				continue
			}
			cost, _ := district.SessionMonthCost(p.AnnualCost, t)
			if users[p.ID].Hidden {
				secret += cost
				continue
			}
			s := district.SplitSpend(cost, users[p.ID].ActiveUsers, p.Licences)
			month.Used += s.Used
			month.Unused += s.Unused
		}
		res.Chart.Categories = append(res.Chart.Categories, t.Format("Jan 06"))
		used.Values = append(used.Values, charts.Value{V: month.Used})
		unused.Values = append(unused.Values, charts.Value{V: month.Unused})
		hidden.Values = append(hidden.Values, charts.Value{V: secret})
		res.Table.Rows = append(res.Table.Rows, []string{t.Format("2006-01"), money(month.Used), money(month.Unused), money(secret)})
		totalUnused += month.Unused
		total += month.Used + month.Unused + secret
		totalHidden += secret
		res.Through = t
	}
	if len(used.Values) > 0 {
		res.Chart.Series = []charts.Series{used, unused}
		if totalHidden > 0 {
			res.Chart.Series = append(res.Chart.Series, hidden)
		}
	}
	if total > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("%s (%.0f%%) paid for licences nobody used that month",
			district.FormatMoney(totalUnused), totalUnused/total*100))
	}
	res.Notes = append(res.Notes, sessionRule())
	return res, nil
}

// costPerUser charts what each active user of one product costs, per
// year, month by month: the year's cost over the month's active users,
// the figure the Value table and the ranking give for the latest month.
// Summer months are shaded and left out; months without users are gaps,
// the cost per user then being undefined.
func costPerUser(ctx context.Context, b *Board, f Filter) (Result, error) {
	p, prov, err := b.product(ctx, f, func(district.Product) bool { return true })
	if err != nil || p.ID == "" {
		return Result{Provenance: prov, Chart: charts.Chart{Kind: charts.Line, Highlight: -1}}, err
	}
	rng := b.Range(f)
	use, err := b.data.Usage(ctx, p.ID, district.WholeDistrict, rng)
	if err != nil {
		return Result{}, err
	}
	res := Result{Provenance: prov, Scope: p.Name + " · " + strings.ToLower(b.districtScope(f)) + " · " + rng.From.Format("Jan 2006") + " – " + rng.Last().Format("Jan 2006"),
		Chart: charts.Chart{Kind: charts.Line, Unit: district.USD, Highlight: -1, YLabel: "US dollars per active user, per year"}}
	shown, err := b.usage(ctx, p.ID, district.WholeDistrict, rng)
	if err != nil {
		return Result{}, err
	}
	markSummer(&res, rng)
	s := charts.Series{Name: CostPerUserName}
	res.Table.Columns = []string{"Month", heading("Active users", "", "whole district"), heading(CostPerUserName, "$")}
	undefined := 0
	for _, u := range use {
		res.Through = u.Period
		c := shown.Cell(u)
		switch {
		case c.Hidden:
			s.Points = append(s.Points, charts.Point{T: u.Period, Gap: true})
			res.Table.Rows = append(res.Table.Rows, []string{u.Period.Format("2006-01"), c.Mark(), c.Mark()})
			res.count(district.Cell{Suppressed: true, Complementary: c.Complementary})
			continue
		case !district.InSession(u.Period):
			s.Points = append(s.Points, charts.Point{T: u.Period, Gap: true})
			res.Table.Rows = append(res.Table.Rows, []string{u.Period.Format("2006-01"), strconv.Itoa(u.ActiveUsers), "summer"})
			continue
		}
		cost, ok := district.CostPerActiveUser(p.AnnualCost, u.ActiveUsers)
		s.Points = append(s.Points, charts.Point{T: u.Period, Y: cost, Gap: !ok})
		text := money(cost)
		if !ok {
			text, undefined = "", undefined+1
		}
		res.Table.Rows = append(res.Table.Rows, []string{u.Period.Format("2006-01"), strconv.Itoa(u.ActiveUsers), text})
	}
	if len(s.Points) > 0 {
		res.Chart.Series = []charts.Series{s}
	}
	if undefined > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("%s with no active users: cost per user undefined", district.Counted(float64(undefined), "months")))
	}
	res.Notes = append(res.Notes, "The year's cost over the month's active users; "+district.SummerRule())
	return res, nil
}

// CostPerUserName names the cost per active user wherever it is shown:
// the year's cost over the month's active users.
const CostPerUserName = "Cost per active user, per year"

// useAgainstGrowth plots, for one product, each school's weekly use (as a
// share of its students) against growth in the product's subject. Schools
// whose growth rests on too few students are left out and counted.
func useAgainstGrowth(ctx context.Context, b *Board, f Filter) (Result, error) {
	p, prov, err := b.product(ctx, f, func(p district.Product) bool { return growthMetric(p.Subject) != "" })
	if err != nil || p.ID == "" {
		return Result{Provenance: prov, Chart: charts.Chart{Kind: charts.Scatter, Highlight: -1, Empty: "No product is tied to a tested subject"}}, err
	}
	metric := growthMetric(p.Subject)
	m, err := b.Metric(ctx, metric)
	if err != nil {
		return Result{}, err
	}
	growth, _, err := b.data.Schoolwide(ctx, metric, b.Range(f).To)
	if err != nil || len(growth) == 0 {
		return Result{Provenance: prov, Chart: charts.Chart{Kind: charts.Scatter, Highlight: -1}}, err
	}
	// Use in the month growth was measured, so the two describe the same time.
	use, err := b.data.UsageBySchool(ctx, p.ID, growth[0].Period.AddDate(0, 1, 0))
	if err != nil {
		return Result{}, err
	}
	grown := b.Suppression.Cells(m, nil)
	used := b.Suppression.Usage(nil)
	if len(use) > 0 {
		if grown, err = b.Cells(ctx, m, EverySchool, months(growth[0].Period)); err != nil {
			return Result{}, err
		}
		if used, err = b.usage(ctx, p.ID, EverySchool, months(use[0].Period)); err != nil {
			return Result{}, err
		}
	}
	enrolment := map[string]int{}
	for _, s := range b.Schools {
		enrolment[s.ID] = s.Enrolment
	}
	growthBy := map[string]district.Observation{}
	for _, g := range growth {
		growthBy[g.School] = g
	}
	res := Result{Provenance: prov, Chart: charts.Chart{Kind: charts.Scatter, Unit: district.Percentile, XUnit: district.Percent,
		XLabel: "Students active weekly in " + p.Name, YLabel: m.Name + " (median growth percentile)", Highlight: -1}}
	s := charts.Series{Name: p.Name}
	res.Table.Columns = []string{"School", "Students active weekly (%)", heading(m.Name, m.UnitName()), m.CountHeading()}
	for _, u := range use {
		g, ok := growthBy[u.School]
		if !ok || enrolment[u.School] == 0 {
			continue
		}
		cell, uc := grown.Cell(g), used.Cell(u)
		if cell.Suppressed || uc.Hidden {
			res.count(cell)
			if !cell.Suppressed {
				res.count(district.Cell{Suppressed: true, Complementary: uc.Complementary})
			}
			continue
		}
		share := 100 * uc.WeeklyActive / float64(enrolment[u.School])
		if u.School == f.School {
			res.Chart.Highlight = len(s.Points)
		}
		s.Points = append(s.Points, charts.Point{X: share, Y: cell.Value, Text: b.School(u.School)})
		res.Table.Rows = append(res.Table.Rows, []string{b.School(u.School), strconv.FormatFloat(share, 'f', 1, 64), cellText(cell), nText(cell)})
		res.Through = g.Period
	}
	if len(s.Points) > 0 {
		res.Chart.Series = []charts.Series{s}
	}
	res.Scope = fmt.Sprintf("%s · %s · use in %s, growth to %s", p.Name, district.Counted(float64(len(s.Points)), "schools"), monthOf(use), res.Through.Format("Jan 2006"))
	res.Notes = append(res.Notes, "Correlation across schools, not proof that the product caused the growth")
	return res, nil
}

func monthOf(use []district.ProductUsage) string {
	if len(use) == 0 {
		return "no month"
	}
	return use[0].Period.Format("Jan 2006")
}

// growthMetric is the growth measure of a product's subject, or "" for
// products not tied to a tested subject.
func growthMetric(subject string) string {
	switch subject {
	case "ELA":
		return district.ELAGrowth
	case "Math":
		return district.MathGrowth
	}
	return ""
}

// costPerUserRanking ranks products by what each active user costs.
// Products with no active users have no such cost and are listed last.
func costPerUserRanking(ctx context.Context, b *Board, f Filter) (Result, error) {
	t, err := b.Products(ctx, Filter{Period: f.Period})
	if err != nil {
		return Result{}, err
	}
	rows := t.Rows
	sort.SliceStable(rows, func(i, j int) bool {
		if rows[i].CostPerUserOK != rows[j].CostPerUserOK {
			return rows[i].CostPerUserOK
		}
		return rows[i].CostPerUser > rows[j].CostPerUser
	})
	res := Result{Provenance: t.Provenance, Through: t.Through, Scope: b.monthScope(b.districtScope(f), t.Through, f),
		Chart: charts.Chart{Kind: charts.HBars, Unit: district.USD, Highlight: -1, XLabel: "US dollars per active user, per year"}}
	s := charts.Series{Name: CostPerUserName}
	res.Table.Columns = []string{"Product", heading("Annual cost", "$"), heading("Active users", "", "whole district"), heading(CostPerUserName, "$")}
	for _, r := range rows {
		cost := ""
		users := strconv.Itoa(r.ActiveUsers)
		if r.UseHidden {
			users = r.UseMark
		}
		if r.CostPerUserOK {
			cost = money(r.CostPerUser)
			res.Chart.Categories = append(res.Chart.Categories, r.Name)
			s.Values = append(s.Values, charts.Value{V: r.CostPerUser})
		}
		res.Table.Rows = append(res.Table.Rows, []string{r.Name, money(r.AnnualCost), users, cost})
	}
	ranked := len(s.Values)
	if ranked > 0 {
		res.Chart.Series = []charts.Series{s}
		res.Rest = capBars(&res.Chart)
	}
	if missing := len(rows) - ranked; missing > 0 {
		note := district.Counted(float64(missing), "products") + " with no active users are not ranked"
		if missing == 1 {
			note = "1 product with no active users is not ranked"
		}
		res.Notes = append(res.Notes, note)
	}
	return res, nil
}

// renewals charts the contracts that renew within district.RenewalSoon,
// soonest first: each product's annual cost, named with the days left and
// the share of its licences in use, so the cabinet sees the decisions
// coming and what each one buys. The table has every contract.
func renewals(ctx context.Context, b *Board, f Filter) (Result, error) {
	t, err := b.Products(ctx, Filter{Period: f.Period})
	if err != nil {
		return Result{}, err
	}
	res := Result{Provenance: t.Provenance, Through: t.Through, Scope: b.monthScope(b.districtScope(f), t.Through, f),
		Chart: charts.Chart{Kind: charts.HBars, Unit: district.USD, Highlight: -1, XLabel: "US dollars a year", Empty: "No contract renews in the next 90 days"}}
	s := charts.Series{Name: "Annual cost"}
	res.Table.Columns = []string{"Product", "Renews in (days)", heading("Annual cost", "$"), "Licences in use (%)"}
	for _, r := range b.Renewals(t, district.RenewalSoon) {
		// Short enough for a slide's name column: "MindWell SEL · 33 days · 47% used".
		use, label := "", fmt.Sprintf("%s · %s · use unknown", r.Name, district.Counted(float64(r.RenewalDays), "days"))
		if r.UtilisationOK {
			use = fmt.Sprintf("%.0f%%", 100*r.Utilisation)
			label = fmt.Sprintf("%s · %s · %s used", r.Name, district.Counted(float64(r.RenewalDays), "days"), use)
		}
		res.Chart.Categories = append(res.Chart.Categories, label)
		s.Values = append(s.Values, charts.Value{V: r.AnnualCost})
		res.Table.Rows = append(res.Table.Rows, []string{r.Name, strconv.Itoa(r.RenewalDays), money(r.AnnualCost), use})
	}
	if len(s.Values) > 0 {
		res.Chart.Series = []charts.Series{s}
		res.Rest = capBars(&res.Chart)
	}
	return res, nil
}
