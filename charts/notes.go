package charts

import "math"

// placedNote is an annotation laid out above a Line plot: its marker's x,
// and its text in a row of notes, spanning span's x range (row -1 when no
// row had room: the marker stays, without text).
type placedNote struct {
	x    float64
	text string
	row  int
	span box
	a    align
}

// placeNotes gives each annotation's text the lowest of rows rows above
// the plot where it overlaps no other text, crosses no other note's line,
// and is not crossed by one. Text starts after its marker, or ends before
// it near the right edge. Notes are placed right to left because text runs
// rightwards over later markers, whose lines must then stop in lower rows.
// It returns how many rows were used.
func (c *canvas) placeNotes(notes []Annotation, plot box, xa axis, rows int) ([]placedNote, int) {
	out := make([]placedNote, len(notes))
	for i, n := range notes {
		out[i] = placedNote{x: plot.x0 + xa.frac(unixSeconds(n.T))*plot.w(), row: -1}
	}
	used := 0
	maxW := math.Min(0.45*plot.w(), 16*c.fontPx)
	for i := len(notes) - 1; i >= 0; i-- {
		text := c.fit(notes[i].Text, c.fontPx, maxW)
		if text == "" {
			continue
		}
		w, x := c.measure(text, c.fontPx), out[i].x
		a, x0 := alignLeft, x+c.gap()
		if x0+w > c.w-c.pad() {
			a, x0 = alignRight, x-c.gap()-w
		}
		span := box{x0 - c.gap(), 0, x0 + w + c.gap(), 1}
		for r := range rows {
			if noteFits(out, x, span, r) {
				out[i] = placedNote{x: x, text: text, row: r, span: span, a: a}
				used = max(used, r+1)
				break
			}
		}
	}
	return out, used
}

// noteFits reports whether text spanning span can take row r for a note
// whose line is at x, given the notes placed so far. A note's line rises
// from the plot to its own row.
func noteFits(placed []placedNote, x float64, span box, r int) bool {
	for _, o := range placed {
		switch {
		case o.row < 0:
		case o.row == r && o.span.overlaps(span):
			return false
		case o.row >= r && o.x >= span.x0 && o.x <= span.x1:
			return false
		case o.row < r && x >= o.span.x0 && x <= o.span.x1:
			return false
		}
	}
	return true
}

// noteY is the middle of row r of notes above the plot; row 0 is nearest.
func (c *canvas) noteY(plot box, r int) float64 {
	return plot.y0 - (float64(r)+0.5)*c.lineH()
}

// drawNoteLines draws each annotation's dotted line, up to its text's row,
// under the data.
func (c *canvas) drawNoteLines(notes []placedNote, plot box) {
	for _, n := range notes {
		top := plot.y0
		if n.row >= 0 {
			top = c.noteY(plot, n.row)
		}
		c.vline(n.x, top, plot.y1, c.th.Annotation, c.lw(c.th.GridWidth), c.dash(2*c.th.GridWidth, 3*c.th.GridWidth))
	}
}

// drawNoteLabels draws each annotation's marker, a triangle hanging from
// the plot's top edge, and its text, over the data.
func (c *canvas) drawNoteLabels(notes []placedNote, plot box) {
	size := math.Max(5, 0.7*c.fontPx)
	for _, n := range notes {
		c.triangle(pt{n.x, plot.y0 + size/2}, size, true, c.th.Annotation)
		if n.row < 0 {
			continue
		}
		x := n.x + c.gap()
		if n.a == alignRight {
			x = n.x - c.gap()
		}
		c.text(n.text, x, c.noteY(plot, n.row), c.fontPx, c.th.Annotation, n.a)
	}
}
