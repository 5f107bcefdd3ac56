package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// newCaption makes small text for trends, scopes and captions.
func newCaption(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.SizeName = theme.SizeNameCaptionText
	return l
}

// setOptional sets a label's text and hides it when there is none, so an
// empty line takes no room.
func setOptional(l *widget.Label, text string) {
	l.SetText(text)
	if text == "" {
		l.Hide()
	} else {
		l.Show()
	}
}

// panelRenderer draws content on a rounded panel background that follows
// the theme, the surface every card and tile sits on.
type panelRenderer struct {
	owner   fyne.Widget // whose theme, under any theme override, colours it
	bg      *canvas.Rectangle
	content fyne.CanvasObject
	accent  *canvas.Rectangle // optional stripe at the left edge
}

func newPanelRenderer(owner fyne.Widget, content fyne.CanvasObject) *panelRenderer {
	r := &panelRenderer{owner: owner, bg: canvas.NewRectangle(nil), content: content}
	r.Refresh()
	return r
}

func (r *panelRenderer) Layout(size fyne.Size) {
	r.bg.Resize(size)
	if r.accent != nil {
		w := theme.SizeForWidget(theme.SizeNamePadding, r.owner)
		r.accent.Move(fyne.NewPos(0, 0))
		r.accent.Resize(fyne.NewSize(w, size.Height))
		r.content.Move(fyne.NewPos(w, 0))
		r.content.Resize(fyne.NewSize(size.Width-w, size.Height))
		return
	}
	r.content.Resize(size)
}

func (r *panelRenderer) MinSize() fyne.Size { return r.content.MinSize() }

func (r *panelRenderer) Refresh() {
	r.bg.FillColor = theme.ColorForWidget(theme.ColorNameInputBackground, r.owner)
	r.bg.CornerRadius = theme.SizeForWidget(theme.SizeNameInputRadius, r.owner)
	r.bg.Refresh()
	if r.accent != nil {
		r.accent.Refresh()
	}
	r.content.Refresh()
}

func (r *panelRenderer) Objects() []fyne.CanvasObject {
	if r.accent != nil {
		return []fyne.CanvasObject{r.bg, r.accent, r.content}
	}
	return []fyne.CanvasObject{r.bg, r.content}
}

func (r *panelRenderer) Destroy() {}

// tightVBox stacks objects with no space between them, for a title and the
// caption that belongs to it.
type tightVBox struct{}

// Labels pad themselves above and below; overlapping that padding keeps
// related lines together. Hidden objects take no room.
func (tightVBox) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	y := float32(0)
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		h := o.MinSize().Height
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h - theme.InnerPadding()
	}
}

func (tightVBox) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		m := o.MinSize()
		s.Width = max(s.Width, m.Width)
		s.Height += m.Height - theme.InnerPadding()
	}
	return s
}

// tall gives its objects the whole space it gets and asks for at least a
// height: for tables and lists, whose own minimum is a single row.
type tall float32

func (h tall) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (h tall) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w float32
	for _, o := range objs {
		w = max(w, o.MinSize().Width)
	}
	return fyne.NewSize(w, float32(h))
}
