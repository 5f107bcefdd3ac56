package charts

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/cabinetapp/cabinet/district"
)

// describeItems is the most categories or series a description lists by
// name; the rest are counted.
const describeItems = 12

// Describe writes a chart's alternative text from its data, for a reader
// that cannot see it: the kind of chart, what it shows (title), how each
// line runs from its first value to its last with its lowest and highest,
// or each bar's value, the target, the shaded spans and the notes. Values
// hidden to protect students are said to be hidden, never given.
//
// "Line chart: Attendance rate, from 93.8% in January 2026 to 94.0% in
// November 2026, lowest 91.2% in March 2026; target 95.0%; summer months
// shaded."
func Describe(c Chart, title string) string {
	var kind string
	switch c.Kind {
	case Line:
		kind = "Line chart"
	case Bars:
		kind = "Bar chart"
	case StackedBars:
		kind = "Stacked bar chart"
	case HBars:
		kind = "Ranking, as a bar chart"
	case Donut:
		kind = "Donut chart"
	case Scatter:
		kind = "Scatter plot"
	default:
		kind = "Chart"
	}
	head := kind
	if t := strings.TrimSpace(title); t != "" {
		head += ": " + t
	}
	var parts []string
	switch c.Kind {
	case Line:
		parts = describeLines(c)
	case Scatter:
		parts = describeScatter(c)
	default:
		parts = describeBars(c)
	}
	if len(parts) == 0 {
		msg := c.Empty
		if msg == "" {
			msg = defaultEmpty
		}
		parts = []string{strings.TrimSuffix(msg, ".")}
	}
	for _, t := range targets(c) {
		parts = append(parts, district.LowerFirst(t.text(c.Unit)))
	}
	if len(c.Shaded) > 0 && c.ShadeLabel != "" {
		parts = append(parts, district.LowerFirst(c.ShadeLabel)+" shaded")
	}
	for _, a := range c.Annotations {
		parts = append(parts, fmt.Sprintf("note at %s: %s", a.T.Format("January 2006"), a.Text))
	}
	return head + ", " + strings.Join(parts, "; ") + "."
}

func month(t time.Time) string { return t.Format("January 2006") }

// describeLines tells each series's run: first to last value, and its
// lowest and highest where they are neither.
func describeLines(c Chart) []string {
	var out []string
	named := 0
	for _, s := range c.Series {
		var pts []Point
		hidden := 0
		for _, p := range s.Points {
			if p.Gap || !finite(p.Y) {
				hidden++
				continue
			}
			pts = append(pts, p)
		}
		if len(pts) == 0 {
			continue
		}
		slices.SortStableFunc(pts, func(a, b Point) int { return a.T.Compare(b.T) })
		if named == describeItems {
			out = append(out, fmt.Sprintf("and %d more lines", countLines(c)-named))
			break
		}
		named++
		f := func(v float64) string { return district.FormatUnit(c.Unit, v) }
		first, last := pts[0], pts[len(pts)-1]
		var b strings.Builder
		if s.Name != "" && len(c.Series) > 1 {
			b.WriteString(s.Name + " ")
		}
		if len(pts) == 1 {
			fmt.Fprintf(&b, "%s in %s", f(first.Y), month(first.T))
		} else {
			fmt.Fprintf(&b, "from %s in %s to %s in %s", f(first.Y), month(first.T), f(last.Y), month(last.T))
			lo, hi := first, first
			for _, p := range pts {
				if p.Y < lo.Y {
					lo = p
				}
				if p.Y > hi.Y {
					hi = p
				}
			}
			if lo.Y < math.Min(first.Y, last.Y) {
				fmt.Fprintf(&b, ", lowest %s in %s", f(lo.Y), month(lo.T))
			}
			if hi.Y > math.Max(first.Y, last.Y) {
				fmt.Fprintf(&b, ", highest %s in %s", f(hi.Y), month(hi.T))
			}
		}
		if s.Dashed {
			b.WriteString(" (dashed)")
		}
		if hidden > 0 {
			fmt.Fprintf(&b, ", %s without a value", district.Counted(float64(hidden), "points"))
		}
		out = append(out, b.String())
	}
	return out
}

func countLines(c Chart) int {
	n := 0
	for _, s := range c.Series {
		for _, p := range s.Points {
			if !p.Gap && finite(p.Y) {
				n++
				break
			}
		}
	}
	return n
}

// describeBars lists each category with its values, in the chart's order.
func describeBars(c Chart) []string {
	d := collectBars(c, c.Kind == StackedBars)
	if !d.drawable {
		return nil
	}
	series := d.vals
	if c.Kind == Donut && len(series) > 1 {
		series = series[:1]
	}
	value := func(v Value) string {
		switch {
		case v.Suppressed && v.Complementary:
			return district.ComplementaryMark + " hidden so that another cannot be worked out"
		case v.Suppressed:
			return district.SuppressedMark + " hidden to protect students"
		}
		return district.FormatUnit(c.Unit, v.V)
	}
	var items []string
	n := len(d.cats)
	shown := min(n, describeItems)
	for i := range shown {
		name := d.cats[i]
		if name == "" {
			name = fmt.Sprintf("#%d", i+1)
		}
		var vals []string
		for j, row := range series {
			if !row[i].Suppressed && !finite(row[i].V) {
				// A row of text alone, such as "… and 17 more".
				continue
			}
			v := value(row[i])
			if len(series) > 1 && c.Series[j].Name != "" {
				v = c.Series[j].Name + " " + v
			}
			vals = append(vals, v)
		}
		items = append(items, strings.TrimSpace(name+" "+strings.Join(vals, ", ")))
	}
	// Rows of text alone ("… and 17 more") are read, not counted.
	valued := 0
	for i := range n {
		for _, row := range series {
			if row[i].Suppressed || finite(row[i].V) {
				valued++
				break
			}
		}
	}
	out := []string{district.Counted(float64(valued), "items") + ": " + strings.Join(items, "; ")}
	if n > shown {
		out[0] += fmt.Sprintf("; and %d more", n-shown)
	}
	if c.Kind == HBars && c.Highlight >= 0 && c.Highlight < n {
		out = append(out, fmt.Sprintf("%s is highlighted, row %d of %d", d.cats[c.Highlight], c.Highlight+1, n))
	}
	return out
}

// describeScatter says how many points there are and their span.
func describeScatter(c Chart) []string {
	var xs, ys []float64
	for _, s := range c.Series {
		for _, p := range s.Points {
			if !p.Gap && finite(p.X) && finite(p.Y) {
				xs, ys = append(xs, p.X), append(ys, p.Y)
			}
		}
	}
	if len(xs) == 0 {
		return nil
	}
	span := func(v []float64, u district.Unit) string {
		return district.FormatUnit(u, slices.Min(v)) + " to " + district.FormatUnit(u, slices.Max(v))
	}
	xl, yl := c.XLabel, c.YLabel
	if xl == "" {
		xl = "across"
	}
	if yl == "" {
		yl = "up"
	}
	return []string{fmt.Sprintf("%s, %s from %s, %s from %s", district.Counted(float64(len(xs)), "points"), xl, span(xs, c.XUnit), yl, span(ys, c.Unit))}
}
