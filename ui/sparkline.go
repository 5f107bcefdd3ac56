package ui

import (
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// sparkline draws a small line of values, with no axes: a trend at a
// glance in a tile or a table cell. NaN values are gaps. It is drawn with
// Fyne's own lines, so it is crisp at any scale and costs nothing to redraw.
type sparkline struct {
	widget.BaseWidget
	values []float64
}

func newSparkline() *sparkline {
	s := &sparkline{}
	s.ExtendBaseWidget(s)
	return s
}

// SetValues shows new values.
func (s *sparkline) SetValues(v []float64) {
	s.values = v
	s.Refresh()
}

func (s *sparkline) CreateRenderer() fyne.WidgetRenderer {
	return &sparkRenderer{s: s}
}

type sparkRenderer struct {
	s     *sparkline
	lines []fyne.CanvasObject
	size  fyne.Size
}

func (r *sparkRenderer) Layout(size fyne.Size) {
	r.size = size
	r.draw()
}

func (r *sparkRenderer) MinSize() fyne.Size { return fyne.NewSize(40, 16) }

func (r *sparkRenderer) Refresh() {
	r.draw()
	canvas.Refresh(r.s)
}

func (r *sparkRenderer) Objects() []fyne.CanvasObject { return r.lines }

func (r *sparkRenderer) Destroy() {}

// draw lays segments between consecutive values that are both present.
func (r *sparkRenderer) draw() {
	v := r.s.values
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, x := range v {
		if !math.IsNaN(x) {
			lo, hi = math.Min(lo, x), math.Max(hi, x)
		}
	}
	r.lines = r.lines[:0]
	pad := float32(2)
	// Below a few pixels a line would only scratch the text above it.
	if len(v) < 2 || math.IsInf(lo, 0) || r.size.Width <= 0 || r.size.Height < 4*pad {
		return
	}
	w, h := r.size.Width-2*pad, r.size.Height-2*pad
	at := func(i int) fyne.Position {
		y := float32(0.5)
		if hi > lo {
			y = float32((v[i] - lo) / (hi - lo))
		}
		return fyne.NewPos(pad+w*float32(i)/float32(len(v)-1), pad+h*(1-y))
	}
	for i := 1; i < len(v); i++ {
		if math.IsNaN(v[i-1]) || math.IsNaN(v[i]) {
			continue
		}
		l := canvas.NewLine(theme.Color(theme.ColorNamePrimary))
		l.StrokeWidth = 1.5
		l.Position1, l.Position2 = at(i-1), at(i)
		r.lines = append(r.lines, l)
	}
}
