package engine

import (
	"sync/atomic"
	"testing"
	"time"
)

// TestProgressCallbackHoldsNoLock blocks the progress callback, as the
// app's does while it waits for the UI goroutine, and checks that the
// sync's goroutines go on counting meanwhile, the one whose count was
// reported included; the callback is never entered twice at once and the
// report that follows carries everything counted while it was blocked.
func TestProgressCallbackHoldsNoLock(t *testing.T) {
	entered := make(chan Progress, 16)
	release := make(chan struct{})
	var inside, overlaps atomic.Int32
	m := newMeter("riverside", func(p Progress) {
		if inside.Add(1) > 1 {
			overlaps.Add(1)
		}
		defer inside.Add(-1)
		entered <- p
		<-release
	})

	first := make(chan struct{})
	go func() { defer close(first); m.Stage("schools") }()
	if p := <-entered; p.Stage != "schools" {
		t.Fatalf("first report: %+v", p)
	}
	select {
	case <-first:
	case <-time.After(10 * time.Second):
		t.Fatal("the goroutine whose count was reported waited for the callback")
	}

	// The callback is blocked: another goroutine's counting must not wait for it.
	second := make(chan struct{})
	go func() {
		defer close(second)
		m.Records(5)
		m.Page(100)
		m.Stage("observations")
	}()
	select {
	case <-second:
	case <-time.After(10 * time.Second):
		t.Fatal("Meter.Records waited for a blocked progress callback")
	}

	close(release)
	m.flush()
	var last Progress
	for len(entered) > 0 {
		last = <-entered
	}
	if last.Stage != "observations" || last.Records != 5 || last.Pages != 1 {
		t.Fatalf("the last report lost what was counted while the callback was blocked: %+v", last)
	}
	if overlaps.Load() != 0 {
		t.Fatal("the progress callback ran twice at once")
	}
}
