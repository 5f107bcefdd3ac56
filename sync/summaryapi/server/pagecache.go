package server

import (
	clist "container/list"
	"context"
	"sync"
)

// pageCache keeps encoded pages of the paged collections for cabinets that
// list the same pages at the same time, as a district's do on the morning
// of a meeting: the first to ask for a page has it read from the
// warehouse, those asking meanwhile wait for it, and those asking after
// get it from memory while it is among the most recently used. A listing's
// pages are fixed by its cursor (its Upto bounds the versions it sees), so
// a page kept is a page the warehouse would give; one whose rows changed
// since is as if read a little earlier, and the change comes at the next
// sync. Its memory is bounded by limit, plus the pages being read.
type pageCache struct {
	mu    sync.Mutex
	limit int64
	size  int64
	pages map[string]*cachedPage
	lru   clist.List // of *cachedPage, read ones only, the most recent first
}

type cachedPage struct {
	key   string
	ready chan struct{}
	body  []byte
	items int
	err   error
	at    *clist.Element
}

func newPageCache(limit int64) *pageCache {
	return &pageCache{limit: limit, pages: map[string]*cachedPage{}}
}

// get returns the page of key, reading it with read unless it is kept or
// being read. read runs on without the asker's cancellation, for those
// who wait with it.
func (c *pageCache) get(ctx context.Context, key string, read func(context.Context) ([]byte, int, error)) ([]byte, int, error) {
	c.mu.Lock()
	if pg, ok := c.pages[key]; ok {
		if pg.at != nil {
			c.lru.MoveToFront(pg.at)
		}
		c.mu.Unlock()
		select {
		case <-pg.ready:
			return pg.body, pg.items, pg.err
		case <-ctx.Done():
			return nil, 0, ctx.Err()
		}
	}
	pg := &cachedPage{key: key, ready: make(chan struct{})}
	c.pages[key] = pg
	c.mu.Unlock()

	pg.body, pg.items, pg.err = read(context.WithoutCancel(ctx))
	c.mu.Lock()
	if pg.err != nil {
		delete(c.pages, key)
	} else {
		pg.at = c.lru.PushFront(pg)
		c.size += int64(len(pg.body))
		for c.size > c.limit && c.lru.Len() > 0 {
			old := c.lru.Remove(c.lru.Back()).(*cachedPage)
			delete(c.pages, old.key)
			c.size -= int64(len(old.body))
		}
	}
	c.mu.Unlock()
	close(pg.ready)
	return pg.body, pg.items, pg.err
}
