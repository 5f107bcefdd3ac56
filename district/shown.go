package district

import (
	"math"
	"time"
)

// cellKey names one value of a group: a school (WholeDistrict for the
// total) in a month.
type cellKey struct {
	school string
	period int64
}

// Shown is what may be shown of one metric's values: the decision for
// every school and the district in every month read.
type Shown struct {
	s      Suppression
	metric Metric
	cells  map[cellKey]Cell
}

// Cells decides what may be shown of a metric's values. Each month is
// decided as one group of the district and its schools, so that a view
// that shows one school's line and another that ranks every school hide
// the same values. obs holds the months' values; sums, when obs holds
// only some schools' values of a month, holds that month's n of every
// school added up (as an observation of the district's), so that the
// students the district counts in no school are known. Without a sum, obs
// must hold every school's value of the month.
func (s Suppression) Cells(m Metric, obs []Observation, sums ...Observation) Shown {
	sh := Shown{s: s, metric: m, cells: make(map[cellKey]Cell, len(obs))}
	if !m.StudentBased {
		return sh
	}
	sum := make(map[int64]int, len(sums))
	for _, o := range sums {
		sum[o.Period.Unix()] = o.N
	}
	months := map[int64][]Observation{}
	for _, o := range obs {
		k := o.Period.Unix()
		months[k] = append(months[k], o)
	}
	for k, rows := range months {
		var total []float64
		totalFrom := never
		value := make(map[string]Observation, len(rows))
		parts := make([]*part, 0, len(rows))
		for _, o := range rows {
			value[o.School] = o
			if o.School == WholeDistrict {
				total, totalFrom = []float64{float64(o.N)}, fromN(o.N)
				continue
			}
			parts = append(parts, &part{key: o.School, size: []float64{float64(o.N)}, from: fromN(o.N)})
		}
		var schools []float64
		if n, ok := sum[k]; ok {
			schools = []float64{float64(n)}
		}
		g := newGroup(parts, total, totalFrom, schools)
		g.decide(s.MinStudents())
		for _, p := range g.parts {
			c := Cell{Value: value[p.key].Value, N: value[p.key].N}
			if hidden, complementary := p.hiddenAt(s.MinStudents()); hidden {
				c = Cell{Suppressed: true, Complementary: complementary}
			}
			sh.cells[cellKey{p.key, k}] = c
		}
		if total != nil {
			sh.cells[cellKey{WholeDistrict, k}] = s.districtCell(m, value[WholeDistrict])
		}
	}
	return sh
}

// fromN is the lowest threshold at which a value resting on n students is
// hidden by itself: every threshold above n.
func fromN(n int) int {
	if n >= never-1 {
		return never
	}
	return n + 1
}

// districtCell is what may be shown of the district's own value. A total is
// hidden only when it rests on too few students itself: the complementary
// rule hides parts, never the total, so a view of the district alone needs
// no school's figures to decide.
func (s Suppression) districtCell(m Metric, o Observation) Cell {
	if s.Suppressed(m, o.N) {
		return hidden(false)
	}
	return Cell{Value: o.Value, N: o.N}
}

// Cell is what may be shown of an observation. A school's value the
// decision did not see is hidden when its metric is student-based: a view
// that read too little hides rather than shows. The district's own value
// needs no school's to decide.
func (sh Shown) Cell(o Observation) Cell {
	if !sh.metric.StudentBased {
		return Cell{Value: o.Value, N: o.N}
	}
	if c, ok := sh.cells[cellKey{o.School, o.Period.Unix()}]; ok {
		return c
	}
	if o.School == WholeDistrict {
		return sh.s.districtCell(sh.metric, o)
	}
	return hidden(false)
}

// UsageCell is a month of a product's use as it may be shown.
type UsageCell struct {
	ActiveUsers  int
	WeeklyActive float64
	// Hidden and Complementary say, as for Cell, that the figures are
	// hidden and why; both figures are then zero.
	Hidden, Complementary bool
}

// Mark is how the cell is written in place of its figures, or "".
func (c UsageCell) Mark() string {
	return Cell{Suppressed: c.Hidden, Complementary: c.Complementary}.Mark()
}

type usageKey struct {
	product, school string
	period          int64
}

// ShownUsage is what may be shown of products' use. It keeps only the
// months it decided and the figures it hid, since a large district's
// months of use run to millions of rows.
type ShownUsage struct {
	s       Suppression
	decided map[usageKey]bool // product and month; school ""
	hidden  map[usageKey]UsageCell
}

// usageFrom is the lowest threshold at which a month of use rests on too
// few students to show by itself: its monthly users or its average weekly
// users. No one at all (zero) identifies no one, and "nobody uses it" is
// what a cabinet most needs to see, so zero is never hidden for itself.
func usageFrom(u ProductUsage) int {
	from := never
	if u.ActiveUsers > 0 {
		from = fromN(u.ActiveUsers)
	}
	// Beyond any threshold, and too large for an int, a count is never small.
	if w := u.WeeklyActive; w > 0 && w < 1<<30 {
		from = min(from, int(math.Floor(w))+1)
	}
	return from
}

// tooFewUsers reports whether a month of use rests on too few students to
// show by itself.
func (s Suppression) tooFewUsers(u ProductUsage) bool { return usageFrom(u) <= s.MinStudents() }

// Usage decides what may be shown of products' use, each product's month
// as one group of the district's users and each school's, by the rule
// Cells applies to a measure, on both figures at once (a school hidden is
// hidden for its monthly and its weekly users alike). sums holds, for a
// month of which use holds only some schools, every school's users added
// up (as the district's row). A product's month it is not given is one
// where no school's use may be hidden: there, only a total too small to
// show is hidden.
func (s Suppression) Usage(use []ProductUsage, sums ...ProductUsage) ShownUsage {
	type month struct {
		product string
		period  int64
	}
	sum := make(map[month][]float64, len(sums))
	for _, u := range sums {
		sum[month{u.Product, u.Period.Unix()}] = []float64{float64(u.ActiveUsers), u.WeeklyActive}
	}
	groups := map[month][]ProductUsage{}
	for _, u := range use {
		k := month{u.Product, u.Period.Unix()}
		groups[k] = append(groups[k], u)
	}
	out := ShownUsage{s: s, decided: make(map[usageKey]bool, len(groups)), hidden: map[usageKey]UsageCell{}}
	for k, rows := range groups {
		var total []float64
		totalFrom := never
		parts := make([]*part, 0, len(rows))
		for _, u := range rows {
			size := []float64{float64(u.ActiveUsers), u.WeeklyActive}
			if u.School == WholeDistrict {
				total, totalFrom = size, usageFrom(u)
				continue
			}
			parts = append(parts, &part{key: u.School, size: size, from: usageFrom(u)})
		}
		g := newGroup(parts, total, totalFrom, sum[k])
		g.decide(s.MinStudents())
		out.decided[usageKey{product: k.product, period: k.period}] = true
		for _, p := range g.parts {
			if hidden, complementary := p.hiddenAt(s.MinStudents()); hidden {
				out.hidden[usageKey{k.product, p.key, k.period}] = UsageCell{Hidden: true, Complementary: complementary}
			}
		}
		if totalFrom <= s.MinStudents() {
			out.hidden[usageKey{k.product, WholeDistrict, k.period}] = UsageCell{Hidden: true}
		}
	}
	return out
}

// Cell is what may be shown of a month of use.
func (sh ShownUsage) Cell(u ProductUsage) UsageCell {
	if c, ok := sh.hidden[usageKey{u.Product, u.School, u.Period.Unix()}]; ok {
		return c
	}
	if !sh.decided[usageKey{product: u.Product, period: u.Period.Unix()}] && sh.s.tooFewUsers(u) {
		return UsageCell{Hidden: true}
	}
	return UsageCell{ActiveUsers: u.ActiveUsers, WeeklyActive: u.WeeklyActive}
}

// Overlap is a measure, or a product's use, in some months of which the
// schools count more students than the district: some students are
// counted at two schools, as when a campus and its grades are reported as
// two schools.
type Overlap struct {
	// Metric is the measure's id, or "" for a product's use.
	Metric, Product string
	Months          int
	Latest          time.Time
}
