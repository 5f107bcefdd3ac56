package cache

import (
	"context"
	"database/sql"
	"fmt"
)

// ReadTx is the cache as it stood at one moment: every read through it sees
// the file as it was when Read began it, whatever syncs and edits commit
// meanwhile (the write-ahead log keeps the pages it reads). It offers the
// same typed reads as Cache, and may be read from several goroutines at
// once; their reads take turns on its one connection.
//
// It holds a connection, and keeps the write-ahead log from being folded
// back into the file past its moment, until Close.
type ReadTx struct {
	reader
	tx *sql.Tx
}

// Read begins a read transaction. The transaction outlives ctx, which
// bounds only the reads Read makes to begin it; Close ends it.
func (c *Cache) Read(ctx context.Context) (*ReadTx, error) {
	tx, err := c.snap.BeginTx(context.WithoutCancel(ctx), nil)
	if err != nil {
		return nil, fmt.Errorf("reading the cache: %w", err)
	}
	// The first read fixes the transaction's moment: its sources and
	// everything read after them agree.
	list, err := readSources(ctx, tx)
	if err != nil {
		tx.Rollback()
		return nil, fmt.Errorf("reading the cache's sources: %w", err)
	}
	return &ReadTx{reader: reader{q: tx, list: func() *sourceList { return list }, keys: c.keys}, tx: tx}, nil
}

// Close ends the transaction and gives its connection back. Reads after
// Close fail.
func (t *ReadTx) Close() error { return t.tx.Rollback() }
