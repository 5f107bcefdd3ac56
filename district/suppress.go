package district

import "fmt"

// DefaultSuppressionThreshold is the smallest count of students a
// student-based value may rest on and still be shown.
const DefaultSuppressionThreshold = 10

// Suppression decides which values may be shown. Every chart, table and
// export asks it; no other code compares n with a threshold.
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

// TooFewStudents reports whether a count of students, such as a product's
// active users at a school, is too small to show: the count is a value
// resting on itself. No one at all (zero) identifies no one, and "nobody
// uses it" is what a cabinet most needs to see, so zero is shown.
func (s Suppression) TooFewStudents(n int) bool { return n > 0 && n < s.MinStudents() }

// Suppressed reports whether a value of metric m resting on n students must
// be hidden. Only student-based metrics are ever suppressed.
func (s Suppression) Suppressed(m Metric, n int) bool {
	return m.StudentBased && n < s.MinStudents()
}

// Cell is a value as it may be shown: either a number or a suppression mark.
type Cell struct {
	Value      float64
	N          int
	Suppressed bool
}

// Cell turns an observation into what may be shown of it. A suppressed
// cell's Value is zero, so the number cannot leak by accident.
func (s Suppression) Cell(m Metric, o Observation) Cell {
	if s.Suppressed(m, o.N) {
		return Cell{N: 0, Suppressed: true}
	}
	return Cell{Value: o.Value, N: o.N}
}

// SuppressedMark is how a suppressed value is written in tables and exports.
const SuppressedMark = "*"

// Note explains suppression in a caption: "2 values hidden: fewer than 10
// students". It returns "" when count is zero.
func (s Suppression) Note(count int) string {
	switch count {
	case 0:
		return ""
	case 1:
		return fmt.Sprintf("1 value hidden (%s): fewer than %d students", SuppressedMark, s.MinStudents())
	}
	return fmt.Sprintf("%d values hidden (%s): fewer than %d students", count, SuppressedMark, s.MinStudents())
}
