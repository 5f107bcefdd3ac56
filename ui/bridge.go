package ui

import (
	"context"
	"sync"
	"sync/atomic"

	"fyne.io/fyne/v2"
)

// bridge is the one place where background work meets widgets: work runs
// on its own goroutine and its result is handed to the UI goroutine by the
// bridge's runner. Queries and chart rendering never run on the UI goroutine.
type bridge struct {
	ctx     context.Context
	runner  runner
	pending sync.WaitGroup
	started atomic.Int64
}

// runner runs fn on the UI goroutine and returns once it has run, or once
// the window has closed: Fyne's event loop in the app (fyneRunner), the
// test's own goroutine in the UI tests.
type runner interface {
	run(ctx context.Context, fn func())
}

// fyneRunner hands work to Fyne's event loop.
type fyneRunner struct{}

func (fyneRunner) run(_ context.Context, fn func()) { fyne.DoAndWait(fn) }

func newBridge(ctx context.Context, r runner) *bridge { return &bridge{ctx: ctx, runner: r} }

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
func (b *bridge) do(fn func()) { b.runner.run(b.ctx, fn) }
