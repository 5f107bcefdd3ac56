package cache

import (
	"context"
	"flag"
	"path/filepath"
	"testing"
	"time"
)

var (
	floorObservations = flag.Int("floor.observations", 100_000, "rows of observations BenchmarkFloor writes")
	floorUsage        = flag.Int("floor.usage", 100_000, "rows of product use BenchmarkFloor writes")
)

// BenchmarkFloor measures the least time this SQLite takes to write a
// district's figures into a new cache: the rows made by SQLite itself (no
// Go, no staging file, no checks), inserted in the order of their key into
// the live tables with their indexes dropped, and the indexes built after,
// each in one statement, as the apply does into an empty table. Nothing
// that writes as many rows into the same tables can be much faster: it is the
// floor under `cabinet demo`'s time (scripts/bench-cache.sh passes the
// demo's row counts).
//
//	go test ./cache -run '^$' -bench Floor -benchtime 1x -args -floor.observations N -floor.usage N
func BenchmarkFloor(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		c, err := Open(ctx, filepath.Join(b.TempDir(), FileName))
		if err != nil {
			b.Fatal(err)
		}
		tx, err := c.write.BeginTx(ctx, nil)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		var insert, index time.Duration
		for _, t := range []struct {
			table, rows string
			n           int
		}{
			// Each measure or product 1,800 schools x 120 months, each school's size its own.
			{"observations", `SELECT 1, i / 216000, i / 120 % 1800, 24000 + i % 120, i % 977 * 0.1, (i / 120 % 1800) * 7919 % 1500 FROM c`, *floorObservations},
			{"product_usage", `SELECT 1, i / 216000, i / 120 % 1800, 24000 + i % 120, (i / 120 % 1800) * 7919 % 900, i % 613 * 0.5 FROM c`, *floorUsage},
		} {
			start := time.Now()
			indexes, err := dropIndexes(ctx, tx, t.table)
			if err != nil {
				b.Fatal(err)
			}
			q := `WITH RECURSIVE c(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c WHERE i < ?) INSERT INTO main.` + t.table + " " + t.rows
			if _, err := tx.ExecContext(ctx, q, t.n-1); err != nil {
				b.Fatal(err)
			}
			built := time.Now()
			insert += built.Sub(start)
			for _, q := range indexes {
				if _, err := tx.ExecContext(ctx, q); err != nil {
					b.Fatal(err)
				}
			}
			index += time.Since(built)
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(insert.Seconds(), "insert-s")
		b.ReportMetric(index.Seconds(), "index-s")
		b.StopTimer()
		c.Close()
		b.StartTimer()
	}
}
