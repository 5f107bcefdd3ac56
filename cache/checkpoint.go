package cache

import (
	"context"
	"fmt"
)

// Checkpoint copies the write-ahead log into the database and truncates
// it to nothing. After a sync that failed or was cancelled, the pages it
// wrote and rolled back would otherwise stay in the log until the next
// commit: a server that sends a lot and then fails could fill the disk.
func (c *Cache) Checkpoint(ctx context.Context) error {
	if _, err := c.write.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		return fmt.Errorf("truncating the cache's write-ahead log: %w", err)
	}
	return nil
}
