package ui

import (
	"context"
	"io"
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

// fyneRunner hands work to Fyne's event loop. As the loop ends, Fyne lets
// go of the hand-overs still queued without running them, and one queued
// as the queue closes would wait for ever: a hand-over stops waiting when
// the window closes.
type fyneRunner struct{}

func (fyneRunner) run(ctx context.Context, fn func()) {
	done := make(chan struct{})
	go func() {
		fyne.DoAndWait(fn)
		close(done)
	}()
	select {
	case <-done:
	case <-ctx.Done():
	}
}

func newBridge(ctx context.Context, r runner) *bridge { return &bridge{ctx: ctx, runner: r} }

// background runs work off the UI goroutine, then apply on it, unless the
// window has closed by then. A result apply never takes is let go: a
// board's snapshot or a watcher's connection left open would keep SQLite
// from folding its log into the cache as the app closes.
func background[T any](b *bridge, work func(context.Context) (T, error), apply func(T, error)) {
	b.pending.Add(1)
	b.started.Add(1)
	go func() {
		defer b.pending.Done()
		v, err := work(b.ctx)
		var taken atomic.Bool
		applied := make(chan struct{})
		if b.ctx.Err() == nil {
			b.do(func() {
				if taken.CompareAndSwap(false, true) {
					defer close(applied)
					apply(v, err)
				}
			})
		}
		if !taken.CompareAndSwap(false, true) {
			<-applied // apply took it, perhaps just as the window closed
		} else if err == nil {
			drop(v)
		}
	}()
}

// drop lets go of a result no one took.
func drop(v any) {
	switch r := v.(type) {
	case interface{ Release() }:
		r.Release()
	case io.Closer:
		r.Close()
	}
}

// do runs fn on the UI goroutine from any other goroutine, and waits for it
// unless the window closes first.
func (b *bridge) do(fn func()) { b.runner.run(b.ctx, fn) }
