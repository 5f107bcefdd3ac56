//go:build !ci

package main

import (
	"fyne.io/fyne/v2"
	"github.com/go-gl/glfw/v3.4/glfw"
)

// workArea is the primary screen's work area in pixels, or zero when the
// platform cannot say (Wayland does not). Fyne has initialised GLFW by the
// time the window's started hook asks, on the main thread.
func workArea() fyne.Size {
	m := glfw.GetPrimaryMonitor()
	if m == nil {
		return fyne.Size{}
	}
	_, _, w, h := m.GetWorkarea()
	return fyne.NewSize(float32(w), float32(h))
}
