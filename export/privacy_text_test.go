package export_test

import (
	"bytes"
	"fmt"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/export"
	"github.com/cabinetapp/cabinet/panel"
)

// The reader reads the packet's PDF and the slides' SVG as text too: a
// figure hidden in a slide's CSV must not be printed in its chart, its
// headline or its takeaway. It reads each line of text (a row of the
// chart: a school and its bar's value; a sentence) that names the school
// or product of a hidden figure, and looks for the figure's true value
// written as Cabinet writes it.

// readText exports the slides about students at a threshold as CSV, SVG
// and a PDF packet, and reports every hidden figure whose value the SVG,
// the PDF or the CSV index's headline and takeaway print beside its name.
func readText(t *testing.T, a attacked, threshold int) []finding {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatal("pdftotext (poppler-utils) is needed to read the packet's text: scripts/deps.sh installs it")
	}
	b := boardAt(t, a.c, district.Suppression{Threshold: threshold})
	products, err := b.Products(ctx, panel.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var ps []district.Product
	for _, p := range products.Rows {
		ps = append(ps, p.Product)
	}
	ss := slides(b, ps, false)
	r := read(t, b, ss, opts)
	var out []finding
	for start := 0; start < len(ss); start += district.MaxSlides {
		deck := district.Deck{Name: "Everything", Slides: ss[start:min(start+district.MaxSlides, len(ss))]}
		dir := filepath.Join(t.TempDir(), "svg")
		if _, err := export.Files(ctx, dir, export.FormatSVG, b, deck, opts); err != nil {
			t.Fatal(err)
		}
		index := readCSV(t, filepath.Join(dir, export.IndexFile))
		var pdf bytes.Buffer
		if err := export.PDF(ctx, &pdf, b, deck, opts); err != nil {
			t.Fatal(err)
		}
		pages := pdfPages(t, pdf.Bytes())
		for i := range deck.Slides {
			slide := start + i
			// The index's headline and takeaway; the cover is page 1.
			out = append(out, r.printedIn(a, slide, fmt.Sprintf("CSV index at %d", threshold), index[i+1][2:4])...)
			if i+1 < len(pages) {
				out = append(out, r.printedIn(a, slide, fmt.Sprintf("PDF at %d", threshold), strings.Split(pages[i+1], "\n"))...)
			}
			if name := index[i+1][1]; name != "" {
				body, err := os.ReadFile(filepath.Join(dir, name))
				if err != nil {
					t.Fatal(err)
				}
				out = append(out, r.printedIn(a, slide, fmt.Sprintf("SVG at %d", threshold), svgRows(body))...)
			}
		}
	}
	t.Logf("threshold %d: values the CSV files show found again beside their names: %v", threshold, r.located)
	for _, format := range []string{"SVG", "PDF"} {
		// Every ranking draws a dozen rows; every chart of a school's use, a
		// row a product.
		if r.located[format] < 150 {
			t.Errorf("threshold %d: the reader found only %d shown values in the %s text: it does not read it", threshold, r.located[format], format)
		}
	}
	return out
}

// pdfPages is the packet's text, page by page, laid out as on paper so
// that a chart's row keeps its label and its value on one line.
func pdfPages(t *testing.T, pdf []byte) []string {
	t.Helper()
	cmd := exec.Command("pdftotext", "-layout", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	text, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Split(string(text), "\f")
}

var svgTextElement = regexp.MustCompile(`<text[^>]*\bx="([0-9.]+)"[^>]*\by="([0-9.]+)"[^>]*>([^<]*)</text>`)

// svgRows reads an SVG's text as rows: texts drawn at the same height, in
// order from left to right.
func svgRows(svg []byte) []string {
	type piece struct {
		x    float64
		text string
	}
	rows := map[string][]piece{}
	for _, m := range svgTextElement.FindAllSubmatch(svg, -1) {
		x, _ := strconv.ParseFloat(string(m[1]), 64)
		rows[string(m[2])] = append(rows[string(m[2])], piece{x, html.UnescapeString(string(m[3]))})
	}
	var out []string
	for _, ps := range rows {
		sort.Slice(ps, func(i, j int) bool { return ps[i].x < ps[j].x })
		var words []string
		for _, p := range ps {
			words = append(words, p.text)
		}
		out = append(out, strings.Join(words, "  "))
	}
	return out
}

var numberToken = regexp.MustCompile(`\d[\d,]*(\.\d+)?%?`)

// printedIn reports the hidden figures of a slide whose true value a line
// of its text prints beside the name of their school or product. A value
// the slide also shows for another figure proves nothing and is passed.
func (r *reader) printedIn(a attacked, slide int, where string, lines []string) []finding {
	var out []finding
	// A reader that cannot read the text would find nothing: the values the
	// CSV shows are looked for the same way, and counted when found.
	for _, c := range r.shown[slide] {
		if printedBeside(lines, c[0], c[1]) != "" {
			r.located[strings.Fields(where)[0]]++
		}
	}
	for _, h := range r.hidden[slide] {
		want := h.format(a.truth[h.key].v)
		if r.shownText[slide][want] || h.row == "" {
			continue
		}
		if line := printedBeside(lines, h.row, want); line != "" {
			out = append(out, finding{"printed in " + strings.Fields(where)[0], fmt.Sprintf("%s: %s hidden in the CSV, printed as %s in %q", where, h.key, want, line)})
		}
	}
	return out
}

// printedBeside returns the first line that names row and prints value as
// a number of its own, or "".
func printedBeside(lines []string, row, value string) string {
	value = strings.ReplaceAll(value, ",", "")
	for _, line := range lines {
		if strings.Contains(line, row) && slices.Contains(numberToken.FindAllString(strings.ReplaceAll(line, ",", ""), -1), value) {
			return strings.TrimSpace(line)
		}
	}
	return ""
}
