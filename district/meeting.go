package district

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
)

// Meeting is the district's record of one meeting: the deck shown and,
// slide by slide, every figure it showed, as it was shown. A figure hidden
// to protect students' privacy is recorded as hidden, without its value or
// count: the record holds nothing the room did not see. The next briefing
// reads it to say what changed since.
type Meeting struct {
	// Day is the meeting's date, as midnight UTC (see Day).
	Day  time.Time
	Deck string
	// District names the district the figures describe.
	District string
	// Recorded is when the record was made, and How: presented, or
	// exported as the board packet.
	Recorded time.Time
	How      MeetingHow
	// Threshold is the privacy threshold in force: the fewest students a
	// shown figure about students rested on.
	Threshold int
	Slides    []MeetingSlide
	// Products are the contracts' terms as they stood, and Sources the
	// district systems' health: what renewals and sources are compared
	// with at the next meeting.
	Products []ProductTerms
	Sources  []SourceHealth
}

// MeetingHow says how a meeting's record was made.
type MeetingHow string

// The ways a meeting is recorded.
const (
	// Presented: the deck was presented on the day.
	Presented MeetingHow = "presented"
	// Packet: the board packet was exported for the meeting's date.
	Packet MeetingHow = "packet"
)

// MeetingSlide is one slide of a meeting's deck, as it was shown.
type MeetingSlide struct {
	Kind SlideKind
	// Panel is the chart a chart slide showed.
	Panel    string
	Headline string
	Takeaway string
	// Shows says the school, months and product the slide showed.
	Shows string
	// AsOf is the newest month the slide showed: its data date.
	AsOf time.Time
	// Source says where its data came from and when they were synced.
	Source  string
	Figures []Figure
}

// Figure is one figure a slide showed.
type Figure struct {
	// Metric is the measure a figure of a measure belongs to, School its
	// school (WholeDistrict for the district) and Month the month it
	// describes. Across is true for a figure shown among every school's
	// figures of its month (a ranking), which suppression decides with
	// the whole month in view.
	Metric string
	School string
	Across bool
	// Product is the edtech product a figure about one product describes.
	Product string
	Month   time.Time
	// SoFar is true when Month was still running: the month so far.
	SoFar bool
	// Label names the figure as the slide did: a measure's name, a table's
	// row and column.
	Label string
	// Value and N are the figure and the count it rests on; both are zero
	// when Hidden.
	Value float64
	N     int
	// Text is the figure as the slide wrote it: "93.7%", or the
	// suppression mark.
	Text string
	// Hidden is true for a figure hidden to protect students' privacy.
	Hidden bool
	// Source names the system the figure came from; Synced is when it was
	// synced.
	Source string
	Synced time.Time
}

// Keyed reports whether the figure is of a measure in a month: one the
// next meeting can look up again.
func (f Figure) Keyed() bool { return f.Metric != "" && !f.Month.IsZero() }

// ProductTerms are an edtech product's contract and use as they stood: its
// cost, licences, renewal date, and the share of its licences in use
// district-wide, when that could be shown.
type ProductTerms struct {
	ID, Name   string
	AnnualCost float64
	Licences   int
	Renewal    time.Time
	// InUse is the share of licences in use (0 to 1, or more when
	// over-subscribed); InUseShown is false when it was undefined or
	// hidden, InUseHidden when it was hidden to protect privacy.
	InUse       float64
	InUseShown  bool
	InUseHidden bool
}

// SourceHealth is how one district system stood: when its data were last
// synced and whether its syncs were failing.
type SourceHealth struct {
	Name, Kind string
	// LastGood is the end of the last sync that succeeded; zero if none.
	LastGood time.Time
	// Failing is true when the last sync failed, at FailedAt, for Problem.
	Failing  bool
	FailedAt time.Time
	Problem  string
}

// Day is t's calendar date as midnight UTC: how meeting dates and due
// dates are kept.
func Day(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// DayName writes a date as a sentence reads it: "10 November 2026".
const DayName = "2 January 2006"

// Limits on a meeting record and on an action, so that a record read
// from a file cannot grow without bound and an action fits on its slide.
const (
	MaxMeetingFigures = 250_000
	MaxFigureText     = 400
	MaxActionText     = 200
	MaxOwner          = 60
	MaxActions        = 10_000
)

// Validate checks a meeting record: its date, deck, threshold, and that
// every hidden figure carries nothing but its mark.
func (m Meeting) Validate() error {
	switch {
	case m.Day.IsZero() || !m.Day.Equal(Day(m.Day)):
		return errors.New("a meeting record needs the meeting's date")
	case strings.TrimSpace(m.Deck) == "":
		return fmt.Errorf("the record of the meeting of %s names no deck", m.Day.Format(DayName))
	case m.How != Presented && m.How != Packet:
		return fmt.Errorf("the record of the meeting of %s: %q is neither presented nor packet", m.Day.Format(DayName), m.How)
	}
	name := "the record of the meeting of " + m.Day.Format(DayName)
	if err := CheckThreshold(m.Threshold); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	for _, s := range []struct{ field, text string }{{"deck name", m.Deck}, {"district name", m.District}} {
		if err := checkText(s.field, s.text, MaxDeckName, false); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	if len(m.Slides) > MaxSlides {
		return fmt.Errorf("%s: %d slides; a deck holds at most %d", name, len(m.Slides), MaxSlides)
	}
	n := 0
	for i, s := range m.Slides {
		if err := s.validate(); err != nil {
			return fmt.Errorf("%s, slide %d: %w", name, i+1, err)
		}
		if n += len(s.Figures); n > MaxMeetingFigures {
			return fmt.Errorf("%s: more than %d figures", name, MaxMeetingFigures)
		}
	}
	for _, p := range m.Products {
		if err := p.validate(); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	for _, s := range m.Sources {
		if err := s.validate(); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	return nil
}

func (s MeetingSlide) validate() error {
	for _, t := range []struct {
		field, text string
		max         int
	}{{"kind", string(s.Kind), 20}, {"chart", s.Panel, 100}, {"headline", s.Headline, MaxFigureText}, {"takeaway", s.Takeaway, 2 * MaxFigureText},
		{"filters", s.Shows, MaxFigureText}, {"source", s.Source, MaxFigureText}} {
		if err := checkText(t.field, t.text, t.max, false); err != nil {
			return err
		}
	}
	for i, f := range s.Figures {
		if err := f.Validate(); err != nil {
			return fmt.Errorf("figure %d: %w", i+1, err)
		}
	}
	return nil
}

// Validate checks one figure: a hidden figure has no value and no count,
// a shown one a finite value.
func (f Figure) Validate() error {
	for _, t := range []struct {
		field, text string
		max         int
	}{{"measure", f.Metric, 100}, {"school", f.School, 100}, {"product", f.Product, 100}, {"label", f.Label, MaxFigureText},
		{"figure", f.Text, MaxFigureText}, {"source", f.Source, 100}} {
		if err := checkText(t.field, t.text, t.max, false); err != nil {
			return err
		}
	}
	switch {
	case f.Hidden && (f.Value != 0 || f.N != 0):
		return fmt.Errorf("%s: a hidden figure carries a value", f.Label)
	case !finite(f.Value):
		return fmt.Errorf("%s: %v is not a finite number", f.Label, f.Value)
	case f.N < 0:
		return fmt.Errorf("%s: a negative count", f.Label)
	case !f.Month.IsZero() && !f.Month.Equal(Month(f.Month)):
		return fmt.Errorf("%s: its month is not the first of a month", f.Label)
	}
	return nil
}

func (p ProductTerms) validate() error {
	if err := checkText("product", p.ID, 100, false); err != nil {
		return err
	}
	if err := checkText("product name", p.Name, MaxFigureText, false); err != nil {
		return err
	}
	switch {
	case p.ID == "":
		return errors.New("a product without an id")
	case !finite(p.AnnualCost) || p.AnnualCost < 0 || p.Licences < 0:
		return fmt.Errorf("product %s: a cost or licence count that is not a non-negative number", p.ID)
	case !finite(p.InUse) || p.InUse < 0:
		return fmt.Errorf("product %s: licences in use is not a non-negative number", p.ID)
	case p.InUseHidden && (p.InUseShown || p.InUse != 0):
		return fmt.Errorf("product %s: a hidden share of licences in use carries a value", p.ID)
	}
	return nil
}

func (s SourceHealth) validate() error {
	for _, t := range []struct{ field, text string }{{"source", s.Name}, {"source kind", s.Kind}, {"problem", s.Problem}} {
		if err := checkText(t.field, t.text, MaxFigureText, false); err != nil {
			return err
		}
	}
	if s.Name == "" {
		return errors.New("a source without a name")
	}
	return nil
}

// ActionStatus is where an action stands.
type ActionStatus string

// Action statuses.
const (
	ActionOpen    ActionStatus = "open"
	ActionDone    ActionStatus = "done"
	ActionDropped ActionStatus = "dropped"
)

// Subject says what an action is about.
type Subject string

// Subjects of an action.
const (
	// NoSubject: an action about nothing Cabinet shows.
	NoSubject Subject = ""
	// OnMeasure: a measure, by id, at a school or the district.
	OnMeasure Subject = "measure"
	// OnChart: a dashboard chart, by id.
	OnChart Subject = "chart"
	// OnProduct: an edtech product, by id; OnRenewal: its renewal.
	OnProduct Subject = "product"
	OnRenewal Subject = "renewal"
)

// About names what an action is about.
type About struct {
	Kind Subject
	// ID is the measure's, chart's or product's id; School the school of
	// a measure (WholeDistrict for the district).
	ID     string
	School string
	// Name is what people call it: "Attendance", "MindWell SEL".
	Name string
}

// Action is a decision or an action the cabinet recorded: what is to be
// done, by whom, by when, and where it stands. Like meeting records,
// actions are the district's own memory and survive every sync.
type Action struct {
	// ID numbers the action in this cache; Key names it everywhere, so an
	// action exported from one laptop is the same action on another.
	ID    int64
	Key   string
	Text  string
	Owner string
	// Due is the day it is due, as midnight UTC.
	Due    time.Time
	Status ActionStatus
	About  About
	// Created is when it was recorded, Updated when it last changed, and
	// Closed when it was marked done or dropped.
	Created, Updated, Closed time.Time
	// Then is its measure's newest closed figure when it was recorded, as
	// shown (Keyed when there was one); Product its product's terms then.
	Then    Figure
	Product ProductTerms
}

// Validate checks an action.
func (a Action) Validate() error {
	switch {
	case strings.TrimSpace(a.Text) == "":
		return errors.New("an action needs its text: what is to be done")
	case strings.TrimSpace(a.Owner) == "":
		return errors.New("an action needs an owner: who will do it")
	case a.Due.IsZero() || !a.Due.Equal(Day(a.Due)):
		return errors.New("an action needs a due date")
	case a.Status != ActionOpen && a.Status != ActionDone && a.Status != ActionDropped:
		return fmt.Errorf("an action's status is open, done or dropped, not %q", a.Status)
	case a.Created.IsZero():
		return errors.New("an action needs the time it was recorded")
	}
	if err := checkText("action", a.Text, MaxActionText, false); err != nil {
		return err
	}
	if err := checkText("owner", a.Owner, MaxOwner, false); err != nil {
		return err
	}
	if err := checkText("key", a.Key, 64, false); err != nil {
		return err
	}
	switch a.About.Kind {
	case NoSubject:
		if a.About.ID != "" {
			return errors.New("an action about nothing names something")
		}
	case OnMeasure, OnChart, OnProduct, OnRenewal:
		if a.About.ID == "" {
			return fmt.Errorf("an action on a %s must name it", a.About.Kind)
		}
	default:
		return fmt.Errorf("an action cannot be on a %q", a.About.Kind)
	}
	for _, t := range []struct{ field, text string }{{"subject", a.About.ID}, {"school", a.About.School}, {"subject's name", a.About.Name}} {
		if err := checkText(t.field, t.text, MaxFigureText, false); err != nil {
			return err
		}
	}
	if err := a.Then.Validate(); err != nil {
		return fmt.Errorf("the figure when the action was recorded: %w", err)
	}
	if a.Product.ID != "" {
		if err := a.Product.validate(); err != nil {
			return err
		}
	}
	return nil
}

// Overdue reports whether an open action's due date had passed on day.
func (a Action) Overdue(day time.Time) bool {
	return a.Status == ActionOpen && a.Due.Before(Day(day))
}

// ParseDay reads a date typed as 2026-11-10. The error is a sentence.
func ParseDay(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a date like 2026-11-10", s)
	}
	return t, nil
}

// Share writes a share of licences in use: "44%".
func Share(v float64) string {
	return fmt.Sprintf("%.0f%%", math.Round(v*100))
}
