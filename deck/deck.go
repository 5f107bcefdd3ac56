// Package deck is the cabinet meeting's slides: the built-in "Cabinet
// briefing", decks a person makes from the dashboard's charts, and what each
// slide shows when it is presented or printed.
//
// A deck is a district.Deck: its slides name a chart (or a group of
// Overview tiles) and the filters it shows, never a picture, so a deck
// saved before a sync shows the data after it. The list operations (Add,
// Move, Remove, Edit) are methods of district.Deck; this package adds what
// needs the dashboard's catalogue and data: checking a deck against the
// catalogue, the built-in briefing, saving and loading, and Render, which
// turns a slide into its chart or tiles with a headline, a takeaway written
// from the current numbers and a footer saying how fresh they are.
package deck

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/panel"
)

// BriefingName is the name of the built-in deck.
const BriefingName = "Cabinet briefing"

// Briefing is the built-in deck: twelve slides across technology health
// (with what it takes to keep it running), security, spending,
// instructional impact and value for money, each
// showing the last twelve months of data (spending charts, the fiscal year
// those months end in) for the whole district. Its takeaways are empty, so
// they are written from the numbers whenever a slide is shown.
func Briefing() district.Deck {
	tiles := district.Slide{Kind: district.TilesSlide, Period: last12, Headline: "The district at a glance",
		Notes: "Open with the state of the district: read out the measures off target, then take each area in turn."}
	return district.Deck{Name: BriefingName, Slides: []district.Slide{
		tiles,
		briefingSlide("tech.tickets", "Help-desk backlog",
			"Compare with the same month last year: the start of the school year always brings a peak."),
		briefingSlide("tech.refresh", "Ageing devices",
			"Devices past the refresh cycle break more often and cost more to support; the replacement plan is on the next slide."),
		{Kind: district.PlanSlide, Period: last12, Headline: PlanHeadline,
			Notes: "The ask for next year's budget: what replacing devices as they come due costs against the hardware line once the grant money ends, the level amount that would spread it evenly, and the technicians the fleet needs. The packet's next page works out every figure, with the prices and ratios assumed."},
		briefingSlide("security.phishing", "Staff and phishing",
			"Click rates rise when a simulation imitates a real event; the training calendar follows each campaign."),
		briefingSlide("spending.to_date", "Spending against plan",
			"The forecast follows the plan's own months, scaled by how spending so far compares with the plan so far: renewals and hardware fall early in the year, so the start of a year is not read as an overrun."),
		briefingSlide("spending.by_funding", "Where the money comes from",
			"Money that ends with a grant this year has to be found in next year's budget, or the service it pays for stops."),
		briefingSlide("instruction.attendance", "Attendance",
			"Attendance is the first thing devices and connectivity can help or hinder."),
		briefingSlide("instruction.proficiency", "Proficiency in ELA and maths",
			"Assessment windows are fall, winter and spring: compare a window with the same window a year before."),
		briefingSlide("value.licence_use", "Licences: used and unused",
			"Unused licences are money to recover at renewal; the Value tab lists renewals coming up."),
		briefingSlide("value.cost_per_user_ranking", "Cost per active user, per year",
			"A high cost per user is a question for the renewal conversation, not a verdict: some tools serve few students by design."),
		briefingSlide("value.renewals", "Renewals coming up",
			"Each renewal is a decision: renew as is, renew fewer licences, or let it lapse. Licences nobody uses are the first to cut."),
	}}
}

var last12 = district.Period{Kind: district.Last12Months}

// PlanHeadline is a plan slide's headline unless a person writes another.
const PlanHeadline = "What it takes to keep it running"

// PlanPanel is the chart a plan slide shows.
const PlanPanel = "tech.plan_cost"

// PlanSlide makes a slide of the replacement plan.
func PlanSlide() district.Slide {
	return district.Slide{Kind: district.PlanSlide, Period: last12}
}

func briefingSlide(id, headline, notes string) district.Slide {
	return district.Slide{Kind: district.ChartSlide, Panel: id, Period: last12, Headline: headline, Notes: notes}
}

// ChartSlide makes a slide of a dashboard chart as it is filtered: what
// "Add to deck" adds.
func ChartSlide(panelID string, f panel.Filter) (district.Slide, error) {
	s := district.Slide{Kind: district.ChartSlide, Panel: panelID, School: f.School, Period: f.Period, Product: f.Product}
	if err := checkSlide(s); err != nil {
		return s, fmt.Errorf("making a slide of %s: %w", panelID, err)
	}
	return s, nil
}

// TilesSlide makes a slide of the Overview's tiles of one domain ("" for
// every tile) for a school and period.
func TilesSlide(d district.Domain, f panel.Filter) (district.Slide, error) {
	s := district.Slide{Kind: district.TilesSlide, Tiles: d, School: f.School, Period: f.Period}
	if err := checkSlide(s); err != nil {
		return s, fmt.Errorf("making a slide of the %s tiles: %w", d.Title(), err)
	}
	return s, nil
}

// Filter is the dashboard filter a slide shows its chart or tiles with.
func Filter(s district.Slide) panel.Filter {
	return panel.Filter{School: s.School, Period: s.Period, Product: s.Product}
}

// Check reports whether a deck is valid and every chart it names is one the
// dashboard has.
func Check(d district.Deck) error {
	if err := d.Validate(); err != nil {
		return err
	}
	for i, s := range d.Slides {
		if err := checkSlide(s); err != nil {
			return fmt.Errorf("deck %q, slide %d: %w", d.Name, i+1, err)
		}
	}
	return nil
}

func checkSlide(s district.Slide) error {
	if err := s.Validate(); err != nil {
		return err
	}
	if s.Kind == district.ChartSlide {
		if _, ok := panel.ByID(s.Panel); !ok {
			return fmt.Errorf("the dashboard has no chart %q", s.Panel)
		}
	}
	return nil
}

// Store keeps the saved decks: the cache is one. Each change is one
// transaction of the store.
type Store interface {
	// DeckNames lists the saved decks' names in alphabetical order.
	DeckNames(ctx context.Context) ([]string, error)
	// Deck reads a saved deck by name, ignoring case; an error matching
	// district.ErrNotFound when there is none.
	Deck(ctx context.Context, name string) (district.Deck, error)
	// CreateDeck saves a new deck, refusing a name a deck has.
	CreateDeck(ctx context.Context, d district.Deck) error
	// EditDeck applies edit to the deck it reads, if it is still of the
	// version given (0: not saved yet, starting as base; AnyVersion: as it
	// stands), and saves it as its next version.
	EditDeck(ctx context.Context, name string, version int64, base *district.Deck, edit func(*district.Deck) error) (district.Deck, error)
}

// Names lists the decks a person can open: the built-in briefing first,
// then the saved decks in alphabetical order. A saved deck called
// BriefingName is a person's own version of the briefing and takes its
// place.
func Names(ctx context.Context, c Store) ([]string, error) {
	saved, err := c.DeckNames(ctx)
	if err != nil {
		return nil, err
	}
	if i := slices.IndexFunc(saved, isBriefing); i >= 0 {
		return append(append([]string{saved[i]}, saved[:i]...), saved[i+1:]...), nil
	}
	return append([]string{BriefingName}, saved...), nil
}

func isBriefing(name string) bool { return strings.EqualFold(name, BriefingName) }

// Load reads a deck by name, ignoring case. The briefing is built in until
// a person saves a version of their own, and comes back when they delete
// it. An unknown name gives an error that matches district.ErrNotFound
// and names the decks there are, whoever asked (export, present, deck
// show).
func Load(ctx context.Context, c Store, name string) (district.Deck, error) {
	d, err := c.Deck(ctx, name)
	if errors.Is(err, district.ErrNotFound) && isBriefing(name) {
		return Briefing(), nil
	}
	if errors.Is(err, district.ErrNotFound) {
		return d, unknown(ctx, c, name)
	}
	return d, err
}

// unknown is the error for a deck there is none of: a sentence naming the
// decks there are, which matches district.ErrNotFound.
func unknown(ctx context.Context, c Store, name string) error {
	msg := fmt.Sprintf("there is no deck called %q", name)
	if names, err := Names(ctx, c); err == nil {
		msg += "; the decks are " + district.Quoted(names)
	}
	return notFound(msg)
}

// notFound is a sentence that matches district.ErrNotFound without
// ending in its words.
type notFound string

func (e notFound) Error() string { return string(e) }
func (e notFound) Unwrap() error { return district.ErrNotFound }

// Create checks a new deck and saves it. The built-in briefing's name is
// taken, even before a person saves a version of it.
func Create(ctx context.Context, c Store, d district.Deck) error {
	if isBriefing(d.Name) {
		return fmt.Errorf("%q is the name of the built-in deck; choose another name", BriefingName)
	}
	if err := Check(d); err != nil {
		return fmt.Errorf("saving the deck: %w", err)
	}
	return c.CreateDeck(ctx, d)
}

// Edit makes one change to a deck in one transaction of the store: edit
// is applied to the deck as saved, if it is still the version the editor
// read (district.AnyVersion: whatever it is now), and the deck is checked
// against the catalogue before it is saved. The built-in briefing is saved
// with its first change. It returns the deck as saved. A deck changed since
// the editor read it is refused with an error matching district.ErrConflict.
func Edit(ctx context.Context, c Store, name string, version int64, edit func(*district.Deck) error) (district.Deck, error) {
	var base *district.Deck
	if isBriefing(name) {
		b := Briefing()
		base = &b
	}
	return editDeck(ctx, c, name, version, base, edit)
}

// AddSlide adds a slide at the end of a deck, whatever the deck holds now,
// making the deck when there is none of the name: "Add to deck".
func AddSlide(ctx context.Context, c Store, name string, s district.Slide) (district.Deck, error) {
	base := &district.Deck{Name: name}
	if isBriefing(name) {
		b := Briefing()
		base = &b
	}
	return editDeck(ctx, c, name, district.AnyVersion, base, func(d *district.Deck) error { return d.Add(s) })
}

func editDeck(ctx context.Context, c Store, name string, version int64, base *district.Deck, edit func(*district.Deck) error) (district.Deck, error) {
	d, err := c.EditDeck(ctx, name, version, base, func(d *district.Deck) error {
		if err := edit(d); err != nil {
			return err
		}
		return Check(*d)
	})
	if errors.Is(err, district.ErrNotFound) && version <= 0 {
		return d, unknown(ctx, c, name)
	}
	return d, err
}
