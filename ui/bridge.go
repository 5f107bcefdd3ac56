package ui

import (
	"context"
	"sync"
	"sync/atomic"

	"fyne.io/fyne/v2"
)

// bridge is the one place where background work meets widgets: work runs
// on its own goroutine and its result is handed to the UI goroutine with
// fyne.Do. Queries and chart rendering never run on the UI goroutine.
type bridge struct {
	ctx     context.Context
	pending sync.WaitGroup
	started atomic.Int64
	// apply lets one result at a time reach the widgets. Fyne's driver
	// already runs them one at a time on its thread; the test driver runs
	// them on the caller's goroutine, so the bridge makes sure of it.
	apply sync.Mutex
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

// do runs fn on the UI goroutine, one at a time, from any goroutine.
func (b *bridge) do(fn func()) {
	b.apply.Lock()
	defer b.apply.Unlock()
	fyne.DoAndWait(fn)
}

// wait blocks until all background work has been applied; tests use it
// before they look at the window.
func (b *bridge) wait() { b.pending.Wait() }
