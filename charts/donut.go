package charts

import (
	"cmp"
	"fmt"
	"image/color"
	"math"
	"slices"

	"github.com/cabinetapp/cabinet/district"
)

// slice is one entry of a donut: a share of the whole, or a suppressed
// category listed in the legend with the mark and no share.
type slice struct {
	name       string
	v          float64
	col        color.RGBA
	suppressed bool
}

// donutSlices gathers the first series' shares. Negative, NaN and missing
// values have no share and are left out. When there are more slices than
// palette colours, the smallest are gathered into "Other" so no two slices
// share a colour.
func (c *canvas) donutSlices(ch Chart) (shown, suppressed []slice, total float64) {
	s := ch.Series[0]
	n := max(len(ch.Categories), len(s.Values))
	for i := range n {
		sl := slice{name: fmt.Sprintf("#%d", i+1)}
		if i < len(ch.Categories) {
			sl.name = ch.Categories[i]
		}
		v := Value{V: math.NaN()}
		if i < len(s.Values) {
			v = s.Values[i]
		}
		switch {
		case v.Suppressed:
			sl.suppressed, sl.col = true, c.th.Neutral
			suppressed = append(suppressed, sl)
		case v.ok() && v.V >= 0:
			sl.v = v.V
			shown = append(shown, sl)
			total += v.V
		}
	}
	if keep := len(c.th.Series) - 1; len(shown) > keep+1 {
		order := make([]int, len(shown))
		for i := range order {
			order[i] = i
		}
		slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(shown[b].v, shown[a].v) })
		kept := make([]bool, len(shown))
		for _, i := range order[:keep] {
			kept[i] = true
		}
		other := slice{col: c.th.Neutral}
		var out []slice
		for i, sl := range shown {
			if kept[i] {
				out = append(out, sl)
			} else {
				other.v += sl.v
			}
		}
		other.name = fmt.Sprintf("Other (%d)", len(shown)-keep)
		shown = append(out, other)
	}
	for i := range shown {
		if shown[i].col == (color.RGBA{}) {
			shown[i].col = c.th.Series[i%len(c.th.Series)]
		}
	}
	return shown, suppressed, total
}

// share writes a fraction of the whole as a percentage, with a decimal
// only where whole percents would round small slices away.
func share(v, total float64) string {
	p := 100 * v / total
	switch {
	case p == 0 || p >= 9.95:
		return fmt.Sprintf("%.0f%%", p)
	case p < 0.1:
		return "<0.1%"
	}
	return fmt.Sprintf("%.1f%%", p)
}

func drawDonut(c *canvas, ch Chart) {
	if len(ch.Series) == 0 {
		c.empty(ch.Empty)
		return
	}
	shown, suppressed, total := c.donutSlices(ch)
	if !(total > 0) || math.IsInf(total, 0) {
		c.empty(ch.Empty)
		return
	}
	entries := append(slices.Clone(shown), suppressed...)
	labels := make([]string, len(entries))
	nameW, pctW := 0.0, 0.0
	for i, e := range entries {
		labels[i] = district.SuppressedMark
		if !e.suppressed {
			labels[i] = share(e.v, total)
		}
		nameW = math.Max(nameW, c.measure(e.name, c.fontPx))
		pctW = math.Max(pctW, c.measure(labels[i], c.fontPx))
	}
	pad, g := c.pad(), c.gap()
	area := box{pad, pad, c.w - pad, c.h - pad}
	sw := c.swatchW(markBox)
	rowH := 1.2 * c.lineH()
	legW := 0.0
	if !c.quiet {
		legW = math.Min(sw+g+nameW+2*g+pctW, 0.45*area.w())
	}
	// A name too long for the legend's width takes two lines.
	names := make([][]string, len(entries))
	entriesH := 0.0
	for i, e := range entries {
		names[i], _ = c.lines(e.name, c.fontPx, legW-sw-3*g-pctW, 2)
		entriesH += rowH + float64(len(names[i])-1)*c.lineStep(c.fontPx)
	}
	// The legend goes beside the ring on a wide panel and under it on a
	// tall one; the pair is centred.
	var centre pt
	var R float64
	var legend box
	if area.w() >= 1.25*area.h() || c.quiet {
		R = math.Max(0, math.Min((area.w()-legW-2*g)/2, area.h()/2))
		x0 := area.x0 + (area.w()-2*R-2*g-legW)/2
		centre = pt{x0 + R, (area.y0 + area.y1) / 2}
		legH := math.Min(entriesH, area.h())
		legend = box{x0 + 2*R + 2*g, centre.y - legH/2, x0 + 2*R + 2*g + legW, centre.y + legH/2}
	} else {
		legH := math.Min(entriesH, 0.4*area.h())
		R = math.Max(0, math.Min(area.w()/2, (area.h()-legH-g)/2))
		y0 := area.y0 + (area.h()-2*R-g-legH)/2
		centre = pt{(area.x0 + area.x1) / 2, y0 + R}
		legend = box{centre.x - legW/2, y0 + 2*R + g, centre.x + legW/2, y0 + 2*R + g + legH}
	}
	r := 0.58 * R
	a := -math.Pi / 2
	for i, sl := range shown {
		sweep := 2 * math.Pi * sl.v / total
		c.ringPart(centre, r, R, a, a+sweep, sl.col)
		mid := a + sweep/2
		if w := c.measure(labels[i], c.fontPx); sweep*(R+r)/2 >= w+c.fontPx && R-r >= 1.4*c.fontPx {
			p := pt{centre.x + (R+r)/2*math.Cos(mid), centre.y + (R+r)/2*math.Sin(mid)}
			c.text(labels[i], p.x, p.y, c.fontPx, onColor(sl.col), alignCenter)
		}
		a += sweep
	}
	if len(shown) > 1 {
		// Seams of background between slices part them without colour.
		a = -math.Pi / 2
		for _, sl := range shown {
			cos, sin := math.Cos(a), math.Sin(a)
			c.stroke([]pt{{centre.x + (r-1)*cos, centre.y + (r-1)*sin}, {centre.x + (R+1)*cos, centre.y + (R+1)*sin}}, c.th.Background, c.lw(2), nil)
			a += 2 * math.Pi * sl.v / total
		}
	}
	if len(suppressed) == 0 {
		c.donutTotal(district.FormatUnit(ch.Unit, total), centre, r)
	}
	c.donutLegend(entries, names, labels, legend, rowH)
}

// ringPart fills the part of the ring between radii r and R from angle a0
// to a1 (radians, clockwise from three o'clock), as a polygon: both
// surfaces then agree, which the SVG renderer's arcs do not.
func (c *canvas) ringPart(o pt, r, R, a0, a1 float64, col color.RGBA) {
	n := int(math.Ceil((a1-a0)/(math.Pi/90))) + 1
	p := make([]pt, 0, 2*n)
	for i := range n {
		a := a0 + (a1-a0)*float64(i)/float64(n-1)
		p = append(p, pt{o.x + R*math.Cos(a), o.y + R*math.Sin(a)})
	}
	for i := n - 1; i >= 0; i-- {
		a := a0 + (a1-a0)*float64(i)/float64(n-1)
		p = append(p, pt{o.x + r*math.Cos(a), o.y + r*math.Sin(a)})
	}
	c.fill(p, col)
}

// donutTotal writes the whole in the hole, when it fits.
func (c *canvas) donutTotal(s string, o pt, r float64) {
	px := 1.25 * c.fontPx
	if c.quiet || c.measure(s, px) > 1.6*r || 2.4*c.lineH() > 1.5*r {
		return
	}
	c.text("Total", o.x, o.y-0.55*c.lineH(), c.fontPx, c.th.Muted, alignCenter)
	c.text(s, o.x, o.y+0.55*c.lineH(), px, c.th.Text, alignCenter)
}

// donutLegend lists entries in b: swatch, name (on its lines) and share,
// one after another; when they do not all fit the last row says how many
// more there are.
func (c *canvas) donutLegend(entries []slice, names [][]string, labels []string, b box, rowH float64) {
	if c.quiet || rowH <= 0 {
		return
	}
	step := c.lineStep(c.fontPx)
	height := func(i int) float64 { return rowH + float64(len(names[i])-1)*step }
	fit, used := 0, 0.0
	for fit < len(entries) && used+height(fit) <= b.h()+1e-9 {
		used += height(fit)
		fit++
	}
	if fit < len(entries) {
		// The last row that fits says how many more there are.
		for fit > 0 && used+rowH > b.h()+1e-9 {
			fit--
			used -= height(fit)
		}
	}
	more := len(entries) - fit
	sw, g := c.swatchW(markBox), c.gap()
	y := b.y0
	for i, e := range entries[:fit] {
		mid := y + rowH/2
		m := markBox
		if e.suppressed {
			m = markHatch
		}
		c.swatch(legendItem{col: e.col, mark: m}, box{b.x0, mid - sw/2, b.x0 + sw, mid + sw/2})
		c.textLines(names[i], b.x0+sw+g, mid, c.fontPx, c.th.Text, alignLeft)
		c.text(labels[i], b.x1, mid, c.fontPx, c.th.Text, alignRight)
		y += height(i)
	}
	if more > 0 && used+rowH <= b.h()+1e-9 {
		c.text(c.fit(fmt.Sprintf("… and %d more", more), c.fontPx, b.w()), b.x0, y+rowH/2, c.fontPx, c.th.Muted, alignLeft)
	}
}
