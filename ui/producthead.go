package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// productHead is the product table's heading row: a title per column that
// sorts by it, and over them, with a school chosen, which columns are the
// school's own and which district-wide.
type productHead struct {
	widget.BaseWidget
	v      *valueTab
	titles []*sortHead
	groups []*widget.Label
	// rules underline each group's name across its columns.
	rules []*canvas.Rectangle
}

func newProductHead(v *valueTab) *productHead {
	h := &productHead{v: v}
	h.ExtendBaseWidget(h)
	return h
}

// show makes the heading say what the columns are and how they sort.
func (h *productHead) show() {
	cols := h.v.columns
	for len(h.titles) < len(cols) {
		h.titles = append(h.titles, newSortHead())
	}
	h.titles = h.titles[:len(cols)]
	for i, t := range h.titles {
		col := i
		t.label.Alignment = fyne.TextAlignLeading
		if cols[i].figure {
			t.label.Alignment = fyne.TextAlignTrailing
		}
		t.label.SetText(h.v.heading(col))
		t.onTap = func() { h.v.sortBy(col) }
	}
	h.groups, h.rules = h.groups[:0], h.rules[:0]
	for _, g := range groupsOf(cols) {
		l := newCaption(g.name)
		l.TextStyle = fyne.TextStyle{Bold: true}
		h.groups = append(h.groups, l)
		h.rules = append(h.rules, canvas.NewRectangle(theme.Color(theme.ColorNamePlaceHolder)))
	}
	h.Refresh()
}

// group is a run of columns that belong together: the school's own, or
// the district-wide ones.
type group struct {
	name       string
	first, end int
}

// groupsOf finds the column groups: none without a school chosen.
func groupsOf(cols []productColumn) []group {
	var out []group
	for i, c := range cols {
		if c.group == "" {
			continue
		}
		if n := len(out); n > 0 && out[n-1].name == c.group && out[n-1].end == i {
			out[n-1].end = i + 1
			continue
		}
		out = append(out, group{c.group, i, i + 1})
	}
	return out
}

func (h *productHead) CreateRenderer() fyne.WidgetRenderer {
	r := &headRenderer{h: h, bg: canvas.NewRectangle(theme.Color(theme.ColorNameHeaderBackground))}
	return r
}

type headRenderer struct {
	h  *productHead
	bg *canvas.Rectangle
}

// groupRow and titleRow are the heights of the heading's rows.
func groupRow() float32 {
	return widget.NewLabelWithStyle("X", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}).MinSize().Height - theme.InnerPadding()
}

func titleRow() float32 {
	return widget.NewLabelWithStyle("X\nX", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}).MinSize().Height
}

func (r *headRenderer) Layout(size fyne.Size) {
	r.bg.Resize(size)
	cols := r.h.v.columns
	top := float32(0)
	if len(r.h.groups) > 0 {
		top = groupRow()
	}
	x := make([]float32, len(cols)+1)
	for i, c := range cols {
		x[i+1] = x[i] + c.width + theme.SeparatorThicknessSize()
	}
	for i, g := range groupsOf(cols) {
		if i < len(r.h.groups) {
			r.h.groups[i].Move(fyne.NewPos(x[g.first], 0))
			r.h.groups[i].Resize(fyne.NewSize(x[g.end]-x[g.first], top+theme.InnerPadding()))
			pad := theme.InnerPadding()
			r.h.rules[i].Move(fyne.NewPos(x[g.first]+pad, top))
			r.h.rules[i].Resize(fyne.NewSize(x[g.end]-x[g.first]-2*pad, 1))
		}
	}
	for i, t := range r.h.titles {
		if i < len(cols) {
			t.Move(fyne.NewPos(x[i], top))
			t.Resize(fyne.NewSize(cols[i].width, titleRow()))
		}
	}
}

func (r *headRenderer) MinSize() fyne.Size {
	w := float32(0)
	for _, c := range r.h.v.columns {
		w += c.width + theme.SeparatorThicknessSize()
	}
	h := titleRow()
	if len(r.h.groups) > 0 {
		h += groupRow()
	}
	return fyne.NewSize(w, h)
}

func (r *headRenderer) Refresh() {
	r.bg.FillColor = theme.Color(theme.ColorNameHeaderBackground)
	r.bg.Refresh()
	r.Layout(r.h.Size())
	for _, t := range r.h.titles {
		t.Refresh()
	}
	for _, g := range r.h.groups {
		g.Refresh()
	}
}

func (r *headRenderer) Objects() []fyne.CanvasObject {
	objs := []fyne.CanvasObject{r.bg}
	for i, g := range r.h.groups {
		objs = append(objs, g, r.h.rules[i])
	}
	for _, t := range r.h.titles {
		objs = append(objs, t)
	}
	return objs
}

func (r *headRenderer) Destroy() {}

// sortHead is a column's title: clicking it sorts by the column.
type sortHead struct {
	widget.BaseWidget
	label *widget.Label
	onTap func()
}

func newSortHead() *sortHead {
	h := &sortHead{label: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})}
	h.label.Wrapping = fyne.TextWrapWord
	h.ExtendBaseWidget(h)
	return h
}

func (h *sortHead) Tapped(*fyne.PointEvent) {
	if h.onTap != nil {
		h.onTap()
	}
}

func (h *sortHead) Cursor() desktop.Cursor { return desktop.PointerCursor }

func (h *sortHead) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(h.label) }
