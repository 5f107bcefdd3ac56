package export_test

import (
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/cabinetapp/cabinet/deck"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/export"
	"github.com/cabinetapp/cabinet/panel"
)

var last12 = district.Period{Kind: district.Last12Months}

// needTools skips a test when poppler's command-line tools are missing.
func needTools(t *testing.T, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (Debian: apt-get install poppler-utils); skipping the check of the rendered PDF", tool)
		}
	}
}

// writePDF writes deck d's packet to a file and returns its path.
func writePDF(t *testing.T, b *panel.Board, d district.Deck, o export.Options) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "packet.pdf")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := export.PDF(ctx, f, b, d, o); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func pageCount(t *testing.T, path string) int {
	t.Helper()
	out, err := exec.Command("pdfinfo", path).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfinfo: %v\n%s", err, out)
	}
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)$`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("pdfinfo gives no page count:\n%s", out)
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

// pageText is the text of one page, as pdftotext reads it.
func pageText(t *testing.T, path string, page int) string {
	t.Helper()
	out, err := exec.Command("pdftotext", "-f", strconv.Itoa(page), "-l", strconv.Itoa(page), path, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return string(out)
}

// inked is the share of an image's pixels that are not near white.
func inked(img image.Image) float64 {
	b := img.Bounds()
	n := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r < 0xE000 || g < 0xE000 || bl < 0xE000 {
				n++
			}
		}
	}
	return float64(n) / float64(b.Dx()*b.Dy())
}

// checkPagesRender renders every page with pdftoppm and checks none is blank.
func checkPagesRender(t *testing.T, path string, pages int) {
	t.Helper()
	dir := t.TempDir()
	if out, err := exec.Command("pdftoppm", "-r", "30", "-png", path, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "page-*.png"))
	if len(files) != pages {
		t.Fatalf("pdftoppm drew %d pages, want %d", len(files), pages)
	}
	for _, f := range files {
		img := decodePNG(t, f)
		// A page with only its header and footer inks well under 1%.
		if share := inked(img); share < 0.015 {
			t.Errorf("%s is nearly blank: %.1f%% inked", filepath.Base(f), 100*share)
		}
	}
}

func decodePNG(t *testing.T, path string) image.Image {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return img
}

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

// readCSV reads a CSV file whole.
func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}

// TestCSVMatchesTheCache exports a time series and a ranking as CSV and
// compares them with the cache's own values: every shown value as stored,
// every suppressed one as the mark with no n, and no suppressed value
// anywhere in any file.
func TestCSVMatchesTheCache(t *testing.T) {
	b := demoBoard(t)
	c := b.Data()
	d := district.Deck{Name: "Data", Slides: []district.Slide{
		{Kind: district.ChartSlide, Panel: "tech.tickets", Period: last12},
		{Kind: district.ChartSlide, Panel: "instruction.ela_by_school", Period: last12},
		{Kind: district.TilesSlide, Tiles: district.Instruction, Period: last12},
	}}
	dir := t.TempDir()
	written, err := export.Files(ctx, dir, export.FormatCSV, b, d, opts)
	if err != nil {
		t.Fatal(err)
	}
	files := written.Paths
	want := []string{"01-open-help-desk-tickets.csv", "02-ela-proficiency-by-school.csv", "03-instructional-impact-at-a-glance.csv", export.IndexFile}
	for i := range want {
		want[i] = filepath.Join(dir, want[i])
	}
	if !slices.Equal(files, want) {
		t.Fatalf("files %q, want %q", files, want)
	}

	t.Run("time series", func(t *testing.T) {
		obs, _, err := c.Series(ctx, district.TicketsOpen, district.WholeDistrict, b.Range(panel.Filter{Period: last12}))
		if err != nil {
			t.Fatal(err)
		}
		rows := readCSV(t, files[0])
		if !slices.Equal(rows[0], []string{"Month", "Open help-desk tickets (tickets), whole district", "Number counted"}) || len(rows) != len(obs)+1 {
			t.Fatalf("header %q and %d rows for %d months", rows[0], len(rows)-1, len(obs))
		}
		for i, o := range obs {
			if got := rows[i+1]; strings.TrimSuffix(got[0], " so far") != o.Period.Format("2006-01") || got[1] != strconv.FormatFloat(o.Value, 'f', -1, 64) {
				t.Errorf("row %q, cache has %s = %v", got, o.Period.Format("2006-01"), o.Value)
			}
		}
	})

	t.Run("ranking with suppression", func(t *testing.T) {
		m, _ := c.Metric(ctx, district.ELAProficiency)
		obs, _, err := c.Schoolwide(ctx, district.ELAProficiency, b.Range(panel.Filter{Period: last12}).To)
		if err != nil {
			t.Fatal(err)
		}
		rows := readCSV(t, files[1])
		bySchool := map[string][]string{}
		for _, r := range rows[1:] {
			bySchool[r[0]] = r
		}
		var secrets []string
		complementary := 0
		for _, o := range obs {
			got, ok := bySchool[b.School(o.School)]
			if !ok {
				t.Fatalf("no row for %s", b.School(o.School))
			}
			if b.Suppression.Suppressed(m, o.N) {
				secrets = append(secrets, strconv.FormatFloat(o.Value, 'f', -1, 64))
				if got[1] != district.SuppressedMark || got[2] != "" {
					t.Errorf("suppressed %s exported as %q", b.School(o.School), got)
				}
				continue
			}
			if got[1] == district.ComplementaryMark && got[2] == "" {
				// Hidden beside the small school so that it cannot be worked out.
				complementary++
				secrets = append(secrets, strconv.FormatFloat(o.Value, 'f', -1, 64))
				continue
			}
			if got[1] != strconv.FormatFloat(o.Value, 'f', -1, 64) || got[2] != strconv.Itoa(o.N) {
				t.Errorf("%s exported as %q, cache has %v (n %d)", b.School(o.School), got, o.Value, o.N)
			}
		}
		if len(secrets) == 0 || complementary != 1 {
			t.Fatalf("the demo has %d hidden values, %d of them beside another; want one of each", len(secrets), complementary)
		}
		for _, f := range files {
			for _, r := range readCSV(t, f) {
				for _, cell := range r {
					if slices.Contains(secrets, cell) {
						t.Errorf("%s holds the suppressed value %s", filepath.Base(f), cell)
					}
				}
			}
		}
	})

	t.Run("tiles and index", func(t *testing.T) {
		tiles := readCSV(t, files[2])
		if len(tiles) != 5 || tiles[1][0] != "Attendance rate" || !strings.HasSuffix(tiles[1][1], "%") {
			t.Errorf("tiles CSV %q", tiles)
		}
		index := readCSV(t, files[3])
		if len(index) != 4 || index[2][1] != "02-ela-proficiency-by-school.csv" || index[2][8] != "1 value hidden (*): fewer than 10 students; 1 value hidden (**) so that another school cannot be worked out" ||
			index[1][4] != "Riverside Unified School District (Demo district)" || index[1][6] != "Data as of Nov 2026" ||
			!strings.HasPrefix(index[1][9], "Values resting on fewer than 10 students are hidden") {
			t.Errorf("index %q", index)
		}
	})
}

// TestImages exports a chart slide and a tiles slide as PNG and SVG: the
// chart becomes a full-size, inked image and a well-formed SVG that says
// its headline and provenance; the tiles slide has no image.
// TestImages writes a slide of every kind as an image: the Overview's
// tiles too (the briefing's first slide had none), every tile's figure
// and words on it.
func TestImages(t *testing.T) {
	b := demoBoard(t)
	d := district.Deck{Name: "Pictures", Slides: []district.Slide{
		{Kind: district.TilesSlide, Period: last12},
		{Kind: district.ChartSlide, Panel: "tech.tickets", Period: last12, Headline: "Help desk & backlog"},
	}}
	t.Run("png", func(t *testing.T) {
		written, err := export.Files(ctx, t.TempDir(), export.FormatPNG, b, d, opts)
		if err != nil {
			t.Fatal(err)
		}
		files := written.Paths
		if len(files) != 3 || filepath.Base(files[0]) != "01-at-a-glance.png" || filepath.Base(files[1]) != "02-help-desk-backlog.png" {
			t.Fatalf("files %q", files)
		}
		for _, f := range files[:2] {
			img := decodePNG(t, f)
			if img.Bounds().Dx() != 1920 || img.Bounds().Dy() != 1080 || inked(img) < 0.02 {
				t.Fatalf("%s: image %v, %.1f%% inked", f, img.Bounds(), 100*inked(img))
			}
		}
	})
	t.Run("svg", func(t *testing.T) {
		written, err := export.Files(ctx, t.TempDir(), export.FormatSVG, b, d, opts)
		if err != nil {
			t.Fatal(err)
		}
		files := written.Paths
		if len(files) != 3 {
			t.Fatalf("files %q", files)
		}
		tiles := svgText(t, files[0])
		v, err := deck.Render(ctx, b, d, 0, opts.Options)
		if err != nil {
			t.Fatal(err)
		}
		for _, tile := range v.Tiles {
			for _, want := range []string{tile.Title, tile.Value, tile.Month()} {
				if !strings.Contains(tiles, want) {
					t.Errorf("the tiles slide's SVG does not say %q", want)
				}
			}
		}
		all := svgText(t, files[1])
		for _, want := range []string{"Help desk & backlog", "Open help-desk tickets stood at", "(Demo district)", "Data as of Nov 2026", "Nov 2026"} {
			if !strings.Contains(all, want) {
				t.Errorf("the SVG's text does not say %q", want)
			}
		}
	})
}

// svgText is the text of an SVG file's text elements, a line each,
// failing the test if the file is not well-formed.
func svgText(t *testing.T, path string) string {
	t.Helper()
	body, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	dec := xml.NewDecoder(bytes.NewReader(body))
	inText := false
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("the SVG is not well-formed: %v", err)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			inText = tk.Name.Local == "text"
		case xml.CharData:
			if inText {
				texts = append(texts, string(tk))
			}
		}
	}
	return strings.Join(texts, "\n")
}

func TestFilesRefuses(t *testing.T) {
	b := demoBoard(t)
	if _, err := export.Files(ctx, t.TempDir(), export.FormatPDF, b, deck.Briefing(), opts); err == nil {
		t.Error("Files wrote a PDF")
	}
	if _, err := export.Files(ctx, t.TempDir(), export.FormatCSV, b, district.Deck{Name: "Empty"}, opts); err == nil {
		t.Error("Files exported an empty deck")
	}
}

func TestParseFormat(t *testing.T) {
	tests := []struct {
		in   string
		want export.Format
		ok   bool
	}{
		{"pdf", export.FormatPDF, true},
		{" PNG ", export.FormatPNG, true},
		{"svg", export.FormatSVG, true},
		{"Csv", export.FormatCSV, true},
		{"xlsx", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, err := export.ParseFormat(tt.in)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("ParseFormat(%q) = %q, %v", tt.in, got, err)
		}
	}
}

// TestExportOverALongerDeck exports a three-slide deck into a folder, then
// a one-slide deck into the same folder: the first slide's file is
// replaced, the other two go (they would pass for the new deck's), a file
// the person put there stays, and the Written says all of it.
func TestExportOverALongerDeck(t *testing.T) {
	b := demoBoard(t)
	dir := t.TempDir()
	long := district.Deck{Name: "Long", Slides: []district.Slide{
		{Kind: district.ChartSlide, Panel: "tech.tickets", Period: last12},
		{Kind: district.ChartSlide, Panel: "instruction.ela_by_school", Period: last12},
		{Kind: district.TilesSlide, Tiles: district.Instruction, Period: last12},
	}}
	first, err := export.Files(ctx, dir, export.FormatCSV, b, long, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Replaced) != 0 || len(first.Removed) != 0 {
		t.Fatalf("an export into an empty folder replaced %q and removed %q", first.Replaced, first.Removed)
	}
	mine := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(mine, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	short := district.Deck{Name: "Short", Slides: long.Slides[:1]}
	second, err := export.Files(ctx, dir, export.FormatCSV, b, short, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(second.Replaced, second.Paths) || !slices.Equal(second.Removed, first.Paths[1:3]) {
		t.Fatalf("replaced %q (want %q), removed %q (want %q)", second.Replaced, second.Paths, second.Removed, first.Paths[1:3])
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if want := []string{"01-open-help-desk-tickets.csv", export.IndexFile, "notes.txt"}; !slices.Equal(names, want) {
		t.Fatalf("the folder holds %q, want %q", names, want)
	}
}
