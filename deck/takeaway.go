package deck

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/cabinetapp/cabinet/charts"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/panel"
)

// A writer writes the takeaway of a chart whose meaning the generic
// sentences below would miss: running totals, budgets, shares of spend.
type writer func(ctx context.Context, b *panel.Board, v *View) (string, error)

var writers = map[string]writer{
	"spending.to_date":            spendTakeaway,
	"value.renewals":              renewalsTakeaway,
	"spending.by_category":        categoryTakeaway,
	"spending.by_funding":         fundingTakeaway,
	"spending.per_pupil":          perPupilTakeaway,
	"value.licence_use":           licenceUseTakeaway,
	"value.cost_per_user_ranking": costPerUserTakeaway,
	PlanPanel:                     planTakeaway,
	"tech.plan_devices":           planDevicesTakeaway,
}

// noData is the takeaway of a chart with nothing to show.
const noData = "There is no data for this chart in this period yet."

// takeaway writes one sentence about what a slide shows, from its numbers.
func takeaway(ctx context.Context, b *panel.Board, v *View) (string, error) {
	if v.Slide.Kind == district.TilesSlide {
		return tilesTakeaway(v.Tiles), nil
	}
	if v.Slide.Kind == district.PlanSlide {
		return planTakeaway(ctx, b, v)
	}
	r := v.Result
	if r.AllHidden() {
		// Say why nothing shows: "no data" would be untrue.
		return "Every figure on this chart is hidden to protect students' privacy (" + district.LowerFirst(b.HiddenText(r)) + ").", nil
	}
	if !hasData(r.Chart) {
		return noData, nil
	}
	if w, ok := writers[r.Panel.ID]; ok {
		return w(ctx, b, v)
	}
	switch {
	case r.Panel.Metric != "" && r.Chart.Kind == charts.HBars:
		return rankingTakeaway(b, v)
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
const month = district.MonthName

// metricTakeaway says each measure's newest figure on the chart against
// the figure its rule compares it with (panel.Result.Compared): the same
// months and the same words as its tile, so a slide never tells another
// story than the Overview. The first measure is judged against its
// target. Hidden figures are said to be hidden, never given.
func metricTakeaway(ctx context.Context, b *panel.Board, v *View) (string, error) {
	r := v.Result
	var parts []string
	first := ""
	for i, c := range r.Compared {
		m := c.Metric
		subject := district.LowerFirst(m.Name)
		if i == 0 {
			subject = m.Name
			if len(r.Compared) == 1 {
				// A one-measure chart's title names its measure best: "Devices
				// broken or in repair", where the metric is "Broken or in repair".
				subject = r.Panel.Title
			}
			if c.School != district.WholeDistrict {
				subject += " at " + b.School(c.School)
			}
		}
		when := c.When()
		if c.Hidden() {
			parts = append(parts, fmt.Sprintf("%s for %s is hidden to protect students' privacy: too few students stand behind it", subject, when))
			continue
		}
		s := subject + " stood at " + valueText(m, subject, c.Cell.Value)
		if when != first {
			s += " in " + when
		}
		if first == "" {
			first = when
		}
		if change := c.Change(); change != "" {
			s += ", " + change
		}
		if t := targetClause(m, c.Cell.Value); t != "" && i == 0 {
			s += ", " + t
		}
		if c.HasRunning {
			s += "; " + c.RunningWhen() + ": " + m.Format(c.RunningCell.Value)
		}
		parts = append(parts, s)
	}
	if len(parts) == 0 {
		return noData, nil
	}
	return strings.Join(parts, "; ") + ".", nil
}

// valueText formats a value, leaving out the noun when the subject already
// says it: "Open help-desk tickets stood at 143", not "143 tickets".
func valueText(m district.Metric, subject string, v float64) string {
	if m.Noun != "" && strings.Contains(strings.ToLower(subject), m.Noun) {
		return district.FormatUnit(m.Unit, v)
	}
	return m.Format(v)
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

// rankingTakeaway sums up a ranking of schools from every school's place
// (the chart may sum some up in one row): where the slide's school stands,
// or how many meet the target and who is furthest from it, which is the
// chart's first row.
func rankingTakeaway(b *panel.Board, v *View) (string, error) {
	rk := v.Result.Ranking
	if rk == nil {
		return barsTakeaway(v.Result), nil
	}
	m := rk.Metric
	if rk.Ranked == 0 {
		return fmt.Sprintf("Every school's %s is hidden to protect students' privacy.", district.LowerFirst(m.Name)), nil
	}
	when := v.Result.Through.Format(month)
	name := func(row panel.RankRow) string { return b.School(row.School) }
	if rk.Chosen >= 0 {
		row := rk.Rows[rk.Chosen]
		if row.Cell.Suppressed {
			return fmt.Sprintf("%s's %s is hidden to protect students' privacy.", name(row), district.LowerFirst(m.Name)), nil
		}
		return fmt.Sprintf("%s ranks %s of %s on %s in %s (%s), at %s.", name(row), district.Ordinal(row.Rank), district.Counted(float64(rk.Ranked), "schools"),
			district.LowerFirst(m.Name), when, rk.Counting(), rk.Format(row.Cell.Value)), nil
	}
	worst, best := rk.Rows[0], rk.Rows[rk.Ranked-1]
	if !m.HasTarget || m.Polarity == district.Neutral {
		return fmt.Sprintf("%s ranges from %s at %s to %s at %s in %s.", m.Name, name(worst), rk.Format(worst.Cell.Value), name(best), rk.Format(best.Cell.Value), when), nil
	}
	meeting := 0
	for _, row := range rk.Rows[:rk.Ranked] {
		if m.StatusOf(row.Cell.Value) == district.OnTarget {
			meeting++
		}
	}
	goal := strings.TrimPrefix(m.TargetText(), "Target ")
	if meeting == rk.Ranked {
		return fmt.Sprintf("All %s met the %s target of %s in %s.", district.Counted(float64(rk.Ranked), "schools"), district.LowerFirst(m.Name), goal, when), nil
	}
	return fmt.Sprintf("%d of %d schools met the %s target of %s in %s; %s is furthest from it, at %s.",
		meeting, rk.Ranked, district.LowerFirst(m.Name), goal, when, name(worst), rk.Format(worst.Cell.Value)), nil
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
			off = append(off, fmt.Sprintf("%s (%s)", district.LowerFirst(t.Title), t.Value))
		}
	}
	switch {
	case rated == 0:
		return "None of these measures has a target to be judged against."
	case len(off) == 0 && rated == 1:
		return "The one measure with a target is on it or near it."
	case len(off) == 0:
		return fmt.Sprintf("All %d measures with a target are on it or near it.", rated)
	}
	const named = 3
	list := off
	if len(off) > named {
		list = append(off[:named:named], fmt.Sprintf("%d more", len(off)-named))
	}
	verb := "are"
	if rated-len(off) == 1 {
		verb = "is"
	}
	return fmt.Sprintf("%d of %d measures with a target %s on or near it; off target: %s.", rated-len(off), rated, verb, joinAnd(list))
}

// spendTakeaway tells the fiscal year's spending story: the sentence the
// tile's status and the chart's forecast line agree with.
func spendTakeaway(ctx context.Context, b *panel.Board, v *View) (string, error) {
	fy := b.FiscalYear(Filter(v.Slide))
	s, err := b.Spend(ctx, fy)
	if err != nil {
		return "", err
	}
	return s.Story(b.Calendar.Label(fy)), nil
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
		out += fmt.Sprintf("; %s has used the most of its budget, %.0f%%", district.LowerFirst(leader), 100*top)
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
	lines, _, err := b.Data().Budget(ctx, fy, fy)
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
	return fmt.Sprintf("%s of the %s spent on licences over these %s (%.0f%%) paid for licences nobody used.",
		district.FormatMoney(unused), district.FormatMoney(used+unused), district.Counted(float64(len(r.Chart.Series[0].Values)), "months"), 100*unused/(used+unused)), nil
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
	// Name only products the chart draws: the cheapest may be among
	// those its last row sums up.
	switch {
	case r.Rest != nil:
		out += fmt.Sprintf("; %d more cost between %s and %s each", r.Rest.N, district.FormatMoney(r.Rest.Lo), district.FormatMoney(r.Rest.Hi))
	case n > 1:
		out += fmt.Sprintf("; %s the least, %s", r.Chart.Categories[n-1], district.FormatMoney(vals[n-1].V))
	}
	return out + ".", nil
}

// renewalsTakeaway counts the contracts renewing soon and their cost, and
// names the soonest, which the chart draws first. It reads the chart's
// table, which lists every contract even when the chart sums some up.
func renewalsTakeaway(_ context.Context, _ *panel.Board, v *View) (string, error) {
	rows := v.Result.Table.Rows
	if len(rows) == 0 {
		return "No contract renews in the next 90 days.", nil
	}
	total := 0.0
	for _, r := range rows {
		cost, err := strconv.ParseFloat(r[2], 64)
		if err != nil {
			return "", fmt.Errorf("reading the cost of %s: %w", r[0], err)
		}
		total += cost
	}
	first := rows[0]
	in := first[1] + " days"
	if days, err := strconv.Atoi(first[1]); err == nil {
		in = district.Counted(float64(days), "days")
	}
	out := fmt.Sprintf("%d contracts renew in the next 90 days, worth %s a year; first %s, in %s", len(rows), district.FormatMoney(total), first[0], in)
	if len(rows) == 1 {
		out = fmt.Sprintf("One contract renews in the next 90 days: %s, in %s, at %s a year", first[0], in, district.FormatMoney(total))
	}
	if first[3] != "" {
		out += ", with " + first[3] + " of its licences in use"
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
	name := district.LowerFirst(r.Chart.Series[0].Name)
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
	out := fmt.Sprintf("%s: %s in %s", r.Chart.Series[0].Name, district.FormatUnit(r.Chart.Unit, last.Y), last.T.Format(month))
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
		if len(pts) == 1 {
			return "Only 1 school has figures to compare, too few to say whether the two go together."
		}
		return fmt.Sprintf("Only %s have figures to compare, too few to say whether the two go together.", district.Counted(float64(len(pts)), "schools"))
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

// joinAnd joins items as a list in a sentence: "a, b and c".
func joinAnd(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}
