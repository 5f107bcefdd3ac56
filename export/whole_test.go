package export_test

import (
	"fmt"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/deck"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/panel"
)

// meetingDeck is the briefing and the slides a meeting adds to it: a
// school's tiles, a ranking with the school chosen, and a slide whose
// headline, takeaway and notes run as long as a person may type them, on
// a chart with a pinned note.
func meetingDeck(t *testing.T, c *cache.Cache) (*panel.Board, district.Deck) {
	t.Helper()
	if _, err := c.AddAnnotation(ctx, district.Annotation{Panel: "tech.tickets", Date: time.Date(2026, time.March, 2, 0, 0, 0, 0, time.UTC),
		Text: "New help-desk system went live after the spring break"}); err != nil {
		t.Fatal(err)
	}
	b := boardOf(t, c)
	d := deck.Briefing()
	d.Slides = append(d.Slides,
		district.Slide{Kind: district.TilesSlide, Tiles: district.Security, School: b.Schools[2].ID, Period: district.Period{Kind: district.Last12Months}},
		district.Slide{Kind: district.ChartSlide, Panel: "instruction.ela_by_school", School: b.Schools[2].ID, Period: district.Period{Kind: district.Last12Months},
			Notes: "Talk through the three lowest schools and what their principals have asked for."},
		district.Slide{Kind: district.ChartSlide, Panel: "spending.by_category", Period: district.Period{Kind: district.Last12Months}},
		district.Slide{Kind: district.ChartSlide, Panel: "tech.tickets", Period: district.Period{Kind: district.AllHistory},
			Headline: "A headline as long as a person may type it, to see that it wraps onto a second line",
			Takeaway: "A takeaway as long as a person may type, which runs to the limit of two hundred and forty characters so that the page must wrap it over two or three lines without it running into the scope line or the chart beneath it at all.",
			Notes:    strings.Repeat("Speaker notes that go on for a while, as some presenters' do. ", 30)})
	return b, d
}

// rawText is the text of one page in the order it was written, as
// pdftotext -raw reads it, with runs of white space made one space.
func rawText(t *testing.T, path string, page int) string {
	t.Helper()
	out, err := exec.Command("pdftotext", "-raw", "-f", strconv.Itoa(page), "-l", strconv.Itoa(page), path, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

// summaryRow is the one place an ellipsis belongs: it begins the row that
// sums up the rows a list has no room for.
var summaryRow = regexp.MustCompile(`… and \d+ more`)

// printed is what a slide's page must print whole: its words, its tiles'
// words or its chart's names, and what its footer says.
func printed(v deck.View, notes bool) []string {
	out := []string{v.Headline, v.Takeaway, v.Scope, "Shows " + v.Footer.Filters, v.Footer.AsOf, "Source: " + v.Footer.Source, v.Footer.Footnote()}
	if len(v.Notes) > 0 {
		out = append(out, strings.Join(v.Notes, " · "))
	}
	if notes && v.Slide.Notes != "" {
		out = append(out, v.Slide.Notes)
	}
	for _, tl := range v.Tiles {
		out = append(out, tl.Title, tl.Value, tl.Trend, tl.StatusText())
	}
	ch := v.Result.Chart
	out = append(out, ch.Categories...)
	if len(ch.Series) > 1 {
		for _, s := range ch.Series {
			out = append(out, s.Name)
		}
	}
	if ch.Target != nil {
		out = append(out, ch.Target.Label)
	}
	for _, a := range ch.Annotations {
		out = append(out, a.Text)
	}
	return out
}

// TestPacketPrintsEveryWordWhole makes the briefing's packet, with and
// without speaker notes and with the slides a meeting adds, and reads its
// text back: no ellipsis (save the one that begins a summary row), and
// every headline, takeaway, tile line, chart name, legend entry, note and
// footer printed whole, broken only between words.
func TestPacketPrintsEveryWordWhole(t *testing.T) {
	needTools(t, "pdftotext", "pdfinfo")
	b, d := meetingDeck(t, demoCache(t))
	for _, notes := range []bool{false, true} {
		t.Run(fmt.Sprintf("notes %v", notes), func(t *testing.T) {
			o := opts
			o.Notes = notes
			path := writePDF(t, b, d, o)
			pages := pageCount(t, path)
			for p := 1; p <= pages; p++ {
				text := rawText(t, path, p)
				if rest := summaryRow.ReplaceAllString(text, ""); strings.Contains(rest, "…") {
					i := strings.Index(rest, "…")
					t.Errorf("page %d cuts text short: …%s…", p, rest[max(0, i-60):min(len(rest), i+10)])
				}
			}
			// The slides' pages follow the cover, a plan's page of figures
			// after its slide.
			page := 1
			for i := range d.Slides {
				v, err := deck.Render(ctx, b, d, i, o.Options)
				if err != nil {
					t.Fatal(err)
				}
				page++
				text := rawText(t, path, page)
				for _, want := range printed(v, notes) {
					if want = strings.Join(strings.Fields(want), " "); want != "" && !strings.Contains(text, want) {
						t.Errorf("page %d does not print %q whole:\n%s", page, want, text)
					}
				}
				if v.Plan != nil && !v.Plan.Empty() {
					page++
				}
			}
		})
	}
}
