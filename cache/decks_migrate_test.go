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

// TestNewSlideKindsInAMigratedCache opens a file written at schema 8, the
// one before meetings, with a deck of three slides (the plan's among them)
// at its fourth version in it: the deck, its version and its slides
// survive the rebuilt slides table, which now takes the slides that say
// what changed and list the actions.
func TestNewSlideKindsInAMigratedCache(t *testing.T) {
	ctx := context.Background()
	path := fileAtSchema(t, 8, func(db *sql.DB) error {
		if _, err := db.Exec(`INSERT INTO decks (id, name, updated, version) VALUES (1, 'Board prep', '2026-11-01T08:00:00Z', 4)`); err != nil {
			return err
		}
		_, err := db.Exec(`INSERT INTO slides VALUES (1, 0, 'chart', 'tech.tickets', '', 'S1', 'last_12_months', 0, '', 'Backlog', '', 'Notes'),
			(1, 1, 'tiles', '', 'security', '', 'fiscal_year', 2027, '', '', 'Phishing is down', ''),
			(1, 2, 'plan', '', '', '', 'last_12_months', 0, '', '', '', '')`)
		return err
	})
	c, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	d, err := c.Deck(ctx, "Board prep")
	if err != nil || d.Version != 4 || len(d.Slides) != 3 || d.Slides[2].Kind != district.PlanSlide || d.Slides[0].Headline != "Backlog" || d.Slides[0].School != "S1" || d.Slides[0].Notes != "Notes" ||
		d.Slides[1].Kind != district.TilesSlide || d.Slides[1].Tiles != district.Security || d.Slides[1].Period.FiscalYear != 2027 || d.Slides[1].Takeaway != "Phishing is down" {
		t.Fatalf("the deck after migrating: %+v, %v", d, err)
	}
	last12 := district.Period{Kind: district.Last12Months}
	edited, err := c.EditDeck(ctx, "Board prep", 4, nil, func(d *district.Deck) error {
		d.Slides = append([]district.Slide{{Kind: district.SinceSlide, Period: last12}, {Kind: district.ActionsSlide, Period: last12}}, d.Slides...)
		return nil
	})
	if err != nil || edited.Version != 5 {
		t.Fatalf("saving the new kinds of slide: %+v, %v", edited, err)
	}
	if got, err := c.Deck(ctx, "Board prep"); err != nil || len(got.Slides) != 5 || got.Slides[1].Kind != district.ActionsSlide || got.Version != 5 {
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
