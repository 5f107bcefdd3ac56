package deck

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/panel"
)

// How many lines a "what changed" or "actions" slide shows: on the screen,
// and on the board packet's page, which has room for more.
const (
	SlideLines  = 8
	PacketLines = 16
)

// Report is what a "what changed" or "actions" slide says, and what the
// Overview shows of it.
type Report struct {
	Headline, Takeaway string
	// Scope says what the report covers: "Since the meeting of 10
	// November 2026".
	Scope string
	// Items are its lines, most important first.
	Items []Item
	// Notes are the rules its caption states.
	Notes []string
}

// noMemory is the memory of a district that has recorded nothing.
type noMemory struct{}

func (noMemory) MeetingBefore(context.Context, time.Time) (district.Meeting, bool, error) {
	return district.Meeting{}, false, nil
}
func (noMemory) Actions(context.Context) ([]district.Action, error) { return nil, nil }
func (noMemory) SourceHealth(context.Context) ([]district.SourceHealth, error) {
	return nil, nil
}

func (o Options) memory() Memory {
	if o.Memory == nil {
		return noMemory{}
	}
	return o.Memory
}

// day is the date of the meeting the slides are for.
func (o Options) day() time.Time {
	if o.Meeting.IsZero() {
		return district.Day(o.now())
	}
	return district.Day(o.Meeting)
}

// lastMeeting reads the record of the meeting before o's, and the day
// changes are counted from.
func lastMeeting(ctx context.Context, o Options) (*district.Meeting, time.Time, error) {
	m, ok, err := o.memory().MeetingBefore(ctx, o.day())
	if err != nil || !ok {
		return nil, o.now().Add(-withoutMeeting), err
	}
	return &m, m.Day, nil
}

// scope says what a report of what (changes, actions) covers: "Changes
// since the meeting of 10 November 2026".
func scope(what string, last *district.Meeting, from time.Time) string {
	if last == nil {
		return what + " in the last 30 days, since " + from.Format(district.DayName)
	}
	return what + " since the meeting of " + last.Day.Format(district.DayName)
}

// WhatChanged says what changed since the meeting before o.Meeting, for
// the measures deck d shows and the figures that meeting showed: measures
// that crossed their target or moved more than usual in a month closed
// since, figures revised, hidden or shown, renewals, and sources. With no
// earlier meeting on record it looks at the last 30 days.
func WhatChanged(ctx context.Context, b *panel.Board, d district.Deck, o Options) (Report, error) {
	now := o.now()
	last, from, err := lastMeeting(ctx, o)
	if err != nil {
		return Report{}, err
	}
	in := sinceInput{Now: now, StaleAfter: o.StaleAfter, Last: last, From: from, Threshold: b.Suppression.MinStudents()}
	r := newReading(b, now)
	if in.Measures, err = r.deckMeasures(ctx, d, last); err != nil {
		return Report{}, err
	}
	if last != nil {
		if in.Figures, err = r.figures(ctx, last); err != nil {
			return Report{}, err
		}
	}
	if in.Products, err = products(ctx, b); err != nil {
		return Report{}, err
	}
	if in.Sources, err = o.memory().SourceHealth(ctx); err != nil {
		return Report{}, err
	}
	cs := changes(in)
	rep := Report{Scope: scope("Changes", last, from), Items: items(cs),
		Notes: []string{VariationRule, "Closed months only: a month still running is not compared", "A hidden figure is never given, old or new"}}
	when := meetingDay(from, now)
	rep.Headline = "What changed since " + when
	if last == nil {
		rep.Headline = "What changed in the last 30 days"
	}
	rep.Takeaway = sinceTakeaway(cs, last != nil, when)
	return rep, nil
}

// sinceTakeaway counts what changed in a sentence.
func sinceTakeaway(cs []change, meeting bool, when string) string {
	n := map[kind]int{}
	for _, c := range cs {
		n[c.kind]++
	}
	var parts []string
	say := func(k kind, one, many string) {
		switch n[k] {
		case 0:
		case 1:
			parts = append(parts, fmt.Sprintf(one, 1))
		default:
			parts = append(parts, fmt.Sprintf(many, n[k]))
		}
	}
	say(crossed, "%d measure crossed its target", "%d measures crossed their targets")
	say(moved, "%d measure moved more than usual", "%d measures moved more than usual")
	say(revised, "figures of %d measure shown then were revised", "figures of %d measures shown then were revised")
	say(renewal, "%d contract came up for renewal, renewed or ended", "%d contracts came up for renewal, renewed or ended")
	say(sourceHealth, "%d source went stale or began failing", "%d sources went stale or began failing")
	say(privacy, "figures of %d measure were newly hidden or shown", "figures of %d measures were newly hidden or shown")
	switch {
	case !meeting && len(parts) == 0:
		return "No earlier meeting is on record, and nothing changed in the last 30 days."
	case !meeting:
		return "No earlier meeting is on record, so this looks at the last 30 days: " + joinAnd(parts) + "."
	case len(parts) == 0:
		return "Since " + when + ", no measure crossed its target or moved more than usual, no figure shown then was revised, and no contract or source changed."
	}
	return "Since " + when + ": " + joinAnd(parts) + "."
}

func items(cs []change) []Item {
	out := make([]Item, len(cs))
	for i, c := range cs {
		out[i] = c.Item
	}
	return out
}

// ActionsFrom says where each action stands for the meeting on o.Meeting:
// those still open, and those closed since the last meeting, each with how
// its measure or product moved since it was recorded.
func ActionsFrom(ctx context.Context, b *panel.Board, o Options) (Report, error) {
	now, day := o.now(), o.day()
	last, from, err := lastMeeting(ctx, o)
	if err != nil {
		return Report{}, err
	}
	all, err := o.memory().Actions(ctx)
	if err != nil {
		return Report{}, err
	}
	r := newReading(b, now)
	var prods map[string]district.ProductTerms
	var acts []actionNow
	for _, a := range all {
		if !followed(a, day, from) {
			continue
		}
		an := actionNow{Action: a}
		switch a.About.Kind {
		case district.OnMeasure, district.OnChart:
			id := a.About.ID
			if a.About.Kind == district.OnChart {
				p, _ := panel.ByID(id)
				id = p.Metric
			}
			if id == "" {
				break
			}
			m, ok, err := r.metric(ctx, id)
			if err != nil {
				return Report{}, err
			}
			if !ok {
				break
			}
			ms, err := r.measure(ctx, m, panel.SchoolFor(m, a.About.School))
			if err != nil {
				return Report{}, err
			}
			an.Metric, an.HasMetric = m, true
			an.Now, an.HasNow = ms.newest()
			an.ThenHidden = ms.hidden(a.Then.Month)
		case district.OnProduct, district.OnRenewal:
			if prods == nil {
				list, err := products(ctx, b)
				if err != nil {
					return Report{}, err
				}
				prods = map[string]district.ProductTerms{}
				for _, p := range list {
					prods[p.ID] = p
				}
			}
			an.Product, an.HasProduct = prods[a.About.ID]
		}
		acts = append(acts, an)
	}
	cs := actionChanges(day, from, acts)
	rep := Report{Scope: scope("Actions", last, from), Items: items(cs), Headline: "Actions from the last meeting",
		Notes: []string{"Open actions, and those done or dropped since " + meetingDay(from, now) + "; each with how its measure or product moved since it was recorded"}}
	if last == nil {
		rep.Headline = "Actions on record"
	}
	rep.Takeaway = actionsTakeaway(cs)
	return rep, nil
}

func actionsTakeaway(cs []change) string {
	if len(cs) == 0 {
		return "No action is open, and none was closed since the last meeting."
	}
	n := map[string]int{}
	for _, c := range cs {
		n[c.Value]++
	}
	var parts []string
	for _, s := range []string{"Overdue", "Open", "Done", "Dropped"} {
		if n[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n[s], strings.ToLower(s)))
		}
	}
	return fmt.Sprintf("%s: %s.", district.Counted(float64(len(cs)), "actions"), joinAnd(parts))
}

// historyView fills a "what changed" or "actions" slide: its lines as
// cards, at most lines of them, the last summing up the rest.
func (v *View) history(ctx context.Context, b *panel.Board, d district.Deck, o Options) (string, error) {
	var rep Report
	var err error
	if v.Slide.Kind == district.SinceSlide {
		rep, err = WhatChanged(ctx, b, d, o)
	} else {
		rep, err = ActionsFrom(ctx, b, o)
	}
	if err != nil {
		return "", err
	}
	if v.Headline == "" {
		v.Headline = rep.Headline
	}
	v.Scope, v.Notes = rep.Scope, rep.Notes
	lines := o.Lines
	if lines <= 0 {
		lines = SlideLines
	}
	shown := rep.Items
	if len(shown) == 0 {
		// A card saying so, rather than an empty slide.
		it := Item{Subject: "Nothing changed", Value: "None", Label: "No changes",
			Detail: "Every measure on this deck, every figure shown then, the contracts and the sources were looked at."}
		if v.Slide.Kind == district.ActionsSlide {
			it = Item{Subject: "No actions", Value: "None", Label: "No actions to follow",
				Detail: "Record one from a chart's large view, a row of the Value table or the presenter view."}
		}
		shown = []Item{it}
	}
	if len(shown) > lines {
		rest := shown[lines-1:]
		shown = append(shown[:lines-1:lines-1], more(rest, o.Lines < PacketLines))
	}
	for _, it := range shown {
		v.Tiles = append(v.Tiles, panel.Tile{Title: it.Subject, Value: it.Value, Trend: it.Detail, Label: it.Label, Status: it.Status,
			Up: it.Up, Down: it.Down, Better: it.Better, Worse: it.Worse})
	}
	return rep.Takeaway, nil
}

// more sums up the lines a slide has no room for.
func more(rest []Item, slide bool) Item {
	// Named while they fit on a card; the rest counted.
	const named = 5
	var names []string
	for _, it := range rest[:min(len(rest), named)] {
		names = append(names, it.Subject)
	}
	if len(rest) > named {
		names = append(names, "and "+district.Counted(float64(len(rest)-named), "others"))
	}
	it := Item{Subject: fmt.Sprintf("And %d more", len(rest)), Value: fmt.Sprint(len(rest)), Label: "More", Detail: strings.Join(names, "; ")}
	if slide {
		it.Label = "In the board packet"
	}
	return it
}
