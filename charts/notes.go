package charts

import "math"

// placedNote is an annotation laid out above a Line plot: its marker's x,
// and its text in rows row to top of the rows of notes (one line a row,
// the first line in the top row), spanning span's x range (row -1 when no
// rows had room: the marker stays, without text).
type placedNote struct {
	x        float64
	lines    []string
	row, top int
	span     box
	a        align
}

// maxNoteLines is how many lines one note's text may take.
const maxNoteLines = 2

// noteLines breaks a note's text into lines no wider than maxW.
func (c *canvas) noteLines(text string, maxW float64) []string {
	lines, _ := c.lines(text, c.fontPx, maxW, maxNoteLines)
	return lines
}

// noteWidth is the widest a note's lines may be above a plot.
func (c *canvas) noteWidth(plot box) float64 { return math.Min(0.45*plot.w(), 16*c.fontPx) }

// noteRows is how many rows the notes' text would take on their own, at
// most maxNoteRows: the room to ask above a plot about w wide.
func (c *canvas) noteRows(notes []Annotation, w float64) int {
	n := 0
	for _, a := range notes {
		n = max(n, len(c.noteLines(a.Text, math.Min(0.45*w, 16*c.fontPx))))
	}
	return min(max(n, min(len(notes), maxNoteRows)), maxNoteRows)
}

// placeNotes gives each annotation's text the lowest rows of rows above
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
	maxW := c.noteWidth(plot)
	for i := len(notes) - 1; i >= 0; i-- {
		lines := c.noteLines(notes[i].Text, maxW)
		if len(lines) == 0 || lines[0] == "" {
			continue
		}
		w := 0.0
		for _, l := range lines {
			w = math.Max(w, c.measure(l, c.fontPx))
		}
		x := out[i].x
		a, x0 := alignLeft, x+c.gap()
		if x0+w > c.w-c.pad() {
			a, x0 = alignRight, x-c.gap()-w
		}
		span := box{x0 - c.gap(), 0, x0 + w + c.gap(), 1}
		for r := 0; r+len(lines) <= rows; r++ {
			top := r + len(lines) - 1
			if noteFits(out, x, span, r, top) {
				out[i] = placedNote{x: x, lines: lines, row: r, top: top, span: span, a: a}
				used = max(used, top+1)
				break
			}
		}
	}
	return out, used
}

// noteFits reports whether text spanning span can take rows r to top for
// a note whose line is at x, given the notes placed so far. A note's line
// rises from the plot to the top row of its text.
func noteFits(placed []placedNote, x float64, span box, r, top int) bool {
	for _, o := range placed {
		switch {
		case o.row < 0:
		case o.row <= top && o.top >= r && o.span.overlaps(span):
			return false
		case o.top >= r && o.x >= span.x0 && o.x <= span.x1:
			return false
		case o.row <= top && x >= o.span.x0 && x <= o.span.x1:
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
			top = c.noteY(plot, n.top)
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
		for i, l := range n.lines {
			c.text(l, x, c.noteY(plot, n.top-i), c.fontPx, c.th.Annotation, n.a)
		}
	}
}
