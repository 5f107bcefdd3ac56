package cache

import (
	"context"
	"database/sql"
	"testing"

	"github.com/cabinetapp/cabinet/district"
)

// TestPlanSlideInAMigratedCache opens a file written at schema 7 with a
// deck in it: the deck survives the slides table's rebuild, takes a plan
// slide, and the plan's settings start at the defaults.
func TestPlanSlideInAMigratedCache(t *testing.T) {
	ctx := context.Background()
	path := fileAtSchema(t, 7, func(db *sql.DB) error {
		if _, err := db.Exec(`INSERT INTO decks (id, name, updated) VALUES (1, 'Board prep', '2026-11-01 00:00:00')`); err != nil {
			return err
		}
		_, err := db.Exec(`INSERT INTO slides VALUES (1, 0, 'chart', 'tech.tickets', '', '', 'last_12_months', 0, '', 'Tickets', '', '')`)
		return err
	})
	c, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	d, err := c.Deck(ctx, "Board prep")
	if err != nil || len(d.Slides) != 1 || d.Slides[0].Headline != "Tickets" {
		t.Fatalf("the deck did not survive: %+v, %v", d, err)
	}
	_, err = c.EditDeck(ctx, d.Name, d.Version, nil, func(d *district.Deck) error {
		return d.Add(district.Slide{Kind: district.PlanSlide, Period: district.Period{Kind: district.Last12Months}})
	})
	if err != nil {
		t.Fatalf("saving a plan slide in a migrated cache: %v", err)
	}
	if got, err := c.Deck(ctx, "Board prep"); err != nil || len(got.Slides) != 2 || got.Slides[1].Kind != district.PlanSlide {
		t.Fatalf("reading it back: %+v, %v", got, err)
	}
	if s, err := c.PlanSettings(ctx); err != nil || s.Technicians != 0 || s.DevicesPerTechnician != 0 {
		t.Fatalf("plan settings in a migrated cache: %+v, %v", s, err)
	}
}
