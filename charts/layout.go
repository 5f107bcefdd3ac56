package charts

import (
	"image/color"
	"math"
	"slices"

	"github.com/cabinetapp/cabinet/district"
)

// frame is the layout of a chart with axes: the plot box, its value axis,
// the legend above it and the row for Chart.YLabel.
type frame struct {
	plot    box
	val     axis
	legend  legendLayout
	yLabelY float64
}

// tickRow is the height of the row of tick labels under a plot, with room
// for a second line of each when category names wrap.
func (c *canvas) tickRow() float64 {
	if c.quiet {
		return 0
	}
	return 1.2*c.lineH() + float64(max(0, c.tickLines-1))*c.lineStep(c.fontPx)
}

// top lays out what goes above a plot: the legend, then the YLabel row,
// then extra rows (annotation notes). It returns where the plot starts.
func (c *canvas) top(ch Chart, items []legendItem, extra float64) (float64, frame) {
	var f frame
	pad := c.pad()
	f.legend = c.layoutLegend(items, pad, c.w-pad, pad)
	y := pad + f.legend.height
	if ch.YLabel != "" {
		f.yLabelY = y + c.lineH()/2
		y += c.lineH()
	}
	// The top tick label reaches half a line above the plot.
	return y + math.Max(extra, c.lineH()/2), f
}

// bottom is where a plot ends above its tick labels and Chart.XLabel.
func (c *canvas) bottom(ch Chart) float64 {
	y := c.h - c.pad() - c.tickRow()
	if ch.XLabel != "" {
		y -= c.lineH()
	}
	return y
}

// layoutV lays out a chart whose value axis runs up the left side: Line,
// Scatter, Bars and StackedBars. extra is room above the plot for notes.
func (c *canvas) layoutV(ch Chart, items []legendItem, extra, lo, hi float64, zero bool) frame {
	top, f := c.top(ch, items, extra)
	bottom := c.bottom(ch)
	f.val = niceAxis(lo, hi, ticksFor(bottom-top, 2.2*c.lineH()), ch.Unit, zero)
	labW := 0.0
	for _, l := range f.val.labels {
		labW = math.Max(labW, c.measure(l, c.fontPx))
	}
	// Absurd magnitudes make absurd labels; they are cut, the plot stays.
	labW = math.Min(labW, 0.35*c.w)
	left := c.pad() + labW
	if labW > 0 {
		left += c.gap()
	}
	f.plot = box{left, top, c.w - c.pad(), bottom}
	return f
}

// hAxis is a horizontal value axis along plot with as many ticks as fit
// their labels side by side.
func (c *canvas) hAxis(lo, hi float64, plot box, u district.Unit, zero bool) axis {
	for n := 11; ; n-- {
		a := niceAxis(lo, hi, n, u, zero)
		if n <= 2 || c.labelsFit(a, plot) {
			return a
		}
	}
}

// labelsFit reports whether an axis's tick labels, centred on their ticks
// along plot and kept on the canvas, leave room between each other.
func (c *canvas) labelsFit(a axis, plot box) bool {
	if c.quiet {
		return true
	}
	sep := 1.5 * c.fontPx
	prev := math.Inf(-1)
	for i, t := range a.ticks {
		w := c.measure(a.labels[i], c.fontPx)
		x := c.onCanvas(plot.x0+a.frac(t)*plot.w(), w)
		if x-w/2 < prev+sep {
			return false
		}
		prev = x + w/2
	}
	return true
}

// yAt and xAt place a value on the frame's value axis.
// Values beyond the axis's reach are clamped like the axis was.
func (f frame) yAt(v float64) float64 { return f.plot.y1 - f.val.frac(clampMag(v))*f.plot.h() }
func (f frame) xAt(v float64) float64 { return f.plot.x0 + f.val.frac(clampMag(v))*f.plot.w() }

// drawValueAxisV draws horizontal grid lines and their labels on the left,
// and the zero line when zero is inside the range.
func (c *canvas) drawValueAxisV(f frame) {
	if c.quiet {
		return
	}
	w := c.lw(c.th.GridWidth)
	for i, t := range f.val.ticks {
		y := f.yAt(t)
		c.hline(y, f.plot.x0, f.plot.x1, c.th.Grid, w, nil)
		label := c.fit(f.val.labels[i], c.fontPx, f.plot.x0-c.gap())
		c.text(label, f.plot.x0-c.gap(), y, c.fontPx, c.th.Muted, alignRight)
	}
	if f.val.lo < 0 && f.val.hi > 0 {
		c.hline(f.yAt(0), f.plot.x0, f.plot.x1, c.th.Axis, w, nil)
	}
	if f.val.lo > 0 {
		c.zoomMark(f.plot)
	}
}

// zoomMark says that a value axis does not start at zero, as a rate's may
// (counts and money always do): the break sign, two short slashes across
// the foot of the axis.
func (c *canvas) zoomMark(plot box) {
	h, w := 0.35*c.fontPx, c.lw(c.th.GridWidth)+c.lw(1)
	for _, dy := range []float64{-0.3 * c.fontPx, 0} {
		y := plot.y1 + dy
		c.stroke([]pt{{plot.x0 - h, y + h/2}, {plot.x0 + h, y - h/2}}, c.th.Axis, w, nil)
	}
}

// drawXTicks draws vertical grid lines at x positions and their labels
// under the plot, kept inside the canvas.
func (c *canvas) drawXTicks(plot box, xs []float64, labels []string) {
	if c.quiet {
		return
	}
	w := c.lw(c.th.GridWidth)
	y := plot.y1 + 0.65*c.lineH()
	for i, x := range xs {
		c.vline(x, plot.y0, plot.y1, c.th.Grid, w, nil)
		c.text(labels[i], c.onCanvas(x, c.measure(labels[i], c.fontPx)), y, c.fontPx, c.th.Muted, alignCenter)
	}
}

// onCanvas moves the centre x of a label w wide so it stays on the canvas.
func (c *canvas) onCanvas(x, w float64) float64 {
	m := c.pad() / 2
	return math.Max(m+w/2, math.Min(c.w-m-w/2, x))
}

// drawLegendAndTitles draws the frame's legend, Chart.YLabel above the
// value labels and Chart.XLabel centred under the tick labels.
func (c *canvas) drawLegendAndTitles(ch Chart, f frame) {
	c.drawLegend(f.legend)
	if ch.YLabel != "" {
		c.text(c.fit(ch.YLabel, c.fontPx, c.w-2*c.pad()), c.pad(), f.yLabelY, c.fontPx, c.th.Text, alignLeft)
	}
	if ch.XLabel != "" {
		label := c.fit(ch.XLabel, c.fontPx, c.w-2*c.pad())
		x := c.onCanvas((f.plot.x0+f.plot.x1)/2, c.measure(label, c.fontPx))
		c.text(label, x, f.plot.y1+c.tickRow()+c.lineH()/2, c.fontPx, c.th.Text, alignCenter)
	}
}

// targets are the chart's goal lines that can be drawn: Target first,
// then Targets.
func targets(ch Chart) []Target {
	var out []Target
	if ch.Target != nil && finite(ch.Target.Value) {
		out = append(out, *ch.Target)
	}
	for _, t := range ch.Targets {
		if finite(t.Value) {
			out = append(out, t)
		}
	}
	return out
}

// targetRange widens lo and hi to take in every goal line: the value axis
// always reaches them.
func targetRange(ch Chart, lo, hi float64) (float64, float64) {
	for _, t := range targets(ch) {
		lo, hi = math.Min(lo, t.Value), math.Max(hi, t.Value)
	}
	return lo, hi
}

func (t Target) text(u district.Unit) string {
	if t.Label != "" {
		return t.Label
	}
	return "Target " + district.FormatUnit(u, t.Value)
}

// targetLine draws the goal lines as dashed lines across the plot:
// horizontal ones, or vertical ones reaching into the row above the plot
// for HBars (horiz value axis). Charts draw them under their values.
func (c *canvas) targetLine(ch Chart, f frame, horiz bool) {
	lw := c.th.LineWidth
	w, dash := c.lw(lw), c.dash(4*lw, 2.5*lw+2)
	for _, t := range targets(ch) {
		if horiz {
			c.vline(f.xAt(t.Value), f.plot.y0-c.lineH()/2, f.plot.y1, c.th.Target, w, dash)
			continue
		}
		c.hline(f.yAt(t.Value), f.plot.x0, f.plot.x1, c.th.Target, w, dash)
	}
}

// mark notes a box of data drawn on the plot.
func (c *canvas) mark(b box) { c.marks = append(c.marks, b) }

// markLine notes a stroked line of width lw as small boxes along it.
func (c *canvas) markLine(p []pt, lw float64) {
	h := lw/2 + 1
	for k, q := range p {
		c.mark(box{q.x - h, q.y - h, q.x + h, q.y + h})
		if k == 0 {
			continue
		}
		a := p[k-1]
		n := int(math.Hypot(q.x-a.x, q.y-a.y) / h)
		for j := 1; j < n; j++ {
			t := float64(j) / float64(n)
			x, y := a.x+t*(q.x-a.x), a.y+t*(q.y-a.y)
			c.mark(box{x - h, y - h, x + h, y + h})
		}
	}
}

// covered counts the marks a box would cover.
func (c *canvas) covered(b box) int {
	n := 0
	for _, m := range c.marks {
		if b.overlaps(m) {
			n++
		}
	}
	return n
}

// targetSpots are the places a horizontal target line's label may go, in
// order of preference: at the right end, the left end or the middle, above
// the line or below it, inside the plot.
func (c *canvas) targetSpots(t Target, ch Chart, f frame) (label string, spots []placed) {
	label = c.fit(t.text(ch.Unit), c.fontPx, f.plot.w()-2*c.gap())
	y := f.yAt(t.Value)
	off := c.lineH()/2 + c.lw(c.th.LineWidth)
	w := c.measure(label, c.fontPx)
	for _, x := range []struct {
		x float64
		a align
	}{{f.plot.x1 - c.gap(), alignRight}, {f.plot.x0 + c.gap(), alignLeft}, {(f.plot.x0 + f.plot.x1) / 2, alignCenter}} {
		for _, ly := range []float64{y - off, y + off} {
			b := c.textBox(w, x.x, ly, x.a)
			b.x0, b.x1 = b.x0-0.25*c.fontPx, b.x1+0.25*c.fontPx
			if b.y0 >= f.plot.y0 && b.y1 <= f.plot.y1 {
				spots = append(spots, placed{x.x, ly, x.a, b})
			}
		}
	}
	return label, spots
}

// placed is a label's anchor and the box it covers.
type placed struct {
	x, y float64
	a    align
	b    box
}

// targetLabelFits says whether every horizontal goal line's label has a
// place over the plot that covers no data and no other goal's label, each
// placed in turn as targetLabel places them.
func (c *canvas) targetLabelFits(ch Chart, f frame) bool {
	n := len(c.marks)
	defer func() { c.marks = c.marks[:n] }()
	for _, t := range targets(ch) {
		_, spots := c.targetSpots(t, ch, f)
		i := slices.IndexFunc(spots, func(s placed) bool { return c.covered(s.b) == 0 })
		if i < 0 {
			return false
		}
		c.mark(spots[i].b)
	}
	return true
}

// targetItems are the goal lines as legend entries, for a chart whose
// plot has no room clear of data for their labels.
func (c *canvas) targetItems(ch Chart) []legendItem {
	var items []legendItem
	lw := c.th.LineWidth
	for _, t := range targets(ch) {
		items = append(items, legendItem{name: t.text(ch.Unit), col: c.th.Target, mark: markLine, dash: c.dash(4*lw, 2.5*lw+2)})
	}
	return items
}

// targetLabel names each goal line on a background box, so lines under
// it do not garble it: for HBars in the row above the plot; otherwise
// beside the line in the first place that covers no data (see
// targetSpots), or the place that covers least. A label placed is marked,
// so the next goal's label keeps clear of it. It returns the boxes of the
// labels placed over the plot.
func (c *canvas) targetLabel(ch Chart, f frame, horiz bool) []box {
	var out []box
	for _, t := range targets(ch) {
		if horiz {
			label := t.text(ch.Unit)
			x, y := f.xAt(t.Value), f.plot.y0-c.lineH()/2
			if x+c.gap()+c.measure(label, c.fontPx) <= c.w-c.pad() {
				c.labelOnBox(label, x+c.gap(), y, c.th.Target, alignLeft)
				continue
			}
			c.labelOnBox(c.fit(label, c.fontPx, x-c.gap()-c.pad()), x-c.gap(), y, c.th.Target, alignRight)
			continue
		}
		label, spots := c.targetSpots(t, ch, f)
		if len(spots) == 0 {
			continue
		}
		best := spots[0]
		for _, s := range spots {
			if c.covered(s.b) < c.covered(best.b) {
				best = s
			}
		}
		c.labelOnBox(label, best.x, best.y, c.th.Target, best.a)
		c.mark(best.b)
		out = append(out, best.b)
	}
	return out
}

// labelOnBox draws text on a small panel of the background colour.
func (c *canvas) labelOnBox(s string, x, y float64, col color.RGBA, a align) {
	if c.quiet || s == "" {
		return
	}
	b := c.textBox(c.measure(s, c.fontPx), x, y, a)
	m := 0.25 * c.fontPx
	c.rect(box{b.x0 - m, b.y0, b.x1 + m, b.y1}, c.th.Background)
	c.text(s, x, y, c.fontPx, col, a)
}
