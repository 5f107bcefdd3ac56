package cache

import (
	"context"
	"database/sql"
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

// TestNewSlideKindsInAMigratedCache opens a file written at schema 5 with a
// deck in it: the deck survives the rebuilt slides table, which now takes
// the slides that say what changed and list the actions.
func TestNewSlideKindsInAMigratedCache(t *testing.T) {
	ctx := context.Background()
	path := fileAtSchema(t, 5, func(db *sql.DB) error {
		if _, err := db.Exec(`INSERT INTO decks (id, name, updated) VALUES (1, 'Board prep', '2026-11-01T08:00:00Z')`); err != nil {
			return err
		}
		_, err := db.Exec(`INSERT INTO slides VALUES (1, 0, 'chart', 'tech.tickets', '', 'S1', 'last_12_months', 0, '', 'Backlog', '', 'Notes')`)
		return err
	})
	c, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	d, err := c.Deck(ctx, "Board prep")
	if err != nil || len(d.Slides) != 1 || d.Slides[0].Headline != "Backlog" || d.Slides[0].School != "S1" {
		t.Fatalf("the deck after migrating: %+v, %v", d, err)
	}
	last12 := district.Period{Kind: district.Last12Months}
	d.Slides = append([]district.Slide{{Kind: district.SinceSlide, Period: last12}, {Kind: district.ActionsSlide, Period: last12}}, d.Slides...)
	if err := c.SaveDeck(ctx, d); err != nil {
		t.Fatalf("saving the new kinds of slide: %v", err)
	}
	if got, err := c.Deck(ctx, "Board prep"); err != nil || len(got.Slides) != 3 || got.Slides[1].Kind != district.ActionsSlide {
		t.Fatalf("reading them back: %+v, %v", got, err)
	}
	if _, err := c.Deck(ctx, "board prep"); err != nil {
		t.Fatal(err)
	}
	// The deck's slides still go with it.
	if err := c.DeleteDeck(ctx, "Board prep"); err != nil {
		t.Fatal(err)
	}
	var left int
	if err := c.read.QueryRowContext(ctx, "SELECT count(*) FROM slides").Scan(&left); err != nil || left != 0 {
		t.Fatalf("%d slides left after deleting their deck (%v)", left, err)
	}
}
