package server

import (
	clist "container/list"
	"context"
	"sync"
)

// shared reads a value once for everyone who asks for it meanwhile, and
// keeps the most recently used values up to limit bytes (with limit 0 it
// keeps none, and only shares reads in flight).
//
// districtd keeps encoded pages of the paged collections this way, for
// cabinets that list the same pages at the same time, as a district's do
// on the morning of a meeting: the first to ask for a page has it read
// from the warehouse, those asking meanwhile wait for it, and those asking
// after get it from memory. A listing's pages are fixed by its cursor (its
// Upto bounds the versions it sees), so a page kept is a page the
// warehouse would give; one whose rows changed since is as if read a
// little earlier, and the change comes at the next sync. The small
// collections and the state a listing starts from are only shared while
// in flight: a request that joins a read begun just before it gets what it
// would have got a moment earlier. Memory is bounded by limit, plus the
// values being read.
type shared[V any] struct {
	mu    sync.Mutex
	limit int64
	size  int64
	sizer func(V) int64
	items map[string]*flight[V]
	lru   clist.List // of *flight[V], kept ones only, the most recent first
}

type flight[V any] struct {
	key   string
	ready chan struct{}
	v     V
	err   error
	at    *clist.Element
}

func newShared[V any](limit int64, sizer func(V) int64) *shared[V] {
	return &shared[V]{limit: limit, sizer: sizer, items: map[string]*flight[V]{}}
}

// has reports whether key is kept or being read.
func (s *shared[V]) has(key string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.items[key]
	return ok
}

// get returns the value of key, reading it with read unless it is kept or
// being read. read runs on without the asker's cancellation, for those
// who wait with it.
func (s *shared[V]) get(ctx context.Context, key string, read func(context.Context) (V, error)) (V, error) {
	s.mu.Lock()
	if f, ok := s.items[key]; ok {
		if f.at != nil {
			s.lru.MoveToFront(f.at)
		}
		s.mu.Unlock()
		select {
		case <-f.ready:
			return f.v, f.err
		case <-ctx.Done():
			var zero V
			return zero, ctx.Err()
		}
	}
	f := &flight[V]{key: key, ready: make(chan struct{})}
	s.items[key] = f
	s.mu.Unlock()

	f.v, f.err = read(context.WithoutCancel(ctx))
	s.mu.Lock()
	if n := s.sizer(f.v); f.err != nil || s.limit == 0 || n > s.limit {
		delete(s.items, key)
	} else {
		f.at = s.lru.PushFront(f)
		s.size += n
		for s.size > s.limit {
			old := s.lru.Remove(s.lru.Back()).(*flight[V])
			delete(s.items, old.key)
			s.size -= s.sizer(old.v)
		}
	}
	s.mu.Unlock()
	close(f.ready)
	return f.v, f.err
}
