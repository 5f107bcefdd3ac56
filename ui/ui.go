// Package ui is Cabinet's window: the dashboard tabs, pickers, sync panel,
// settings and presentation mode. It is the only package besides
// cmd/cabinet that imports Fyne.
package ui

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"

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
	remembered := opts.Size.IsZero()
	if remembered {
		opts.Size = lastSize(a.Preferences())
	}
	d := newDashboard(newBridge(ctx, fyneRunner{}), a, w, c, opts)
	w.SetContent(keepSize(w, a.Preferences(), d.content))
	if opts.About != "" {
		w.SetMainMenu(mainMenu(w, opts.About))
	}
	w.Resize(d.opts.Size)
	w.SetMaster()
	// The data load waits for the window to be up, so it does not compete
	// with drawing the first frame for the computer's cores.
	onStarted(ctx, a, func() {
		if remembered && opts.WorkArea != nil {
			if s := fitted(d.opts.Size, opts.WorkArea(), w.Canvas().Scale()); s != d.opts.Size {
				w.Resize(s)
			}
		}
		d.start()
	})
	w.ShowAndRun()
	cancel()
	d.stop()
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

// sizeKey is the preference that keeps the window's size between runs, as
// "WxH": one key, so that a new size is one change and one write.
const sizeKey = "window.size"

// laptopSize is the window's size on its first run: it fits the work area
// of the smallest laptop screen in use, 1366x768 less a title bar and a
// panel. Fyne cannot tell a window its screen's size.
var laptopSize = fyne.NewSize(1366, 700)

// smallest is the least size worth remembering: anything smaller was a
// window minimised or squeezed by accident, not a size to open at.
var smallest = fyne.NewSize(640, 400)

// lastSize is the size the window had when the app last stopped, or
// laptopSize.
func lastSize(p fyne.Preferences) fyne.Size {
	var s fyne.Size
	if _, err := fmt.Sscanf(p.String(sizeKey), "%gx%g", &s.Width, &s.Height); err != nil ||
		s.Width < smallest.Width || s.Height < smallest.Height {
		return laptopSize
	}
	return s
}

// titleBar is the room a window manager's title bar takes above a window.
const titleBar = 40

// fitted is want made to fit a screen's work area of area pixels, at scale
// pixels to Fyne's unit, with room for a title bar: the CTO who presented
// on a projector's 1920x1080 opens Cabinet on the laptop's 1366x768 with
// the whole window on it. An area of zero, a screen that cannot say, fits
// any size.
func fitted(want, area fyne.Size, scale float32) fyne.Size {
	if area.Width <= 0 || area.Height <= 0 || scale <= 0 {
		return want
	}
	return fyne.NewSize(min(want.Width, area.Width/scale), min(want.Height, area.Height/scale-titleBar))
}

// rememberSize keeps the window's size for the next run.
func rememberSize(p fyne.Preferences, s fyne.Size) {
	if s.Width >= smallest.Width && s.Height >= smallest.Height {
		p.SetString(sizeKey, fmt.Sprintf("%gx%g", s.Width, s.Height))
	}
}

// keepSize wraps the window's content so that the window's size is
// remembered each time it changes, while the app runs. Remembering it as
// the app stops loses it: Fyne 2.8.1 drops its OnStopped hook when that
// races with the shutdown of its main-thread queue, and a preference set
// within 100 ms of the last is written later by a goroutine that the
// process's exit can cut short, leaving an empty file.
func keepSize(w fyne.Window, p fyne.Preferences, content fyne.CanvasObject) fyne.CanvasObject {
	return container.New(sizeKeeper{stack: layout.NewStackLayout(), w: w, p: p}, content)
}

// sizeKeeper lays the content out as a stack does; the window's canvas has
// its new size by the time its content is laid out.
type sizeKeeper struct {
	stack fyne.Layout
	w     fyne.Window
	p     fyne.Preferences
}

func (k sizeKeeper) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	k.stack.Layout(objects, size)
	rememberSize(k.p, k.w.Canvas().Size())
}

func (k sizeKeeper) MinSize(objects []fyne.CanvasObject) fyne.Size {
	return k.stack.MinSize(objects)
}
