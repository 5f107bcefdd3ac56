package deck_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/deck"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/district/demo"
	"github.com/cabinetapp/cabinet/panel"
)

// TestRecordThenWhatChanged records the meeting of 10 November from the
// briefing as a packet would, changes the district's data as the weeks
// would (a month revised, a month added that misses a target, a renewal
// moved within 90 days), records an action, and reads the briefing of 8
// December: its first slides name each change, and the action.
func TestRecordThenWhatChanged(t *testing.T) {
	october := time.Date(2026, time.October, 1, 0, 0, 0, 0, time.UTC)
	november := october.AddDate(0, 1, 0)
	nov10 := time.Date(2026, time.November, 10, 9, 0, 0, 0, time.UTC)
	dec8 := time.Date(2026, time.December, 8, 9, 0, 0, 0, time.UTC)
	c := newCache(t)
	d := demo.New(demo.Default(october))
	if err := c.Write(ctx, cache.DemoSource, cache.Replace, func(w *cache.Writer) error { return d.Put(w) }); err != nil {
		t.Fatal(err)
	}
	change := func(fn func(w *cache.Writer) error) {
		t.Helper()
		if err := c.Write(ctx, cache.DemoSource, cache.Change, fn); err != nil {
			t.Fatal(err)
		}
	}
	put := func(metric string, month time.Time, v float64, n int) func(w *cache.Writer) error {
		return func(w *cache.Writer) error {
			return w.PutObservation(district.Observation{Metric: metric, Period: month, Value: v, N: n})
		}
	}
	change(put(district.DevicesBroken, october, 2.5, 9000))
	change(put(district.AttendanceRate, october, 94.1, 9000))

	// The meeting of 10 November, with every school's ELA beside the briefing.
	briefing := deck.Briefing()
	briefing.Slides = append(briefing.Slides, district.Slide{Kind: district.ChartSlide, Panel: "instruction.ela_by_school", Period: last12})
	at := func(clock time.Time) (*panel.Board, deck.Options) {
		b := board(t, c)
		b.Now = func() time.Time { return clock }
		return b, deck.Options{Now: clock, Meeting: clock, Memory: c, StaleAfter: 7 * 24 * time.Hour, Lines: deck.PacketLines}
	}
	b, o := at(nov10)
	m, err := deck.KeepPresented(ctx, c, b, briefing, o)
	if err != nil {
		t.Fatal(err)
	}
	if kept, err := c.Meeting(ctx, nov10); err != nil || len(kept.Slides) != len(m.Slides) || kept.How != district.Presented {
		t.Fatalf("the record kept: %+v, %v", kept.How, err)
	}
	if len(m.Slides) != len(briefing.Slides) || m.Threshold != 10 || !m.Day.Equal(district.Day(nov10)) {
		t.Fatalf("record of %d slides, threshold %d, day %s", len(m.Slides), m.Threshold, m.Day)
	}
	// The attendance slide's figures are the points its chart drew.
	for i, s := range briefing.Slides {
		if s.Panel != "instruction.attendance" && s.Panel != "instruction.ela_by_school" {
			continue
		}
		v, err := deck.Render(ctx, b, briefing, i, o)
		if err != nil {
			t.Fatal(err)
		}
		got := m.Slides[i].Figures
		if s.Panel == "instruction.attendance" {
			points := v.Result.Chart.Series[0].Points
			if len(got) < len(points) {
				t.Fatalf("%d figures for %d points", len(got), len(points))
			}
			for j, p := range points {
				if f := got[j]; !f.Month.Equal(p.T) || f.Hidden != p.Gap || !p.Gap && f.Value != p.Y {
					t.Fatalf("figure %d %+v, drawn %+v", j, f, p)
				}
			}
			continue
		}
		hidden := 0
		for _, f := range got {
			if f.Hidden {
				hidden++
				if f.Value != 0 || f.N != 0 || f.Text != district.SuppressedMark && f.Text != district.ComplementaryMark {
					t.Fatalf("a hidden figure was recorded with what it hides: %+v", f)
				}
			}
		}
		if hidden == 0 || hidden != v.Result.Suppressed {
			t.Fatalf("%d hidden figures recorded, the chart hid %d", hidden, v.Result.Suppressed)
		}
	}

	// An action between the two meetings.
	if _, err := c.AddAction(ctx, district.Action{Text: "Find out why devices break", Owner: "CTO", Due: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC),
		Status: district.ActionOpen, About: district.About{Kind: district.OnMeasure, ID: district.DevicesBroken, Name: "Broken or in repair"},
		Created: nov10.Add(2 * time.Hour), Then: district.Figure{Metric: district.DevicesBroken, Month: october, Value: 2.5, Text: "2.5%", Label: "Broken or in repair"}}); err != nil {
		t.Fatal(err)
	}

	// The weeks between: October revised, November in and off target, a
	// contract's renewal brought within 90 days.
	change(put(district.AttendanceRate, october, 93.7, 9000))
	change(put(district.DevicesBroken, november, 6, 9000))
	change(put(district.AttendanceRate, november, 94.0, 9000))
	p := d.Products()[0]
	p.RenewalDate = time.Date(2027, time.March, 1, 0, 0, 0, 0, time.UTC)
	change(func(w *cache.Writer) error { return w.PutProduct(p) })

	b, o = at(dec8)
	since, err := deck.Render(ctx, b, briefing, 0, o)
	if err != nil {
		t.Fatal(err)
	}
	if since.Headline != "What changed since 10 November" || !strings.HasPrefix(since.Takeaway, "Since 10 November: 1 measure crossed its target") {
		t.Fatalf("headline %q, takeaway %q", since.Headline, since.Takeaway)
	}
	text := cardsText(since)
	for _, want := range []string{
		"Broken or in repair | 6.0% | Missed its target | November 2026: 6.0%, missing its target of 3.0% or less; 2.5% in October 2026",
		"Attendance rate | 93.7% | Revised | October 2026: 93.7%, shown as 94.1% on 10 November",
		p.Name + " | in 83 days | Renewal coming | renews on 1 March 2027",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("what changed does not say %q:\n%s", want, text)
		}
	}
	actions, err := deck.Render(ctx, b, briefing, 1, o)
	if err != nil {
		t.Fatal(err)
	}
	if text := cardsText(actions); !strings.Contains(text, "Find out why devices break | Overdue | Overdue by 8 days | CTO, due 30 November: broken or in repair 2.5% in October 2026 to 6.0% in November 2026") {
		t.Errorf("the actions slide says:\n%s", text)
	}

	// The Overview's report is the slide's.
	rep, err := deck.WhatChanged(ctx, b, briefing, o)
	if err != nil || len(rep.Items) != len(since.Tiles) || rep.Items[0].Subject != since.Tiles[0].Title {
		t.Fatalf("report %+v, %v", rep, err)
	}
}

func cardsText(v deck.View) string {
	var b strings.Builder
	for _, t := range v.Tiles {
		b.WriteString(t.Title + " | " + t.Value + " | " + t.StatusText() + " | " + t.Trend + "\n")
	}
	return b.String()
}

// TestEightLinesOnTheSlideSixteenInThePacket revises every measure's figure
// the last meeting showed: the slide shows seven and sums up the rest, in
// the board packet; the packet's page shows fifteen and sums up the rest.
func TestEightLinesOnTheSlideSixteenInThePacket(t *testing.T) {
	october := time.Date(2026, time.October, 1, 0, 0, 0, 0, time.UTC)
	nov10 := time.Date(2026, time.November, 10, 9, 0, 0, 0, time.UTC)
	c := newCache(t)
	if err := c.Write(ctx, cache.DemoSource, cache.Replace, func(w *cache.Writer) error { return demo.New(demo.Default(october)).Put(w) }); err != nil {
		t.Fatal(err)
	}
	var figures []district.Figure
	for _, m := range district.Catalogue() {
		figures = append(figures, district.Figure{Metric: m.ID, Month: october, Label: m.Name, Value: 1e6, Text: m.Format(1e6)})
	}
	if err := c.SaveMeeting(ctx, district.Meeting{Day: district.Day(nov10), Deck: "Board", Recorded: nov10, How: district.Packet, Threshold: 10,
		Slides: []district.MeetingSlide{{Kind: district.ChartSlide, Headline: "Everything", Figures: figures}}}); err != nil {
		t.Fatal(err)
	}
	b := board(t, c)
	d := oneSlide(district.Slide{Kind: district.SinceSlide, Period: last12})
	rep, err := deck.WhatChanged(ctx, b, d, deck.Options{Now: now, Memory: c})
	if err != nil || len(rep.Items) <= deck.PacketLines {
		t.Fatalf("%d changes, %v: too few to fill the packet's page", len(rep.Items), err)
	}
	for _, tt := range []struct {
		lines int
		want  int
		last  string
	}{{0, deck.SlideLines, "In the board packet"}, {deck.PacketLines, deck.PacketLines, "More"}} {
		v, err := deck.Render(ctx, b, d, 0, deck.Options{Now: now, Memory: c, Lines: tt.lines})
		if err != nil {
			t.Fatal(err)
		}
		last := v.Tiles[len(v.Tiles)-1]
		if len(v.Tiles) != tt.want || last.Label != tt.last || last.Title != fmt.Sprintf("And %d more", len(rep.Items)-tt.want+1) {
			t.Fatalf("with %d lines: %d cards, the last %q (%s)", tt.lines, len(v.Tiles), last.Title, last.Label)
		}
	}
}
