package ui

import (
	"context"
	"fmt"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/panel"
)

// watchEvery is how often the window asks whether another program (a
// `cabinet sync` from a scheduled task, a deck edited on the command line)
// changed the cache: a change shows within this and the time a board takes
// to read.
const watchEvery = 3 * time.Second

// start opens the data: it starts watching the cache for other writers,
// fills an empty cache, then loads the board and everything on it.
func (d *dashboard) start() {
	if d.cache.Recovered != nil {
		d.showRecovery(d.cache.Recovered)
	}
	c := d.cache
	background(d.br, func(ctx context.Context) (*cache.Watcher, error) { return c.Watch(ctx) },
		func(w *cache.Watcher, err error) {
			if err != nil {
				d.showError("Cabinet cannot notice other programs' changes to its data", err)
			} else {
				d.watch = w
				d.watching.Add(1)
				go d.watchLoop(w)
			}
			d.dataChanged()
		})
}

// loadBoard reads a new snapshot of the district, filling an empty cache
// first (with the demo district, in the app). It runs in the background.
// What the watcher would report of the changes so far is taken now: the
// new board shows them.
func (d *dashboard) loadBoard(ctx context.Context, w *cache.Watcher) (*panel.Board, error) {
	if d.opts.Seed != nil && d.cache.Empty() {
		d.br.do(func() { d.status.SetText("Preparing the demo district…") })
		if err := d.opts.Seed(ctx); err != nil {
			return nil, fmt.Errorf("preparing the demo district: %w", err)
		}
	}
	if w != nil {
		if _, err := w.Changed(ctx); err != nil {
			return nil, err
		}
	}
	return openBoard(ctx, d.cache, d.opts)
}

// openBoard reads a snapshot of the district in c: a board the caller
// holds and releases.
func openBoard(ctx context.Context, c *cache.Cache, opts Options) (*panel.Board, error) {
	snap, err := c.Read(ctx)
	if err != nil {
		return nil, err
	}
	b, err := panel.NewBoard(ctx, snap, opts.Suppression)
	if err != nil {
		return nil, err
	}
	b.Now = opts.Now
	return b, nil
}

// afterWrite reads a new snapshot of the district after the window itself
// changed it, then runs then: a board shows what it read when it was made.
func (d *dashboard) afterWrite(then func()) {
	d.onBoard = append(d.onBoard, then)
	d.dataChanged()
}

// dataChanged reads a new snapshot of the district after a sync or a
// removed source and, on the UI goroutine, swaps it in and redraws
// everything, keeping the pickers' choices where they still exist. The
// board it replaces is left as it was for whatever still reads it.
func (d *dashboard) dataChanged() {
	d.boardGen++
	gen, w := d.boardGen, d.watch
	// A board read as the window closes is released by background.
	background(d.br, func(ctx context.Context) (*panel.Board, error) { return d.loadBoard(ctx, w) }, func(b *panel.Board, err error) {
		if err != nil {
			if gen == d.boardGen {
				d.showError("Cabinet could not read its data", err)
			}
			return
		}
		if gen != d.boardGen {
			b.Release() // a later snapshot is on its way
			return
		}
		d.setBoard(b)
	})
}

// watchLoop asks, every watchEvery (or at each of opts.Ticks in tests),
// whether the cache changed, until the window closes. The question and the
// new board are read in the background; the loop only hands the UI
// goroutine a nudge.
func (d *dashboard) watchLoop(w *cache.Watcher) {
	defer d.watching.Done()
	defer w.Close()
	ticks := d.opts.Ticks
	if ticks == nil {
		t := time.NewTicker(watchEvery)
		defer t.Stop()
		ticks = t.C
	}
	for {
		select {
		case <-d.br.ctx.Done():
			return
		case <-ticks:
			d.br.do(d.checkData)
		}
	}
}

// checkData asks in the background whether another program changed the
// cache, and reads a new board if one did. It runs on the UI goroutine: at
// each tick of the watch loop and when the window gains the focus.
func (d *dashboard) checkData() {
	w := d.watch
	if w == nil || d.checking {
		return
	}
	d.checking = true
	background(d.br, func(ctx context.Context) (bool, error) { return w.Changed(ctx) }, func(changed bool, err error) {
		d.checking = false
		if err == nil && changed {
			d.dataChanged()
		}
		// A failed question is asked again at the next tick.
	})
}

// stopWaiting is how long a closing window waits for its background work
// to end before it lets the process go.
const stopWaiting = 5 * time.Second

// stop lets go of the cache once the window has closed and the bridge's
// context has ended: it waits for the background work and the watcher's
// loop, then releases the board's read transaction. A cache closed with a
// connection still open leaves its write-ahead log beside the file.
func (d *dashboard) stop() {
	done := make(chan struct{})
	go func() {
		d.br.pending.Wait()
		d.watching.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(stopWaiting):
		return // something still reads the board: leave it be
	}
	if d.board != nil {
		d.board.Release()
		d.board = nil
	}
}
