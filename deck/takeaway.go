package deck

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/cabinetapp/cabinet/charts"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/panel"
)

// A writer writes the takeaway of a chart whose meaning the generic
// sentences below would miss: running totals, budgets, shares of spend.
type writer func(ctx context.Context, b *panel.Board, v *View) (string, error)

var writers = map[string]writer{
	"spending.to_date":            spendTakeaway,
	"spending.by_category":        categoryTakeaway,
	"spending.by_funding":         fundingTakeaway,
	"spending.per_pupil":          perPupilTakeaway,
	"value.licence_use":           licenceUseTakeaway,
	"value.cost_per_user_ranking": costPerUserTakeaway,
}

// noData is the takeaway of a chart with nothing to show.
const noData = "There is no data for this chart in this period yet."

// takeaway writes one sentence about what a slide shows, from its numbers.
func takeaway(ctx context.Context, b *panel.Board, v *View) (string, error) {
	if v.Slide.Kind == district.TilesSlide {
		return tilesTakeaway(v.Tiles), nil
	}
	r := v.Result
	if !hasData(r.Chart) {
		return noData, nil
	}
	if w, ok := writers[r.Panel.ID]; ok {
		return w(ctx, b, v)
	}
	switch {
	case r.Panel.Metric != "" && r.Chart.Kind == charts.HBars:
		return rankingTakeaway(ctx, b, v)
	case r.Panel.Metric != "":
		return metricTakeaway(ctx, b, v)
	case r.Chart.Kind == charts.Bars || r.Chart.Kind == charts.HBars:
		return barsTakeaway(r), nil
	case r.Chart.Kind == charts.Line:
		return lineTakeaway(r), nil
	case r.Chart.Kind == charts.Scatter:
		return scatterTakeaway(r), nil
	}
	return r.Panel.About, nil
}

func hasData(c charts.Chart) bool {
	for _, s := range c.Series {
		if len(s.Points) > 0 || len(s.Values) > 0 {
			return true
		}
	}
	return false
}

// month writes a month in full, as a sentence reads it.
const month = "January 2006"

// metricTakeaway says a metric's latest value, how it compares with the
// same month a year before (or, without one, the value before it), and
// where it stands against its target: "Open help-desk tickets stood at 143
// in November 2026, 18% below November 2025."
func metricTakeaway(ctx context.Context, b *panel.Board, v *View) (string, error) {
	r, f := v.Result, Filter(v.Slide)
	m, err := b.Cache().Metric(ctx, r.Panel.Metric)
	if err != nil {
		return "", err
	}
	school := f.School
	if m.Aggregation == district.DistrictOnly {
		school = district.WholeDistrict
	}
	recent, _, err := b.Cache().Recent(ctx, m.ID, school, b.Range(f).To, 13)
	if err != nil {
		return "", err
	}
	if len(recent) == 0 {
		return noData, nil
	}
	subject := m.Name
	if len(r.Chart.Series) == 1 {
		// A one-line chart's title names its measure best: "Devices broken
		// or in repair", where the metric is "Broken or in repair".
		subject = r.Panel.Title
	}
	if school != district.WholeDistrict {
		subject += " at " + b.School(school)
	}
	shown, err := b.Cells(ctx, m, school, district.Range{From: recent[len(recent)-1].Period, To: recent[0].Period.AddDate(0, 1, 0)})
	if err != nil {
		return "", err
	}
	cur := shown.Cell(recent[0])
	when := recent[0].Period.Format(month)
	if cur.Suppressed {
		return fmt.Sprintf("%s for %s is hidden to protect students' privacy: too few students stand behind it.", subject, when), nil
	}
	s := fmt.Sprintf("%s stood at %s in %s", subject, valueText(m, subject, cur.Value), when)
	if ref, ok := reference(recent); ok {
		if prev := shown.Cell(ref); !prev.Suppressed {
			s += ", " + change(m, cur.Value, prev.Value, ref.Period.Format(month))
		}
	}
	if t := targetClause(m, cur.Value); t != "" {
		s += ", " + t
	}
	return s + ".", nil
}

// reference picks what the newest of recent (newest first) is compared
// with: the same month a year before, since most school measures follow
// the school year (tickets peak in September, attendance dips in winter),
// or the value before it when there is no such month.
func reference(recent []district.Observation) (district.Observation, bool) {
	if len(recent) < 2 {
		return district.Observation{}, false
	}
	yearAgo := recent[0].Period.AddDate(-1, 0, 0)
	for _, o := range recent[1:] {
		if o.Period.Equal(yearAgo) {
			return o, true
		}
	}
	return recent[1], true
}

// valueText formats a value, leaving out the noun when the subject already
// says it: "Open help-desk tickets stood at 143", not "143 tickets".
func valueText(m district.Metric, subject string, v float64) string {
	if m.Noun != "" && strings.Contains(strings.ToLower(subject), m.Noun) {
		return district.FormatUnit(m.Unit, v)
	}
	return m.Format(v)
}

// smallCount is the count below which a change is said in units: from 2
// incidents to none is "2 incidents below", not "100% below".
const smallCount = 20

// change says how cur differs from prev, measured at since: percentages
// in points, small counts in units, other counts and money in per cent.
func change(m district.Metric, cur, prev float64, since string) string {
	if m.TrendOf(cur, prev, time.Time{}).Direction == district.Flat {
		return "unchanged from " + since
	}
	dir := "above"
	if cur < prev {
		dir = "below"
	}
	d := math.Abs(cur - prev)
	var amount string
	switch {
	case m.Unit == district.Percent:
		amount = m.FormatDelta(d)
	case m.Unit == district.Percentile:
		amount = district.FormatUnit(m.Unit, d) + " points"
	case m.Unit == district.Count && math.Abs(prev) < smallCount:
		amount = m.Format(d)
	case prev != 0 && d/math.Abs(prev) >= 0.005:
		amount = fmt.Sprintf("%.0f%%", 100*d/math.Abs(prev))
	default:
		amount = m.Format(d)
	}
	return amount + " " + dir + " " + since
}

// targetClause says where v stands against the metric's target, or ""
// for a metric without one.
func targetClause(m district.Metric, v float64) string {
	goal := strings.TrimPrefix(m.TargetText(), "Target ")
	switch m.StatusOf(v) {
	case district.OnTarget:
		return "meeting its target of " + goal
	case district.NearTarget:
		return "just short of its target of " + goal
	case district.OffTarget:
		return "missing its target of " + goal
	}
	return ""
}

// rankingTakeaway sums up a ranking of schools: how many meet the target
// and who is furthest from it, or where the slide's school stands.
func rankingTakeaway(ctx context.Context, b *panel.Board, v *View) (string, error) {
	r := v.Result
	m, err := b.Cache().Metric(ctx, r.Panel.Metric)
	if err != nil {
		return "", err
	}
	var shown []int // indices of the categories with a value, best first
	for i, val := range r.Chart.Series[0].Values {
		if !val.Suppressed && i < len(r.Chart.Categories) {
			shown = append(shown, i)
		}
	}
	if len(shown) == 0 {
		return fmt.Sprintf("Every school's %s is hidden to protect students' privacy.", lowerFirst(m.Name)), nil
	}
	value := func(i int) string { return m.Format(r.Chart.Series[0].Values[i].V) }
	when := r.Through.Format(month)
	if h := r.Chart.Highlight; h >= 0 {
		for rank, i := range shown {
			if i == h {
				return fmt.Sprintf("%s ranks %s of %d schools on %s in %s, at %s.", r.Chart.Categories[i], ordinal(rank+1), len(shown), lowerFirst(m.Name), when, value(i)), nil
			}
		}
	}
	best, worst := shown[0], shown[len(shown)-1]
	if !m.HasTarget || m.Polarity == district.Neutral {
		return fmt.Sprintf("%s leads on %s in %s at %s; %s is lowest at %s.", r.Chart.Categories[best], lowerFirst(m.Name), when, value(best), r.Chart.Categories[worst], value(worst)), nil
	}
	meeting := 0
	for _, i := range shown {
		if m.StatusOf(r.Chart.Series[0].Values[i].V) == district.OnTarget {
			meeting++
		}
	}
	goal := strings.TrimPrefix(m.TargetText(), "Target ")
	if meeting == len(shown) {
		return fmt.Sprintf("All %d schools met the %s target of %s in %s.", len(shown), lowerFirst(m.Name), goal, when), nil
	}
	return fmt.Sprintf("%d of %d schools met the %s target of %s in %s; %s is furthest from it, at %s.",
		meeting, len(shown), lowerFirst(m.Name), goal, when, r.Chart.Categories[worst], value(worst)), nil
}

// tilesTakeaway counts the tiles on target and names those off it.
func tilesTakeaway(tiles []panel.Tile) string {
	var rated int
	var off []string
	for _, t := range tiles {
		if t.Status == district.NoTarget {
			continue
		}
		rated++
		if t.Status == district.OffTarget {
			off = append(off, fmt.Sprintf("%s (%s)", lowerFirst(t.Title), t.Value))
		}
	}
	switch {
	case rated == 0:
		return "None of these measures has a target to be judged against."
	case len(off) == 0:
		return fmt.Sprintf("All %d measures with a target are on it or near it.", rated)
	}
	const named = 3
	list := off
	if len(off) > named {
		list = append(off[:named:named], fmt.Sprintf("%d more", len(off)-named))
	}
	return fmt.Sprintf("%d of %d measures with a target are on or near it; off target: %s.", rated-len(off), rated, joinAnd(list))
}

// spendTakeaway compares the fiscal year's spending with its plan so far;
// the chart's own note gives the forecast for the year.
func spendTakeaway(ctx context.Context, b *panel.Board, v *View) (string, error) {
	fy := b.Calendar.Year(v.Result.Through)
	s, err := b.Spend(ctx, fy)
	if err != nil {
		return "", err
	}
	label := b.Calendar.Label(fy)
	if s.MonthsElapsed == 0 {
		return fmt.Sprintf("No spending is booked in %s yet.", label), nil
	}
	out := fmt.Sprintf("By %s the district had spent %s of its %s technology budget", s.Through.Format(month), district.FormatMoney(s.ActualToDate), label)
	if s.PlanToDate > 0 {
		off := s.ActualToDate/s.PlanToDate - 1
		switch {
		case math.Abs(off) < 0.005:
			out += ", as planned"
		case off < 0:
			out += fmt.Sprintf(", %.0f%% below the %s planned by then", -100*off, district.FormatMoney(s.PlanToDate))
		default:
			out += fmt.Sprintf(", %.0f%% above the %s planned by then", 100*off, district.FormatMoney(s.PlanToDate))
		}
	}
	return out + ".", nil
}

// categoryTakeaway says how much of the year's budget is spent and which
// category has used the largest share of its own.
func categoryTakeaway(_ context.Context, b *panel.Board, v *View) (string, error) {
	r := v.Result
	if len(r.Chart.Series) < 2 {
		return noData, nil
	}
	budgeted, spent := r.Chart.Series[0].Values, r.Chart.Series[1].Values
	var total, used, top float64
	leader := ""
	for i := range min(len(budgeted), len(spent), len(r.Chart.Categories)) {
		total += budgeted[i].V
		used += spent[i].V
		if budgeted[i].V > 0 && spent[i].V/budgeted[i].V > top {
			top, leader = spent[i].V/budgeted[i].V, r.Chart.Categories[i]
		}
	}
	if total <= 0 {
		return noData, nil
	}
	out := fmt.Sprintf("%s of the %s %s budget is spent (%.0f%%)", district.FormatMoney(used), district.FormatMoney(total), b.Calendar.Label(b.Calendar.Year(r.Through)), 100*used/total)
	if leader != "" {
		out += fmt.Sprintf("; %s has used the most of its budget, %.0f%%", lowerFirst(leader), 100*top)
	}
	return out + ".", nil
}

// fundingTakeaway names the largest funding source and the money that
// ends with the year: the cliff next year's budget must cover.
func fundingTakeaway(ctx context.Context, b *panel.Board, v *View) (string, error) {
	r := v.Result
	fy := b.Calendar.Year(r.Through)
	var total float64
	largest := -1
	for i, val := range r.Chart.Series[0].Values {
		total += val.V
		if i < len(r.Chart.Categories) && (largest < 0 || val.V > r.Chart.Series[0].Values[largest].V) {
			largest = i
		}
	}
	if total <= 0 || largest < 0 {
		return noData, nil
	}
	label := b.Calendar.Label(fy)
	out := fmt.Sprintf("%s provides %.0f%% of the %s technology budget of %s", r.Chart.Categories[largest],
		100*r.Chart.Series[0].Values[largest].V/total, label, district.FormatMoney(total))
	lines, _, err := b.Cache().Budget(ctx, fy, fy)
	if err != nil {
		return "", err
	}
	if cliff := district.Cliff(lines, fy); cliff.Amount > 0 {
		out += fmt.Sprintf("; %s of it (%.0f%%) ends with %s", district.FormatMoney(cliff.Amount), 100*cliff.Share, label)
	} else {
		out += "; none of it ends with the year"
	}
	return out + ".", nil
}

// perPupilTakeaway reads the Overview's tile, which compares the last
// whole fiscal year with the one before: the year under way has only a
// few months of spending.
func perPupilTakeaway(ctx context.Context, b *panel.Board, v *View) (string, error) {
	tiles, err := b.Tiles(ctx, Filter(v.Slide))
	if err != nil {
		return "", err
	}
	for _, t := range tiles {
		if t.Panel == v.Result.Panel.ID && t.Trend != "" {
			return fmt.Sprintf("%s was %s %s.", t.Title, t.Value, t.Trend), nil
		}
	}
	return barsTakeaway(v.Result), nil
}

// licenceUseTakeaway says how much licence spending paid for licences
// nobody used.
func licenceUseTakeaway(_ context.Context, _ *panel.Board, v *View) (string, error) {
	r := v.Result
	if len(r.Chart.Series) < 2 {
		return noData, nil
	}
	var used, unused float64
	for _, val := range r.Chart.Series[0].Values {
		used += val.V
	}
	for _, val := range r.Chart.Series[1].Values {
		unused += val.V
	}
	if used+unused <= 0 {
		return noData, nil
	}
	return fmt.Sprintf("%s of the %s spent on licences over these %d months (%.0f%%) paid for licences nobody used.",
		district.FormatMoney(unused), district.FormatMoney(used+unused), len(r.Chart.Series[0].Values), 100*unused/(used+unused)), nil
}

// costPerUserTakeaway names the products that cost most and least for
// each active user.
func costPerUserTakeaway(_ context.Context, _ *panel.Board, v *View) (string, error) {
	r := v.Result
	vals := r.Chart.Series[0].Values
	n := min(len(vals), len(r.Chart.Categories))
	if n == 0 {
		return noData, nil
	}
	out := fmt.Sprintf("%s costs the most for each active user, %s a year", r.Chart.Categories[0], district.FormatMoney(vals[0].V))
	if n > 1 {
		out += fmt.Sprintf("; %s the least, %s", r.Chart.Categories[n-1], district.FormatMoney(vals[n-1].V))
	}
	return out + ".", nil
}

// barsTakeaway names the largest and smallest bars of the first series.
func barsTakeaway(r panel.Result) string {
	vals := r.Chart.Series[0].Values
	hi, lo := -1, -1
	for i, v := range vals {
		if v.Suppressed || i >= len(r.Chart.Categories) || !finite(v.V) {
			continue
		}
		if hi < 0 || v.V > vals[hi].V {
			hi = i
		}
		if lo < 0 || v.V < vals[lo].V {
			lo = i
		}
	}
	if hi < 0 {
		return noData
	}
	name := lowerFirst(r.Chart.Series[0].Name)
	if hi == lo {
		return fmt.Sprintf("%s: %s %s.", r.Chart.Categories[hi], district.FormatUnit(r.Chart.Unit, vals[hi].V), name)
	}
	return fmt.Sprintf("%s is highest on %s at %s; %s is lowest at %s.", r.Chart.Categories[hi], name,
		district.FormatUnit(r.Chart.Unit, vals[hi].V), r.Chart.Categories[lo], district.FormatUnit(r.Chart.Unit, vals[lo].V))
}

// lineTakeaway compares the first series' last value with its first.
func lineTakeaway(r panel.Result) string {
	var first, last *charts.Point
	for i, p := range r.Chart.Series[0].Points {
		if p.Gap || !finite(p.Y) {
			continue
		}
		if first == nil {
			first = &r.Chart.Series[0].Points[i]
		}
		last = &r.Chart.Series[0].Points[i]
	}
	if last == nil {
		return noData
	}
	out := fmt.Sprintf("%s was %s in %s", r.Chart.Series[0].Name, district.FormatUnit(r.Chart.Unit, last.Y), last.T.Format(month))
	if first != last {
		out += fmt.Sprintf(", against %s in %s", district.FormatUnit(r.Chart.Unit, first.Y), first.T.Format(month))
	}
	return out + "."
}

// scatterTakeaway says how closely the points' X and Y go together, with
// the warning a correlation needs.
func scatterTakeaway(r panel.Result) string {
	pts := r.Chart.Series[0].Points
	n := float64(len(pts))
	if len(pts) < 3 {
		return fmt.Sprintf("Only %d schools have figures to compare, too few to say whether the two go together.", len(pts))
	}
	var sx, sy, sxx, syy, sxy float64
	for _, p := range pts {
		sx, sy = sx+p.X, sy+p.Y
		sxx, syy, sxy = sxx+p.X*p.X, syy+p.Y*p.Y, sxy+p.X*p.Y
	}
	den := math.Sqrt((n*sxx - sx*sx) * (n*syy - sy*sy))
	if den == 0 {
		return "The schools' figures do not vary enough to say whether the two go together."
	}
	rho := (n*sxy - sx*sy) / den
	how := "barely move together"
	switch {
	case rho >= 0.5:
		how = "rise together strongly"
	case rho >= 0.2:
		how = "tend to rise together"
	case rho <= -0.5:
		how = "move strongly in opposite directions"
	case rho <= -0.2:
		how = "tend to move in opposite directions"
	}
	return fmt.Sprintf("Across %d schools, use and growth %s (r = %.2f); a correlation, not proof that one causes the other.", len(pts), how, rho)
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// lowerFirst lower-cases a name's first letter for use inside a sentence,
// unless it begins an acronym ("MFA coverage", "ELA proficiency").
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	if next, _ := utf8.DecodeRuneInString(s[n:]); unicode.IsUpper(next) {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

func ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return fmt.Sprintf("%d%s", n, suffix)
}

// joinAnd joins items as a list in a sentence: "a, b and c".
func joinAnd(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}
