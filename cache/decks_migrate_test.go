package cache

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/district"
)

// TestDecksInAMigratedCache opens a file written at schema 1, before decks
// and annotations, and stores both in it.
func TestDecksInAMigratedCache(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), FileName)
	write, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	old := &Cache{path: path, write: write}
	if err := old.migrateTo(ctx, 1); err != nil {
		t.Fatal(err)
	}
	write.Close()

	c, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	d := district.Deck{Name: "Board prep", Slides: []district.Slide{{Kind: district.ChartSlide, Panel: "tech.tickets", Period: district.Period{Kind: district.Last12Months}}}}
	if err := c.SaveDeck(ctx, d); err != nil {
		t.Fatalf("saving a deck in a migrated cache: %v", err)
	}
	if got, err := c.Deck(ctx, "Board prep"); err != nil || len(got.Slides) != 1 {
		t.Fatalf("reading it back: %+v, %v", got, err)
	}
	if _, err := c.AddAnnotation(ctx, district.Annotation{Panel: "tech.tickets", Date: time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC), Text: "New help desk"}); err != nil {
		t.Fatalf("adding a note in a migrated cache: %v", err)
	}
}
