package panel_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/district/demo"
	"github.com/cabinetapp/cabinet/panel"
)

// sizes are the districts the benchmarks measure: the demo, a large
// district, and the largest in the US with ten years of history.
var sizes = []struct{ schools, years int }{{24, 5}, {100, 5}, {1800, 10}}

// benchCache returns a cache file holding a demo district of the given
// size. Files are kept in the temp folder between runs, because writing
// the largest takes about a minute; the name carries the schema version,
// so a schema change builds them anew.
func benchCache(b *testing.B, schools, years int) string {
	b.Helper()
	dir := filepath.Join(os.TempDir(), "cabinet-bench")
	path := filepath.Join(dir, fmt.Sprintf("demo-%d-%d-v%d.db", schools, years, cache.SchemaVersion()))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	tmp := path + ".building"
	os.Remove(tmp)
	c, err := cache.Open(context.Background(), tmp)
	if err != nil {
		b.Fatal(err)
	}
	cfg := demo.Config{Seed: 1, Schools: schools, Years: years, End: time.Date(2026, time.November, 1, 0, 0, 0, 0, time.UTC)}
	if err := c.Write(context.Background(), cache.DemoSource, cache.Replace, func(w *cache.Writer) error { return demo.New(cfg).Put(w) }); err != nil {
		b.Fatal(err)
	}
	if err := c.Close(); err != nil {
		b.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		b.Fatal(err)
	}
	return path
}

// benchBoard opens a board on the cache file of a demo district of the
// given size, closed when the benchmark ends.
func benchBoard(b *testing.B, schools, years int) *panel.Board {
	b.Helper()
	c, err := cache.Open(context.Background(), benchCache(b, schools, years))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { c.Close() })
	snap, err := c.Read(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	board, err := panel.NewBoard(context.Background(), snap, district.Suppression{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(board.Release)
	return board
}

// BenchmarkOverview opens the cache and runs every query the Overview needs:
// what the window does between the first frame and the tiles.
func BenchmarkOverview(b *testing.B) {
	ctx := context.Background()
	for _, size := range sizes {
		b.Run(fmt.Sprintf("schools=%d", size.schools), func(b *testing.B) {
			path := benchCache(b, size.schools, size.years)
			f := panel.Filter{Period: district.Period{Kind: district.Last12Months}}
			for b.Loop() {
				c, err := cache.Open(ctx, path)
				if err != nil {
					b.Fatal(err)
				}
				snap, err := c.Read(ctx)
				if err != nil {
					b.Fatal(err)
				}
				board, err := panel.NewBoard(ctx, snap, district.Suppression{})
				if err != nil {
					b.Fatal(err)
				}
				if _, err := board.Tiles(ctx, f); err != nil {
					b.Fatal(err)
				}
				board.Release()
				c.Close()
			}
		})
	}
}

// BenchmarkTab builds every chart of every tab for one school and for the
// district: what a change of the school picker costs.
func BenchmarkTab(b *testing.B) {
	ctx := context.Background()
	for _, size := range sizes {
		b.Run(fmt.Sprintf("schools=%d", size.schools), func(b *testing.B) {
			board := benchBoard(b, size.schools, size.years)
			for b.Loop() {
				for _, school := range []string{district.WholeDistrict, board.Schools[0].ID} {
					f := panel.Filter{School: school, Period: district.Period{Kind: district.Last12Months}}
					for _, p := range panel.All() {
						if _, err := board.Build(ctx, p.ID, f); err != nil {
							b.Fatal(err)
						}
					}
				}
			}
		})
	}
}

// BenchmarkValue runs every query of the Value tab: the product table, the
// renewals and its four charts. At 1,800 schools the demo has 300 products.
func BenchmarkValue(b *testing.B) {
	ctx := context.Background()
	for _, size := range sizes {
		b.Run(fmt.Sprintf("schools=%d", size.schools), func(b *testing.B) {
			board := benchBoard(b, size.schools, size.years)
			f := panel.Filter{School: board.Schools[0].ID, Period: district.Period{Kind: district.Last12Months}}
			for b.Loop() {
				t, err := board.Products(ctx, f)
				if err != nil {
					b.Fatal(err)
				}
				board.Renewals(t, 180*24*time.Hour)
				for _, p := range panel.ForDomain(district.Value) {
					if _, err := board.Build(ctx, p.ID, f); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
