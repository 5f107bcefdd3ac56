package charts

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/charts/pdf"
	"github.com/cabinetapp/cabinet/charts/typeset"
	"github.com/cabinetapp/cabinet/internal/pdfcheck"
)

// TestEveryKindEveryBackend draws each kind of chart from one spec on
// every surface: the raster image against its golden, and the SVG document
// and the PDF page read back (the SVG's text elements; the PDF through
// pdftotext) for every text the chart drew: each label, tick and legend
// entry. It also checks the texts hold the spec's own names, so a chart
// that lost its legend fails here too.
func TestEveryKindEveryBackend(t *testing.T) {
	o := Options{Width: 640, Height: 360, Theme: Light}
	samples := kindSamples()
	names := slices.Sorted(func(yield func(string) bool) {
		for n := range samples {
			if !yield(n) {
				return
			}
		}
	})
	doc := pdf.New(pdf.Info{Title: "Every chart", Lang: "en-US", Created: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}, typeset.Default(), 72/25.4, 279.4, 215.9)
	var drawn [][]string
	for _, name := range names {
		ch := samples[name]
		var want []string
		for _, tx := range texts(t, ch, o) {
			want = append(want, tx.body)
		}
		if len(want) == 0 {
			t.Fatalf("%s: the chart drew no text", name)
		}
		for _, s := range ch.Series {
			if s.Name != "" && len(ch.Series) > 1 && !slices.Contains(want, s.Name) {
				t.Errorf("%s: no legend entry for the series %q in %q", name, s.Name, want)
			}
		}
		drawn = append(drawn, want)

		t.Run(name+"/raster", func(t *testing.T) {
			golden(t, "kind-"+name, mustRender(t, ch, o))
		})
		t.Run(name+"/svg", func(t *testing.T) {
			b, err := RenderSVG(ch, o)
			if err != nil {
				t.Fatal(err)
			}
			all := strings.Join(svgBodies(t, b), "")
			for _, w := range want {
				if !strings.Contains(all, w) {
					t.Errorf("the SVG has no text %q", w)
				}
			}
		})
		if err := DrawPDF(doc.AddPage(), doc.Root(), ch, name, 14, 20, 250, 140, o); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "charts.pdf")
	if dir := os.Getenv("PDF_LOOK"); dir != "" {
		path = filepath.Join(dir, "charts.pdf")
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Write(f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	pdfcheck.QPDF(t, path)
	read := pdfcheck.PDFJS(t, path)
	for i, name := range names {
		tree := read.Structure[i]
		if tree == nil {
			t.Fatalf("%s/pdf: the page has no structure", name)
		}
		figures := 0
		tree.Walk(func(n pdfcheck.Node) {
			if n.Role == "Figure" {
				figures++
				if len(n.Alt) < 20 {
					t.Errorf("%s/pdf: the figure's alternative text is %q", name, n.Alt)
				}
			}
		})
		rows := 0
		for _, cat := range samples[name].Categories {
			if slices.Contains(drawn[i], cat) {
				rows++
			}
		}
		if figures != 1 {
			t.Errorf("%s/pdf: %d figures, want 1", name, figures)
		}
		if samples[name].Kind == HBars && (tree.Count("TR") != rows || tree.Count("TH") != rows || tree.Count("TD") < rows-1) {
			t.Errorf("%s/pdf: a ranking of %d rows drawn is tagged as %d TR, %d TH, %d TD", name, rows, tree.Count("TR"), tree.Count("TH"), tree.Count("TD"))
		}
	}
	pages := strings.Split(pdfcheck.Text(t, path), "\f")
	for i, name := range names {
		// pdftotext joins a page's words with single spaces and new lines.
		text := strings.Join(strings.Fields(pages[i]), " ")
		for _, w := range drawn[i] {
			if !strings.Contains(text, strings.Join(strings.Fields(w), " ")) {
				t.Errorf("%s/pdf: no text %q on the page:\n%s", name, w, text)
			}
		}
	}
}
