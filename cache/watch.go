package cache

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
)

// Watcher tells when the cache file has changed: a sync or a deck edit
// committed by another process, or by another connection of this one. It
// asks SQLite's PRAGMA data_version, which counts the commits of every
// connection but the one asking, so it holds a connection of its own.
type Watcher struct {
	c    *Cache
	mu   sync.Mutex
	conn *sql.Conn
	last int64
}

// Watch starts watching the file from its state now.
func (c *Cache) Watch(ctx context.Context) (*Watcher, error) {
	conn, err := c.snap.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("watching the cache for changes: %w", err)
	}
	w := &Watcher{c: c, conn: conn}
	if w.last, err = w.version(ctx); err != nil {
		conn.Close()
		return nil, err
	}
	return w, nil
}

func (w *Watcher) version(ctx context.Context) (int64, error) {
	var v int64
	if err := w.conn.QueryRowContext(ctx, "PRAGMA data_version").Scan(&v); err != nil {
		return 0, fmt.Errorf("asking whether the cache changed: %w", err)
	}
	return v, nil
}

// Changed reports whether anything was committed since Watch or the last
// call that said so. When something was, it also reads the sources again,
// so the cache's own reads (its sources' sync states, what it holds) show
// another process's sync.
func (w *Watcher) Changed(ctx context.Context) (bool, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	v, err := w.version(ctx)
	if err != nil || v == w.last {
		return false, err
	}
	// A new connection of the pool sees every commit so far; the writer
	// connection may be busy with this process's own sync.
	if err := w.c.readSourcesThrough(ctx, w.c.read); err != nil {
		return false, fmt.Errorf("reading the cache's sources again: %w", err)
	}
	w.last = v
	return true, nil
}

// Close stops watching.
func (w *Watcher) Close() error { return w.conn.Close() }
