package export_test

import (
	"bytes"
	"encoding/csv"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
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
