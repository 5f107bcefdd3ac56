package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/deck"
	"github.com/cabinetapp/cabinet/district"
)

// TestDeckCommands makes a packet as a script would, through cabinet's main
// entry: a new deck, charts added with their filters, a slide moved and one
// removed, each saying what it did; and bad input refused in a sentence
// that says what there is, changing nothing.
func TestDeckCommands(t *testing.T) {
	data := t.TempDir()
	if code, _, stderr := runInProcess(t, "demo", "--data", data, "--schools", "6", "--years", "2", "--seed", "4"); code != 0 {
		t.Fatalf("cabinet demo: exit %d: %s", code, stderr)
	}
	c, err := cache.Open(context.Background(), filepath.Join(data, cache.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	products, _, err := c.Products(context.Background())
	if err != nil || len(products) == 0 {
		t.Fatalf("%d products, %v", len(products), err)
	}
	product := products[len(products)-1]
	steps := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"new", []string{"deck", "new", "Board prep"}, 0, `Made the deck "Board prep".`, ""},
		{"new again", []string{"deck", "new", "board PREP"}, 1, "", `there is already a deck called "board PREP"`},
		{"new under the briefing's name", []string{"deck", "new", "Cabinet briefing"}, 2, "", "the name of the built-in deck"},
		{"new without a name", []string{"deck", "new"}, 2, "", "name the deck: cabinet deck new NAME"},
		{"add", []string{"deck", "add", "Board prep", "--panel", "tech.tickets"}, 0, `Added "Open help-desk tickets" (Whole district, Last 12 months) to "Board prep" as slide 1.`, ""},
		{"add for a school and a year", []string{"deck", "add", "Board prep", "--panel", "instruction.attendance", "--school", "S0002", "--period", "fiscal_year"}, 0, "as slide 2.", ""},
		{"add a product's chart", []string{"deck", "add", "--panel", "value.cost_per_user", "Board prep", "--product", "productX"}, 2, "", `there is no product "productX"; the products are "`},
		{"add to an unknown deck", []string{"deck", "add", "Budget retreat", "--panel", "tech.tickets"}, 1, "", `there is no deck called "Budget retreat"; the decks are "Cabinet briefing" and "Board prep".`},
		{"add an unknown chart", []string{"deck", "add", "Board prep", "--panel", "tech.gone"}, 2, "", `the dashboard has no chart "tech.gone"; the charts are tech.broken, tech.refresh, `},
		{"add without a chart", []string{"deck", "add", "Board prep"}, 2, "", "--panel is required"},
		{"add an unknown period", []string{"deck", "add", "Board prep", "--panel", "tech.tickets", "--period", "last_week"}, 2, "", `--period "last_week" is none of last_12_months, fiscal_year and all_history`},
		{"add an unknown school", []string{"deck", "add", "Board prep", "--panel", "tech.tickets", "--school", "S9999"}, 2, "", `"S9999" is none of Cabinet's schools`},
		{"add a year not held", []string{"deck", "add", "Board prep", "--panel", "spending.to_date", "--period", "fiscal_year", "--fiscal-year", "1999"}, 2, "", "the data hold no fiscal year 1999"},
		{"add a third", []string{"deck", "add", "Board prep", "--panel", "spending.to_date", "--period", "all_history"}, 0, "as slide 3.", ""},
		{"move", []string{"deck", "move", "Board prep", "3", "1"}, 0, `Moved slide 3 ("Spending this fiscal year against plan") of "Board prep" to position 1.`, ""},
		{"move past the end", []string{"deck", "move", "Board prep", "1", "4"}, 2, "", `deck "Board prep" has 3 slides; give a number from 1 to 3`},
		{"move a word", []string{"deck", "move", "Board prep", "first", "2"}, 2, "", `"first" is not a slide number; slides are numbered from 1`},
		{"move too few", []string{"deck", "move", "Board prep", "1"}, 2, "", "name the deck, the slide and where it goes"},
		{"remove", []string{"deck", "remove", "Board prep", "2"}, 0, `Removed slide 2 ("Open help-desk tickets") from "Board prep"; it has 2 slides now.`, ""},
		{"remove from an unknown deck", []string{"deck", "remove", "Nope", "1"}, 1, "", `there is no deck called "Nope"; the decks are`},
		{"remove slide 0", []string{"deck", "remove", "Board prep", "0"}, 2, "", `"0" is not a slide number`},
		{"a stray word", []string{"deck", "remove", "Board prep", "1", "2"}, 2, "", `unexpected argument "2"`},
		{"add a product's chart by the product's name", []string{"deck", "add", "Board prep", "--panel", "value.cost_per_user", "--product", strings.ToUpper(product.Name)}, 0, "as slide 3.", ""},
		{"show", []string{"deck", "show", "--deck", "Board prep"}, 0, "Board prep: 3 slides", ""},
	}
	for _, tt := range steps {
		code, stdout, stderr := runInProcess(t, append(tt.args, "--data", data)...)
		if code != tt.code || !strings.Contains(stdout, tt.stdout) || !strings.Contains(stderr, tt.stderr) {
			t.Fatalf("%s: exit %d, stdout %q, stderr %q; want exit %d with %q and %q", tt.name, code, stdout, stderr, tt.code, tt.stdout, tt.stderr)
		}
	}
	d, err := deck.Load(context.Background(), c, "Board prep")
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Slides) != 3 || d.Slides[2].Product != product.ID || d.Slides[0].Panel != "spending.to_date" || d.Slides[0].Period.Kind != district.AllHistory ||
		d.Slides[1].Panel != "instruction.attendance" || d.Slides[1].School != "S0002" || d.Slides[1].Period.Kind != district.FiscalYearPeriod || d.Slides[1].Period.FiscalYear == 0 {
		t.Fatalf("the deck holds %+v", d.Slides)
	}
	if d.Version != 7 {
		t.Fatalf("the deck is at version %d after six changes; the refused ones must change nothing", d.Version)
	}
}
