package cache

import (
	"context"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/district"
)

// TestDecksInAMigratedCache opens a file written at schema 1, before decks
// and annotations, and stores both in it.
func TestDecksInAMigratedCache(t *testing.T) {
	ctx := context.Background()
	c, err := Open(ctx, fileAtSchema(t, 1, nil))
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
