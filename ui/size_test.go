package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// TestWindowSize: the first run opens inside a 1366x768 laptop's work
// area; later runs open at the size the window had when the app stopped,
// unless that size was no size to work at.
func TestWindowSize(t *testing.T) {
	a := test.NewTempApp(t)
	p := a.Preferences()
	if s := lastSize(p); s.Width > 1366 || s.Height > 700 {
		t.Fatalf("the first run opens at %v, larger than a 1366x768 laptop's work area", s)
	}
	rememberSize(p, fyne.NewSize(1600, 900))
	if s := lastSize(p); s != fyne.NewSize(1600, 900) {
		t.Fatalf("after a run at 1600x900 the window opens at %v", s)
	}
	rememberSize(p, fyne.NewSize(120, 40))
	if s := lastSize(p); s != fyne.NewSize(1600, 900) {
		t.Fatalf("a window squeezed to 120x40 is remembered: %v", s)
	}
	for _, bad := range []string{"wide", "1600x", "x900", "-5x-5"} {
		p.SetString(sizeKey, bad)
		if s := lastSize(p); s != laptopSize {
			t.Errorf("a remembered size of %q opens the window at %v, not %v", bad, s, laptopSize)
		}
	}
}

// TestWindowSizeIsKeptAsItChanges: the window's size is remembered when the
// window is resized, the whole window's and not its content's (Fyne's menu
// bar takes part of the window on Linux), with no wait for the app to stop.
func TestWindowSizeIsKeptAsItChanges(t *testing.T) {
	a := test.NewTempApp(t)
	p := a.Preferences()
	w := a.NewWindow("Cabinet")
	defer w.Close()
	w.SetMainMenu(fyne.NewMainMenu(fyne.NewMenu("File")))
	w.SetContent(keepSize(w, p, widget.NewLabel("the dashboard")))
	for _, want := range []fyne.Size{fyne.NewSize(1280, 660), fyne.NewSize(1340, 690)} {
		w.Resize(want)
		if s := lastSize(p); s != want {
			t.Errorf("the window was resized to %v and opens next time at %v", want, s)
		}
	}
}

// TestRememberedSizeFitsTheScreen: a size remembered from a projector opens
// inside a laptop's work area, with room for a title bar; one that fits,
// or a screen that cannot say its size, leaves it as it was.
func TestRememberedSizeFitsTheScreen(t *testing.T) {
	for _, tt := range []struct {
		name            string
		want, area, got fyne.Size
		scale           float32
	}{
		{"a projector's size on a laptop", fyne.NewSize(1920, 1050), fyne.NewSize(1366, 740), fyne.NewSize(1366, 700), 1},
		{"a laptop's size on a laptop", fyne.NewSize(1366, 700), fyne.NewSize(1366, 740), fyne.NewSize(1366, 700), 1},
		{"on a projector", fyne.NewSize(1600, 900), fyne.NewSize(1920, 1040), fyne.NewSize(1600, 900), 1},
		{"at twice the pixels", fyne.NewSize(1920, 1050), fyne.NewSize(2732, 1480), fyne.NewSize(1366, 700), 2},
		{"a screen that cannot say", fyne.NewSize(1920, 1050), fyne.Size{}, fyne.NewSize(1920, 1050), 1},
	} {
		if got := fitted(tt.want, tt.area, tt.scale); got != tt.got {
			t.Errorf("%s: %v opens at %v, want %v", tt.name, tt.want, got, tt.got)
		}
	}
}
