package district

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// SlideKind says what a slide shows.
type SlideKind string

// Slide kinds.
const (
	// ChartSlide shows one dashboard chart for a school and a period.
	ChartSlide SlideKind = "chart"
	// TilesSlide shows a group of the Overview's KPI tiles.
	TilesSlide SlideKind = "tiles"
	// PlanSlide shows the replacement plan: what it takes to keep the
	// district's technology running.
	PlanSlide SlideKind = "plan"
)

// Limits on what a person types into a deck. They keep every slide
// readable on a projector and on one printed page: a headline on one or
// two lines, a takeaway of one sentence, notes that fit beside a chart.
const (
	MaxDeckName = 80
	MaxHeadline = 90
	MaxTakeaway = 240
	MaxNotes    = 2000
	MaxSlides   = 60
)

// Slide is one slide of a deck. A chart slide names a chart and its
// filters, never a picture of it, so it always shows the current data.
type Slide struct {
	Kind SlideKind
	// Panel is the id of the chart a ChartSlide shows.
	Panel string
	// Tiles is the domain whose Overview tiles a TilesSlide shows; "" shows
	// every tile.
	Tiles Domain
	// School is a school id, or WholeDistrict.
	School string
	Period Period
	// Product is the edtech product a chart about one product shows, by
	// id; "" lets the chart pick.
	Product string
	// Headline is the slide's title; "" uses the chart's own title.
	Headline string
	// Takeaway is the one sentence the audience should remember; "" has it
	// written from the current data each time the slide is shown.
	Takeaway string
	// Notes are the presenter's speaker notes.
	Notes string
}

// Deck is an ordered list of slides for a meeting.
type Deck struct {
	Name   string
	Slides []Slide
	// Updated is when the deck was last saved; zero for a deck never saved.
	Updated time.Time
	// Version counts the saved deck's changes: an edit names the version
	// it was made on, and is refused if the deck has changed since. 0 for
	// a deck never saved.
	Version int64
}

// AnyVersion is the version an edit names that applies to a deck as it
// stands, whatever changed before it: an edit from the command line, or
// adding a chart, which does not rest on what the person saw.
const AnyVersion int64 = -1

// Validate checks a slide.
func (s Slide) Validate() error {
	switch s.Kind {
	case ChartSlide:
		if s.Panel == "" {
			return errors.New("a chart slide must name its chart")
		}
		if s.Tiles != "" {
			return errors.New("a chart slide shows no tiles")
		}
	case TilesSlide:
		if s.Panel != "" || s.Product != "" {
			return errors.New("a tiles slide shows no chart")
		}
		if s.Tiles != "" && !slices.Contains(Domains, s.Tiles) {
			return fmt.Errorf("there are no tiles for %q", s.Tiles)
		}
	case PlanSlide:
		// It shows the district's plan: no chart, tiles or product to pick.
		if s.Panel != "" || s.Tiles != "" || s.Product != "" {
			return errors.New("a plan slide shows no chart of its own")
		}
	default:
		return fmt.Errorf("unknown kind of slide %q", s.Kind)
	}
	if err := checkPeriod(s.Period); err != nil {
		return err
	}
	if err := checkText("headline", s.Headline, MaxHeadline, false); err != nil {
		return err
	}
	if err := checkText("takeaway", s.Takeaway, MaxTakeaway, false); err != nil {
		return err
	}
	return checkText("notes", s.Notes, MaxNotes, true)
}

func checkPeriod(p Period) error {
	switch p.Kind {
	case Last12Months, AllHistory:
		return nil
	case FiscalYearPeriod:
		if p.FiscalYear < 1900 || p.FiscalYear > 2200 {
			return fmt.Errorf("fiscal year %d is not plausible", p.FiscalYear)
		}
		return nil
	}
	return fmt.Errorf("unknown period kind %d", p.Kind)
}

// checkText checks a typed field: valid UTF-8, at most max characters, and
// on one line unless multiline.
func checkText(field, s string, max int, multiline bool) error {
	switch {
	case !utf8.ValidString(s):
		return fmt.Errorf("the %s is not valid text", field)
	case utf8.RuneCountInString(s) > max:
		return fmt.Errorf("the %s is longer than %d characters", field, max)
	case !multiline && strings.ContainsAny(s, "\r\n"):
		return fmt.Errorf("the %s must be on one line", field)
	}
	return nil
}

// Validate checks a deck and each of its slides.
func (d Deck) Validate() error {
	if strings.TrimSpace(d.Name) == "" {
		return errors.New("a deck needs a name")
	}
	if err := checkText("deck name", d.Name, MaxDeckName, false); err != nil {
		return err
	}
	if len(d.Slides) > MaxSlides {
		return fmt.Errorf("deck %q has %d slides; a deck holds at most %d", d.Name, len(d.Slides), MaxSlides)
	}
	for i, s := range d.Slides {
		if err := s.Validate(); err != nil {
			return fmt.Errorf("deck %q, slide %d: %w", d.Name, i+1, err)
		}
	}
	return nil
}

// Add appends a slide to the deck.
func (d *Deck) Add(s Slide) error {
	if err := s.Validate(); err != nil {
		return fmt.Errorf("adding a slide: %w", err)
	}
	if len(d.Slides) >= MaxSlides {
		return fmt.Errorf("adding a slide: the deck already has the most slides a deck holds, %d", MaxSlides)
	}
	d.Slides = append(d.Slides, s)
	return nil
}

// Move moves the slide at index from to index to, shifting those between.
func (d *Deck) Move(from, to int) error {
	if err := d.checkIndex(from); err != nil {
		return fmt.Errorf("moving a slide: %w", err)
	}
	if err := d.checkIndex(to); err != nil {
		return fmt.Errorf("moving a slide: %w", err)
	}
	s := d.Slides[from]
	if from < to {
		copy(d.Slides[from:to], d.Slides[from+1:to+1])
	} else {
		copy(d.Slides[to+1:from+1], d.Slides[to:from])
	}
	d.Slides[to] = s
	return nil
}

// Remove deletes the slide at index i.
func (d *Deck) Remove(i int) error {
	if err := d.checkIndex(i); err != nil {
		return fmt.Errorf("removing a slide: %w", err)
	}
	d.Slides = append(d.Slides[:i], d.Slides[i+1:]...)
	return nil
}

// Edit replaces the words of the slide at index i. An empty headline or
// takeaway goes back to the chart's title or the sentence written from the
// data. The deck is unchanged when the new words are not valid.
func (d *Deck) Edit(i int, headline, takeaway, notes string) error {
	if err := d.checkIndex(i); err != nil {
		return fmt.Errorf("editing a slide: %w", err)
	}
	s := d.Slides[i]
	s.Headline, s.Takeaway, s.Notes = strings.TrimSpace(headline), strings.TrimSpace(takeaway), strings.TrimSpace(notes)
	if err := s.Validate(); err != nil {
		return fmt.Errorf("editing slide %d: %w", i+1, err)
	}
	d.Slides[i] = s
	return nil
}

func (d *Deck) checkIndex(i int) error {
	if i < 0 || i >= len(d.Slides) {
		return fmt.Errorf("there is no slide %d in a deck of %d", i+1, len(d.Slides))
	}
	return nil
}

// MaxAnnotation is the longest note a chart annotation holds: it is drawn
// on the chart, above the plot.
const MaxAnnotation = 60

// Annotation is a short note pinned to a date on a time-series chart ("New
// help-desk system went live"), so the reason a number changed travels with
// it onto the dashboard, the slides and the packet.
type Annotation struct {
	// ID is given by the cache when the annotation is first stored.
	ID int64
	// Panel is the id of the chart the note belongs to.
	Panel string
	// Date is the day the note is pinned to: its calendar day in its own
	// time zone. The cache gives it back as midnight UTC.
	Date time.Time
	Text string
}

// Validate checks an annotation.
func (a Annotation) Validate() error {
	switch {
	case a.Panel == "":
		return errors.New("an annotation must name its chart")
	case a.Date.IsZero():
		return errors.New("an annotation needs a date")
	case strings.TrimSpace(a.Text) == "":
		return errors.New("an annotation needs a note")
	}
	return checkText("note", a.Text, MaxAnnotation, false)
}
