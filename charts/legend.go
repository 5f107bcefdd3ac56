package charts

import (
	"fmt"
	"image/color"
	"math"

	"github.com/cabinetapp/cabinet/district"
)

// mark is the swatch drawn beside a legend entry.
type mark int

const (
	markNone mark = iota
	markLine
	markBox
	markDot
	markHatch
)

type legendItem struct {
	name string
	col  color.RGBA
	mark mark
	dash []float64 // of a line mark
}

// placedItem is a legend entry at its place: x of the swatch, y of the
// middle of its first line, w of swatch and text together. Its name takes
// one line, or two when it is wider than the legend.
type placedItem struct {
	legendItem
	lines   []string
	x, y, w float64
}

type legendLayout struct {
	items  []placedItem
	height float64
}

func (c *canvas) swatchW(m mark) float64 {
	switch m {
	case markNone:
		return 0
	case markLine:
		return 1.8 * c.fontPx
	}
	return 0.85 * c.fontPx
}

// suppressedItem explains the hatched marker in words.
func suppressedItem(c *canvas) legendItem {
	return legendItem{name: district.SuppressedMark + " suppressed: too few students", col: c.th.Neutral, mark: markHatch}
}

// complementaryItem explains the second mark: a bar hidden so that
// another could not be worked out from the total.
func complementaryItem(c *canvas) legendItem {
	return legendItem{name: district.ComplementaryMark + " hidden so that another school cannot be worked out", col: c.th.Neutral, mark: markHatch}
}

// complementary reports whether a chart has a value hidden by the
// complementary rule.
func complementary(ch Chart) bool {
	for _, s := range ch.Series {
		for _, v := range s.Values {
			if v.Complementary {
				return true
			}
		}
	}
	return false
}

// layoutLegend flows items left to right in rows across x0..x1 from y0.
// An entry wider than a row takes a row of its own, on two lines. When the
// entries need more lines than a quarter of the height allows (three at
// most), the last row ends with "+K more".
func (c *canvas) layoutLegend(items []legendItem, x0, x1, y0 float64) legendLayout {
	if c.quiet || len(items) == 0 {
		return legendLayout{}
	}
	rowH := c.lineH()
	maxLines := max(1, min(3, int(0.25*c.h/rowH)))
	var out []placedItem
	x, line, rowLines := x0, 0, 1
	for i, it := range items {
		sw := c.swatchW(it.mark)
		if sw > 0 {
			sw += c.gap()
		}
		lines := []string{it.name}
		w := sw + c.measure(it.name, c.fontPx)
		if w > x1-x0 {
			lines, _ = c.lines(it.name, c.fontPx, x1-x0-sw, 2)
			w = sw
			for _, l := range lines {
				w = math.Max(w, sw+c.measure(l, c.fontPx))
			}
		}
		if x > x0 && (x+w > x1 || len(lines) > 1) {
			line += rowLines
			x, rowLines = x0, 1
		}
		if line+len(lines) > maxLines {
			out = c.legendMore(out, len(items)-i, x0, x1, y0+0.5*rowH)
			last := out[len(out)-1]
			return legendLayout{out, last.y - y0 + (float64(len(last.lines))-0.5)*rowH + 0.3*rowH}
		}
		out = append(out, placedItem{it, lines, x, y0 + (float64(line)+0.5)*rowH, w})
		rowLines = max(rowLines, len(lines))
		x += w + 1.2*c.fontPx
		if len(lines) > 1 {
			x = x1 // a two-line entry has its row to itself
		}
	}
	return legendLayout{out, float64(line+rowLines)*rowH + 0.3*rowH}
}

// legendMore ends the last legend row with "+K more", dropping entries from
// that row until it fits; with the row emptied it starts at x0 (at y, the
// first row's middle, when no entry is left at all).
func (c *canvas) legendMore(out []placedItem, k int, x0, x1, y float64) []placedItem {
	if len(out) > 0 {
		y = out[len(out)-1].y
	}
	for {
		text := fmt.Sprintf("+%d more", k)
		w := c.measure(text, c.fontPx)
		if len(out) == 0 || out[len(out)-1].y != y {
			return append(out, placedItem{legendItem{}, []string{text}, x0, y, w})
		}
		end := out[len(out)-1]
		if x := end.x + end.w + 1.2*c.fontPx; len(end.lines) == 1 && (x+w <= x1 || len(out) == 1) {
			return append(out, placedItem{legendItem{}, []string{text}, x, y, w})
		}
		out = out[:len(out)-1]
		k++
	}
}

func (c *canvas) drawLegend(l legendLayout) {
	for _, it := range l.items {
		sw := c.swatchW(it.mark)
		c.swatch(it.legendItem, box{it.x, it.y - sw/2, it.x + sw, it.y + sw/2})
		col := c.th.Text
		if it.mark == markNone {
			col = c.th.Muted
		}
		tx := it.x + sw
		if sw > 0 {
			tx += c.gap()
		}
		for i, l := range it.lines {
			c.text(l, tx, it.y+float64(i)*c.lineH(), c.fontPx, col, alignLeft)
		}
	}
}

// swatch draws a legend entry's sample in b; a line sample is as wide as b
// and centred in its height.
func (c *canvas) swatch(it legendItem, b box) {
	mid := (b.y0 + b.y1) / 2
	switch it.mark {
	case markLine:
		c.hline(mid, b.x0, b.x1, it.col, c.lw(c.th.LineWidth), it.dash)
	case markBox:
		c.rect(b, it.col)
	case markDot:
		c.dot(pt{(b.x0 + b.x1) / 2, mid}, b.w()/2.4, it.col)
	case markHatch:
		c.hatched(b, it.col)
	}
}
