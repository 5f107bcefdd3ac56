package cache

import (
	"context"
	"path/filepath"
	"runtime"
	"testing"
)

// TestConnections: the writer lets the sorter use helper threads for the
// indexes it builds; readers cannot write, and keep to one thread.
func TestConnections(t *testing.T) {
	ctx := context.Background()
	c, err := Open(ctx, filepath.Join(t.TempDir(), FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for _, tc := range []struct {
		name      string
		q         querier
		threads   int
		queryOnly bool
	}{
		{"writer", c.write, min(runtime.NumCPU(), 4), false},
		{"reader", c.read, 0, true},
		{"snapshot reader", c.snap, 0, true},
	} {
		var threads int
		var queryOnly bool
		if err := tc.q.QueryRowContext(ctx, "SELECT (SELECT threads FROM pragma_threads), (SELECT query_only FROM pragma_query_only)").Scan(&threads, &queryOnly); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if threads != tc.threads || queryOnly != tc.queryOnly {
			t.Errorf("%s: threads %d, query_only %v; want %d, %v", tc.name, threads, queryOnly, tc.threads, tc.queryOnly)
		}
	}
}
