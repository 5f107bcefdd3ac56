package deck_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/charts"
	"github.com/cabinetapp/cabinet/deck"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/panel"
)

// Decks kept in the cache, and the notes pinned to charts that slides show.

func TestCreateEditAndLoad(t *testing.T) {
	c := newCache(t)
	names := func() []string {
		t.Helper()
		n, err := deck.Names(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	load := func(name string) district.Deck {
		t.Helper()
		d, err := deck.Load(ctx, c, name)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	if got := names(); !reflect.DeepEqual(got, []string{deck.BriefingName}) {
		t.Fatalf("a new cache lists %q", got)
	}
	if d := load("cabinet BRIEFING"); !reflect.DeepEqual(d, deck.Briefing()) {
		t.Fatal("the built-in briefing does not load")
	}

	prep := district.Deck{Name: "Audit committee"}
	s, _ := deck.ChartSlide("spending.by_funding", panel.Filter{Period: last12})
	if err := prep.Add(s); err != nil {
		t.Fatal(err)
	}
	if err := deck.Create(ctx, c, prep); err != nil {
		t.Fatal(err)
	}
	if err := deck.Create(ctx, c, district.Deck{Name: "cabinet briefing"}); err == nil || !strings.Contains(err.Error(), "built-in deck") {
		t.Fatalf("a new deck with the briefing's name: %v", err)
	}
	// The briefing is saved with its first change, made on version 0.
	mine, err := deck.Edit(ctx, c, deck.BriefingName, 0, func(d *district.Deck) error { return d.Edit(1, "Help desk", "Backlog is down.", "") })
	if err != nil || mine.Version != 1 {
		t.Fatalf("the briefing's first change: version %d, %v", mine.Version, err)
	}
	if _, err := deck.Edit(ctx, c, deck.BriefingName, mine.Version, func(d *district.Deck) error { return d.Remove(0) }); err != nil {
		t.Fatal(err)
	}
	if _, err := deck.Edit(ctx, c, deck.BriefingName, mine.Version, func(d *district.Deck) error { return d.Remove(0) }); !errors.Is(err, district.ErrConflict) {
		t.Fatalf("a second edit of the version the first changed: %v", err)
	}
	if got := names(); !reflect.DeepEqual(got, []string{deck.BriefingName, "Audit committee"}) {
		t.Fatalf("names %q", got)
	}
	if d := load(deck.BriefingName); len(d.Slides) != len(deck.Briefing().Slides)-1 || d.Slides[0].Takeaway != "Backlog is down." {
		t.Fatalf("the saved briefing does not replace the built-in one: %+v", d.Slides[0])
	}
	if err := c.DeleteDeck(ctx, deck.BriefingName); err != nil {
		t.Fatal(err)
	}
	if d := load(deck.BriefingName); !reflect.DeepEqual(d, deck.Briefing()) {
		t.Fatal("deleting the saved briefing does not bring back the built-in one")
	}

	// Whoever asks for an unknown deck (export, present, deck show) is
	// told the decks there are, in one sentence.
	if _, err := deck.Load(ctx, c, "Nope"); !errors.Is(err, district.ErrNotFound) ||
		err.Error() != `there is no deck called "Nope"; the decks are "Cabinet briefing" and "Audit committee"` {
		t.Fatalf("loading an unknown deck: %v", err)
	}
	if _, err := deck.Edit(ctx, c, "Nope", district.AnyVersion, func(d *district.Deck) error { return nil }); !errors.Is(err, district.ErrNotFound) || !strings.Contains(err.Error(), `no deck called "Nope"`) {
		t.Fatalf("editing an unknown deck: %v", err)
	}
	if d, err := deck.AddSlide(ctx, c, "New deck", s); err != nil || d.Version != 1 || len(d.Slides) != 1 {
		t.Fatalf("adding a chart to a deck that is not there yet: %+v, %v", d, err)
	}
	bad := district.Deck{Name: "Bad", Slides: []district.Slide{{Kind: district.ChartSlide, Panel: "tech.gone", Period: last12}}}
	if err := deck.Create(ctx, c, bad); err == nil || !strings.Contains(err.Error(), "slide 1") {
		t.Fatalf("saving a deck with an unknown chart: %v", err)
	}
	if _, err := deck.Edit(ctx, c, "Audit committee", district.AnyVersion, func(d *district.Deck) error { return d.Add(bad.Slides[0]) }); err == nil || !strings.Contains(err.Error(), "tech.gone") {
		t.Fatalf("adding a slide of an unknown chart: %v", err)
	}
	if d := load("Audit committee"); len(d.Slides) != 1 || d.Version != 1 {
		t.Fatalf("a refused edit changed the deck: %d slides, version %d", len(d.Slides), d.Version)
	}
}

// TestAnnotationsReachTheSlide pins a note to the tickets chart and checks
// the slide's chart carries it on its month, and a bar chart carries none.
func TestAnnotationsReachTheSlide(t *testing.T) {
	c := demoCache(t, 2026)
	day := time.Date(2026, time.January, 12, 0, 0, 0, 0, time.UTC)
	for _, id := range []string{"tech.tickets", "security.incidents"} {
		if _, err := c.AddAnnotation(ctx, district.Annotation{Panel: id, Date: day, Text: "New help desk live"}); err != nil {
			t.Fatal(err)
		}
	}
	b := board(t, c)
	v := render(t, b, oneSlide(district.Slide{Kind: district.ChartSlide, Panel: "tech.tickets", Period: last12}), 0)
	want := []charts.Annotation{{T: district.Month(day), Text: "New help desk live"}}
	if !reflect.DeepEqual(v.Result.Chart.Annotations, want) {
		t.Fatalf("annotations %+v, want %+v", v.Result.Chart.Annotations, want)
	}
	bars := render(t, b, oneSlide(district.Slide{Kind: district.ChartSlide, Panel: "security.incidents", Period: last12}), 0)
	if len(bars.Result.Chart.Annotations) != 0 {
		t.Fatalf("a bar chart carries annotations: %+v", bars.Result.Chart.Annotations)
	}
}
