package district_test

import (
	"strings"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/district"
)

var last12 = district.Period{Kind: district.Last12Months}

func chart(id string) district.Slide {
	return district.Slide{Kind: district.ChartSlide, Panel: id, Period: last12, Headline: id}
}

// panels lists the deck's slides by chart id, to compare orders at a glance.
func panels(d district.Deck) string {
	ids := make([]string, len(d.Slides))
	for i, s := range d.Slides {
		ids[i] = s.Panel
	}
	return strings.Join(ids, " ")
}

func deckOf(ids ...string) district.Deck {
	d := district.Deck{Name: "Board prep"}
	for _, id := range ids {
		d.Slides = append(d.Slides, chart(id))
	}
	return d
}

func TestSlideValidate(t *testing.T) {
	tests := []struct {
		name  string
		slide district.Slide
		want  string // "" for a valid slide, else part of the error
	}{
		{"chart", chart("tech.tickets"), ""},
		{"all tiles", district.Slide{Kind: district.TilesSlide, Period: last12}, ""},
		{"a domain's tiles", district.Slide{Kind: district.TilesSlide, Tiles: district.Security, Period: last12}, ""},
		{"fiscal year", district.Slide{Kind: district.ChartSlide, Panel: "spending.to_date", Period: district.Period{Kind: district.FiscalYearPeriod, FiscalYear: 2026}}, ""},
		{"notes on many lines", district.Slide{Kind: district.ChartSlide, Panel: "x", Period: last12, Notes: "First.\nSecond."}, ""},
		{"no kind", district.Slide{Panel: "x"}, "unknown kind"},
		{"chart without id", district.Slide{Kind: district.ChartSlide, Period: last12}, "must name its chart"},
		{"chart with tiles", district.Slide{Kind: district.ChartSlide, Panel: "x", Tiles: district.Security, Period: last12}, "shows no tiles"},
		{"tiles with chart", district.Slide{Kind: district.TilesSlide, Panel: "x", Period: last12}, "shows no chart"},
		{"tiles with product", district.Slide{Kind: district.TilesSlide, Product: "P01", Period: last12}, "shows no chart"},
		{"product chart", district.Slide{Kind: district.ChartSlide, Panel: "value.cost_per_user", Product: "P01", Period: last12}, ""},
		{"the plan", district.Slide{Kind: district.PlanSlide, Period: last12}, ""},
		{"the plan with a chart", district.Slide{Kind: district.PlanSlide, Panel: "tech.tickets", Period: last12}, "plan slide shows no chart"},
		{"unknown tiles", district.Slide{Kind: district.TilesSlide, Tiles: "weather", Period: last12}, "no tiles"},
		{"fiscal year 0", district.Slide{Kind: district.ChartSlide, Panel: "x", Period: district.Period{Kind: district.FiscalYearPeriod}}, "not plausible"},
		{"unknown period", district.Slide{Kind: district.ChartSlide, Panel: "x", Period: district.Period{Kind: 9}}, "unknown period"},
		{"long headline", district.Slide{Kind: district.ChartSlide, Panel: "x", Period: last12, Headline: strings.Repeat("a", district.MaxHeadline+1)}, "longer than 90"},
		{"headline on two lines", district.Slide{Kind: district.ChartSlide, Panel: "x", Period: last12, Headline: "a\nb"}, "one line"},
		{"long takeaway", district.Slide{Kind: district.ChartSlide, Panel: "x", Period: last12, Takeaway: strings.Repeat("é", district.MaxTakeaway+1)}, "longer than 240"},
		{"long notes", district.Slide{Kind: district.ChartSlide, Panel: "x", Period: last12, Notes: strings.Repeat("a", district.MaxNotes+1)}, "longer than 2000"},
		{"bad text", district.Slide{Kind: district.ChartSlide, Panel: "x", Period: last12, Takeaway: "\xff"}, "not valid text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.slide.Validate()
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("valid slide refused: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("got %v, want an error saying %q", err, tt.want)
			}
		})
	}
}

func TestDeckValidate(t *testing.T) {
	if err := deckOf("a", "b").Validate(); err != nil {
		t.Fatal(err)
	}
	unnamed := deckOf("a")
	unnamed.Name = "  "
	if err := unnamed.Validate(); err == nil {
		t.Error("a deck without a name was accepted")
	}
	bad := deckOf("a", "")
	if err := bad.Validate(); err == nil || !strings.Contains(err.Error(), "slide 2") {
		t.Errorf("the error does not say which slide is wrong: %v", err)
	}
	big := deckOf()
	for range district.MaxSlides + 1 {
		big.Slides = append(big.Slides, chart("a"))
	}
	if err := big.Validate(); err == nil {
		t.Error("a deck over the slide limit was accepted")
	}
}

func TestDeckOperations(t *testing.T) {
	tests := []struct {
		name    string
		op      func(d *district.Deck) error
		want    string // the panels after the operation
		wantErr bool
	}{
		{"add", func(d *district.Deck) error { return d.Add(chart("e")) }, "a b c d e", false},
		{"add an invalid slide", func(d *district.Deck) error { return d.Add(district.Slide{Kind: district.ChartSlide}) }, "a b c d", true},
		{"move forward", func(d *district.Deck) error { return d.Move(0, 2) }, "b c a d", false},
		{"move back", func(d *district.Deck) error { return d.Move(3, 1) }, "a d b c", false},
		{"move in place", func(d *district.Deck) error { return d.Move(2, 2) }, "a b c d", false},
		{"move past the end", func(d *district.Deck) error { return d.Move(0, 4) }, "a b c d", true},
		{"move from before the start", func(d *district.Deck) error { return d.Move(-1, 0) }, "a b c d", true},
		{"remove the first", func(d *district.Deck) error { return d.Remove(0) }, "b c d", false},
		{"remove the last", func(d *district.Deck) error { return d.Remove(3) }, "a b c", false},
		{"remove a missing one", func(d *district.Deck) error { return d.Remove(4) }, "a b c d", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := deckOf("a", "b", "c", "d")
			err := tt.op(&d)
			if (err != nil) != tt.wantErr {
				t.Fatalf("error %v, want one: %v", err, tt.wantErr)
			}
			if got := panels(d); got != tt.want {
				t.Fatalf("slides %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDeckAddStopsAtTheLimit(t *testing.T) {
	d := deckOf()
	for range district.MaxSlides {
		if err := d.Add(chart("a")); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.Add(chart("a")); err == nil {
		t.Fatal("a deck grew past the slide limit")
	}
}

func TestDeckEdit(t *testing.T) {
	d := deckOf("a", "b")
	if err := d.Edit(1, " Help-desk backlog ", "Backlog is down.", "Thank the help desk."); err != nil {
		t.Fatal(err)
	}
	s := d.Slides[1]
	if s.Headline != "Help-desk backlog" || s.Takeaway != "Backlog is down." || s.Notes != "Thank the help desk." || s.Panel != "b" {
		t.Fatalf("edited slide is %+v", s)
	}
	if err := d.Edit(1, "two\nlines", "", ""); err == nil {
		t.Fatal("a headline on two lines was accepted")
	}
	if d.Slides[1] != s {
		t.Fatalf("a refused edit changed the slide to %+v", d.Slides[1])
	}
	if err := d.Edit(2, "x", "", ""); err == nil {
		t.Fatal("editing a slide past the end was accepted")
	}
}

func TestAnnotationValidate(t *testing.T) {
	day := time.Date(2026, time.January, 12, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		a    district.Annotation
		ok   bool
	}{
		{"good", district.Annotation{Panel: "tech.tickets", Date: day, Text: "New help desk went live"}, true},
		{"no chart", district.Annotation{Date: day, Text: "x"}, false},
		{"no date", district.Annotation{Panel: "tech.tickets", Text: "x"}, false},
		{"blank", district.Annotation{Panel: "tech.tickets", Date: day, Text: "  "}, false},
		{"too long", district.Annotation{Panel: "tech.tickets", Date: day, Text: strings.Repeat("a", district.MaxAnnotation+1)}, false},
		{"two lines", district.Annotation{Panel: "tech.tickets", Date: day, Text: "a\nb"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.a.Validate(); (err == nil) != tt.ok {
				t.Fatalf("Validate() = %v, want ok %v", err, tt.ok)
			}
		})
	}
}
