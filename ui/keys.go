package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// keyboard takes a window's keys as Fyne's GLFW driver delivers them. The
// driver makes a shortcut only of a key with Ctrl, Alt or Super held
// (triggersShortcut in internal/driver/glfw/window.go, v2.8.1), so F5, B,
// the arrows and Shift+F5 reach the canvas as typed keys, and whether Shift
// is held is known only from the key-down and key-up events that the driver
// sends to the canvas first. With a widget focused the driver sends every
// key to the widget instead; the windows that present focus none.
type keyboard struct {
	shift bool
	typed func(e *fyne.KeyEvent, shift bool)
}

// listen sends a window's keys to k.
func (k *keyboard) listen(w fyne.Window) {
	w.Canvas().SetOnTypedKey(func(e *fyne.KeyEvent) { k.typed(e, k.shift) })
	if dc, ok := w.Canvas().(desktop.Canvas); ok {
		dc.SetOnKeyDown(func(e *fyne.KeyEvent) { k.shiftKey(e.Name, true) })
		dc.SetOnKeyUp(func(e *fyne.KeyEvent) { k.shiftKey(e.Name, false) })
	}
}

func (k *keyboard) shiftKey(name fyne.KeyName, down bool) {
	if name == desktop.KeyShiftLeft || name == desktop.KeyShiftRight {
		k.shift = down
	}
}
