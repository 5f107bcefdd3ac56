package export_test

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/cabinetapp/cabinet/deck"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/export"
)

// TestPacket makes the briefing's packet and reads it back: the cover,
// a page per slide, the definitions, every page numbered and inked, and
// each slide's page saying what it shows and how fresh it is.
func TestPacket(t *testing.T) {
	needTools(t, "pdfinfo", "pdftoppm", "pdftotext")
	b := demoBoard(t)
	d := deck.Briefing()
	path := writePDF(t, b, d, opts)
	pages := pageCount(t, path)
	// The briefing's measures fill two pages of definitions; the plan's
	// slide is followed by its figures (TestPlanPage reads them).
	const closing, figures = 2, 1
	if want := 1 + len(d.Slides) + figures + closing; pages != want {
		t.Fatalf("%d pages, want %d: a cover, %d slides, the plan's figures and %d of definitions", pages, want, len(d.Slides), closing)
	}
	checkPagesRender(t, path, pages)

	cover := pageText(t, path, 1)
	for _, want := range []string{"BOARD PACKET", "Riverside Unified School District", "Cabinet briefing", "For the meeting of Tuesday 15 December 2026",
		"Data as of November 2026", "DEMO DISTRICT", "Help-desk backlog", "Renewals coming up", fmt.Sprintf("Page 1 of %d", pages)} {
		if !strings.Contains(cover, want) {
			t.Errorf("the cover does not say %q:\n%s", want, cover)
		}
	}
	// The contents end with the definitions, on the page they begin.
	if want := fmt.Sprintf("%d Definitions and sources", pages-closing+1); !strings.Contains(strings.Join(strings.Fields(cover), " "), want) {
		t.Errorf("the contents do not list %q:\n%s", want, cover)
	}
	page := 1
	for i := range d.Slides {
		v, err := deck.Render(ctx, b, d, i, opts.Options)
		if err != nil {
			t.Fatal(err)
		}
		page++
		text := strings.Join(strings.Fields(pageText(t, path, page)), " ")
		for _, want := range []string{v.Headline, "DEMO DISTRICT", "Shows " + v.Scope, v.Footer.AsOf,
			"Source: Demo district, generated " + now.Local().Format("2 Jan 2006"), fmt.Sprintf("Page %d of %d", page, pages), v.Takeaway[:40],
			"Values resting on fewer than 10 students are hidden"} {
			if !strings.Contains(text, want) {
				t.Errorf("page %d does not say %q:\n%s", page, want, text)
			}
		}
		if strings.Contains(text, "SPEAKER NOTES") {
			t.Errorf("page %d prints speaker notes unasked", page)
		}
		if v.Plan != nil {
			page++ // the plan's figures
		}
	}
	defs := pageText(t, path, pages-1) + pageText(t, path, pages)
	for _, want := range []string{"Definitions and sources", "Open help-desk tickets", "Tickets open at month end.", "Values hidden to protect students", "fewer than 10 students"} {
		if !strings.Contains(strings.Join(strings.Fields(defs), " "), want) {
			t.Errorf("the definitions do not say %q", want)
		}
	}
}

// TestPacketNotesAndSuppression prints speaker notes, and checks a page
// whose chart hides a school's value shows the suppression note and never
// the value.
func TestPacketNotesAndSuppression(t *testing.T) {
	needTools(t, "pdfinfo", "pdftotext")
	b := demoBoard(t)
	c := b.Data()
	m, err := c.Metric(ctx, district.ELAProficiency)
	if err != nil {
		t.Fatal(err)
	}
	obs, _, err := c.Schoolwide(ctx, district.ELAProficiency, end.AddDate(0, 1, 0))
	if err != nil {
		t.Fatal(err)
	}
	var hidden []string
	for _, o := range obs {
		if b.Suppression.Suppressed(m, o.N) {
			hidden = append(hidden, strconv.FormatFloat(o.Value, 'f', 1, 64)+"%")
		}
	}
	if len(hidden) == 0 {
		t.Fatal("the demo has no suppressed ELA proficiency to test with")
	}
	d := district.Deck{Name: "Notes", Slides: []district.Slide{
		{Kind: district.ChartSlide, Panel: "instruction.ela_by_school", Period: last12, Notes: "Ask the principals of the three lowest schools what they need."},
		{Kind: district.TilesSlide, Tiles: district.Security, Period: last12, Notes: "MFA rollout 😀 finishes in March."},
	}}
	o := opts
	o.Notes = true
	path := writePDF(t, b, d, o)
	if pages := pageCount(t, path); pages != 4 {
		t.Fatalf("%d pages, want 4", pages)
	}
	chart := strings.Join(strings.Fields(pageText(t, path, 2)), " ")
	for _, want := range []string{"SPEAKER NOTES", "Ask the principals of the three lowest schools what they need.", "1 value hidden (*): fewer than 10 students"} {
		if !strings.Contains(chart, want) {
			t.Errorf("the chart page does not say %q:\n%s", want, chart)
		}
	}
	for _, v := range hidden {
		if strings.Contains(chart, v) {
			t.Errorf("the chart page shows the suppressed value %s", v)
		}
	}
	if tiles := pageText(t, path, 3); !strings.Contains(tiles, "MFA rollout ? finishes in March.") {
		t.Errorf("the tiles page does not print its notes, with the emoji Roboto lacks replaced:\n%s", tiles)
	}
}

// TestPacketSetsAwkwardText fills a slide's words to their limits with text
// fpdf and Roboto handle badly, and checks the page still renders.
func TestPacketSetsAwkwardText(t *testing.T) {
	needTools(t, "pdfinfo", "pdftoppm")
	b := demoBoard(t)
	runes := func(s string, n int) string { return string([]rune(s)[:n]) }
	d := district.Deck{Name: "Awkward 📊 deck", Slides: []district.Slide{{
		Kind: district.ChartSlide, Panel: "tech.tickets", Period: last12,
		Headline: runes(strings.Repeat("Wide headline ", 7), district.MaxHeadline),
		Takeaway: runes(strings.Repeat("Antidisestablishmentarianism", 4)+" "+strings.Repeat("ünïcödé ", 30), district.MaxTakeaway),
		Notes:    runes(strings.Repeat("Line of notes\twith a tab\x07 and a bell.\n", 60), district.MaxNotes),
	}}}
	if err := d.Validate(); err != nil {
		t.Fatal(err)
	}
	o := opts
	o.Notes = true
	path := writePDF(t, b, d, o)
	checkPagesRender(t, path, pageCount(t, path))
}

func TestPacketRefusesAnEmptyDeck(t *testing.T) {
	err := export.PDF(ctx, io.Discard, demoBoard(t), district.Deck{Name: "Empty"}, opts)
	if err == nil || !strings.Contains(err.Error(), "has no slides") {
		t.Fatalf("got %v", err)
	}
}
