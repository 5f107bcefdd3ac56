package ui

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/cabinetapp/cabinet/charts"
)

// slideLabels lists the labels shown under o, slides' included.
func slideLabels(o fyne.CanvasObject) []*widget.Label {
	if o == nil || !o.Visible() {
		return nil
	}
	switch o := o.(type) {
	case *slideFrame:
		return slideLabels(o.override)
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
			out = append(out, slideLabels(c)...)
		}
		return out
	case fyne.Widget:
		var out []*widget.Label
		for _, c := range test.WidgetRenderer(o).Objects() {
			out = append(out, slideLabels(c)...)
		}
		return out
	}
	return nil
}

// cutLabels lists the shown labels under o whose text does not fit: a
// label that truncates is cut when its whole text needs more width than
// it has; any other when its MinSize exceeds its size.
func cutLabels(o fyne.CanvasObject) []string { return cutOf(slideLabels(o)) }

func cutOf(labels []*widget.Label) []string {
	var out []string
	for _, l := range labels {
		if l.Text == "" || l.Size().Width <= 0 {
			continue
		}
		size := l.Size()
		need := l.MinSize()
		if l.Wrapping != fyne.TextWrapOff {
			// A wrapping label's MinSize follows the width it last had:
			// measure the text afresh at the width it has now, in the
			// theme it is shown in (a slide's is scaled).
			m := widget.NewLabelWithStyle(l.Text, l.Alignment, l.TextStyle)
			m.SizeName, m.Wrapping = l.SizeName, l.Wrapping
			container.NewThemeOverride(m, theme.CurrentForWidget(l))
			m.Resize(size)
			m.Refresh()
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

// assertNoCut fails for every cut label in the window and its dialogs,
// and every chart label, legend entry or note cut in the charts it shows.
func assertNoCut(t *testing.T, where string, w fyne.Window) {
	t.Helper()
	objs := append([]fyne.CanvasObject{w.Canvas().Content()}, w.Canvas().Overlays().List()...)
	for _, o := range objs {
		for _, c := range cutLabels(o) {
			t.Errorf("%s: %s", where, c)
		}
		for _, c := range cutCharts(t, o) {
			t.Errorf("%s: %s", where, c)
		}
	}
}

// cutCharts draws each chart shown under o as it is shown (its size,
// scale and theme) and lists the texts it cut: those ending in an
// ellipsis. A list's summary row begins with one ("… and 13 more").
func cutCharts(t *testing.T, o fyne.CanvasObject) []string {
	t.Helper()
	var out []string
	for _, v := range chartsUnder(o) {
		if !v.hasChart || v.want.X <= 0 || v.want.Y <= 0 {
			continue
		}
		b, err := charts.RenderSVG(v.chart, charts.Options{Width: v.want.X, Height: v.want.Y, Scale: float64(v.scale()), Theme: v.theme()})
		if err != nil {
			t.Fatal(err)
		}
		d := xml.NewDecoder(bytes.NewReader(b))
		for {
			tok, err := d.Token()
			if err != nil {
				break
			}
			if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "text" {
				var body struct {
					Text string `xml:",chardata"`
				}
				if err := d.DecodeElement(&body, &se); err == nil && strings.HasSuffix(strings.TrimSpace(body.Text), "…") {
					out = append(out, fmt.Sprintf("the chart at %dx%d cuts %q", v.want.X, v.want.Y, body.Text))
				}
			}
		}
	}
	return out
}

// chartsUnder lists the charts shown under o, slides' included. (It walks
// the tree as slideLabels does: test.LaidOutObjects lays out again what it
// walks, outside any theme override, and so changes a slide it measures.)
func chartsUnder(o fyne.CanvasObject) []*chartView {
	if o == nil || !o.Visible() {
		return nil
	}
	var out []*chartView
	switch o := o.(type) {
	case *chartView:
		return []*chartView{o}
	case *slideFrame:
		return chartsUnder(o.override)
	case *fyne.Container:
		for _, c := range o.Objects {
			out = append(out, chartsUnder(c)...)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(o).Objects() {
			out = append(out, chartsUnder(c)...)
		}
	}
	return out
}

// assertSlideWhole fails for every label cut on a presentation's windows,
// slides' tiles included, and every text cut in the charts they show.
func assertSlideWhole(t *testing.T, where string, windows ...fyne.Window) {
	t.Helper()
	for _, w := range windows {
		for _, c := range cutOf(slideLabels(w.Canvas().Content())) {
			t.Errorf("%s: %s", where, c)
		}
		for _, c := range cutCharts(t, w.Canvas().Content()) {
			t.Errorf("%s: %s", where, c)
		}
	}
}

func TestNoClippedText(t *testing.T) {
	for _, size := range []fyne.Size{laptop, laptopSize, projector} {
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

// TestNoClippedTextOnSlides presents the briefing at a laptop's and a
// projector's size and checks every slide, on the slide window and the
// presenter view: tiles' lines, captions, footers and the charts' labels,
// legends and notes.
func TestNoClippedTextOnSlides(t *testing.T) {
	for _, size := range []fyne.Size{laptop, projector} {
		t.Run(sizeName(size), func(t *testing.T) {
			p := newTestPresentation(t, size)
			for i := range p.deck.Slides {
				act(p.br, func() { p.goTo(i) })
				settlePresentation(p)
				assertSlideWhole(t, fmt.Sprintf("slide %d", i+1), p.stage, p.presenter)
			}
		})
	}
}
