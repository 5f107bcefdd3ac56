package charts

import (
	"fmt"
	"math"
)

// hbarRows picks the categories that get a row when fit rows are legible.
// If all do not fit, the first ones do, then a "… and K more" row (index
// -1), then the highlighted category if it was cut: the selected school
// never drops out of sight.
func hbarRows(n, hl, fit int) (rows []int, more int) {
	if fit >= n {
		for i := range n {
			rows = append(rows, i)
		}
		return rows, 0
	}
	if fit < 2 {
		return []int{max(hl, 0)}, 0
	}
	keep := fit - 1
	if hl >= keep {
		keep--
	}
	for i := range keep {
		rows = append(rows, i)
	}
	rows = append(rows, -1)
	more = n - keep
	if hl >= keep {
		rows = append(rows, hl)
		more--
	}
	return rows, more
}

// cutItems is how many items the categories without a row stand for: one
// each, and a row of text alone (a ranking's own "… and 1790 more")
// as many as its Value.Stands says, so that the count the chart draws
// counts schools, not rows.
func cutItems(d barData, rows []int) int {
	drawn := make(map[int]bool, len(rows))
	for _, i := range rows {
		drawn[i] = true
	}
	n := 0
	for i := range d.cats {
		if drawn[i] {
			continue
		}
		items := 0
		for _, row := range d.vals {
			if row[i].Suppressed || finite(row[i].V) {
				items = 1
				break
			}
			items = max(items, row[i].Stands)
		}
		n += items
	}
	return n
}

// drawHBars draws a ranking: one row per category from the top, names in
// a column on the left (on two lines when one is too long), bars from
// zero, values past the bars' ends.
func drawHBars(c *canvas, ch Chart) {
	d := collectBars(ch, false)
	if !d.drawable {
		c.empty(ch.Empty)
		return
	}
	n, m := len(d.cats), len(d.vals)
	hl := ch.Highlight
	if hl < 0 || hl >= n {
		hl = -1
	}
	// Rows that do not fit at the theme's type get smaller type, down to
	// 70% of it, before any is cut: a ranking shows the same rows at every
	// size it is drawn at (panel caps the rows it asks for).
	base := c.fontPx
	var (
		f    frame
		rows []int
		more int
		catW float64
	)
	// A name too long for its column takes two lines where rows are tall
	// enough for two lines beside two lines; in rows tighter than that the
	// type shrinks too, and at its smallest such a name is cut.
	nameLines := 1
	for {
		f, rows, more, catW = hbarLayout(c, ch, d, n, hl)
		nameLines = 1
		for _, i := range rows {
			if i >= 0 && c.measure(d.cats[i], c.fontPx) > catW {
				nameLines = 2
			}
		}
		roomy := nameLines == 1 || f.plot.h()/float64(len(rows)) >= 2*c.lineStep(c.fontPx)
		if (more == 0 && roomy) || c.quiet || c.fontPx <= 0.7*base {
			if !roomy {
				nameLines = 1
			}
			break
		}
		c.fontPx = math.Max(0.7*base, c.fontPx*0.9)
	}
	rowH := f.plot.h() / float64(len(rows))
	thick := 0.72 * rowH
	if !c.quiet {
		thick = math.Min(thick, 2.2*c.lineH())
	}
	// Side-by-side bars in a row each need a line's height for their labels.
	showValues := !c.quiet && (m == 1 || thick/float64(m) >= c.lineH())
	xs := make([]float64, len(f.val.ticks))
	for i, t := range f.val.ticks {
		xs[i] = f.xAt(t)
	}
	c.drawXTicks(f.plot, xs, f.val.labels)
	zero := f.xAt(0)
	room := box{f.plot.x0, f.plot.y0, c.w - c.pad()/2, f.plot.y1}
	band := mix(c.th.Background, c.th.Highlight, 0.15)
	var labels []valueLabel
	for r, i := range rows {
		y := f.plot.y0 + (float64(r)+0.5)*rowH
		if i < 0 {
			c.text(fmt.Sprintf("… and %d more", cutItems(d, rows)), f.plot.x0-c.gap(), y, c.fontPx, c.th.Muted, alignRight)
			continue
		}
		ground := c.th.Background
		if i == hl {
			ground = band
			c.rect(box{c.pad(), y - rowH/2, c.w - c.pad(), y + rowH/2}, band)
			c.triangle(pt{c.pad() + 0.4*c.fontPx, y}, 0.7*c.fontPx, false, c.th.Text)
		}
		name, _ := c.lines(d.cats[i], c.fontPx, catW, nameLines)
		for j, l := range name {
			c.cell(i, 0)
			c.text(l, f.plot.x0-c.gap(), y+(float64(j)-float64(len(name)-1)/2)*c.lineStep(c.fontPx), c.fontPx, c.th.Text, alignRight)
		}
		for s, row := range d.vals {
			v := row[i]
			col, _ := c.seriesStyle(s)
			if m == 1 && i == hl {
				col = c.th.Highlight
			}
			b := box{zero, y - thick/2 + float64(s)*thick/float64(m), zero, y - thick/2 + float64(s+1)*thick/float64(m)}
			switch {
			case v.Suppressed:
				b.x1 += c.suppressedLen(f.plot.w())
				c.hatched(b, c.th.Neutral)
			case v.ok():
				b.x0, b.x1 = math.Min(zero, f.xAt(v.V)), math.Max(zero, f.xAt(v.V))
				c.rect(b, col)
			}
			if showValues {
				labels = append(labels, valueLabel{valueText(v, ch.Unit, d.places), b, true, v.ok() && v.V < 0, col, ground, room, [2]int{i, s + 1}, c.fontPx})
			}
		}
	}
	c.vline(zero, f.plot.y0, f.plot.y1, c.th.Axis, c.lw(c.th.GridWidth), nil)
	c.drawOverBars(ch, f, labels, true)
}

// hbarLayout measures a ranking's names and values at the canvas's type
// size and lays out its rows.
func hbarLayout(c *canvas, ch Chart, d barData, n, hl int) (f frame, rows []int, more int, catW float64) {
	valW := 0.0
	catW = c.measure(fmt.Sprintf("… and %d more", n), c.fontPx)
	for i, name := range d.cats {
		catW = math.Max(catW, c.measure(name, c.fontPx))
		for _, row := range d.vals {
			valW = math.Max(valW, c.measure(valueText(row[i], ch.Unit, d.places), c.fontPx))
		}
	}
	// Names take up to 38% of the width, or 45% for a name that would
	// otherwise need two lines; past that they wrap.
	if catW > 0.38*c.w {
		catW = math.Min(catW, 0.45*c.w)
	}
	marker := 0.0
	if hl >= 0 && !c.quiet {
		marker = 1.3 * c.fontPx
	}
	left, right := catW+marker, math.Min(valW, 0.25*c.w)
	if left > 0 {
		left += c.gap()
	}
	if right > 0 {
		right += c.gap()
	}
	extra := 0.0
	if len(targets(ch)) > 0 {
		extra = c.lineH()
	}
	layout := func(note bool) (f frame, rows []int, more int, shown bool) {
		var top float64
		top, f = c.top(ch, c.barItems(ch, note), extra)
		f.plot = box{c.pad() + left, top, c.w - c.pad() - right, c.bottom(ch)}
		f.val = c.hAxis(d.lo, d.hi, f.plot, ch.Unit, true)
		rows, more = hbarRows(n, hl, int(f.plot.h()/math.Max(1.15*c.lineH(), c.u(3))))
		for _, i := range rows {
			for _, row := range d.vals {
				shown = shown || (i >= 0 && row[i].Suppressed)
			}
		}
		return f, rows, more, shown
	}
	// The suppressed note explains a marker only when one is in sight.
	f, rows, more, shown := layout(d.suppressed)
	if d.suppressed && !shown {
		if g, r, k, s := layout(false); !s {
			f, rows, more = g, r, k
		}
	}
	return f, rows, more, catW
}
