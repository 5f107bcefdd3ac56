package ui

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// shownLabels lists the labels under o that are shown, leaving out slide
// previews: a slide scales its type to its frame, and is checked where
// slides are.
func shownLabels(o fyne.CanvasObject) []*widget.Label {
	if o == nil || !o.Visible() {
		return nil
	}
	switch o := o.(type) {
	case *slideFrame:
		return nil
	case *widget.Label:
		return []*widget.Label{o}
	case *widget.SelectEntry:
		// A hint shown in an empty field is checked as a label of its width,
		// less the drop-down button.
		if o.Text != "" || o.PlaceHolder == "" {
			return nil
		}
		l := widget.NewLabel(o.PlaceHolder)
		l.Truncation = fyne.TextTruncateEllipsis
		l.Resize(fyne.NewSize(o.Size().Width-theme.IconInlineSize()-2*theme.Padding(), o.Size().Height))
		return []*widget.Label{l}
	case *fyne.Container:
		var out []*widget.Label
		for _, c := range o.Objects {
			out = append(out, shownLabels(c)...)
		}
		return out
	case fyne.Widget:
		var out []*widget.Label
		for _, c := range test.WidgetRenderer(o).Objects() {
			out = append(out, shownLabels(c)...)
		}
		return out
	}
	return nil
}

// cutLabels lists the shown labels under o whose text does not fit: a
// label that truncates is cut when its whole text needs more width than
// it has; any other when its MinSize exceeds its size.
func cutLabels(o fyne.CanvasObject) []string {
	var out []string
	for _, l := range shownLabels(o) {
		if l.Text == "" || l.Size().Width <= 0 {
			continue
		}
		size := l.Size()
		need := l.MinSize()
		if l.Wrapping != fyne.TextWrapOff {
			// A wrapping label's MinSize follows the width it last had:
			// measure the text afresh at the width it has now.
			m := widget.NewLabelWithStyle(l.Text, l.Alignment, l.TextStyle)
			m.SizeName, m.Wrapping = l.SizeName, l.Wrapping
			m.Resize(size)
			need = fyne.NewSize(size.Width, m.MinSize().Height)
		} else if l.Truncation != fyne.TextTruncateOff {
			textSize := theme.SizeForWidget(l.SizeName, l)
			if l.SizeName == "" {
				textSize = theme.SizeForWidget(theme.SizeNameText, l)
			}
			need.Width = fyne.MeasureText(l.Text, textSize, l.TextStyle).Width + 2*theme.SizeForWidget(theme.SizeNameInnerPadding, l)
		}
		if need.Width > size.Width+1 || need.Height > size.Height+1 {
			out = append(out, fmt.Sprintf("%q needs %.0fx%.0f, has %.0fx%.0f", l.Text, need.Width, need.Height, size.Width, size.Height))
		}
	}
	return out
}

// assertNoCut fails for every cut label in the window and its dialogs.
func assertNoCut(t *testing.T, where string, w fyne.Window) {
	t.Helper()
	objs := append([]fyne.CanvasObject{w.Canvas().Content()}, w.Canvas().Overlays().List()...)
	for _, o := range objs {
		for _, c := range cutLabels(o) {
			t.Errorf("%s: %s", where, c)
		}
	}
}

func TestNoClippedText(t *testing.T) {
	for _, size := range []fyne.Size{laptop, fyne.NewSize(1280, 760), projector} {
		t.Run(sizeName(size), func(t *testing.T) {
			d, w := newTestDashboard(t, size)
			closeAll := func() {
				act(d.br, func() {
					for w.Canvas().Overlays().Top() != nil {
						d.closeTop()
					}
				})
			}
			// Before the Decks tab is made, Add to deck offers no deck and
			// shows its hint.
			act(d.br, func() { d.addToDeck("tech.broken") })
			settle(d, w)
			assertNoCut(t, "add to deck, no deck open", w)
			closeAll()
			act(d.br, func() { d.school.choose(d.board.Schools[2].ID) })
			settle(d, w)
			for i, item := range d.tabs.Items {
				act(d.br, func() { d.tabs.SelectIndex(i) })
				settle(d, w)
				assertNoCut(t, item.Text, w)
			}
			act(d.br, func() { d.tabs.SelectIndex(1) })
			settle(d, w)
			dialogs := []struct {
				name string
				open func()
			}{
				{"chart detail", func() { d.openDetail("tech.tickets") }},
				{"show data", func() { d.showData(d.cards["tech.tickets"].result) }},
				{"add to deck", func() { d.addToDeck("tech.tickets") }},
				{"school finder", func() { d.school.open() }},
				{"export packet", func() { d.decks.exportPDF() }},
			}
			for _, dl := range dialogs {
				if dl.name == "export packet" {
					act(d.br, func() { d.tabs.Select(d.decksItem) })
					settle(d, w)
				}
				act(d.br, dl.open)
				settle(d, w)
				assertNoCut(t, dl.name, w)
				closeAll()
			}
		})
	}
}
