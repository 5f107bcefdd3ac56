package district

import (
	"math"
	"time"
)

// Status is a value's standing against its metric's target.
type Status int

// Statuses.
const (
	NoTarget Status = iota
	OnTarget
	NearTarget
	OffTarget
)

// String says the status in words, so it never rests on colour alone.
func (s Status) String() string {
	switch s {
	case OnTarget:
		return "On target"
	case NearTarget:
		return "Near target"
	case OffTarget:
		return "Off target"
	}
	return "No target"
}

// nearShare is how far short of its target a value may fall, as a share of
// the target, and still count as near it.
const nearShare = 0.10

// StatusOf rates v against the metric's target. A value within 10% of the
// target on the wrong side is near it; percentages close to 100 use the gap
// to 100 instead, so 99.5% uptime against 99.9% is not "near".
func (m Metric) StatusOf(v float64) Status {
	if !m.HasTarget || m.Polarity == Neutral || !finite(v) {
		return NoTarget
	}
	gap := v - m.Target
	if m.Polarity == LowerIsBetter {
		gap = -gap
	}
	if gap >= 0 {
		return OnTarget
	}
	tolerance := math.Abs(m.Target) * nearShare
	if m.Unit == Percent && m.Polarity == HigherIsBetter {
		tolerance = math.Min(tolerance, (100-m.Target)*2)
	}
	if m.Target == 0 {
		tolerance = 0
	}
	if -gap <= tolerance {
		return NearTarget
	}
	return OffTarget
}

// TargetText says the goal in words: "Target 95% or more".
func (m Metric) TargetText() string {
	if !m.HasTarget {
		return "No target"
	}
	t := m.Format(m.Target)
	switch m.Polarity {
	case HigherIsBetter:
		return "Target " + t + " or more"
	case LowerIsBetter:
		if m.Target == 0 {
			return "Target " + t
		}
		return "Target " + t + " or less"
	}
	return "Target " + t
}

// Direction is which way a value moved.
type Direction int

// Directions.
const (
	Flat Direction = iota
	Up
	Down
)

// Trend compares a value with the one its measure's rule compares it with.
type Trend struct {
	Delta     float64
	Direction Direction
	// Better is true when the change moved the right way for the metric;
	// Worse when it moved the wrong way. Both are false for neutral metrics
	// and flat trends.
	Better, Worse bool
	// Since is the period compared against.
	Since time.Time
}

// TrendOf compares cur with prev, which describes the period since.
func (m Metric) TrendOf(cur, prev float64, since time.Time) Trend {
	t := Trend{Delta: cur - prev, Since: since}
	if math.Abs(t.Delta) < m.flatBelow() {
		return t
	}
	if t.Delta > 0 {
		t.Direction = Up
	} else {
		t.Direction = Down
	}
	switch m.Polarity {
	case HigherIsBetter:
		t.Better, t.Worse = t.Direction == Up, t.Direction == Down
	case LowerIsBetter:
		t.Better, t.Worse = t.Direction == Down, t.Direction == Up
	}
	return t
}

// flatBelow is the smallest change worth calling a change: half of the last
// digit the metric is shown with.
func (m Metric) flatBelow() float64 {
	switch m.Unit {
	case Percent, Days, Percentile:
		return 0.05
	case Mbps:
		return 0.005
	}
	return 0.5
}
