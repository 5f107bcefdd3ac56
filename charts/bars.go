package charts

import (
	"image/color"
	"math"

	"github.com/cabinetapp/cabinet/district"
)

// barData is a bar chart's values as a grid of series by category. A
// missing, NaN or infinite value is drawn as nothing; a suppressed one as a
// marker.
type barData struct {
	cats       []string
	vals       [][]Value // [series][category], padded with NaN
	suppressed bool
	drawable   bool
	lo, hi     float64 // over values and, when stacked, over stack sums
	places     int     // decimals of every bar's label: one number a chart
}

func (v Value) ok() bool { return !v.Suppressed && finite(v.V) }

func collectBars(ch Chart, stacked bool) barData {
	n := len(ch.Categories)
	for _, s := range ch.Series {
		n = max(n, len(s.Values))
	}
	d := barData{cats: make([]string, n)}
	copy(d.cats, ch.Categories)
	for _, s := range ch.Series {
		row := make([]Value, n)
		for i := range row {
			row[i] = Value{V: math.NaN()}
			if i < len(s.Values) {
				row[i] = s.Values[i]
			}
			d.suppressed = d.suppressed || row[i].Suppressed
			d.drawable = d.drawable || row[i].Suppressed || finite(row[i].V)
			d.places = max(d.places, district.PlacesOf(ch.Unit, row[i].V))
		}
		d.vals = append(d.vals, row)
	}
	for i := range n {
		pos, neg := 0.0, 0.0
		for _, row := range d.vals {
			v := row[i]
			switch {
			case !v.ok():
			case !stacked:
				d.lo, d.hi = math.Min(d.lo, v.V), math.Max(d.hi, v.V)
			case v.V > 0:
				pos += v.V
			default:
				neg += v.V
			}
		}
		d.lo, d.hi = math.Min(d.lo, neg), math.Max(d.hi, pos)
	}
	d.lo, d.hi = targetRange(ch, d.lo, d.hi)
	return d
}

// barItems is the legend of a bar chart: the series when there are
// several, and the suppressed marker when one is drawn.
func (c *canvas) barItems(ch Chart, suppressed bool) []legendItem {
	items := c.seriesItems(ch, markBox)
	if suppressed {
		items = append(items, suppressedItem(c))
		if complementary(ch) {
			items = append(items, complementaryItem(c))
		}
	}
	return items
}

// suppressedLen is the length of a suppressed marker bar: visibly a bar,
// clearly not a value.
func (c *canvas) suppressedLen(plotLen float64) float64 {
	return math.Min(0.2*plotLen, 2.5*c.fontPx)
}

// valueText is how a bar's value is written, in places decimals: the
// number, the suppressed mark, or nothing.
func valueText(v Value, u district.Unit, places int) string {
	switch {
	case v.Suppressed:
		return district.Cell{Suppressed: true, Complementary: v.Complementary}.Mark()
	case v.ok():
		return district.FormatPlaces(u, v.V, places)
	}
	return ""
}

// valueLabel is a bar's label waiting to be drawn over the target line.
type valueLabel struct {
	s string
	b box // the bar
	// horiz bars end on the right (on the left when neg); vertical ones at
	// the top (the bottom when neg).
	horiz, neg bool
	fill       color.RGBA // the bar's colour
	ground     color.RGBA // what lies past the bar's end
	room       box        // where a label past the end must stay
	// cell is the label's row and column in a ranking's table, for a
	// surface that tags them (see canvas.cell); row -1 for none.
	cell [2]int
	px   float64 // the text's size
}

// Value labels too wide for their bars may be set a little smaller, down
// to smallestValue of the chart's text and never under smallestValuePx,
// rather than left off: a slide of six pairs of dollar bars at 1366 wide
// would otherwise show no values at all.
const smallestValue, smallestValuePx = 0.75, 14.0

// valuePx is the size at which labels as wide as widest at the chart's
// text size fit in room, and whether there is one.
func (c *canvas) valuePx(widest, room float64) (float64, bool) {
	if c.quiet {
		return 0, false
	}
	if widest <= room {
		return c.fontPx, true
	}
	px := math.Floor(2*c.fontPx*room/widest) / 2
	return px, px >= smallestValue*c.fontPx && px >= smallestValuePx
}

// drawBars draws Bars (series side by side) and StackedBars (series
// stacked, positive values up from zero and negative ones down).
func drawBars(c *canvas, ch Chart, stacked bool) {
	d := collectBars(ch, stacked)
	if !d.drawable {
		c.empty(ch.Empty)
		return
	}
	items := c.barItems(ch, d.suppressed)
	// Bars fill the plot across, so a target's label has no place clear
	// of them there: it goes in the legend.
	if !c.quiet {
		items = append(items, c.targetItems(ch)...)
	}
	n, m := len(d.cats), len(d.vals)
	texts, maxW := barTexts(c, d, ch.Unit, stacked)
	// geometry is where bars go along the plot: a slot per category, a
	// group of bars in it, and whether all value labels fit over their bars
	// (they are all shown or none, so a missing one never reads as zero).
	geometry := func(f frame) (slot, group, barW, px float64, showValues bool) {
		slot = f.plot.w() / float64(n)
		group = 0.8 * slot
		barW, labelW := group, slot-c.gap()
		if !stacked {
			barW = group / float64(m)
		}
		if !stacked && m > 1 {
			labelW = barW
		}
		px, showValues = c.valuePx(maxW, labelW)
		return slot, group, barW, px, showValues
	}
	// lay lays the plot out over lo..hi with room under it for the
	// category names, on two lines if any needs them at its slot's width.
	lay := func(lo, hi float64) frame {
		c.tickLines = 1
		f := c.layoutV(ch, items, 0, lo, hi, true)
		if _, lines := c.categoryLines(d.cats, f.plot.w()/float64(n)); len(lines) > 0 && maxLen(lines) > 1 {
			c.tickLines = 2
			f = c.layoutV(ch, items, 0, lo, hi, true)
		}
		return f
	}
	f := lay(d.lo, d.hi)
	if _, _, _, _, show := geometry(f); show {
		// Leave a line of room for value labels past the longest bars, but
		// never take a percentage past 100.
		room := c.lineH() / math.Max(1, f.plot.h()) * (f.val.hi - f.val.lo)
		lo, hi := d.lo, d.hi
		if hi > 0 {
			hi += room
		}
		if bounded(ch.Unit) && d.hi <= 100 {
			hi = math.Min(hi, 100)
		}
		if lo < 0 {
			lo -= room
		}
		f = lay(lo, hi)
	}
	slot, group, barW, px, showValues := geometry(f)
	// Side-by-side bars get a sliver of background between them, so they
	// part without relying on colour.
	inset := 0.0
	if !stacked && m > 1 && barW > 6 {
		inset = math.Max(1, 0.08*barW)
	}
	markW := c.measure(district.SuppressedMark, c.fontPx)
	labelRoom := box{0, f.plot.y0 - c.lineH()/2, c.w, f.plot.y1}
	var labels []valueLabel
	label := func(s string, b box, neg bool, fill color.RGBA) {
		labels = append(labels, valueLabel{s, b, false, neg, fill, c.th.Background, labelRoom, [2]int{-1, 0}, px})
	}

	c.drawValueAxisV(f)
	c.drawCategoryLabels(d.cats, f.plot, slot)
	zero := f.yAt(0)
	for i := range n {
		left := f.plot.x0 + float64(i)*slot + (slot-group)/2
		pos, neg := 0.0, 0.0
		drawn, supp := false, false
		top := c.th.Background
		for s, row := range d.vals {
			v := row[i]
			col, _ := c.seriesStyle(s)
			supp = supp || v.Suppressed
			x0 := left
			if !stacked {
				x0 += float64(s) * barW
			}
			b := box{x0 + inset, zero, x0 + barW - inset, zero}
			switch {
			case v.Suppressed && !stacked:
				b.y0 -= c.suppressedLen(f.plot.h())
				c.hatched(b, c.th.Neutral)
				if !c.quiet && markW <= barW {
					label(texts[i][s], b, false, c.th.Neutral)
				}
				continue
			case !v.ok():
				continue
			case !stacked:
				b.y0, b.y1 = math.Min(zero, f.yAt(v.V)), math.Max(zero, f.yAt(v.V))
			case v.V >= 0:
				b.y0, b.y1 = f.yAt(pos+v.V), f.yAt(pos)
				pos += v.V
			default:
				b.y0, b.y1 = f.yAt(neg), f.yAt(neg+v.V)
				neg += v.V
			}
			c.rect(b, col)
			c.mark(b)
			drawn, top = true, col
			switch {
			case stacked && m > 1:
				// A seam of background between stacked parts.
				edge := b.y0
				if v.V < 0 {
					edge = b.y1
				}
				c.hline(edge, b.x0, b.x1, c.th.Background, c.lw(1), nil)
			case !stacked && showValues:
				label(texts[i][s], b, v.V < 0, col)
			}
		}
		if !stacked {
			continue
		}
		whole := box{left, f.yAt(pos), left + group, f.yAt(neg)}
		if supp && !drawn {
			whole.y0 = zero - c.suppressedLen(f.plot.h())
			c.hatched(whole, c.th.Neutral)
		}
		if showValues && (drawn || supp) {
			label(texts[i][m], whole, pos == 0 && neg < 0, top)
		}
	}
	c.hline(zero, f.plot.x0, f.plot.x1, c.th.Axis, c.lw(c.th.GridWidth), nil)
	c.drawOverBars(ch, f, labels, false)
}

// drawOverBars draws what lies over a bar chart's bars, in that order: the
// target line, the bars' value labels (on patches that mask the line), the
// target's label (HBars; vertical bars name the target in the legend),
// the legend and the axis titles.
func (c *canvas) drawOverBars(ch Chart, f frame, labels []valueLabel, horiz bool) {
	c.targetLine(ch, f, horiz)
	for _, l := range labels {
		c.barValue(l)
	}
	if horiz {
		c.targetLabel(ch, f, horiz)
	}
	c.drawLegendAndTitles(ch, f)
}

// barTexts writes every bar's label, texts[category][series], with each
// stack's total after the series, and measures the widest that is shown.
// A stack with a suppressed part has no known total: its label is the mark.
func barTexts(c *canvas, d barData, u district.Unit, stacked bool) ([][]string, float64) {
	m := len(d.vals)
	texts := make([][]string, len(d.cats))
	maxW := 0.0
	for i := range texts {
		texts[i] = make([]string, m+1)
		total, supp := 0.0, false
		for s, row := range d.vals {
			texts[i][s] = valueText(row[i], u, d.places)
			if row[i].ok() {
				total += row[i].V
			}
			supp = supp || row[i].Suppressed
		}
		texts[i][m] = district.FormatPlaces(u, total, d.places)
		if supp {
			texts[i][m] = district.SuppressedMark
		}
		shown := texts[i][:m]
		if stacked {
			shown = texts[i][m:]
		}
		for _, t := range shown {
			maxW = math.Max(maxW, c.measure(t, c.fontPx))
		}
	}
	return texts, maxW
}

// categoryLines breaks category names into lines under slots slot wide,
// two at most, at spaces. When slots are too narrow for even a few letters
// only every k-th slot is labelled, with room for k slots; lines[i] are
// the lines of category i*k.
func (c *canvas) categoryLines(cats []string, slot float64) (k int, lines [][]string) {
	if c.quiet {
		return 1, nil
	}
	k = 1
	for float64(k)*slot < 3.2*c.fontPx && k < len(cats) {
		k++
	}
	maxW := float64(k)*slot - c.gap()
	for i := 0; i < len(cats); i += k {
		l, _ := c.lines(cats[i], c.fontPx, maxW, 2)
		lines = append(lines, l)
	}
	return k, lines
}

// maxLen is the length of the longest of lines.
func maxLen(lines [][]string) int {
	n := 0
	for _, l := range lines {
		n = max(n, len(l))
	}
	return n
}

// drawCategoryLabels writes category names under their slots, on up to
// as many lines as the row under the plot has (see categoryLines).
func (c *canvas) drawCategoryLabels(cats []string, plot box, slot float64) {
	k, lines := c.categoryLines(cats, slot)
	y := plot.y1 + 0.65*c.lineH()
	for j, l := range lines {
		if len(l) > c.tickLines {
			l, _ = c.lines(cats[j*k], c.fontPx, float64(k)*slot-c.gap(), c.tickLines)
		}
		w := 0.0
		for _, s := range l {
			w = math.Max(w, c.measure(s, c.fontPx))
		}
		x := c.onCanvas(plot.x0+(float64(j*k)+0.5)*slot, w)
		c.textLines(l, x, y, c.fontPx, c.th.Text, alignCenter)
	}
}

// barValue writes a bar's label past the bar's end, on a patch of the
// ground so a target line under it does not garble it, when it fits in the
// room; else just inside the end in a colour that reads on the bar; else
// not at all.
func (c *canvas) barValue(l valueLabel) {
	if l.s == "" || c.quiet {
		return
	}
	w, g := c.measure(l.s, l.px), 0.3*l.px
	type place struct {
		x, y float64
		a    align
	}
	b, h := l.b, c.lineH()/2*l.px/c.fontPx
	mid := pt{(b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2}
	var out, in place
	switch {
	case l.horiz && !l.neg:
		out, in = place{b.x1 + g, mid.y, alignLeft}, place{b.x1 - g, mid.y, alignRight}
	case l.horiz:
		out, in = place{b.x0 - g, mid.y, alignRight}, place{b.x0 + g, mid.y, alignLeft}
	case !l.neg:
		out, in = place{mid.x, b.y0 - g/2 - h, alignCenter}, place{mid.x, b.y0 + g/2 + h, alignCenter}
	default:
		out, in = place{mid.x, b.y1 + g/2 + h, alignCenter}, place{mid.x, b.y1 - g/2 - h, alignCenter}
	}
	if tb := c.textBox(w, out.x, out.y, out.a); tb.inside(l.room) {
		c.rect(box{tb.x0 - g/2, tb.y0, tb.x1 + g/2, tb.y1}, l.ground)
		c.mark(tb)
		l.tag(c)
		c.text(l.s, out.x, out.y, l.px, c.th.Text, out.a)
		return
	}
	if c.textBox(w, in.x, in.y, in.a).inside(b) {
		l.tag(c)
		c.text(l.s, in.x, in.y, l.px, onColor(l.fill), in.a)
	}
}

func (l valueLabel) tag(c *canvas) {
	if l.cell[0] >= 0 {
		c.cell(l.cell[0], l.cell[1])
	}
}
