package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/cabinetapp/cabinet/panel"
)

// The product table of the Value tab is drawn here rather than by
// widget.Table: it is as tall as all its rows, so the page scrolls and not
// the table (a table scrolls itself, holds the wheel, and its header
// scrolls away with the page). Its heading row sorts, groups the columns
// when a school is chosen (the school's own first, then district-wide),
// and stays in sight at the top of the page while the table is. Column
// widths follow the widest cell and the room the window gives; they change
// when that room does, never while scrolling. Every row is as tall as two
// lines (a product's name over its category), or as many as a verdict
// needs in a narrow window.

// sparkWidth is the width of a trend's sparkline.
const sparkWidth = 96

// cellSlack is room a cell keeps past its text: a real display's text can
// round wider than the measure.
const cellSlack = 4

// textWidth is the width of text set in a label of the given size and style.
func textWidth(s string, size float32, style fyne.TextStyle) float32 {
	return fyne.MeasureText(s, size, style).Width
}

// twoLineWidth is the least width in which s, set as a label at size and
// style, takes two lines at most, broken at a space.
func twoLineWidth(s string, size float32, style fyne.TextStyle) float32 {
	best := textWidth(s, size, style)
	for i, r := range s {
		if r == ' ' {
			best = min(best, max(textWidth(s[:i], size, style), textWidth(s[i+1:], size, style)))
		}
	}
	return best
}

// fitColumns sizes each column to its heading (in two lines at most, with
// room for the sort arrow) and its widest cell, so no product name or
// figure is cut. A column that wraps (the verdict) takes what room is left
// of avail, between the width that holds each of its cells in two lines
// and the width that holds them in one.
func fitColumns(cols []productColumn, rows []panel.ProductRow, avail float32) {
	body := theme.TextSize()
	bold := fyne.TextStyle{Bold: true}
	pad := 2*theme.InnerPadding() + cellSlack
	used, flex := float32(0), -1
	for i := range cols {
		c := &cols[i]
		w := twoLineWidth(c.title+" ▼", body, bold)
		if c.spark != nil {
			w = max(w, sparkWidth)
		}
		one := w
		for _, r := range rows {
			if c.text == nil {
				continue
			}
			t := c.text(r)
			if c.wraps {
				w = max(w, twoLineWidth(t, body, fyne.TextStyle{}))
				one = max(one, textWidth(t, body, fyne.TextStyle{}))
			} else {
				w = max(w, textWidth(t, body, fyne.TextStyle{}))
			}
			if c.sub != nil {
				w = max(w, textWidth(c.sub(r), theme.CaptionTextSize(), fyne.TextStyle{}))
			}
		}
		c.width = w + pad
		if c.wraps {
			flex, c.oneLine = i, one+pad
		}
		used += c.width + theme.SeparatorThicknessSize()
	}
	if flex >= 0 {
		// In a window too narrow for two lines, a verdict takes more.
		c := &cols[flex]
		longest := float32(0)
		for _, r := range rows {
			for _, word := range strings.Fields(c.text(r)) {
				longest = max(longest, textWidth(word, body, fyne.TextStyle{}))
			}
		}
		c.width = min(c.oneLine, max(longest+pad, avail-(used-c.width)))
	}
}

// newProductCell makes a cell of the table: its text (which a wrapping
// column wraps), a second, smaller line under it, or a sparkline.
func newProductCell() fyne.CanvasObject {
	text, sub := widget.NewLabel(""), newCaption("")
	return container.NewStack(container.New(tightVBox{}, text, sub), newSparkline())
}

// showCell puts a row's figure for a column in a cell made by newProductCell.
func showCell(o fyne.CanvasObject, col productColumn, row panel.ProductRow) {
	cell := o.(*fyne.Container)
	lines, spark := cell.Objects[0].(*fyne.Container), cell.Objects[1].(*sparkline)
	if col.spark != nil {
		lines.Hide()
		spark.Show()
		spark.SetValues(col.spark(row))
		return
	}
	spark.Hide()
	lines.Show()
	text, sub := lines.Objects[0].(*widget.Label), lines.Objects[1].(*widget.Label)
	text.Wrapping, text.Alignment = fyne.TextWrapOff, fyne.TextAlignLeading
	if col.wraps {
		text.Wrapping = fyne.TextWrapWord
	}
	if col.figure {
		text.Alignment = fyne.TextAlignTrailing
	}
	text.SetText(col.text(row))
	if col.sub != nil {
		setOptional(sub, col.sub(row))
	} else {
		setOptional(sub, "")
	}
	lines.Refresh()
}

// rowLines is how many lines of text every row has room for: two, or as
// many as the longest verdict takes at its column's width.
func rowLines(cols []productColumn, rows []panel.ProductRow) int {
	n := 2
	for _, c := range cols {
		if !c.wraps {
			continue
		}
		l := widget.NewLabel("")
		l.Wrapping = fyne.TextWrapWord
		one := widget.NewLabel("X").MinSize().Height - 2*theme.InnerPadding()
		for _, r := range rows {
			l.SetText(c.text(r))
			l.Resize(fyne.NewSize(c.width, 0))
			l.Refresh()
			n = max(n, int((l.MinSize().Height-2*theme.InnerPadding())/one+0.5))
		}
	}
	return n
}

// rowHeight is the height of a row of lines lines.
func rowHeight(lines int) float32 {
	return widget.NewLabel(strings.Repeat("X\n", lines-1) + "X").MinSize().Height
}

// productRow is one product's row: a cell per column, a rule under it,
// and a tint while the pointer is over it. Clicking it charts the product.
type productRow struct {
	widget.BaseWidget
	v       *valueTab
	i       int
	cells   []fyne.CanvasObject
	rules   []*canvas.Rectangle
	tint    *canvas.Rectangle
	hovered bool
}

func newProductRow(v *valueTab, i int) *productRow {
	r := &productRow{v: v, i: i, tint: canvas.NewRectangle(theme.Color(theme.ColorNameHover))}
	r.tint.Hide()
	r.ExtendBaseWidget(r)
	return r
}

// show fills the row's cells with its product's figures.
func (r *productRow) show() {
	cols := r.v.columns
	for len(r.cells) < len(cols) {
		r.cells = append(r.cells, newProductCell())
	}
	r.cells = r.cells[:len(cols)]
	for len(r.rules) < len(cols)+1 {
		r.rules = append(r.rules, canvas.NewRectangle(theme.Color(theme.ColorNameSeparator)))
	}
	for i, c := range cols {
		showCell(r.cells[i], c, r.v.rows[r.i])
	}
	r.Refresh()
}

func (r *productRow) Tapped(*fyne.PointEvent) {
	if r.i < len(r.v.rows) {
		r.v.pick(r.v.rows[r.i])
	}
}

func (r *productRow) Cursor() desktop.Cursor { return desktop.PointerCursor }

func (r *productRow) MouseIn(*desktop.MouseEvent) { r.hovered = true; r.tint.Show(); r.tint.Refresh() }

func (r *productRow) MouseMoved(*desktop.MouseEvent) {}

func (r *productRow) MouseOut() { r.hovered = false; r.tint.Hide(); r.tint.Refresh() }

func (r *productRow) CreateRenderer() fyne.WidgetRenderer { return &rowRenderer{r: r} }

type rowRenderer struct{ r *productRow }

func (rr *rowRenderer) Layout(size fyne.Size) {
	r := rr.r
	r.tint.Resize(size)
	sep := theme.SeparatorThicknessSize()
	x := float32(0)
	for i, c := range r.v.columns {
		if i >= len(r.cells) {
			break
		}
		r.cells[i].Move(fyne.NewPos(x, 0))
		r.cells[i].Resize(fyne.NewSize(c.width, size.Height-sep))
		x += c.width
		r.rules[i].Move(fyne.NewPos(x, 0))
		r.rules[i].Resize(fyne.NewSize(sep, size.Height))
		x += sep
	}
	if n := len(r.v.columns); n < len(r.rules) {
		r.rules[n].Move(fyne.NewPos(0, size.Height-sep))
		r.rules[n].Resize(fyne.NewSize(x, sep))
	}
}

func (rr *rowRenderer) MinSize() fyne.Size {
	return fyne.NewSize(tableWidth(rr.r.v.columns), rowHeight(rr.r.v.lines))
}

func (rr *rowRenderer) Refresh() {
	r := rr.r
	r.tint.FillColor = theme.Color(theme.ColorNameHover)
	for _, l := range r.rules {
		l.FillColor = theme.Color(theme.ColorNameSeparator)
	}
	rr.Layout(r.Size())
	for _, c := range r.cells {
		c.Refresh()
	}
}

func (rr *rowRenderer) Objects() []fyne.CanvasObject {
	objs := []fyne.CanvasObject{rr.r.tint}
	objs = append(objs, rr.r.cells...)
	for _, l := range rr.r.rules {
		objs = append(objs, l)
	}
	return objs
}

func (rr *rowRenderer) Destroy() {}

// tableWidth is the width of the table's columns side by side.
func tableWidth(cols []productColumn) float32 {
	w := float32(0)
	for _, c := range cols {
		w += c.width + theme.SeparatorThicknessSize()
	}
	return w
}

// tableRoom stacks the heading over the rows, each row as tall as the
// rows' lines, and fits the columns to the width it is given whenever
// that width changes.
type tableRoom struct{ v *valueTab }

func (r tableRoom) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if size.Width != r.v.fitWidth {
		r.v.fitWidth = size.Width
		r.v.fitColumns()
	}
	w := max(size.Width, tableWidth(r.v.columns))
	y := float32(0)
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		h := o.MinSize().Height
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(w, h))
		y += h
	}
}

func (r tableRoom) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := float32(0)
	for _, o := range objs {
		if o.Visible() {
			h += o.MinSize().Height
		}
	}
	return fyne.NewSize(0, h)
}

// headOver keeps a second copy of the heading at the top of the page's
// view while the table's own heading has scrolled above it and rows of
// the table are still in sight.
type headOver struct{ v *valueTab }

func (l headOver) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	v := l.v
	sticky := objs[0]
	drv := fyne.CurrentApp().Driver()
	if drv.CanvasForObject(v.head) == nil {
		sticky.Hide()
		return
	}
	// Measured in the page's content, which the page has not yet moved
	// when it says it scrolled.
	page := drv.AbsolutePositionForObject(v.page)
	head := drv.AbsolutePositionForObject(v.head)
	hh := v.head.Size().Height
	top := head.Y - drv.AbsolutePositionForObject(v.page.Content).Y - v.page.Offset.Y
	bottom := top + v.tableArea.Size().Height
	if top >= 0 || bottom < 2*hh {
		sticky.Hide()
		return
	}
	sticky.Show()
	sticky.Move(fyne.NewPos(head.X-page.X, 0))
	sticky.Resize(v.head.Size())
}

func (headOver) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.Size{} }

// headingText is a column's title as its heading shows it, with an arrow
// on the sorted column.
func headingText(title string, sorted, descending bool) string {
	switch {
	case !sorted:
		return title
	case descending:
		return title + " ▼"
	}
	return title + " ▲"
}
