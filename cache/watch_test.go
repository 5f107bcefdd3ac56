package cache_test

import (
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/district/demo"
)

// TestWatcherSeesAnotherWriter opens the same file twice, as the app and a
// `cabinet sync` in another process do, and writes through the second: the
// first's watcher says so once, and the first's own reads of its sources
// show the new data at once. A deck saved elsewhere counts too.
func TestWatcherSeesAnotherWriter(t *testing.T) {
	app := mustOpenCache(t)
	mustSeed(t, app)
	w, err := app.Watch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if changed, err := w.Changed(ctx); changed || err != nil {
		t.Fatalf("nothing was written, yet the watcher says %v, %v", changed, err)
	}
	other, err := cache.Open(ctx, app.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	before, _ := app.SyncState(cache.DemoSource.Name)
	extent, _ := app.Extent()
	other.Now = func() time.Time { return fixedAt.Add(time.Hour) }
	small := demo.Config{Seed: 4, Schools: 6, Years: 1, End: end}
	if err := other.Write(ctx, cache.DemoSource, cache.Replace, func(w *cache.Writer) error { return demo.New(small).Put(w) }); err != nil {
		t.Fatal(err)
	}
	if changed, err := w.Changed(ctx); !changed || err != nil {
		t.Fatalf("after another handle's write the watcher says %v, %v", changed, err)
	}
	if changed, _ := w.Changed(ctx); changed {
		t.Fatal("the watcher says the same write twice")
	}
	if after, _ := app.SyncState(cache.DemoSource.Name); !after.SyncedAt.After(before.SyncedAt) {
		t.Fatalf("the app's cache still says the demo was written %v", after.SyncedAt)
	}
	if r, _ := app.Extent(); r == extent {
		t.Fatalf("the app's cache still spans %v, the old district's months", r)
	}

	if err := other.CreateDeck(ctx, district.Deck{Name: "Board prep"}); err != nil {
		t.Fatal(err)
	}
	if changed, err := w.Changed(ctx); !changed || err != nil {
		t.Fatalf("after another handle saved a deck the watcher says %v, %v", changed, err)
	}
}
