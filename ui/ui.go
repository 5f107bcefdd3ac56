// Package ui is Cabinet's window: the dashboard tabs, pickers, sync panel,
// settings and presentation mode. It is the only package besides
// cmd/cabinet that imports Fyne.
package ui

import (
	"context"

	"fyne.io/fyne/v2"

	"github.com/cabinetapp/cabinet/cache"
)

// Run shows the dashboard for the cache and returns when the window closes.
func Run(ctx context.Context, a fyne.App, c *cache.Cache, opts Options) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	w := a.NewWindow("Cabinet")
	d := newDashboard(ctx, a, w, c, opts)
	w.SetContent(d.content)
	w.Resize(d.opts.Size)
	w.SetMaster()
	d.start()
	go func() {
		<-ctx.Done()
		fyne.Do(a.Quit)
	}()
	w.ShowAndRun()
}
