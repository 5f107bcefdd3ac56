package ui

import (
	"testing"

	"fyne.io/fyne/v2"

	"github.com/cabinetapp/cabinet/deck"
)

// TestF5PresentsWhateverHasFocus gives the focus to each kind of widget the
// dashboard has that takes it, then sends F5 and Shift+F5 as the GLFW
// driver does while a widget has the focus: to that widget's TypedKey
// (processKeyPressed in internal/driver/glfw/window.go, v2.8.1). Each
// presents the deck open in the Decks tab, from the first slide or the
// chosen one; a letter typed into a field stays in the field. The real
// keys are sent by scripts/smoke.sh.
func TestF5PresentsWhateverHasFocus(t *testing.T) {
	d, w := newTestDashboard(t, laptop)
	act(d.br, func() { d.tabs.Select(d.decksItem) })
	settle(d, w)
	act(d.br, func() { d.decks.load(deck.BriefingName) })
	settle(d, w)
	act(d.br, func() { d.decks.pick(2) })
	settle(d, w)
	// Each gives the focus as a click or Ctrl+F would.
	on := func(f fyne.Focusable) func() fyne.Focusable {
		return func() fyne.Focusable { w.Canvas().Focus(f); return f }
	}
	focus := map[string]func() fyne.Focusable{
		"the school finder": func() fyne.Focusable { d.school.open(); return d.school.entry },
		"a text field":      on(d.decks.headline),
		"a text area":       on(d.decks.notes),
		"a list":            on(d.decks.slides),
	}
	for name, give := range focus {
		for _, shift := range []bool{false, true} {
			t.Run(name, func(t *testing.T) {
				var f fyne.Focusable
				act(d.br, func() { f = give() })
				if w.Canvas().Focused() != f {
					t.Fatalf("%T did not take the focus", f)
				}
				d.keys.held = func() fyne.KeyModifier {
					if shift {
						return fyne.KeyModifierShift
					}
					return 0
				}
				defer func() { d.keys.held = nil }()
				act(d.br, func() { w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyF5}) })
				settle(d, w)
				p := d.showing
				if p == nil || p.deck.Name != deck.BriefingName {
					t.Fatalf("F5 with the focus in %s presents nothing", name)
				}
				want := 0
				if shift {
					want = 2
				}
				if p.index != want {
					t.Errorf("presenting from slide %d, want %d", p.index+1, want+1)
				}
				act(d.br, p.end)
				act(d.br, func() {
					for w.Canvas().Overlays().Top() != nil {
						d.closeTop()
					}
				})
			})
		}
	}
	t.Run("a letter typed into a field stays in it", func(t *testing.T) {
		act(d.br, func() {
			d.decks.headline.SetText("")
			w.Canvas().Focus(d.decks.headline)
			w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyB})
			w.Canvas().Focused().TypedRune('b')
		})
		settle(d, w)
		if d.decks.headline.Text != "b" {
			t.Errorf("the field holds %q after typing b", d.decks.headline.Text)
		}
		if d.showing != nil {
			t.Fatal("typing b into a field started a presentation")
		}
	})
}
