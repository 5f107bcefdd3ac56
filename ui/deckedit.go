package ui

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/cabinetapp/cabinet/deck"
	"github.com/cabinetapp/cabinet/district"
)

// deckEdit is one change to a deck on its way to the cache.
type deckEdit struct {
	deck  string
	apply func(*district.Deck) error
	done  string
	// after is set for an edit made on top of one still being saved: it
	// is made on the version that one saves. Otherwise it is made on
	// version, the deck's as shown.
	after   bool
	version int64
}

// change shows an edit of the deck at once and sends it to the cache,
// after the edits before it: each is one transaction, checked against the
// version the one before it saved, so two quick edits both land, and an
// edit made on a deck changed elsewhere meanwhile is refused, never
// written over the other's.
func (t *decksTab) change(apply func(*district.Deck) error, done string) bool {
	dk := t.deck
	dk.Slides = slices.Clone(t.deck.Slides)
	if err := apply(&dk); err != nil {
		t.say(err)
		return false
	}
	t.deck.Slides = dk.Slides
	t.slides.Refresh()
	t.edits = append(t.edits, deckEdit{deck: dk.Name, apply: apply, done: done, after: t.saving(dk.Name), version: dk.Version})
	if len(t.edits) == 1 {
		t.send()
	}
	return true
}

// send saves the first edit waiting.
func (t *decksTab) send() {
	e, c := t.edits[0], t.d.cache
	version := e.version
	if e.after {
		version = t.landed[strings.ToLower(e.deck)]
	}
	background(t.d.br, func(ctx context.Context) (district.Deck, error) { return deck.Edit(ctx, c, e.deck, version, e.apply) },
		func(saved district.Deck, err error) {
			t.edits = t.edits[1:]
			if err != nil {
				t.refused(e.deck, err)
			} else {
				t.landed[strings.ToLower(saved.Name)] = saved.Version
				if strings.EqualFold(t.deck.Name, saved.Name) {
					t.status.SetText(e.done)
					t.deck.Version, t.deck.Updated = saved.Version, saved.Updated
					if !t.saving(saved.Name) {
						t.deck = saved // what the cache holds: what the edits shown make
						t.slides.Refresh()
					}
				}
			}
			if len(t.edits) > 0 {
				t.send()
			} else {
				clear(t.landed)
			}
		})
}

// refused says why an edit was not saved, drops the edits of the same deck
// made after it (they were made on top of it), and shows the deck as the
// cache holds it.
func (t *decksTab) refused(name string, err error) {
	before := len(t.edits)
	t.edits = slices.DeleteFunc(t.edits, func(e deckEdit) bool { return strings.EqualFold(e.deck, name) })
	msg := sentence(err)
	switch dropped := before - len(t.edits); {
	case dropped == 1:
		msg += " The change made after it was not saved either."
	case dropped > 1:
		msg += fmt.Sprintf(" The %d changes made after it were not saved either.", dropped)
	}
	if strings.EqualFold(t.deck.Name, name) {
		if errors.Is(err, district.ErrConflict) {
			msg += " The deck is shown as it is now: make the change again."
		}
		t.open(name)
	}
	t.status.SetText(msg)
}

// saving reports whether edits of a deck are on their way to the cache.
func (t *decksTab) saving(name string) bool {
	return slices.ContainsFunc(t.edits, func(e deckEdit) bool { return strings.EqualFold(e.deck, name) })
}

func (t *decksTab) save() {
	i := t.slide
	if i < 0 {
		return
	}
	headline, takeaway, notes := t.headline.Text, t.takeaway.Text, t.notes.Text
	if t.change(func(dk *district.Deck) error { return dk.Edit(i, headline, takeaway, notes) }, fmt.Sprintf("Slide %d saved.", i+1)) {
		t.pick(i)
	}
}

func (t *decksTab) move(by int) {
	from, to := t.slide, t.slide+by
	if from < 0 || to < 0 || to >= len(t.deck.Slides) {
		return
	}
	if t.change(func(dk *district.Deck) error { return dk.Move(from, to) }, fmt.Sprintf("Moved to position %d.", to+1)) {
		t.slides.Select(to)
	}
}

func (t *decksTab) removeSlide() {
	i := t.slide
	if i < 0 {
		return
	}
	if t.change(func(dk *district.Deck) error { return dk.Remove(i) }, fmt.Sprintf("Slide %d removed.", i+1)) {
		t.slides.UnselectAll()
		t.slide = -1
	}
}
