package charts

import (
	"math"

	"github.com/cabinetapp/cabinet/district"
)

// maxScatterLabels bounds the work of placing point labels; past a couple
// of hundred they could not be read anyway.
const maxScatterLabels = 200

func drawScatter(c *canvas, ch Chart) {
	type point struct {
		Point
		series int
	}
	var pts []point
	xlo, xhi := math.Inf(1), math.Inf(-1)
	ylo, yhi := math.Inf(1), math.Inf(-1)
	for si, s := range ch.Series {
		for _, p := range s.Points {
			if p.Gap || !finite(p.X) || !finite(p.Y) {
				continue
			}
			pts = append(pts, point{p, si})
			xlo, xhi = math.Min(xlo, p.X), math.Max(xhi, p.X)
			ylo, yhi = math.Min(ylo, p.Y), math.Max(yhi, p.Y)
		}
	}
	if len(pts) == 0 {
		c.empty(ch.Empty)
		return
	}
	ylo, yhi = targetRange(ch, ylo, yhi)
	f := c.layoutV(ch, c.seriesItems(ch, markDot), 0, ylo, yhi, false)
	xa := c.hAxis(xlo, xhi, f.plot, ch.XUnit, false)
	xAt := func(v float64) float64 { return f.plot.x0 + xa.frac(v)*f.plot.w() }

	c.drawValueAxisV(f)
	xs := make([]float64, len(xa.ticks))
	for i, t := range xa.ticks {
		xs[i] = xAt(t)
	}
	c.drawXTicks(f.plot, xs, xa.labels)
	c.targetLine(ch, f, false)

	r := c.u(c.th.DotRadius)
	ring := c.lw(1)
	dots := make([]pt, len(pts))
	for i, p := range pts {
		dots[i] = pt{xAt(p.X), f.yAt(p.Y)}
		col, _ := c.seriesStyle(p.series)
		// A rim of background keeps overlapping points apart.
		c.dot(dots[i], r+ring, c.th.Background)
		c.dot(dots[i], r, col)
		c.mark(box{dots[i].x - r, dots[i].y - r, dots[i].x + r, dots[i].y + r})
	}
	texts := make([]string, len(pts))
	for i, p := range pts {
		texts[i] = p.Text
	}
	if len(pts) == 1 && texts[0] == "" {
		texts[0] = district.FormatUnit(ch.XUnit, pts[0].X) + ", " + district.FormatUnit(ch.Unit, pts[0].Y)
	}
	c.placeLabels(dots, texts, r+ring, f.plot)
	c.targetLabel(ch, f, false)
	c.drawLegendAndTitles(ch, f)
}

// placeLabels writes each point's text beside it, trying right, left,
// above and below, in the first place inside the plot that covers no point
// and no earlier label; long texts that find no place try again cut short.
// Texts that still find none are left off.
func (c *canvas) placeLabels(dots []pt, texts []string, r float64, plot box) {
	if c.quiet {
		return
	}
	px := 0.9 * c.fontPx
	h, g := 1.2*px, 0.3*c.fontPx
	taken := make([]box, 0, len(dots)+maxScatterLabels)
	for _, d := range dots {
		taken = append(taken, box{d.x - r, d.y - r, d.x + r, d.y + r})
	}
	labelled := 0
	for i, d := range dots {
		if texts[i] == "" || labelled == maxScatterLabels {
			continue
		}
		labelled++
	try:
		for _, s := range []string{texts[i], c.fit(texts[i], px, math.Min(10*c.fontPx, plot.w()/2))} {
			w := c.measure(s, px)
			for _, b := range []box{
				{d.x + r + g, d.y - h/2, d.x + r + g + w, d.y + h/2},
				{d.x - r - g - w, d.y - h/2, d.x - r - g, d.y + h/2},
				{d.x - w/2, d.y - r - h, d.x + w/2, d.y - r},
				{d.x - w/2, d.y + r, d.x + w/2, d.y + r + h},
			} {
				if b.inside(plot) && !overlapsAny(b, taken) {
					taken = append(taken, b)
					c.mark(b)
					c.text(s, b.x0, (b.y0+b.y1)/2, px, c.th.Text, alignLeft)
					break try
				}
			}
		}
	}
}

func overlapsAny(b box, others []box) bool {
	for _, o := range others {
		if b.overlaps(o) {
			return true
		}
	}
	return false
}
