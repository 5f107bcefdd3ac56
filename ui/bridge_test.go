package ui

import (
	"context"
	"sync/atomic"
	"testing"
)

// held counts the times it was let go.
type held struct{ released atomic.Int32 }

func (h *held) Release() { h.released.Add(1) }

// TestAResultNoOneTakesIsLetGo: a board read while the window closes is
// released, not left holding its snapshot (its connection then kept SQLite
// from folding cabinet.db-wal into the cache); one the window takes is
// the window's to release.
func TestAResultNoOneTakesIsLetGo(t *testing.T) {
	for _, tc := range []struct {
		name         string
		closeDuring  bool
		wantReleased int32
		wantApplied  bool
	}{
		{"taken by the window", false, 0, true},
		{"the window closed meanwhile", true, 1, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			loop := &testLoop{results: make(chan func())}
			b := newBridge(ctx, loop)
			h := &held{}
			applied := false
			background(b, func(context.Context) (*held, error) {
				if tc.closeDuring {
					cancel()
				}
				return h, nil
			}, func(*held, error) { applied = true })
			if !tc.closeDuring {
				(<-loop.results)()
			}
			b.pending.Wait()
			if got := h.released.Load(); got != tc.wantReleased || applied != tc.wantApplied {
				t.Errorf("released %d times, applied %v; want %d, %v", got, applied, tc.wantReleased, tc.wantApplied)
			}
		})
	}
}
