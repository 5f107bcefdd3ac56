package pdf_test

import (
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/charts/pdf"
	"github.com/cabinetapp/cabinet/charts/typeset"
	"github.com/cabinetapp/cabinet/internal/pdfcheck"
)

const mm = 72 / 25.4

var (
	black = color.RGBA{A: 0xFF}
	blue  = color.RGBA{B: 0xB2, G: 0x72, A: 0xFF}
)

// sample writes a two-page document with every kind of content and tag.
func sample(t *testing.T) string {
	t.Helper()
	d := pdf.New(pdf.Info{Title: "Sample – tagged", Lang: "en-US", Creator: "test", Created: time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC)}, typeset.Default(), mm, 279.4, 215.9)
	for i := range 2 {
		p := d.AddPage()
		p.Artifact("Pagination", "Header")
		p.Text(14, 15, 9, black, "HEADER")
		p.End()
		h := d.Root().Add("H1")
		p.Tag(h)
		p.Text(14, 30, 20, black, "Héading ▲ → café")
		d.Bookmark("Page", p, 20)
		para := d.Root().Add("P")
		p.Tag(para)
		p.Text(14, 40, 11, black, "A paragraph (with brackets) and a \\ backslash.")
		fig := d.Root().Add("Figure")
		fig.Alt = "Line chart: tickets from 90 in January to 110 in November"
		fig.BBox = &[4]float64{14, 50, 114, 100}
		p.Tag(fig)
		p.Rect(14, 50, 100, 50, color.RGBA{R: 0x40, G: 0x40, B: 0x40, A: 0x80})
		p.Stroke([]pdf.Point{{14, 100}, {60, 70}, {114, 60}}, blue, 0.5, []float64{2, 1}, false)
		p.Text(20, 95, 8, black, "Jan")
		p.End()
		// Drawn outside any tag: an artifact all the same.
		p.Stroke([]pdf.Point{{14, 105}, {265, 105}}, black, 0.3, nil, false)
		table := d.Root().Add("Table")
		row := table.Add("TR")
		for j, head := range []string{"School", "Value"} {
			th := row.Add("TH")
			th.Scope = "Column"
			p.Tag(th)
			p.Text(14+float64(j)*50, 115, 10, black, head)
		}
		row = table.Add("TR")
		for j, cell := range []string{"Adams", "93.8%"} {
			p.Tag(row.Add("TD"))
			p.Text(14+float64(j)*50, 122, 10, black, cell)
		}
		_ = i
	}
	path := filepath.Join(t.TempDir(), "sample.pdf")
	if dir := os.Getenv("PDF_LOOK"); dir != "" {
		path = filepath.Join(dir, "sample.pdf")
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Write(f); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestTaggedDocument writes a document and reads it back with qpdf,
// poppler and PDF.js: sound, tagged, titled, its text extractable with
// the characters it was given, and its structure what was tagged.
func TestTaggedDocument(t *testing.T) {
	path := sample(t)
	pdfcheck.QPDF(t, path)
	info := pdfcheck.Info(t, path)
	if info["Tagged"] != "yes" || info["Pages"] != "2" || info["Title"] != "Sample – tagged" || info["PDF version"] != "1.7" {
		t.Errorf("pdfinfo says %q", info)
	}
	text := pdfcheck.Text(t, path)
	for _, want := range []string{"Héading ▲ → café", "A paragraph (with brackets) and a \\ backslash.", "Jan", "School", "93.8%", "HEADER"} {
		if !strings.Contains(text, want) {
			t.Errorf("pdftotext does not find %q in\n%s", want, text)
		}
	}
	doc := pdfcheck.PDFJS(t, path)
	if doc.MarkInfo == nil || !doc.MarkInfo.Marked || doc.Language != "en-US" || doc.Title != "Sample – tagged" {
		t.Fatalf("PDF.js reads mark info %+v, language %q, title %q", doc.MarkInfo, doc.Language, doc.Title)
	}
	for i, tree := range doc.Structure {
		if tree == nil {
			t.Fatalf("page %d has no structure tree", i+1)
		}
		var roles []string
		tree.Walk(func(n pdfcheck.Node) {
			if n.Role != "" {
				roles = append(roles, n.Role)
			}
			if n.Role == "Figure" && n.Alt != "Line chart: tickets from 90 in January to 110 in November" {
				t.Errorf("page %d: the figure's alternative text is %q", i+1, n.Alt)
			}
		})
		if got := strings.Join(roles, " "); got != "Root Document H1 P Figure Table TR TH TH TR TD TD" {
			t.Errorf("page %d: roles %s", i+1, got)
		}
	}
}
