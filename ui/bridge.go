package ui

import (
	"context"
	"sync"
	"sync/atomic"

	"fyne.io/fyne/v2"
)

// bridge is the one place where background work meets widgets: work runs
// on its own goroutine and its result is handed to the UI goroutine with
// fyne.DoAndWait. Queries and chart rendering never run on the UI goroutine.
type bridge struct {
	ctx     context.Context
	pending sync.WaitGroup
	started atomic.Int64
	// loop, when set, takes the results instead of Fyne's driver, for a
	// goroutine that plays the driver's event loop and runs them itself.
	// Fyne's test driver runs fyne.Do on the calling goroutine, so the UI
	// tests use it to keep every widget on one goroutine, as the app does.
	loop chan func()
}

func newBridge(ctx context.Context) *bridge { return &bridge{ctx: ctx} }

// background runs work off the UI goroutine, then apply on it, unless the
// window has closed by then.
func background[T any](b *bridge, work func(context.Context) (T, error), apply func(T, error)) {
	b.pending.Add(1)
	b.started.Add(1)
	go func() {
		defer b.pending.Done()
		v, err := work(b.ctx)
		if b.ctx.Err() != nil {
			return
		}
		b.do(func() { apply(v, err) })
	}()
}

// do runs fn on the UI goroutine from any other goroutine, and waits for it
// unless the window closes first.
func (b *bridge) do(fn func()) {
	if b.loop == nil {
		fyne.DoAndWait(fn)
		return
	}
	done := make(chan struct{})
	select {
	case b.loop <- func() { defer close(done); fn() }:
	case <-b.ctx.Done():
		return
	}
	select {
	case <-done:
	case <-b.ctx.Done():
	}
}
