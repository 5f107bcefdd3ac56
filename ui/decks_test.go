package ui

import (
	"context"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
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

func TestAddToDeckAndPresentFromTheWindow(t *testing.T) {
	d, w := newTestDashboard(t, laptop)
	act(d.br, func() { d.school.choose(d.board.Schools[1].ID) })
	settle(d, w)
	act(d.br, func() { d.addSlide("Board update", "tech.tickets", d.filter) })
	settle(d, w)
	dk, err := deck.Load(context.Background(), d.cache, "board update")
	if err != nil || len(dk.Slides) != 1 {
		t.Fatalf("deck after adding: %+v, %v", dk, err)
	}
	if s := dk.Slides[0]; s.Panel != "tech.tickets" || s.School != d.filter.School {
		t.Fatalf("the slide does not keep the chart's filter: %+v", s)
	}
	act(d.br, func() { d.tabs.Select(d.decksItem) })
	settle(d, w)
	act(d.br, func() { d.decks.load("Board update") })
	settle(d, w)
	if !slices.Contains(d.decks.names, "Board update") || d.decks.deck.Name != "Board update" {
		t.Fatalf("the Decks tab lists %v and shows %q", d.decks.names, d.decks.deck.Name)
	}
	// F5 reaches the canvas as a typed key: the driver builds no shortcut
	// for a key without Ctrl, Alt or Super.
	pressOn(d.br, w, fyne.KeyF5)
	settle(d, w)
	var titles []string
	for _, win := range fyne.CurrentApp().Driver().AllWindows() {
		titles = append(titles, win.Title())
	}
	if !slices.Contains(titles, "Board update") {
		t.Fatalf("F5 did not open the slide window; windows: %v", titles)
	}
}

func TestPinANoteToAChart(t *testing.T) {
	d, w := newTestDashboard(t, laptop)
	var dt *detail
	act(d.br, func() { dt = d.showDetail("tech.tickets") })
	settle(d, w)
	act(d.br, func() { dt.month.SetSelectedIndex(3) })
	act(d.br, func() { dt.text.SetText("New help-desk system went live") })
	act(d.br, func() { dt.pin() })
	settle(d, w)
	chart := chartOf(t, d, "tech.tickets")
	if len(chart.Annotations) != 1 || chart.Annotations[0].Text != "New help-desk system went live" || !chart.Annotations[0].T.Equal(dt.months[3]) {
		t.Fatalf("the dashboard chart carries %+v", chart.Annotations)
	}
	if len(dt.pinned) != 1 {
		t.Fatalf("the detail lists %d notes", len(dt.pinned))
	}
	act(d.br, func() { dt.unpin(dt.pinned[0].ID) })
	settle(d, w)
	if n := len(chartOf(t, d, "tech.tickets").Annotations); n != 0 {
		t.Fatalf("%d notes after removing the only one", n)
	}
}

func TestDeckEditor(t *testing.T) {
	d, w := newTestDashboard(t, laptop)
	act(d.br, func() { d.tabs.Select(d.decksItem) })
	settle(d, w)
	e := d.decks
	if e.deck.Name != deck.BriefingName || len(e.deck.Slides) != len(deck.Briefing().Slides) || e.slide != 0 {
		t.Fatalf("the Decks tab opens on %q with %d slides, slide %d", e.deck.Name, len(e.deck.Slides), e.slide)
	}
	titleOf := func(i int) string { head, _ := e.slideTitle(i); return head }
	second, third := e.deck.Slides[1], e.deck.Slides[2]

	t.Run("move a slide down", func(t *testing.T) {
		act(d.br, func() { e.slides.Select(1) })
		settle(d, w)
		act(d.br, func() { e.move(1) })
		settle(d, w)
		if e.deck.Slides[2] != second || e.deck.Slides[1] != third || e.slide != 2 {
			t.Fatalf("after moving slide 2 down: %s / %s", titleOf(1), titleOf(2))
		}
	})

	t.Run("edit the headline, takeaway and notes", func(t *testing.T) {
		act(d.br, func() {
			e.slides.Select(2)
		})
		settle(d, w)
		act(d.br, func() {
			e.headline.SetText("Tickets after the new help desk")
			e.takeaway.SetText("Backlog is down a quarter since January.")
			e.notes.SetText("Thank the help-desk team.")
			e.save()
		})
		settle(d, w)
		s := e.deck.Slides[2]
		if s.Headline != "Tickets after the new help desk" || s.Takeaway != "Backlog is down a quarter since January." || s.Notes != "Thank the help-desk team." {
			t.Fatalf("slide after editing: %+v", s)
		}
		if e.preview.slide.headline.text != "Tickets after the new help desk" {
			t.Fatalf("the preview shows %q", e.preview.slide.headline.text)
		}
	})

	t.Run("remove a slide", func(t *testing.T) {
		act(d.br, func() { e.slides.Select(0) })
		settle(d, w)
		act(d.br, func() { e.removeSlide() })
		settle(d, w)
		if len(e.deck.Slides) != len(deck.Briefing().Slides)-1 || e.deck.Slides[0] != third {
			t.Fatalf("after removing the first slide: %d slides, first %s", len(e.deck.Slides), titleOf(0))
		}
	})

	t.Run("the edits are saved in the cache", func(t *testing.T) {
		saved, err := deck.Load(context.Background(), d.cache, deck.BriefingName)
		if err != nil || len(saved.Slides) != len(deck.Briefing().Slides)-1 || saved.Slides[1].Headline != "Tickets after the new help desk" {
			t.Fatalf("saved deck: %d slides, %v", len(saved.Slides), err)
		}
	})
}
