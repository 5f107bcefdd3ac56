package ui

import (
	"context"
	"strings"
	"testing"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/deck"
	"github.com/cabinetapp/cabinet/district"
)

// openDecksTab opens the dashboard on a new demo cache, on the Decks tab,
// with the deck named open (the briefing for "").
func openDecksTab(t *testing.T, open string) (*dashboard, *decksTab) {
	t.Helper()
	d, w := newTestDashboard(t, laptop)
	act(d.br, func() { d.tabs.Select(d.decksItem) })
	settle(d, w)
	if open != "" {
		act(d.br, func() { d.decks.load(open) })
		settle(d, w)
	}
	return d, d.decks
}

// TestTwoQuickEditsBothLand rewords two slides of the briefing, the second
// before the first is saved: both land in the cache, one version each.
func TestTwoQuickEditsBothLand(t *testing.T) {
	d, e := openDecksTab(t, "")
	act(d.br, func() {
		e.slides.Select(1)
		e.headline.SetText("First")
		e.save()
		e.slides.Select(2)
		e.headline.SetText("Second")
		e.save()
	})
	settle(d, d.win)
	saved, err := deck.Load(context.Background(), d.cache, deck.BriefingName)
	if err != nil {
		t.Fatal(err)
	}
	if saved.Slides[1].Headline != "First" || saved.Slides[2].Headline != "Second" || saved.Version != 2 {
		t.Fatalf("after two quick edits the cache holds %q and %q at version %d", saved.Slides[1].Headline, saved.Slides[2].Headline, saved.Version)
	}
	if e.deck.Version != 2 || e.deck.Slides[1].Headline != "First" || e.status.Text != "Slide 3 saved." {
		t.Fatalf("the tab shows version %d, slide 2 %q, and says %q", e.deck.Version, e.deck.Slides[1].Headline, e.status.Text)
	}
}

// TestASlowPreviewNeverWritesIntoAnotherSlide picks slide 2, then slide 3
// before slide 2's preview arrives, and has the driver run slide 3's
// preview first: slide 2's, arriving late, neither shows nor leaves its
// suggested takeaway, so "Use the suggested takeaway" saves slide 3's own.
func TestASlowPreviewNeverWritesIntoAnotherSlide(t *testing.T) {
	d, e := openDecksTab(t, "")
	suggested := func(i int) string {
		v, err := deck.Render(context.Background(), d.board, e.deck, i, deck.Options{Now: fixedNow})
		if err != nil {
			t.Fatal(err)
		}
		return v.Suggested
	}
	two, three := suggested(1), suggested(2)
	if two == three || three == "" {
		t.Fatalf("slides 2 and 3 suggest %q and %q; the test cannot tell them apart", two, three)
	}
	e.slides.Select(1)
	slow := <-d.br.loop() // slide 2's preview, held back
	e.slides.Select(2)
	(<-d.br.loop())()
	slow()
	if e.suggest != three || e.takeaway.PlaceHolder != three || e.preview.slide.headline.text != e.deck.Slides[2].Headline {
		t.Fatalf("slide 3 is chosen, yet the tab suggests %q and previews %q", e.suggest, e.preview.slide.headline.text)
	}
	act(d.br, func() {
		e.useSuggested()
		e.save()
	})
	settle(d, d.win)
	saved, err := deck.Load(context.Background(), d.cache, deck.BriefingName)
	if err != nil {
		t.Fatal(err)
	}
	if saved.Slides[2].Takeaway != three || saved.Slides[1].Takeaway != "" {
		t.Fatalf("slide 3 was saved with %q (its own: %q), slide 2 with %q", saved.Slides[2].Takeaway, three, saved.Slides[1].Takeaway)
	}
}

// TestAnEditOfADeckChangedElsewhereIsRefused saves a slide of a deck that
// another program changed after the tab read it: the edit is refused in a
// sentence, the other's change stays, and the tab shows the deck as it is.
func TestAnEditOfADeckChangedElsewhereIsRefused(t *testing.T) {
	ctx := context.Background()
	c := mustOpenCache(t)
	prep := district.Deck{Name: "Board prep", Slides: deck.Briefing().Slides[:3]}
	if err := c.CreateDeck(ctx, prep); err != nil {
		t.Fatal(err)
	}
	d, w := openTestDashboard(t, c, laptop)
	act(d.br, func() { d.tabs.Select(d.decksItem) })
	settle(d, w)
	act(d.br, func() { d.decks.load("Board prep") })
	settle(d, w)
	e := d.decks
	other, err := cache.Open(ctx, c.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.EditDeck(ctx, "Board prep", 1, nil, func(dk *district.Deck) error { return dk.Edit(1, "Elsewhere", "", "") }); err != nil {
		t.Fatal(err)
	}
	act(d.br, func() {
		e.slides.Select(0)
		e.headline.SetText("Here")
		e.save()
	})
	settle(d, w)
	if !strings.Contains(e.status.Text, "changed in another window or program") || !strings.Contains(e.status.Text, "make the change again") {
		t.Fatalf("the refusal says %q", e.status.Text)
	}
	saved, err := deck.Load(ctx, c, "Board prep")
	if err != nil || saved.Slides[1].Headline != "Elsewhere" || saved.Slides[0].Headline == "Here" || saved.Version != 2 {
		t.Fatalf("the cache holds %q and %q at version %d (%v)", saved.Slides[0].Headline, saved.Slides[1].Headline, saved.Version, err)
	}
	if e.deck.Version != 2 || e.deck.Slides[1].Headline != "Elsewhere" || e.deck.Slides[0].Headline == "Here" {
		t.Fatalf("the tab shows version %d: %q, %q", e.deck.Version, e.deck.Slides[0].Headline, e.deck.Slides[1].Headline)
	}
}
