package cache

import (
	"context"
	"fmt"
)

// Checkpoint copies the write-ahead log into the database and truncates
// it to nothing. After a sync that failed or was cancelled, the pages it
// wrote and rolled back would otherwise stay in the log until the next
// commit: a server that sends a lot and then fails could fill the disk.
//
// It does not wait for readers: a board holds its read transaction for as
// long as it is shown, and waiting for it would stall for the whole busy
// timeout. What cannot be folded back now is at the next checkpoint.
func (c *Cache) Checkpoint(ctx context.Context) error {
	conn, err := c.write.Conn(ctx)
	if err != nil {
		return fmt.Errorf("truncating the cache's write-ahead log: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA busy_timeout = 0"); err != nil {
		return fmt.Errorf("truncating the cache's write-ahead log: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf("PRAGMA busy_timeout = %d", busyTimeout))
	if _, err := conn.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		return fmt.Errorf("truncating the cache's write-ahead log: %w", err)
	}
	return nil
}
