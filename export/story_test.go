package export_test

import (
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/cabinetapp/cabinet/deck"
	"github.com/cabinetapp/cabinet/export"
	"github.com/cabinetapp/cabinet/panel"
)

// words joins text as a sentence reads it: line breaks and runs of
// spaces become one space.
func words(s string) string { return strings.Join(strings.Fields(s), " ") }

// slidePage is the text of the packet's page that carries a slide's
// headline, found by the headline: pages of figures that follow some
// slides move the rest along.
func slidePage(t *testing.T, pdf, headline string) string {
	t.Helper()
	for page := 2; ; page++ {
		out, err := exec.Command("pdftotext", "-f", strconv.Itoa(page), "-l", strconv.Itoa(page), pdf, "-").CombinedOutput()
		if err != nil {
			t.Fatalf("no page of the packet has the slide %q", headline)
		}
		if text := words(string(out)); strings.Contains(text, headline) {
			return text
		}
	}
}

// TestThreeFiguresReadTheSame: the help-desk backlog, attendance and the
// spending forecast read the same on the Overview's tile, on their
// slide's takeaway, in the packet's text (as pdftotext reads it) and in
// the CSV files (the tiles slide's rows and the index's takeaways): the
// same value, and the same comparison naming the same month.
func TestThreeFiguresReadTheSame(t *testing.T) {
	needTools(t, "pdftotext")
	b := demoBoard(t)
	d := deck.Briefing()
	slideOf := map[string]int{}
	for i, s := range d.Slides {
		slideOf[s.Panel] = i
	}
	tilesView, err := deck.Render(ctx, b, d, 0, opts.Options)
	if err != nil {
		t.Fatal(err)
	}
	tile := func(id string) panel.Tile {
		for _, tl := range tilesView.Tiles {
			if tl.Panel == id {
				return tl
			}
		}
		t.Fatalf("no tile opens %s", id)
		return panel.Tile{}
	}
	pdf := writePDF(t, b, d, opts)
	dir := filepath.Join(t.TempDir(), "csv")
	if _, err := export.Files(ctx, dir, export.FormatCSV, b, d, opts); err != nil {
		t.Fatal(err)
	}
	index := readCSV(t, filepath.Join(dir, export.IndexFile))
	tilesCSV := readCSV(t, filepath.Join(dir, index[1][1]))
	tileRow := func(title string) string {
		for _, r := range tilesCSV[1:] {
			if r[0] == title {
				return strings.Join(r, " · ")
			}
		}
		t.Fatalf("the tiles CSV has no row for %s", title)
		return ""
	}
	// yearEnd finds the year-end figure in a sentence about spending.
	yearEnd := regexp.MustCompile(`(?:forecast|the year ends at \$[\d.]+[KM],) (\d+% (?:over|under)|in line with)`)

	for _, id := range []string{"tech.tickets", "instruction.attendance", "spending.to_date"} {
		t.Run(id, func(t *testing.T) {
			tl := tile(id)
			i := slideOf[id]
			v, err := deck.Render(ctx, b, d, i, opts.Options)
			if err != nil {
				t.Fatal(err)
			}
			places := map[string]string{
				"tile":             tl.Value + " · " + tl.Month() + " · " + tl.Trend + " · " + tl.StatusText(),
				"slide":            v.Takeaway,
				"packet tile page": words(pageText(t, pdf, 2)),
				"packet slide":     slidePage(t, pdf, v.Headline),
				"tiles CSV":        tileRow(tl.Title),
				"index CSV":        index[i+1][3],
			}
			var said []string
			if id == "spending.to_date" {
				m := yearEnd.FindStringSubmatch(tl.StatusDetail)
				if m == nil {
					t.Fatalf("the tile gives no year-end figure: %q", tl.StatusText())
				}
				said = []string{"forecast", m[1], tl.Value}
			} else {
				change, _, _ := strings.Cut(tl.Trend, ", ")
				said = []string{strings.Fields(tl.Value)[0], change}
			}
			for where, text := range places {
				for _, s := range said {
					if !strings.Contains(text, s) {
						t.Errorf("%s: the tile says %q; the %s does not:\n%s", id, s, where, text)
					}
				}
				if id == "spending.to_date" {
					if m := yearEnd.FindStringSubmatch(text); m == nil || m[1] != said[1] {
						t.Errorf("%s: the year ends %q on the tile and %v in the %s", id, said[1], m, where)
					}
				}
			}
			t.Logf("%s: %q", id, said)
			for _, where := range []string{"tile", "slide", "tiles CSV", "index CSV"} {
				t.Logf("  %s: %s", where, places[where])
			}
			for _, where := range []string{"packet tile page", "packet slide"} {
				text := places[where]
				at := strings.Index(text, said[1])
				t.Logf("  %s: …%s…", where, text[max(0, at-90):min(len(text), at+len(said[1])+40)])
			}
		})
	}
}
