package district

import (
	"fmt"
	"math"
	"time"
)

// Comparison is a measure's figure set beside the one its rule compares it
// with. There is one rule per measure, decided by its season (see
// Metric.Compare), and every place that compares a figure (the tile, the
// chart's takeaway, the slide, the packet, Show data, CSV and "since the
// last meeting") takes its months and its words from here, so they never
// tell two stories about one number.
type Comparison struct {
	Metric Metric
	// Cur is the figure judged: the newest month, or, for a measure that
	// accumulates through its month, the newest closed month while the
	// newest is still running.
	Cur Observation
	// SoFar is true when Cur's month was still running at the time of the
	// comparison: its figure is the month so far, not the month's.
	SoFar bool
	// Base is the figure Cur is compared with, from the month the rule
	// names (Metric.BaseMonth); HasBase is false when that month has none.
	Base    Observation
	HasBase bool
	// Running is the month still running that a measure which accumulates
	// waits for, when Cur is the month before it; HasRunning says whether
	// there is one.
	Running    Observation
	HasRunning bool
}

// Closed reports whether month t had ended by now, by now's own calendar:
// a month still running holds only part of its figures.
func Closed(t, now time.Time) bool {
	running := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	return Month(t).Before(running)
}

// BaseMonth is the month the measure's rule compares month t with: the
// same month a year earlier for a school-year measure (June against May
// would read the end of the school year as a failure), the month before
// for any other.
func (m Metric) BaseMonth(t time.Time) time.Time {
	if m.Season == SchoolYear {
		return Month(t).AddDate(-1, 0, 0)
	}
	return Month(t).AddDate(0, -1, 0)
}

// ComparisonRule states the measure's rule for a caption.
func (m Metric) ComparisonRule() string {
	if m.Season == SchoolYear {
		return "Compared with the same month a year earlier"
	}
	return "Compared with the month before"
}

// Compare applies the measure's one rule to recent, its figures newest
// first (thirteen months reach a year back), as they stood at now. The
// newest month is compared with the month BaseMonth names, and with
// nothing when that month has no figure: a rule that fell back on another
// month would compare differently in different places. A month still
// running at now is "so far". A measure that accumulates through its
// month (tickets opened, incidents, money booked) is not judged on part
// of a month: while its newest month runs, the month before it is
// compared, and the running month is kept aside as Running. ok is false
// when recent is empty.
func (m Metric) Compare(recent []Observation, now time.Time) (Comparison, bool) {
	if len(recent) == 0 {
		return Comparison{}, false
	}
	c := Comparison{Metric: m, Cur: recent[0]}
	rest := recent[1:]
	if m.Accumulates && !Closed(c.Cur.Period, now) && len(rest) > 0 && rest[0].Period.Equal(Month(c.Cur.Period).AddDate(0, -1, 0)) {
		c.Running, c.HasRunning = c.Cur, true
		c.Cur, rest = rest[0], rest[1:]
	}
	c.SoFar = !Closed(c.Cur.Period, now)
	if m.Accumulates && c.SoFar {
		// Part of a month's count is no count to compare.
		return c, true
	}
	base := m.BaseMonth(c.Cur.Period)
	for _, o := range rest {
		if o.Period.Equal(base) {
			c.Base, c.HasBase = o, true
			break
		}
	}
	return c, true
}

// MonthName writes a month as a sentence reads it: "December 2026".
const MonthName = "January 2006"

// When names the month compared: "December 2026", or "December 2026 so
// far" while it runs.
func (c Comparison) When() string { return monthSoFar(c.Cur.Period, c.SoFar) }

// RunningWhen names the running month a measure that accumulates waits
// for: "December 2026 so far".
func (c Comparison) RunningWhen() string { return monthSoFar(c.Running.Period, true) }

func monthSoFar(t time.Time, soFar bool) string {
	s := t.Format(MonthName)
	if soFar {
		s += " so far"
	}
	return s
}

// Trend is the change from Base to Cur, judged by the measure's polarity;
// flat without a base.
func (c Comparison) Trend() Trend {
	if !c.HasBase {
		return Trend{}
	}
	return c.Metric.TrendOf(c.Cur.Value, c.Base.Value, c.Base.Period)
}

// Change says the change in words, naming the month compared with: "up 4
// tickets on December 2025" (a year earlier), "down 0.3 pts since
// November 2026" (the month before), "same as December 2025". It is ""
// without a base.
func (c Comparison) Change() string {
	if !c.HasBase {
		return ""
	}
	month := c.Base.Period.Format(MonthName)
	since := "since " + month
	if c.Metric.Season == SchoolYear {
		since = "on " + month
	}
	t := c.Trend()
	switch {
	case t.Direction == Flat && c.Metric.Season == SchoolYear:
		return "same as " + month
	case t.Direction == Flat:
		return "no change " + since
	}
	word := "up"
	if t.Direction == Down {
		word = "down"
	}
	return fmt.Sprintf("%s %s %s", word, c.Metric.FormatDelta(math.Abs(t.Delta)), since)
}

// Text is Change with its judgement: "up 4 tickets on December 2025,
// worse". It is "" without a base.
func (c Comparison) Text() string {
	s := c.Change()
	switch t := c.Trend(); {
	case s == "":
	case t.Better:
		s += ", better"
	case t.Worse:
		s += ", worse"
	}
	return s
}
