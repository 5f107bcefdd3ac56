package cache

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/district"
)

// TestDecksInAMigratedCache opens a file written at schema 1, before decks
// and annotations, and stores both in it; and one written at schema 5,
// before decks counted their changes, whose deck becomes version 1 and
// takes an edit made on that version.
func TestDecksInAMigratedCache(t *testing.T) {
	ctx := context.Background()
	c, err := Open(ctx, fileAtSchema(t, 1, nil))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	d := district.Deck{Name: "Board prep", Slides: []district.Slide{{Kind: district.ChartSlide, Panel: "tech.tickets", Period: district.Period{Kind: district.Last12Months}}}}
	if err := c.CreateDeck(ctx, d); err != nil {
		t.Fatalf("saving a deck in a migrated cache: %v", err)
	}
	if got, err := c.Deck(ctx, "Board prep"); err != nil || len(got.Slides) != 1 {
		t.Fatalf("reading it back: %+v, %v", got, err)
	}
	if _, err := c.AddAnnotation(ctx, district.Annotation{Panel: "tech.tickets", Date: time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC), Text: "New help desk"}); err != nil {
		t.Fatalf("adding a note in a migrated cache: %v", err)
	}

	old, err := Open(ctx, fileAtSchema(t, 5, func(db *sql.DB) error {
		_, err := db.Exec(`INSERT INTO decks (id, name, updated) VALUES (1, 'Board prep', '2026-01-05T08:00:00Z');
			INSERT INTO slides (deck, position, kind, panel, tiles, school, period, fiscal_year, product, headline, takeaway, notes)
			VALUES (1, 0, 'chart', 'tech.tickets', '', '', 'last_12_months', 0, '', '', '', '')`)
		return err
	}))
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	if got, err := old.Deck(ctx, "Board prep"); err != nil || got.Version != 1 || len(got.Slides) != 1 {
		t.Fatalf("a deck saved before versions reads back as %+v, %v", got, err)
	}
	edited, err := old.EditDeck(ctx, "Board prep", 1, nil, func(d *district.Deck) error { return d.Edit(0, "Backlog", "", "") })
	if err != nil || edited.Version != 2 {
		t.Fatalf("an edit of version 1: %+v, %v", edited, err)
	}
}
