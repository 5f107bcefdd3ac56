package charts

import (
	"image/color"
	"math"
	"slices"
	"time"

	"github.com/cabinetapp/cabinet/district"
)

// drawable reports whether a Line point can be drawn: gaps, NaN and ±Inf
// break the line instead.
func (p Point) drawable() bool { return !p.Gap && finite(p.Y) }

// runs splits a Line series into stretches of drawable points in time
// order. Points should come ordered by T; ones that do not are sorted.
func runs(points []Point) [][]Point {
	if !slices.IsSortedFunc(points, func(a, b Point) int { return a.T.Compare(b.T) }) {
		points = slices.Clone(points)
		slices.SortStableFunc(points, func(a, b Point) int { return a.T.Compare(b.T) })
	}
	var out [][]Point
	start := -1
	for i, p := range points {
		switch {
		case p.drawable() && start < 0:
			start = i
		case !p.drawable() && start >= 0:
			out = append(out, points[start:i])
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, points[start:])
	}
	return out
}

// lineData is what a Line chart plots, gathered in one pass.
type lineData struct {
	runs     [][][]Point // per series
	n        int         // drawable points
	tlo, thi time.Time
	ylo, yhi float64
	// grain is the smallest spacing of consecutive points, in seconds:
	// time ticks are no finer, so monthly data gets month labels.
	grain float64
	last  Point
	// zero: counts and money are measured from zero, so their axis
	// includes it; rates may zoom in (and the axis says so, see zoomMark).
	zero bool
}

func collectLine(ch Chart) lineData {
	d := lineData{ylo: math.Inf(1), yhi: math.Inf(-1), grain: math.Inf(1), zero: fromZero(ch.Unit)}
	for _, s := range ch.Series {
		rs := runs(s.Points)
		d.runs = append(d.runs, rs)
		var prev time.Time
		for _, r := range rs {
			for _, p := range r {
				if d.n == 0 || p.T.Before(d.tlo) {
					d.tlo = p.T
				}
				if d.n == 0 || p.T.After(d.thi) {
					d.thi = p.T
				}
				if !prev.IsZero() && p.T.After(prev) {
					d.grain = math.Min(d.grain, p.T.Sub(prev).Seconds())
				}
				prev = p.T
				d.ylo, d.yhi = math.Min(d.ylo, p.Y), math.Max(d.yhi, p.Y)
				d.n++
				d.last = p
			}
		}
	}
	d.ylo, d.yhi = targetRange(ch, d.ylo, d.yhi)
	return d
}

// lineDash is how a series is dashed: as asked, or dotted once the palette
// has wrapped round so two series never look the same. Dashes are in
// multiples of the line width, so they read as dashes at any weight.
func (c *canvas) lineDash(dashed, wrapped bool) []float64 {
	lw := c.th.LineWidth
	switch {
	case dashed:
		return c.dash(3*lw, 2*lw+2)
	case wrapped:
		return c.dash(1, 2*lw)
	}
	return nil
}

// seriesItems is the legend entries of a chart's series, drawn with mark
// m. A lone series gets none: the title around the chart names it.
func (c *canvas) seriesItems(ch Chart, m mark) []legendItem {
	if len(ch.Series) < 2 {
		return nil
	}
	items := make([]legendItem, len(ch.Series))
	for i, s := range ch.Series {
		col, wrapped := c.seriesStyle(i)
		items[i] = legendItem{name: s.Name, col: col, mark: m}
		if m == markLine {
			items[i].dash = c.lineDash(s.Dashed, wrapped)
		}
	}
	return items
}

// maxNoteRows is how many rows of annotation notes a Line chart stacks.
const maxNoteRows = 2

func drawLine(c *canvas, ch Chart) {
	d := collectLine(ch)
	if d.n == 0 {
		c.empty(ch.Empty)
		return
	}
	xa := timeRange(d.tlo, d.thi)
	var notes []Annotation
	for _, a := range ch.Annotations {
		if s := unixSeconds(a.T); s >= xa.lo && s <= xa.hi {
			notes = append(notes, a)
		}
	}
	slices.SortStableFunc(notes, func(a, b Annotation) int { return a.T.Compare(b.T) })
	// lay lays the chart out with a legend of items: the plot, the notes
	// above it, the time axis, and each series' runs in pixels.
	lay := func(items []legendItem) (f frame, placed []placedNote, xa axis, lines [][][]pt) {
		xa = timeRange(d.tlo, d.thi)
		// Rows of notes may not squeeze the plot below about half the
		// height: past that notes keep their markers and lose their text.
		rows := c.noteRows(notes, c.w-2*c.pad())
		if c.quiet {
			rows = 0
		}
		f = c.layoutV(ch, items, float64(rows)*c.lineH(), d.ylo, d.yhi, d.zero)
		for rows > 0 && f.plot.h() < 0.5*c.h {
			rows--
			f = c.layoutV(ch, items, float64(rows)*c.lineH(), d.ylo, d.yhi, d.zero)
		}
		placed, used := c.placeNotes(notes, f.plot, xa, rows)
		if used < rows {
			f = c.layoutV(ch, items, float64(used)*c.lineH(), d.ylo, d.yhi, d.zero)
			placed, _ = c.placeNotes(notes, f.plot, xa, used)
		}
		xa = timeTicks(xa, d.tlo, d.thi, d.grain, f.plot, c)
		lines = make([][][]pt, len(d.runs))
		for i, runs := range d.runs {
			for _, run := range runs {
				p := make([]pt, len(run))
				for j, q := range run {
					p[j] = pt{f.plot.x0 + xa.frac(unixSeconds(q.T))*f.plot.w(), f.yAt(q.Y)}
				}
				lines[i] = append(lines[i], thin(p))
			}
		}
		return f, placed, xa, lines
	}
	items := c.seriesItems(ch, markLine)
	f, placed, xa, lines := lay(items)
	lw := c.lw(c.th.LineWidth)
	for _, runs := range lines {
		for _, p := range runs {
			c.markLine(p, lw)
		}
	}
	// Target labels with no free place over the plot go in the legend.
	legendTarget := false
	if len(targets(ch)) > 0 && !c.quiet && !c.targetLabelFits(ch, f) {
		legendTarget = true
		c.marks = nil
		f, placed, xa, lines = lay(append(items, c.targetItems(ch)...))
		for _, runs := range lines {
			for _, p := range runs {
				c.markLine(p, lw)
			}
		}
	}
	xAt := func(t time.Time) float64 { return f.plot.x0 + xa.frac(unixSeconds(t))*f.plot.w() }

	label := c.shade(ch, f.plot, xAt)
	c.drawValueAxisV(f)
	xs := make([]float64, len(xa.ticks))
	for i, t := range xa.ticks {
		xs[i] = f.plot.x0 + xa.frac(t)*f.plot.w()
	}
	c.drawXTicks(f.plot, xs, xa.labels)
	c.drawNoteLines(placed, f.plot)
	c.targetLine(ch, f, false)

	r := math.Max(c.u(c.th.DotRadius), lw)
	for i, s := range ch.Series {
		col, wrapped := c.seriesStyle(i)
		dash := c.lineDash(s.Dashed, wrapped)
		for _, p := range lines[i] {
			if len(p) == 1 {
				// A lone point between gaps has no line to show it.
				c.dot(p[0], r, col)
			} else {
				c.stroke(p, col, lw, dash)
			}
		}
	}
	if d.n == 1 {
		c.pointValue(district.FormatUnit(ch.Unit, d.last.Y), pt{xAt(d.last.T), f.yAt(d.last.Y)}, r, f.plot)
	}
	var goals []box
	if !legendTarget {
		goals = c.targetLabel(ch, f, false)
	}
	c.shadeLabel(ch, label, f.plot, goals)
	c.drawNoteLabels(placed, f.plot)
	c.drawLegendAndTitles(ch, f)
}

// shadeBand is a shaded span's colour: a step from the background.
func (c *canvas) shadeBand() color.RGBA { return mix(c.th.Background, c.th.Grid, 0.6) }

// shade draws the chart's shaded spans behind the grid and the lines, and
// returns where their name goes: the first band it fits in, or an empty box.
func (c *canvas) shade(ch Chart, plot box, xAt func(time.Time) float64) box {
	var label box
	need := c.measure(ch.ShadeLabel, c.fontPx) + c.gap()
	for _, s := range ch.Shaded {
		b := box{x0: math.Max(plot.x0, xAt(s.From)), x1: math.Min(plot.x1, xAt(s.To)), y0: plot.y0, y1: plot.y1}
		if b.w() <= 0 {
			continue
		}
		c.rect(b, c.shadeBand())
		if label.w() == 0 && !c.quiet && ch.ShadeLabel != "" && need <= b.w() {
			mid := (b.x0 + b.x1) / 2
			label = box{x0: mid - need/2, x1: mid + need/2, y0: plot.y0, y1: plot.y0 + c.lineH()}
		}
	}
	return label
}

// shadeLabel names the shaded spans over the grid and lines, on a patch of
// the band's colour: at the top of the band or at its foot, whichever hides
// less of the data, and never on a goal's label.
func (c *canvas) shadeLabel(ch Chart, at, plot box, goals []box) {
	if at.w() == 0 {
		return
	}
	foot := box{x0: at.x0, x1: at.x1, y0: plot.y1 - at.h(), y1: plot.y1}
	best, least := box{}, math.MaxInt
	for _, b := range []box{at, foot} {
		if n := c.covered(b); n < least && !slices.ContainsFunc(goals, b.overlaps) {
			best, least = b, n
		}
	}
	if best.w() == 0 {
		return // the band's name is in the caption and the chart's description
	}
	at = best
	c.rect(at, c.shadeBand())
	c.text(ch.ShadeLabel, (at.x0+at.x1)/2, (at.y0+at.y1)/2, c.fontPx, c.th.Muted, alignCenter)
}

// pointValue labels a lone point of radius r with its value s, above it
// or, when there is no room, below.
func (c *canvas) pointValue(s string, p pt, r float64, plot box) {
	y := p.y - r - c.gap() - c.lineH()/2
	if y-c.lineH()/2 < plot.y0 {
		y = p.y + r + c.gap() + c.lineH()/2
	}
	c.labelOnBox(s, c.onCanvas(p.x, c.measure(s, c.fontPx)), y, c.th.Text, alignCenter)
}

// thin reduces a stretch of points, ordered by x, when it has more points
// than it spans pixel columns: each column keeps its lowest and highest
// point in their order, and the stretch its first and last, so the line
// looks the same and spikes survive.
func thin(p []pt) []pt {
	if len(p) < 3 || float64(len(p)) <= p[len(p)-1].x-p[0].x+1 {
		return p
	}
	out := make([]pt, 0, 2*int(p[len(p)-1].x-p[0].x+2))
	out = append(out, p[0])
	for i := 1; i < len(p)-1; {
		col := math.Floor(p[i].x)
		lo, hi := i, i
		j := i + 1
		for ; j < len(p)-1 && math.Floor(p[j].x) == col; j++ {
			if p[j].y < p[lo].y {
				lo = j
			}
			if p[j].y > p[hi].y {
				hi = j
			}
		}
		out = append(out, p[min(lo, hi)])
		if lo != hi {
			out = append(out, p[max(lo, hi)])
		}
		i = j
	}
	return append(out, p[len(p)-1])
}
