package ui

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
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

func TestValueTable(t *testing.T) {
	d, w := newTestDashboard(t, laptop)
	act(d.br, func() { d.tabs.SelectIndex(len(tabOrder)) })
	settle(d, w)
	v := d.value
	names := func() []string {
		var out []string
		for _, r := range v.rows {
			out = append(out, r.Name)
		}
		return out
	}
	if len(v.rows) < 25 || v.rows[0].AnnualCost < v.rows[len(v.rows)-1].AnnualCost {
		t.Fatalf("the table opens with %d rows, not costliest first: %v", len(v.rows), names())
	}

	t.Run("sorting by a column, and back", func(t *testing.T) {
		col := slices.IndexFunc(v.columns, func(c productColumn) bool { return c.title == "Product" })
		act(d.br, func() { v.sortBy(col) })
		if !slices.IsSorted(names()) || v.heading(col) != "Product ▲" {
			t.Fatalf("sorted by name: %v, heading %q", names(), v.heading(col))
		}
		act(d.br, func() { v.sortBy(col) })
		got := names()
		slices.Reverse(got)
		if !slices.IsSorted(got) || v.heading(col) != "Product ▼" {
			t.Fatalf("sorted by name, descending: %v", names())
		}
	})

	t.Run("filtering by category", func(t *testing.T) {
		act(d.br, func() { v.category.SetSelected("Math practice") })
		if len(v.rows) == 0 || len(v.rows) == len(v.all) {
			t.Fatalf("%d of %d rows after filtering", len(v.rows), len(v.all))
		}
		for _, r := range v.rows {
			if r.Category != "Math practice" {
				t.Fatalf("%s (%s) survived the filter", r.Name, r.Category)
			}
		}
		act(d.br, func() { v.category.SetSelected("All categories") })
		if len(v.rows) != len(v.all) {
			t.Fatal("clearing the filter did not bring every product back")
		}
	})

	t.Run("choosing a product charts it", func(t *testing.T) {
		want := v.rows[3]
		act(d.br, func() { v.page.ScrollToTop() })
		drv := fyne.CurrentApp().Driver()
		inside := drv.AbsolutePositionForObject(d.cards["value.cost_per_user"]).Y - drv.AbsolutePositionForObject(v.page.Content).Y
		act(d.br, func() { test.Tap(v.rowViews[3]) })
		settle(d, w)
		card := d.cards["value.cost_per_user"]
		if card.stripe.FillColor != theme.Color(theme.ColorNamePrimary) || v.page.Offset.Y <= 0 {
			t.Fatalf("after choosing %s the page is at %.0f and the chart is not marked", want.Name, v.page.Offset.Y)
		}
		if top := inside - v.page.Offset.Y; top < 0 || top > v.page.Size().Height/2 {
			t.Fatalf("the product's chart starts %.0f below the top of the page's view; want it in the upper half", top)
		}
		for _, id := range []string{"value.cost_per_user"} {
			if scope := d.cards[id].scope.Text; !strings.HasPrefix(scope, want.Name) {
				t.Fatalf("%s shows %q after choosing %s", id, scope, want.Name)
			}
		}
	})

	t.Run("the school filter shows use at that school", func(t *testing.T) {
		before := map[string]int{}
		for _, r := range v.all {
			before[r.ID] = r.ActiveUsers
		}
		act(d.br, func() { d.school.choose(d.board.Schools[0].ID) })
		settle(d, w)
		changed := 0
		for _, r := range v.all {
			if r.ActiveUsers > before[r.ID] {
				t.Fatalf("%s has more users at one school than district-wide", r.Name)
			}
			if r.ActiveUsers != before[r.ID] {
				changed++
			}
		}
		if changed == 0 || !strings.Contains(v.summary.Text, d.school.name()) {
			t.Fatalf("%d products changed; summary %q", changed, v.summary.Text)
		}
		// The school's own columns come first, after the product; every
		// other figure stands under the district-wide heading.
		var groups []string
		for i, c := range v.columns[1:] {
			groups = append(groups, c.group)
			if c.group != "At "+d.school.name() && c.group != districtWide {
				t.Errorf("column %q mixes into a school's row without saying whose figure it is", c.title)
			}
			if i > 0 && c.group != groups[i-1] && c.group != districtWide {
				t.Errorf("the school's own %q comes after district-wide columns", c.title)
			}
		}
		if v.columns[1].title != "Active users" || v.columns[1].group == districtWide {
			t.Fatalf("the school's own users are not the first figure: %+v", v.columns[1])
		}
	})

	t.Run("no product name is cut", func(t *testing.T) {
		for _, r := range v.all {
			if need := widget.NewLabel(r.Name).MinSize().Width; need > v.columns[0].width {
				t.Fatalf("%q needs %.0f but the column is %.0f wide", r.Name, need, v.columns[0].width)
			}
		}
	})

	t.Run("the wheel scrolls the page, not the table", func(t *testing.T) {
		act(d.br, func() { v.page.ScrollToTop() })
		before := v.page.Offset.Y
		act(d.br, func() {
			test.Scroll(w.Canvas(), fyne.CurrentApp().Driver().AbsolutePositionForObject(v.rowViews[1]).AddXY(20, 20), 0, -120)
		})
		if v.page.Offset.Y <= before {
			t.Fatalf("the page stayed at %.0f after a wheel turn over the table", v.page.Offset.Y)
		}
		if v.tableArea.MinSize().Height < float32(len(v.rows))*widget.NewLabel("").MinSize().Height {
			t.Fatalf("the table is %.0f tall for %d rows: some lie behind its own scroll", v.tableArea.MinSize().Height, len(v.rows))
		}
	})

	t.Run("the heading stays in sight while the table scrolls", func(t *testing.T) {
		act(d.br, func() { v.scrollTo(0) })
		settle(d, w)
		if v.sticky.Visible() {
			t.Fatal("the heading's copy shows while the heading itself is in sight")
		}
		act(d.br, func() {
			test.Scroll(w.Canvas(), fyne.CurrentApp().Driver().AbsolutePositionForObject(v.rowViews[1]).AddXY(20, 20), 0, -400)
		})
		settle(d, w)
		drv := fyne.CurrentApp().Driver()
		if !v.sticky.Visible() || drv.AbsolutePositionForObject(v.sticky).Y != drv.AbsolutePositionForObject(v.page).Y {
			t.Fatalf("scrolled %.0f down the page, the heading is not at its top (shown %v at %v, page at %v)",
				v.page.Offset.Y, v.sticky.Visible(), drv.AbsolutePositionForObject(v.sticky), drv.AbsolutePositionForObject(v.page))
		}
		if drv.AbsolutePositionForObject(v.sticky).X != drv.AbsolutePositionForObject(v.head).X {
			t.Error("the heading's copy does not stand over the table's columns")
		}
		widths := make([]float32, len(v.columns))
		for i, c := range v.columns {
			widths[i] = c.width
		}
		act(d.br, func() {
			test.Scroll(w.Canvas(), drv.AbsolutePositionForObject(v.rowViews[10]).AddXY(20, 20), 0, -200)
		})
		settle(d, w)
		for i, c := range v.columns {
			if c.width != widths[i] {
				t.Errorf("column %q went from %.0f to %.0f wide while scrolling", c.title, widths[i], c.width)
			}
		}
		act(d.br, func() { v.scrollTo(v.page.Content.MinSize().Height) })
		settle(d, w)
		if v.sticky.Visible() {
			t.Fatal("the heading's copy stays after the table has scrolled out of sight")
		}
	})
}
