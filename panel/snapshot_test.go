package panel_test

import (
	"fmt"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/district/demo"
	"github.com/cabinetapp/cabinet/panel"
)

// demoCache opens a cache holding the default demo district.
func demoCache(t testing.TB) *cache.Cache {
	t.Helper()
	c, err := cache.Open(ctx, filepath.Join(t.TempDir(), cache.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	c.Now = func() time.Time { return today }
	seed(t, c, demo.New(demo.Default(end)))
	return c
}

// seed writes a demo district into c, in place of the one it held.
func seed(t testing.TB, c *cache.Cache, d *demo.District) {
	t.Helper()
	if err := c.Write(ctx, cache.DemoSource, cache.Replace, func(w *cache.Writer) error { return d.Put(w) }); err != nil {
		t.Fatal(err)
	}
}

// boardOf reads a board of the cache as it stands, released when the test ends.
func boardOf(t testing.TB, c *cache.Cache) *panel.Board {
	t.Helper()
	b := readBoard(t, c)
	t.Cleanup(b.Release)
	return b
}

// readBoard reads a board of the cache as it stands, for the caller to release.
func readBoard(t testing.TB, c *cache.Cache) *panel.Board {
	t.Helper()
	snap, err := c.Read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	b, err := panel.NewBoard(ctx, snap, district.Suppression{})
	if err != nil {
		t.Fatal(err)
	}
	b.Now = func() time.Time { return today }
	return b
}

// TestBoardIsASnapshot makes a board of the 24-school demo district, then
// reseeds the cache with 6 schools while charts are built from the board on
// two goroutines: every chart the old board builds, during the sync and
// after it, is the one it built before (its attendance, its 24-row
// ranking), and a board read after the sync shows the new district. The
// race detector watches the board's maps and slices meanwhile.
func TestBoardIsASnapshot(t *testing.T) {
	c := demoCache(t)
	old := boardOf(t, c)
	f := panel.Filter{Period: last12}
	before := map[string]panel.Result{}
	for _, p := range panel.All() {
		before[p.ID] = build(t, old, p.ID, f)
	}
	tiles, err := old.Tiles(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(before[rankingID].Ranking.Rows); n != 24 {
		t.Fatalf("the ranking of the 24-school district has %d rows", n)
	}
	unchanged := func(when string) error {
		for _, p := range panel.All() {
			r, err := old.Build(ctx, p.ID, f)
			if err != nil {
				return fmt.Errorf("%s %s: %w", p.ID, when, err)
			}
			if !sameResult(r, before[p.ID]) {
				return fmt.Errorf("%s %s differs from what the same board built before", p.ID, when)
			}
		}
		return nil
	}
	done := make(chan struct{})
	errs := make(chan error, 2)
	for range 2 {
		go func() {
			for {
				select {
				case <-done:
					errs <- nil
					return
				default:
				}
				if err := unchanged("built during the sync"); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	small := demo.Config{Seed: 7, Schools: 6, Years: 2, End: end}
	seed(t, c, demo.New(small))
	close(done)
	for range 2 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if err := unchanged("built after the sync"); err != nil {
		t.Fatal(err)
	}
	if again, err := old.Tiles(ctx, f); err != nil || !reflect.DeepEqual(again, tiles) {
		t.Fatalf("the old board's tiles changed after the sync (%v)", err)
	}
	fresh := boardOf(t, c)
	if len(fresh.Schools) != small.Schools || len(old.Schools) != 24 {
		t.Fatalf("the new board has %d schools, the old %d; want %d and 24", len(fresh.Schools), len(old.Schools), small.Schools)
	}
	if r := build(t, fresh, rankingID, f); len(r.Ranking.Rows) != small.Schools {
		t.Fatalf("the new board ranks %d schools, want %d", len(r.Ranking.Rows), small.Schools)
	}
	if r := build(t, fresh, "instruction.attendance", f); sameResult(r, before["instruction.attendance"]) {
		t.Fatal("the new board shows the old district's attendance")
	}
}

// rankingID is a chart that ranks every school.
const rankingID = "instruction.ela_by_school"

func build(t testing.TB, b *panel.Board, id string, f panel.Filter) panel.Result {
	t.Helper()
	r, err := b.Build(ctx, id, f)
	if err != nil {
		t.Fatalf("%s: %v", id, err)
	}
	return r
}

// sameResult reports whether two builds of a chart show the same thing.
// They are compared as printed: a gap in a line is NaN, which equals
// nothing, and fmt prints a pointer's value only at the top level.
func sameResult(a, b panel.Result) bool {
	shown := func(r panel.Result) string {
		chart, target := r.Chart, r.Chart.Target
		chart.Target = nil
		return fmt.Sprintf("%v|%+v|%+v|%+v|%+v|%v|%d|%d|%q|%+v|%+v", r.Scope, chart, target, r.Table, r.Provenance, r.Through,
			r.Suppressed, r.Complementary, r.Notes, r.Ranking, r.Rest)
	}
	return shown(a) == shown(b)
}
