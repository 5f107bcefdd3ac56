package district

import (
	"fmt"
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
// It decides each group as a whole: a measure's month (the district and
// its schools), or a product's month (the district's users and each
// school's). Board packets are public records, so it assumes a reader
// with every export the district can make:
//
//   - Primary: a value resting on fewer than MinStudents students is
//     hidden, and so is its n.
//   - Complementary: the district's figure less every shown school's
//     gives the figure of everyone else, by subtraction (the n) and by
//     solving the weighted mean (the value): the hidden schools and the
//     students the district counts in no school shown (placed out of the
//     district, or at a school whose row is missing that month). That
//     remainder must rest on no students or on at least MinStudents;
//     until it does, the smallest school still shown is hidden too, with
//     its own mark (ComplementaryMark).
//   - Overlapping schools: where the schools count more students than the
//     district (a K-8 campus and its grades 6-8 reported as two schools),
//     the difference of two schools could be a group of students; a school
//     that could lie inside a larger one shown beside it, and differs from
//     it by fewer than MinStudents, is hidden too.
//   - Every threshold at once: what is hidden at one threshold is hidden
//     at every higher one, for both figures of a product's use alike, so
//     two packets made at different thresholds show together no more than
//     the one at the lower threshold.
//
// Of the rules that close the gap, this one hides least: usually one more
// school per group (the smallest, whose figures matter least to a
// district-wide reading), while the district's own value and n, the figures
// a cabinet reads first, stay shown. Hiding only the district's n is not
// enough, since a small school's n and value can often be found by trying
// the few counts below the threshold; and rounding protects nothing. A
// school's enrolment is public (NCES publishes it), so the rule must hold
// for a reader who knows every hidden value's n as well: what the district
// less its shown schools gives away rests on no one or on at least
// MinStudents students, and it never isolates one hidden school.
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
