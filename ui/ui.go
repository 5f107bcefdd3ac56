// Package ui is Cabinet's window: the dashboard tabs, pickers, sync panel,
// settings and presentation mode. It is the only package besides
// cmd/cabinet that imports Fyne.
package ui

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/deck"
	"github.com/cabinetapp/cabinet/panel"
)

// Run shows the dashboard for the cache and returns when the window closes.
func Run(ctx context.Context, a fyne.App, c *cache.Cache, opts Options) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	a.Settings().SetTheme(newAppTheme())
	w := a.NewWindow("Cabinet")
	d := newDashboard(newBridge(ctx, fyneRunner{}), a, w, c, opts)
	w.SetContent(d.content)
	if opts.About != "" {
		w.SetMainMenu(mainMenu(w, opts.About))
	}
	w.Resize(d.opts.Size)
	w.SetMaster()
	// The data load waits for the window to be up, so it does not compete
	// with drawing the first frame for the computer's cores.
	onStarted(ctx, a, d.start)
	w.ShowAndRun()
}

// onStarted runs start once the app's event loop runs, and quits the app
// when ctx ends, but not before the loop runs: a quit asked for while the
// window is still opening would be lost.
func onStarted(ctx context.Context, a fyne.App, start func()) {
	started := make(chan struct{})
	a.Lifecycle().SetOnStarted(func() {
		close(started)
		start()
	})
	go func() {
		<-ctx.Done()
		<-started
		fyne.Do(a.Quit)
	}()
}

// Present opens a deck straight into presentation, without the dashboard,
// and returns when it ends: `cabinet present`. An empty cache is filled
// first (opts.Seed), as the dashboard would.
func Present(ctx context.Context, a fyne.App, c *cache.Cache, opts Options, name string) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	opts = opts.withDefaults()
	if opts.Seed != nil && c.Empty() {
		if err := opts.Seed(ctx); err != nil {
			return fmt.Errorf("preparing the demo district: %w", err)
		}
	}
	b, err := openBoard(ctx, c, opts)
	if err != nil {
		return err
	}
	defer b.Release()
	d, err := deck.Load(ctx, c, name)
	if err != nil {
		return err
	}
	if len(d.Slides) == 0 {
		return fmt.Errorf("the deck %q has no slides", d.Name)
	}
	a.Settings().SetTheme(newAppTheme())
	onStarted(ctx, a, func() {
		newPresentation(a, newBridge(ctx, fyneRunner{}), c, func() *panel.Board { return b }, d, 0, opts, a.Quit)
	})
	a.Run()
	return nil
}
