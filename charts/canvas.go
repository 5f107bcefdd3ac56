package charts

import (
	"image/color"
	"math"

	"github.com/cabinetapp/cabinet/charts/typeset"
)

type pt struct{ x, y float64 }

// box is a rectangle in device pixels; y grows downwards.
type box struct{ x0, y0, x1, y1 float64 }

func (b box) w() float64 { return b.x1 - b.x0 }
func (b box) h() float64 { return b.y1 - b.y0 }

func (b box) overlaps(o box) bool {
	return b.x0 < o.x1 && o.x0 < b.x1 && b.y0 < o.y1 && o.y0 < b.y1
}

func (b box) inside(o box) bool {
	return b.x0 >= o.x0 && b.x1 <= o.x1 && b.y0 >= o.y0 && b.y1 <= o.y1
}

type align int

const (
	alignLeft align = iota
	alignCenter
	alignRight
)

// limit keeps coordinates finite and near the canvas: the rasterizer works
// in 26.6 fixed point and misbehaves far outside it.
const limit = 1 << 20

// canvas draws a chart's parts on a surface in the theme, converting the
// theme's logical sizes to device pixels.
type canvas struct {
	s     surface
	ts    *typeset.Set
	th    Theme
	scale float64
	w, h  float64
	// quiet canvases are too small for legible text: they draw marks only.
	quiet bool
	// fontPx is the text size in device pixels.
	fontPx float64
	// marks are the boxes of the data drawn on the plot so far (bars,
	// dots, stretches of line, value labels): a target's label finds a
	// place clear of them.
	marks []box
	// tickLines is how many lines the labels under a plot take: category
	// names wrap to two.
	tickLines int
}

func newCanvas(s surface, ts *typeset.Set, o Options) *canvas {
	c := &canvas{s: s, ts: ts, th: o.Theme, scale: o.Scale, w: float64(o.Width), h: float64(o.Height)}
	c.fontPx = c.th.FontSize * c.scale
	// Below about ten characters by six lines, labels would crowd out the
	// data: draw the marks alone, like a sparkline.
	c.quiet = c.w < 10*c.fontPx || c.h < 6*c.fontPx
	return c
}

// u converts a logical length to device pixels.
func (c *canvas) u(v float64) float64 { return v * c.scale }

// lw is a line width in device pixels, whole and at least one, so raster
// and SVG (which truncates widths) draw the same weight.
func (c *canvas) lw(logical float64) float64 {
	return math.Max(1, math.Round(logical*c.scale))
}

func (c *canvas) pad() float64 {
	if c.quiet {
		return math.Min(c.u(c.th.Padding), 0.05*math.Min(c.w, c.h))
	}
	return c.u(c.th.Padding)
}

// gap is the space between a label and what it labels.
func (c *canvas) gap() float64 { return 0.5 * c.fontPx }

// lineH is the height of a line of text; zero on a quiet canvas, so layouts
// collapse to the marks.
func (c *canvas) lineH() float64 {
	if c.quiet {
		return 0
	}
	return 1.35 * c.fontPx
}

func (c *canvas) dash(on, off float64) []float64 {
	return []float64{math.Max(1, math.Round(c.u(on))), math.Max(1, math.Round(c.u(off)))}
}

func usable(p []pt) bool {
	if len(p) < 2 {
		return false
	}
	for _, q := range p {
		if math.IsNaN(q.x) || math.IsNaN(q.y) || math.Abs(q.x) > limit || math.Abs(q.y) > limit {
			return false
		}
	}
	return true
}

func (c *canvas) stroke(p []pt, col color.RGBA, width float64, dash []float64) {
	if usable(p) {
		c.s.stroke(p, col, width, dash)
	}
}

func (c *canvas) fill(p []pt, col color.RGBA) {
	if len(p) >= 3 && usable(p) {
		c.s.fill(p, col)
	}
}

func (c *canvas) rect(b box, col color.RGBA) {
	if b.w() > 0 && b.h() > 0 && usable([]pt{{b.x0, b.y0}, {b.x1, b.y1}}) {
		c.s.rect(b, col)
	}
}

// crisp moves a horizontal or vertical line's position so a stroke of the
// given width covers whole pixels.
func crisp(v, width float64) float64 {
	if int(width)%2 == 1 {
		return math.Floor(v) + 0.5
	}
	return math.Round(v)
}

// hline and vline draw axis-aligned lines; solid ones are filled as
// rectangles, which raster surfaces paint without rasterizing.
func (c *canvas) hline(y, x0, x1 float64, col color.RGBA, width float64, dash []float64) {
	y = crisp(y, width)
	if dash == nil {
		c.rect(box{x0, y - width/2, x1, y + width/2}, col)
		return
	}
	c.stroke([]pt{{x0, y}, {x1, y}}, col, width, dash)
}

func (c *canvas) vline(x, y0, y1 float64, col color.RGBA, width float64, dash []float64) {
	x = crisp(x, width)
	if dash == nil {
		c.rect(box{x - width/2, y0, x + width/2, y1}, col)
		return
	}
	c.stroke([]pt{{x, y0}, {x, y1}}, col, width, dash)
}

// dot is a filled circle, drawn as a polygon so both surfaces agree (the
// SVG renderer's circles truncate the radius and leave empty paths behind).
func (c *canvas) dot(p pt, r float64, col color.RGBA) {
	n := int(math.Max(12, math.Min(48, r*3)))
	ring := make([]pt, n)
	for i := range ring {
		a := 2 * math.Pi * float64(i) / float64(n)
		ring[i] = pt{p.x + r*math.Cos(a), p.y + r*math.Sin(a)}
	}
	c.fill(ring, col)
}

// hatched draws the mark of a suppressed value: an outlined box crossed by
// diagonal lines, empty of any number.
func (c *canvas) hatched(b box, col color.RGBA) {
	if b.w() < 1 || b.h() < 1 {
		return
	}
	w := c.lw(1)
	step := math.Max(3, c.u(5))
	// Lines x+y = k run up and to the right; clip each to the box.
	for k := b.x0 + b.y0 + step; k < b.x1+b.y1; k += step {
		xa, xb := math.Max(b.x0, k-b.y1), math.Min(b.x1, k-b.y0)
		if xa < xb {
			c.stroke([]pt{{xa, k - xa}, {xb, k - xb}}, col, w, nil)
		}
	}
	x0, y0, x1, y1 := crisp(b.x0, w), crisp(b.y0, w), crisp(b.x1, w), crisp(b.y1, w)
	c.stroke([]pt{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}, col, w, nil)
}

// triangle draws a small filled triangle pointing right or down, used as a
// marker that does not rely on colour.
func (c *canvas) triangle(p pt, size float64, down bool, col color.RGBA) {
	h := size / 2
	if down {
		c.fill([]pt{{p.x - h, p.y - h}, {p.x + h, p.y - h}, {p.x, p.y + h}}, col)
		return
	}
	c.fill([]pt{{p.x - h, p.y - h}, {p.x + h, p.y}, {p.x - h, p.y + h}}, col)
}

// measure is the width of s in device pixels at size px; nothing on a
// quiet canvas, which draws no text.
func (c *canvas) measure(s string, px float64) float64 {
	if c.quiet || s == "" {
		return 0
	}
	return c.ts.Measure(s, px)
}

// fit shortens s with an ellipsis until it is at most maxW wide; "" when
// not even the ellipsis fits.
func (c *canvas) fit(s string, px, maxW float64) string {
	if c.quiet {
		return s
	}
	return c.ts.Fit(s, px, maxW)
}

// lines breaks s into at most maxLines lines no wider than maxW, at spaces
// where it can (whole says so); a quiet canvas draws no text and keeps s.
func (c *canvas) lines(s string, px, maxW float64, maxLines int) (lines []string, whole bool) {
	if c.quiet {
		return []string{s}, true
	}
	return c.ts.Lines(s, px, maxW, maxLines)
}

// lineStep is the distance between the lines of one wrapped label.
func (c *canvas) lineStep(px float64) float64 { return 1.15 * px }

// textLines draws lines one under another, the first with its middle at
// y, each aligned on x.
func (c *canvas) textLines(lines []string, x, y, px float64, col color.RGBA, a align) {
	for i, l := range lines {
		c.text(l, x, y+float64(i)*c.lineStep(px), px, col, a)
	}
}

// text draws s with its vertical middle at y, aligned on x. Labels are
// positioned by their middle because layout works in rows of text.
func (c *canvas) text(s string, x, y, px float64, col color.RGBA, a align) {
	if c.quiet || s == "" {
		return
	}
	switch a {
	case alignCenter:
		x -= c.ts.Measure(s, px) / 2
	case alignRight:
		x -= c.ts.Measure(s, px)
	}
	base := y + c.ts.CapHeight*px/2
	if math.Abs(x) > limit || math.Abs(base) > limit || math.IsNaN(x+base) {
		return
	}
	c.s.text(s, x, base, px, col)
}

// textBox is the box text of width w occupies when drawn at x, y with a.
func (c *canvas) textBox(w, x, y float64, a align) box {
	switch a {
	case alignCenter:
		x -= w / 2
	case alignRight:
		x -= w
	}
	h := c.lineH() / 2
	return box{x, y - h, x + w, y + h}
}

const defaultEmpty = "No data for this period"

// empty draws the panel shown when there is nothing to plot: the message,
// wrapped to the width and centred. It draws text even on a quiet canvas
// when the text fits, since the message is all there is.
func (c *canvas) empty(msg string) {
	if msg == "" {
		msg = defaultEmpty
	}
	px := 1.15 * c.th.FontSize * c.scale
	lh := 1.35 * px
	maxW := c.w - 2*c.u(c.th.Padding)
	if maxW <= 0 || lh > c.h {
		return
	}
	loud := *c
	loud.quiet = false
	lines := c.ts.Wrap(msg, px, maxW, max(1, int(c.h/lh)))
	y := c.h/2 - float64(len(lines)-1)*lh/2
	for i, l := range lines {
		loud.text(l, c.w/2, y+float64(i)*lh, px, c.th.Muted, alignCenter)
	}
}

// seriesStyle is the colour of series i, and whether the palette has
// wrapped round to reach it.
func (c *canvas) seriesStyle(i int) (color.RGBA, bool) {
	n := len(c.th.Series)
	return c.th.Series[i%n], i >= n
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
