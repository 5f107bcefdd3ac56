// Command hello is the smallest Fyne window, the yardstick for Cabinet's
// time to first frame in scripts/bench.sh.
package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

func main() {
	a := app.NewWithID("io.github.cabinetapp.hello")
	w := a.NewWindow("Hello")
	w.SetContent(widget.NewLabel("Hello"))
	w.Resize(fyne.NewSize(1280, 760))
	w.ShowAndRun()
}
