package export_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/deck"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/district/demo"
	"github.com/cabinetapp/cabinet/export"
	"github.com/cabinetapp/cabinet/panel"
)

var (
	ctx  = context.Background()
	end  = time.Date(2026, time.November, 1, 0, 0, 0, 0, time.UTC)
	now  = time.Date(2026, time.November, 29, 8, 0, 0, 0, time.UTC)
	opts = export.Options{Options: deck.Options{Now: now}, MeetingDate: time.Date(2026, time.December, 15, 0, 0, 0, 0, time.UTC)}
)

// demoBoard returns a board on a new cache holding the default demo district.
func demoBoard(t testing.TB) *panel.Board {
	t.Helper()
	return boardOf(t, demoCache(t))
}

// demoCache opens a new cache holding the default demo district.
func demoCache(t testing.TB) *cache.Cache {
	t.Helper()
	c := emptyCache(t)
	if err := c.Write(ctx, cache.DemoSource, cache.Replace, func(w *cache.Writer) error { return demo.New(demo.Default(end)).Put(w) }); err != nil {
		t.Fatal(err)
	}
	return c
}

// emptyCache opens a new, empty cache on the tests' clock, closed when
// the test ends.
func emptyCache(t testing.TB) *cache.Cache {
	t.Helper()
	c, err := cache.Open(ctx, filepath.Join(t.TempDir(), cache.FileName))
	if err != nil {
		t.Fatal(err)
	}
	c.Now = func() time.Time { return now }
	t.Cleanup(func() { c.Close() })
	return c
}

// boardOf reads a board of the cache as it stands, released when the test ends.
func boardOf(t testing.TB, c *cache.Cache) *panel.Board {
	t.Helper()
	return boardAt(t, c, district.Suppression{})
}

// boardAt reads a board of the cache as it stands at privacy setting s
// (zero: the cache's own), released when the test ends.
func boardAt(t testing.TB, c *cache.Cache, s district.Suppression) *panel.Board {
	t.Helper()
	snap, err := c.Read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	b, err := panel.NewBoard(ctx, snap, s)
	if err != nil {
		t.Fatal(err)
	}
	// November, the demo's last month, is still running.
	b.Now = func() time.Time { return now }
	t.Cleanup(b.Release)
	return b
}
