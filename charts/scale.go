package charts

import (
	"math"
	"time"

	"github.com/cabinetapp/cabinet/district"
)

// axis maps values to a fraction of a plot's length and carries its ticks.
type axis struct {
	lo, hi float64
	ticks  []float64
	labels []string
}

// frac is where v falls between lo (0) and hi (1).
func (a axis) frac(v float64) float64 {
	if !(a.hi > a.lo) {
		return 0.5
	}
	return (v - a.lo) / (a.hi - a.lo)
}

// maxMagnitude keeps spans finite: hi-lo overflows for values near ±MaxFloat64.
const maxMagnitude = 1e300

func clampMag(v float64) float64 { return math.Max(-maxMagnitude, math.Min(maxMagnitude, v)) }

// resolution is the smallest step district.FormatUnit shows for values of
// size v in unit u. Ticks must be multiples of it, or two ticks could get
// the same label ("$1.00M" twice) or a label that is not the tick's value.
func resolution(u district.Unit, v float64) float64 {
	switch u {
	case district.Percent, district.Days:
		return 0.1
	case district.Mbps:
		return 0.01
	case district.USD:
		switch v = math.Abs(v); {
		case v >= 1e9:
			return 1e7
		case v >= 1e6:
			return 1e4
		case v >= 1e4:
			return 100
		}
	}
	return 1
}

// nonNegative units cannot go below zero and bounded ones above 100, so an
// axis of them does not either.
func nonNegative(u district.Unit) bool {
	return u != district.USD
}

func bounded(u district.Unit) bool {
	return u == district.Percent || u == district.Percentile
}

// fromZero says whether a unit's value axis must include zero: counts and
// money read as sizes, and a bar or line measured from 50 exaggerates.
func fromZero(u district.Unit) bool { return u == district.Count || u == district.USD }

// niceAxis picks a range covering lo..hi with at most maxTicks ticks on
// round numbers that the unit's format shows exactly. zero forces the range
// to include zero, as bars need. A zero-width range is widened around its
// value, since go-chart's failure on constant series is what this replaces.
func niceAxis(lo, hi float64, maxTicks int, u district.Unit, zero bool) axis {
	lo, hi = clampMag(lo), clampMag(hi)
	if zero {
		lo, hi = math.Min(lo, 0), math.Max(hi, 0)
	}
	dataLo, dataHi := lo, hi
	if lo == hi {
		d := math.Max(math.Abs(lo)*0.05, 5*resolution(u, lo))
		if zero {
			hi += d
		} else {
			lo, hi = lo-d, hi+d
		}
	}
	maxTicks = max(maxTicks, 2)
	raw := (hi - lo) / float64(maxTicks-1)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	// Of the round steps that fit, the one whose ticks hug the data best
	// wins, looking one power of ten beyond the first that fits.
	var best axis
	found := -1
	for k := 0; k < 40 && (found < 0 || k <= found+1); k, mag = k+1, mag*10 {
		for _, m := range [...]float64{1, 2, 2.5, 5} {
			step := m * mag
			if step < raw*(1-1e-9) {
				continue
			}
			// The tolerance forgives float error in lo/step, like
			// 1.9999999 for 2; ticks must still cover lo..hi.
			first := math.Floor(lo/step+1e-9) * step
			last := math.Ceil(hi/step-1e-9) * step
			n := int(math.Round((last-first)/step)) + 1
			slack := 1e-9 * (hi - lo)
			if n > maxTicks || first > lo+slack || last < hi-slack || (found >= 0 && last-first >= best.hi-best.lo) {
				continue
			}
			if a, ok := tickAxis(first, step, n, u); ok {
				best = a
				if found < 0 {
					found = k
				}
			}
		}
	}
	if found < 0 {
		return axis{lo: lo, hi: hi}
	}
	return best.clip(dataLo, dataHi, u)
}

// tickAxis builds n ticks from first by step, if the unit shows them all
// exactly.
func tickAxis(first, step float64, n int, u district.Unit) (axis, bool) {
	a := axis{lo: first, hi: first + float64(n-1)*step}
	for i := range n {
		t := first + float64(i)*step
		if math.Abs(t) < step*1e-9 {
			t = 0 // not -0, which formats as "-0.0%"
		}
		r := t / resolution(u, t)
		if math.Abs(r-math.Round(r)) > 1e-6*math.Max(1, math.Abs(r)) {
			return axis{}, false
		}
		a.ticks = append(a.ticks, t)
		a.labels = append(a.labels, district.FormatUnit(u, t))
	}
	return a, true
}

// clip keeps an axis of a bounded unit within its bounds when the data is:
// no "-20 devices" or "110%" ticks.
func (a axis) clip(lo, hi float64, u district.Unit) axis {
	if nonNegative(u) && lo >= 0 && a.lo < 0 {
		a.lo = 0
	}
	if bounded(u) && hi <= 100 && a.hi > 100 {
		a.hi = 100
	}
	out := axis{lo: a.lo, hi: a.hi}
	for i, t := range a.ticks {
		if t >= a.lo && t <= a.hi {
			out.ticks = append(out.ticks, t)
			out.labels = append(out.labels, a.labels[i])
		}
	}
	return out
}

// ticksFor is how many ticks fit along length with at least spacing
// between them.
func ticksFor(length, spacing float64) int {
	if spacing <= 0 {
		return 6
	}
	return max(2, min(11, int(length/spacing)+1))
}

func unixSeconds(t time.Time) float64 {
	return float64(t.Unix()) + float64(t.Nanosecond())/1e9
}

// timeStep is a candidate spacing of time ticks.
type timeStep struct{ days, months int }

var timeSteps = []timeStep{
	{days: 1}, {days: 2}, {days: 7}, {days: 14},
	{months: 1}, {months: 2}, {months: 3}, {months: 6},
	{months: 12}, {months: 24}, {months: 60}, {months: 120}, {months: 240}, {months: 600}, {months: 1200},
}

func (s timeStep) seconds() float64 {
	return (float64(s.days) + 30.44*float64(s.months)) * 86400
}

func (s timeStep) label(t time.Time) string {
	switch {
	case s.months >= 12:
		return t.Format("2006")
	case s.months > 0:
		return t.Format("Jan 2006")
	}
	return t.Format("Jan 2")
}

// ticks lists the step's ticks from lo to hi, aligned to calendar
// boundaries: quarters start in January, weeks on Monday.
func (s timeStep) ticks(lo, hi time.Time) []time.Time {
	loc := lo.Location()
	var t time.Time
	next := func(t time.Time) time.Time { return t.AddDate(0, s.months, s.days) }
	if s.months > 0 {
		t = time.Date(lo.Year(), lo.Month(), 1, 0, 0, 0, 0, loc)
		idx := t.Year()*12 + int(t.Month()) - 1
		if r := ((idx % s.months) + s.months) % s.months; r != 0 {
			t = t.AddDate(0, s.months-r, 0)
		}
	} else {
		t = time.Date(lo.Year(), lo.Month(), lo.Day(), 0, 0, 0, 0, loc)
		switch {
		case s.days == 7:
			t = t.AddDate(0, 0, -((int(t.Weekday()) + 6) % 7))
		case s.days > 1:
			t = t.AddDate(0, 0, -int(((t.Unix()/86400)%int64(s.days)+int64(s.days))%int64(s.days)))
		}
	}
	for t.Before(lo) {
		t = next(t)
	}
	var out []time.Time
	for !t.After(hi) {
		out = append(out, t)
		t = next(t)
	}
	return out
}

// timeRange maps times, as Unix seconds, along a line chart's x axis. A
// single moment is centred in a month-wide axis and gets its own tick.
func timeRange(lo, hi time.Time) axis {
	if hi.After(lo) {
		return axis{lo: unixSeconds(lo), hi: unixSeconds(hi)}
	}
	label := lo.Format("Jan 2, 2006")
	if lo.Day() == 1 && lo.Hour() == 0 && lo.Minute() == 0 {
		label = lo.Format("Jan 2006")
	}
	s := unixSeconds(lo)
	return axis{lo: s - 15*86400, hi: s + 15*86400, ticks: []float64{s}, labels: []string{label}}
}

// timeTicks ticks a time axis along plot from lo to hi at the finest
// calendar step that is no finer than the data's own spacing (grain, in
// seconds) and whose labels fit side by side.
func timeTicks(a axis, lo, hi time.Time, grain float64, plot box, c *canvas) axis {
	if len(a.ticks) > 0 || c.quiet {
		return a
	}
	span := a.hi - a.lo
	for _, s := range timeSteps {
		if s.seconds() < 0.9*grain || span/s.seconds() > plot.w()/(2*c.fontPx)+2 {
			continue
		}
		try := a
		for _, t := range s.ticks(lo, hi) {
			try.ticks = append(try.ticks, unixSeconds(t))
			try.labels = append(try.labels, s.label(t))
		}
		if len(try.ticks) > 0 && c.labelsFit(try, plot) {
			return try
		}
	}
	return a
}
