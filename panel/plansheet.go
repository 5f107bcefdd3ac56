package panel

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/cabinetapp/cabinet/district"
)

// PlanTable is the plan as a CFO checks it line by line: every figure a
// count times a price, or a ratio, written out ("412 × $350 = $144,200"),
// with the assumptions under it. The packet prints it as a table with
// heading cells; CSV and "cabinet plan" print the same words.
type PlanTable struct {
	// Columns head the table: the rows' heading column, then each plan
	// year, then the level amount.
	Columns []string
	// Rows are a row per kind of device, then the totals, the hardware
	// line and what is short or spare.
	Rows []PlanRow
	// Staffing are the technicians' figures, a row each.
	Staffing []PlanRow
	// Assumptions are the sentences printed under the table.
	Assumptions []string
}

// PlanRow is one row: its heading, then its cells.
type PlanRow struct {
	Head  string
	Cells []string
}

// Times writes a count times a price: "412 × $350 = $144,200".
func Times(n int, price float64) string {
	if n == 0 {
		return "none"
	}
	return fmt.Sprintf("%s × %s = %s", district.Thousands(float64(n)), district.Dollars(price), district.Dollars(float64(n)*price))
}

// LevelText writes a kind's level amount: "15,055 × $350 ÷ 4 = $1,317,312.50".
func LevelText(l district.PlanLine) string {
	return fmt.Sprintf("%s × %s ÷ %d = %s", district.Thousands(float64(l.Fleet)), district.Dollars(l.Price), l.Life, district.Dollars(l.Level))
}

// Short says how far a budget falls short of a cost, or what it leaves:
// "$320,299 short", "$12,000 spare".
func Short(gap float64) string {
	switch r := math.Round(gap*100) / 100; {
	case r < 0:
		return district.Dollars(-r) + " short"
	case r > 0:
		return district.Dollars(r) + " spare"
	}
	return "even"
}

// Table writes the plan out as its table.
func (p Plan) Table() PlanTable {
	var t PlanTable
	t.Columns = append(append([]string{"Kind of device"}, p.yearLabels()...), "Level, each year")
	for _, l := range p.Lines {
		row := PlanRow{Head: lineHead(l)}
		for _, n := range l.Due {
			row.Cells = append(row.Cells, Times(n, l.Price))
		}
		row.Cells = append(row.Cells, LevelText(l))
		t.Rows = append(t.Rows, row)
	}
	total := PlanRow{Head: "Replacement cost"}
	budget := PlanRow{Head: "Hardware budget"}
	gap := PlanRow{Head: "Against the budget"}
	for i := range district.PlanYears {
		total.Cells = append(total.Cells, district.Dollars(p.Cost[i]))
		if g, ok := p.Gap(i); ok {
			budget.Cells = append(budget.Cells, district.Dollars(p.Hardware.Amount[i]))
			gap.Cells = append(gap.Cells, Short(g))
		} else {
			budget.Cells = append(budget.Cells, "not known")
			gap.Cells = append(gap.Cells, "")
		}
	}
	total.Cells = append(total.Cells, district.Dollars(p.Level))
	last := district.PlanYears - 1
	if _, ok := p.Gap(last); ok {
		// The level stands against the line as it will be after the plan.
		budget.Cells = append(budget.Cells, "as "+p.Calendar.Label(p.Year(last))+": "+district.Dollars(p.Hardware.Amount[last]))
		gap.Cells = append(gap.Cells, Short(p.Hardware.Amount[last]-p.Level))
	} else {
		budget.Cells = append(budget.Cells, "")
		gap.Cells = append(gap.Cells, "")
	}
	t.Rows = append(t.Rows, total, budget, gap)
	t.Staffing = p.staffingRows()
	t.Assumptions = p.Assumptions()
	return t
}

// lineHead names a kind's row and what makes its devices due.
func lineHead(l district.PlanLine) string {
	if l.Basis == district.ByAutoUpdate {
		return l.Kind.Title() + " (by auto-update expiration)"
	}
	return fmt.Sprintf("%s (%d-year refresh)", l.Kind.Title(), l.Life)
}

// staffingRows are the technicians' figures.
func (p Plan) staffingRows() []PlanRow {
	s := p.Staffing
	n := func(v int) string { return district.Thousands(float64(v)) }
	var out []PlanRow
	if s.Devices == 0 {
		return append(out, PlanRow{Head: "Technicians needed", Cells: []string{"No source counts the devices in service."}})
	}
	out = append(out, PlanRow{Head: "Technicians needed", Cells: []string{fmt.Sprintf("%s devices in service ÷ %s per technician = %s, so %s",
		n(s.Devices), n(s.Ratio), trim(float64(s.Devices)/float64(s.Ratio)), n(s.Needed))}})
	switch {
	case s.Have > 0 && s.PerTechnician > 0 && !s.HaveSet:
		out = append(out, PlanRow{Head: "Technicians the district has", Cells: []string{fmt.Sprintf("%s devices ÷ %s devices per technician = %s, from the devices-per-technician figure until the district sets its count",
			n(s.PerTechnicianOf), trim(s.PerTechnician), n(s.Have))}})
	case s.Have > 0:
		out = append(out, PlanRow{Head: "Technicians the district has", Cells: []string{n(s.Have) + " (the district's setting)"}})
	default:
		out = append(out, PlanRow{Head: "Technicians the district has", Cells: []string{"Not set: set it under Technology health, or with cabinet plan --technicians N."}})
	}
	if s.Have > 0 {
		out = append(out, PlanRow{Head: "Technicians short", Cells: []string{staffGap(s.Needed, s.Have)}})
	}
	if per, ok := s.TicketsPer(s.Have); ok {
		line := fmt.Sprintf("%s tickets opened in %s ÷ %s technicians = %s each", n(s.Tickets), ticketMonths(s), n(s.Have), n(int(math.Round(per))))
		if at, ok := s.TicketsPer(s.Needed); ok && s.Needed != s.Have {
			line += fmt.Sprintf("; with %s technicians, %s each", n(s.Needed), n(int(math.Round(at))))
		}
		out = append(out, PlanRow{Head: "Help-desk tickets per technician", Cells: []string{line}})
	}
	return out
}

// staffGap says how many technicians are missing or to spare.
func staffGap(needed, have int) string {
	switch {
	case needed > have:
		return fmt.Sprintf("%s needed – %s = %s short", district.Thousands(float64(needed)), district.Thousands(float64(have)), district.Thousands(float64(needed-have)))
	case needed < have:
		return fmt.Sprintf("none: %s more than the ratio asks", district.Thousands(float64(have-needed)))
	}
	return "none"
}

// ticketMonths names the months the tickets were counted in: "the 12
// months to October 2026".
func ticketMonths(s district.Staffing) string {
	if s.Months == 1 {
		return s.TicketsTo.Format("January 2006")
	}
	return fmt.Sprintf("the %d months to %s", s.Months, s.TicketsTo.Format("January 2006"))
}

// trim writes a ratio with up to two decimals: "36.43", "911".
func trim(v float64) string {
	whole, frac, _ := strings.Cut(strconv.FormatFloat(v, 'f', 2, 64), ".")
	n, _ := strconv.ParseFloat(whole, 64)
	if frac = strings.TrimRight(frac, "0"); frac != "" {
		return district.Thousands(n) + "." + frac
	}
	return district.Thousands(n)
}

// Assumed says the plan's prices and ratio on one line, for a slide and
// its image: "Assumed: $350 a Chromebook, $900 a laptop; 1 technician per
// 500 devices (Cabinet's assumptions)".
func (p Plan) Assumed() string {
	if p.Empty() {
		return ""
	}
	ratio, all := p.Settings.Ratio()
	some := all
	var prices []string
	for _, l := range p.Lines {
		prices = append(prices, district.Dollars(l.Price)+" "+l.Kind.One())
		all = all && l.PriceSet
		some = some || l.PriceSet
	}
	whose := "Cabinet's assumptions"
	switch {
	case all:
		whose = "the district's figures"
	case some:
		whose = "the district's where it set them, Cabinet's assumptions otherwise"
	}
	return fmt.Sprintf("Assumed: %s; 1 technician per %s devices (%s)", strings.Join(prices, ", "), district.Thousands(float64(ratio)), whose)
}

// Assumptions say what the plan assumes and counts, in sentences, as
// every export prints them.
func (p Plan) Assumptions() []string {
	var out []string
	var prices, lives []string
	mark := func(set bool) string {
		if set {
			return " (the district's)"
		}
		return ""
	}
	for _, l := range p.Lines {
		prices = append(prices, fmt.Sprintf("%s for %s%s", district.Dollars(l.Price), l.Kind.One(), mark(l.PriceSet)))
		lives = append(lives, fmt.Sprintf("%s %d years%s", l.Kind.Noun(), l.Life, mark(l.LifeSet)))
	}
	if len(prices) > 0 {
		out = append(out, "Unit prices, each Cabinet's assumption unless marked as the district's: "+strings.Join(prices, ", ")+".")
		out = append(out, "Refresh cycles, on the same terms: "+strings.Join(lives, ", ")+
			". The level amount replaces each kind's whole fleet on a staggered cycle, a part every year: devices × price ÷ refresh cycle.")
	}
	if by := p.countedBy(); by != "" {
		out = append(out, "Each device is counted once: "+by+".")
		out = append(out, fmt.Sprintf("%s also takes every device already past due (%s); devices bought from now on are not in the yearly figures.",
			p.Calendar.Label(p.FirstYear), p.pastText()))
	}
	if left := p.leftOut(); left != "" {
		out = append(out, left)
	}
	out = append(out, p.budgetText())
	ratio, set := p.Settings.Ratio()
	if set {
		out = append(out, fmt.Sprintf("Technicians: 1 per %s devices, the district's ratio.", district.Thousands(float64(ratio))))
	} else {
		out = append(out, fmt.Sprintf("Technicians: 1 per %s devices, Cabinet's assumption: %s.", district.Thousands(float64(ratio)), district.RatioSource))
	}
	return out
}

// countedBy says what makes each kind due and who counted it, kinds
// counted alike together: "Chromebooks by their auto-update expiration
// (fleet, Nov 2026); laptops and tablets by the fiscal year bought plus
// their refresh cycle (assets, Nov 2026)".
func (p Plan) countedBy() string {
	type group struct {
		key   string
		nouns []string
	}
	var groups []group
	for _, l := range p.Lines {
		src := l.Source
		switch {
		case src == district.DemoKind:
			src = "the demo district"
		case src == "":
			src = "no source"
		}
		how := "by the fiscal year bought plus their refresh cycle"
		if l.Basis == district.ByAutoUpdate {
			how = "by the fiscal year their auto-update expiration passes"
		}
		key := how + " (" + src + ", " + l.AsOf.Format("Jan 2006") + ")"
		if i := slices.IndexFunc(groups, func(g group) bool { return g.key == key }); i >= 0 {
			groups[i].nouns = append(groups[i].nouns, l.Kind.Noun())
			continue
		}
		groups = append(groups, group{key: key, nouns: []string{l.Kind.Noun()}})
	}
	parts := make([]string, len(groups))
	for i, g := range groups {
		parts[i] = andList(g.nouns) + " " + g.key
	}
	return strings.Join(parts, "; ")
}

// andList joins words as a sentence does: "a, b and c".
func andList(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// pastText counts what is already past due, by kind.
func (p Plan) pastText() string {
	var parts []string
	for _, l := range p.Lines {
		if l.Past == 0 {
			continue
		}
		what := "past their refresh cycle"
		if l.Basis == district.ByAutoUpdate {
			what = "past their auto-update expiration"
		}
		parts = append(parts, fmt.Sprintf("%s %s %s", district.Thousands(float64(l.Past)), l.Kind.Noun(), what))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// leftOut says which devices the years leave out.
func (p Plan) leftOut() string {
	var parts []string
	for _, l := range p.Lines {
		if l.Undated > 0 {
			parts = append(parts, fmt.Sprintf("%s %s with no purchase date", district.Thousands(float64(l.Undated)), l.Kind.Noun()))
		}
		if n := l.Later(); n > 0 {
			after := "due after " + p.Calendar.Label(p.Year(district.PlanYears-1))
			if l.Basis == district.ByAutoUpdate {
				after = "whose auto-update expiration is after " + p.Calendar.Label(p.Year(district.PlanYears-1)) + " or not on record"
			}
			parts = append(parts, fmt.Sprintf("%s %s %s", district.Thousands(float64(n)), l.Kind.Noun(), after))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "Not in the yearly figures (the level amount counts them): " + strings.Join(parts, ", ") + "."
}

// budgetText says where each year's hardware line comes from.
func (p Plan) budgetText() string {
	h := p.Hardware
	if h.Base == 0 {
		return "Hardware budget: no budget line for hardware is on record."
	}
	s := fmt.Sprintf("Hardware budget: the hardware lines of the technology budget as budgeted for each year on record; later years carry %s's line of %s forward",
		p.Calendar.Label(h.Base), district.Dollars(h.BaseAmount))
	var ends []string
	for _, e := range h.Ending {
		ends = append(ends, fmt.Sprintf("%s of %s after %s", district.Dollars(e.Amount), district.FundMoney(e.Source), p.Calendar.Label(e.LastYear)))
	}
	if len(ends) > 0 {
		s += ", less the money whose funding ends: " + strings.Join(ends, ", ")
	}
	if e, ok := p.Cliff(); ok {
		s += fmt.Sprintf(" (%s – %s = %s from %s)", district.Dollars(h.BaseAmount), district.Dollars(e.Amount), district.Dollars(h.BaseAmount-e.Amount), p.Calendar.Label(e.LastYear+1))
	}
	return s + "."
}
