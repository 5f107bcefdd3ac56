package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// TestAboutSaysTheVersion opens Help > About Cabinet from the window's own
// menu and checks that the dialog shows the build's version line.
func TestAboutSaysTheVersion(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewTempWindow(t, widget.NewLabel("dashboard"))
	const about = "Cabinet v1.2.3 (commit abc1234, built 2026-11-30)"
	w.SetMainMenu(mainMenu(w, about))

	var item *fyne.MenuItem
	for _, m := range w.MainMenu().Items {
		for _, i := range m.Items {
			if i.Label == "About Cabinet" {
				item = i
			}
		}
	}
	if item == nil {
		t.Fatal("the main menu has no About Cabinet item")
	}
	item.Action()

	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("About Cabinet opened no dialog")
	}
	found := false
	for _, o := range test.LaidOutObjects(top) {
		if l, ok := o.(*widget.Label); ok && l.Text == about {
			found = true
		}
	}
	if !found {
		t.Fatalf("the About dialog does not say %q", about)
	}
}
