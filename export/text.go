package export

import (
	"image/color"

	"github.com/cabinetapp/cabinet/charts/pdf"
	"github.com/cabinetapp/cabinet/charts/typeset"
)

// Type sizes are in points, page lengths in millimetres; the text measure
// (charts/typeset) takes sizes in the unit it gives widths in.
const mmPerPt = 25.4 / 72

// leading is the distance between lines as a multiple of the type size.
const leading = 1.3

// mm is a type size in points as a length on the page.
func mm(pt float64) float64 { return pt * mmPerPt }

// lineH is the height of a line of text set at pt points, in millimetres.
func lineH(pt float64) float64 { return mm(pt) * leading }

// width is the width of s set at pt points, in millimetres.
func width(s string, pt float64) float64 { return typeset.Measure(s, mm(pt)) }

// wrap breaks s into lines w millimetres wide at pt points: every line it
// takes, so nothing is left off.
func wrap(s string, pt, w float64) []string { return typeset.Wrap(s, mm(pt), w, 0) }

// fit sets s in a box w wide and h high at the largest size from max down
// to min points, in half points, at which it fits; at min it keeps the
// lines that fit, the last ending in an ellipsis. It returns the size and
// the lines.
func fit(s string, w, h, max, min float64) (float64, []string) {
	size, lines := typeset.FitBox(s, w, h, mm(max), mm(min), mm(0.5), leading)
	return size / mmPerPt, lines
}

// writer sets text and shapes on the packet's current page.
type writer struct{ page *pdf.Page }

// text writes one line with its baseline at y, starting at x.
func (w writer) text(x, y, pt float64, c color.RGBA, s string) {
	w.page.Text(x, y, mm(pt), c, s)
}

// textRight writes one line ending at x.
func (w writer) textRight(x, y, pt float64, c color.RGBA, s string) {
	w.text(x-width(s, pt), y, pt, c, s)
}

// block writes lines from top down and returns the bottom of the last.
func (w writer) block(x, top, pt float64, c color.RGBA, lines []string) float64 {
	for i, l := range lines {
		// Roboto's ascender is about one em, and lines are 1.3 em apart.
		w.text(x, top+float64(i)*lineH(pt)+mm(pt), pt, c, l)
	}
	return top + float64(len(lines))*lineH(pt)
}

// fill paints a rectangle.
func (w writer) fill(c color.RGBA, x, y, wd, h float64) { w.page.Rect(x, y, wd, h, c) }

// rule draws a thin grey line across the page.
func (w writer) rule(x0, x1, y float64) {
	w.page.Stroke([]pdf.Point{{X: x0, Y: y}, {X: x1, Y: y}}, faint, 0.3, nil, false)
}
