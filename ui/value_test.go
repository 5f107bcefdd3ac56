package ui

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// TestValueTableFitsTheWindow opens the Value tab at a laptop's and a full
// HD screen's size, for the whole district and for one school, and checks
// that every column's heading and every product's verdict are in the
// page's view, whole, without scrolling sideways.
func TestValueTableFitsTheWindow(t *testing.T) {
	for _, size := range []fyne.Size{laptop, projector} {
		for _, school := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s, school %v", sizeName(size), school), func(t *testing.T) {
				d, w := newTestDashboard(t, size)
				if school {
					act(d.br, func() { d.school.choose(d.board.Schools[2].ID) })
					settle(d, w)
				}
				act(d.br, func() { d.tabs.SelectIndex(len(tabOrder)) })
				settle(d, w)
				v := d.value
				drv := fyne.CurrentApp().Driver()
				view := drv.AbsolutePositionForObject(v.page)
				left, right := view.X, view.X+v.page.Size().Width
				// shown finds what shows text, where, and how wide it is.
				type shown struct {
					at   fyne.Position
					size fyne.Size
				}
				found := map[string][]shown{}
				for _, o := range test.LaidOutObjects(v.page) {
					if !o.Visible() {
						continue
					}
					text := ""
					switch o := o.(type) {
					case *widget.Label:
						text = o.Text
					case *widget.Button:
						text = o.Text
					default:
						continue
					}
					text = strings.TrimSuffix(strings.TrimSuffix(text, " ▼"), " ▲")
					found[text] = append(found[text], shown{drv.AbsolutePositionForObject(o), o.Size()})
				}
				inView := func(what string) {
					t.Helper()
					for _, s := range found[what] {
						if s.at.X >= left-1 && s.at.X+s.size.Width <= right+1 {
							return
						}
					}
					t.Errorf("%q is not in the page's view (%v to %v): shown at %v", what, left, right, found[what])
				}
				for _, c := range v.columns {
					inView(c.title)
				}
				for _, r := range v.rows {
					inView(r.Verdict)
				}
				for _, c := range cutLabels(v.page) {
					t.Errorf("cut: %s", c)
				}
			})
		}
	}
}
