//go:build ci

package main

import "fyne.io/fyne/v2"

// workArea: the ci build's software driver has no screen.
func workArea() fyne.Size { return fyne.Size{} }
