package district

import (
	"fmt"
	"sort"
	"strings"
)

// DefaultSuppressionThreshold is the smallest count of students a
// student-based value may rest on and still be shown.
const DefaultSuppressionThreshold = 10

// The range a district may set its threshold in: states differ, and none
// asks for fewer than 5 or more than 30.
const (
	MinSuppressionThreshold = 5
	MaxSuppressionThreshold = 30
)

// Suppression decides which values may be shown. Every chart, table and
// export asks it; no other code compares n with a threshold.
//
// It works in two steps, and the second is what keeps a public board
// packet from giving a small school away by subtraction:
//
//   - Primary: a student-based value resting on fewer than MinStudents
//     students is hidden, and so is its n.
//   - Complementary: wherever a total is shown (the district beside its
//     schools, a product's district-wide users beside each school's), the
//     hidden parts of the total must together rest on no students or on at
//     least MinStudents; otherwise the total less the shown parts gives
//     them away (the n by subtraction, the value by solving the weighted
//     mean). Until they do, the next-smallest shown part is hidden as well,
//     with its own mark (ComplementaryMark): "hidden so that another school
//     cannot be worked out".
//
// Of the rules that close the gap, this one hides least: usually one more
// school per group (the smallest, whose figures matter least to a
// district-wide reading), while the district's own value and n, the figures
// a cabinet reads first, stay shown. Hiding only the district's n is not
// enough, since a small school's n and value can often be found by trying
// the few counts below the threshold; and rounding protects nothing.
type Suppression struct {
	// Threshold is the smallest n shown; values resting on fewer students are
	// suppressed. Zero means DefaultSuppressionThreshold.
	Threshold int
}

// MinStudents is the smallest count of students a shown value may rest on:
// Threshold, or DefaultSuppressionThreshold when Threshold is not set.
func (s Suppression) MinStudents() int {
	if s.Threshold <= 0 {
		return DefaultSuppressionThreshold
	}
	return s.Threshold
}

// CheckThreshold reports whether t is a threshold a district may choose.
func CheckThreshold(t int) error {
	if t < MinSuppressionThreshold || t > MaxSuppressionThreshold {
		return fmt.Errorf("the privacy threshold must be between %d and %d students, not %d", MinSuppressionThreshold, MaxSuppressionThreshold, t)
	}
	return nil
}

// TooFewStudents reports whether a count of students, such as a product's
// active users at a school, is too small to show: the count is a value
// resting on itself. No one at all (zero) identifies no one, and "nobody
// uses it" is what a cabinet most needs to see, so zero is shown.
func (s Suppression) TooFewStudents(n int) bool { return n > 0 && n < s.MinStudents() }

// Suppressed reports whether a value of metric m resting on n students must
// be hidden by itself (the primary rule). Only student-based metrics are
// ever suppressed.
func (s Suppression) Suppressed(m Metric, n int) bool {
	return m.StudentBased && n < s.MinStudents()
}

// Cell is a value as it may be shown: either a number or a suppression mark.
type Cell struct {
	Value      float64
	N          int
	Suppressed bool
	// Complementary is set, beside Suppressed, on a value hidden not for its
	// own sake but so that another hidden value of its group cannot be
	// worked out from the total.
	Complementary bool
}

// Mark is how the cell is written in place of its value: SuppressedMark,
// ComplementaryMark, or "" for a shown value.
func (c Cell) Mark() string {
	switch {
	case c.Complementary:
		return ComplementaryMark
	case c.Suppressed:
		return SuppressedMark
	}
	return ""
}

// hidden is a cell that shows nothing but its mark: no value, no n.
func hidden(complementary bool) Cell { return Cell{Suppressed: true, Complementary: complementary} }

// SuppressedMark is how a value hidden for resting on too few students is
// written in tables and exports.
const SuppressedMark = "*"

// ComplementaryMark is how a value hidden so that another cannot be worked
// out is written.
const ComplementaryMark = "**"

// Note explains suppression in a caption: "2 values hidden (*): fewer than
// 10 students; 1 more (**) so that they cannot be worked out". It returns ""
// when nothing is hidden. hidden counts every hidden value, complementary
// those of them hidden by the complementary rule.
func (s Suppression) Note(hidden, complementary int) string {
	primary := hidden - complementary
	var parts []string
	switch {
	case primary == 1:
		parts = append(parts, fmt.Sprintf("1 value hidden (%s): fewer than %d students", SuppressedMark, s.MinStudents()))
	case primary > 1:
		parts = append(parts, fmt.Sprintf("%d values hidden (%s): fewer than %d students", primary, SuppressedMark, s.MinStudents()))
	}
	switch {
	case complementary == 1:
		parts = append(parts, fmt.Sprintf("1 value hidden (%s) so that another school cannot be worked out", ComplementaryMark))
	case complementary > 1:
		parts = append(parts, fmt.Sprintf("%d values hidden (%s) so that other schools cannot be worked out", complementary, ComplementaryMark))
	}
	return strings.Join(parts, "; ")
}

// Footnote is the sentence every export carries about privacy.
func (s Suppression) Footnote() string {
	return fmt.Sprintf("Values resting on fewer than %d students are hidden (%s), and so are values that would let them be worked out (%s).",
		s.MinStudents(), SuppressedMark, ComplementaryMark)
}

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

// Cells decides what may be shown of a metric's values. obs must hold every
// value of the months concerned, the district's and every school's, so that
// each month is decided as one group: a view that shows one school's line
// and another that ranks every school then hide the same values.
func (s Suppression) Cells(m Metric, obs []Observation) Shown {
	sh := Shown{s: s, metric: m, cells: make(map[cellKey]Cell, len(obs))}
	months := map[int64][]Observation{}
	for _, o := range obs {
		k := o.Period.Unix()
		months[k] = append(months[k], o)
	}
	for k, group := range months {
		var total *Observation
		var parts []Observation
		for i := range group {
			if group[i].School == WholeDistrict {
				total = &group[i]
			} else {
				parts = append(parts, group[i])
			}
		}
		// Schools in id order, so that ties break the same way every time.
		sort.Slice(parts, func(i, j int) bool { return parts[i].School < parts[j].School })
		sizes := make([][]float64, len(parts))
		hide := make([]bool, len(parts))
		for i, p := range parts {
			sizes[i] = []float64{float64(p.N)}
			hide[i] = s.Suppressed(m, p.N)
		}
		var extra []bool
		if total != nil && !s.Suppressed(m, total.N) && m.StudentBased {
			extra = s.complement(sizes, hide)
		}
		for i, p := range parts {
			switch {
			case extra != nil && extra[i]:
				sh.cells[cellKey{p.School, k}] = hidden(true)
			case hide[i]:
				sh.cells[cellKey{p.School, k}] = hidden(false)
			default:
				sh.cells[cellKey{p.School, k}] = Cell{Value: p.Value, N: p.N}
			}
		}
		if total != nil {
			sh.cells[cellKey{WholeDistrict, k}] = s.districtCell(m, *total)
		}
	}
	return sh
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

// complement applies the complementary rule to the parts of a shown total.
// sizes holds, for each part, the counts of students its figures rest on
// (one per figure: a product's monthly and weekly users are two); hide
// marks the parts the primary rule hid. It returns the parts to hide as
// well. When every part is hidden the hidden parts add up to the total,
// which is then hidden itself if it rests on too few students.
func (s Suppression) complement(sizes [][]float64, hide []bool) []bool {
	extra := make([]bool, len(sizes))
	min := float64(s.MinStudents())
	for {
		safe := true
		for f := 0; len(sizes) > 0 && f < len(sizes[0]); f++ {
			sum := 0.0
			for i := range sizes {
				if hide[i] || extra[i] {
					sum += sizes[i][f]
				}
			}
			if sum > 0 && sum < min {
				safe = false
			}
		}
		if safe {
			return extra
		}
		next := -1
		for i := range sizes {
			if hide[i] || extra[i] || sizes[i][0] <= 0 {
				continue
			}
			if next < 0 || sizes[i][0] < sizes[next][0] {
				next = i
			}
		}
		if next < 0 {
			return extra
		}
		extra[next] = true
	}
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

// tooFewUsers reports whether a month of use rests on too few students to
// show by itself: its monthly users or its average weekly users.
func (s Suppression) tooFewUsers(u ProductUsage) bool {
	return s.TooFewStudents(u.ActiveUsers) || (u.WeeklyActive > 0 && u.WeeklyActive < float64(s.MinStudents()))
}

// Usage decides what may be shown of products' use. It decides each
// product's month as one group (the district's users are the schools'
// users added up). Of each group it is given it needs the district's row,
// every school's too small to show, and the schools next in monthly users
// up to the first whose two figures are both large enough: the
// complementary rule hides the smallest shown school first, and that one
// settles the group, so a school it is not given is one it would show. A
// product's month it is not given is one where no school's use is small
// enough to hide: there, only a total too small to show is hidden.
func (s Suppression) Usage(use []ProductUsage) ShownUsage {
	groups := map[usageKey][]ProductUsage{}
	for _, u := range use {
		k := usageKey{product: u.Product, period: u.Period.Unix()}
		groups[k] = append(groups[k], u)
	}
	out := ShownUsage{s: s, decided: make(map[usageKey]bool, len(groups)), hidden: map[usageKey]UsageCell{}}
	for k, group := range groups {
		var total *ProductUsage
		var parts []ProductUsage
		for i := range group {
			if group[i].School == WholeDistrict {
				total = &group[i]
			} else {
				parts = append(parts, group[i])
			}
		}
		sort.Slice(parts, func(i, j int) bool { return parts[i].School < parts[j].School })
		sizes := make([][]float64, len(parts))
		hide := make([]bool, len(parts))
		for i, p := range parts {
			sizes[i] = []float64{float64(p.ActiveUsers), p.WeeklyActive}
			hide[i] = s.tooFewUsers(p)
		}
		var extra []bool
		if total != nil && !s.tooFewUsers(*total) {
			extra = s.complement(sizes, hide)
		}
		out.decided[k] = true
		for i, p := range parts {
			if extra != nil && extra[i] {
				out.hidden[usageKey{k.product, p.School, k.period}] = UsageCell{Hidden: true, Complementary: true}
			} else if hide[i] {
				out.hidden[usageKey{k.product, p.School, k.period}] = UsageCell{Hidden: true}
			}
		}
		if total != nil && s.tooFewUsers(*total) {
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
