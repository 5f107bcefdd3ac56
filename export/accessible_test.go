package export_test

import (
	"math"
	"strings"
	"testing"

	"github.com/cabinetapp/cabinet/charts"
	"github.com/cabinetapp/cabinet/deck"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/internal/pdfcheck"
)

// TestPacketIsAccessible reads the briefing's packet back as assistive
// technology would, with outside readers: qpdf finds it sound, poppler
// finds it tagged, and PDF.js finds a structure tree in reading order on
// every page: the cover's heading; on each slide's page one heading that
// says the headline, then the takeaway, then each chart as a Figure whose
// alternative text is written from its data (or the tiles as a list), a
// ranking's rows as a table headed by their names; the definitions as a
// table with a heading cell per row; and page numbers and running
// headers only as artifacts.
func TestPacketIsAccessible(t *testing.T) {
	b := demoBoard(t)
	d := deck.Briefing()
	path := writePDF(t, b, d, opts)
	pdfcheck.QPDF(t, path)
	info := pdfcheck.Info(t, path)
	title := "Cabinet briefing – Riverside Unified School District"
	if info["Tagged"] != "yes" || info["Title"] != title {
		t.Errorf("pdfinfo reads Tagged %q, Title %q", info["Tagged"], info["Title"])
	}
	doc := pdfcheck.PDFJS(t, path)
	if doc.MarkInfo == nil || !doc.MarkInfo.Marked || doc.Language != "en-US" || doc.Title != title {
		t.Fatalf("PDF.js reads MarkInfo %+v, language %q, title %q", doc.MarkInfo, doc.Language, doc.Title)
	}
	// Each page's slide, or -1: the cover, then each slide's page (and
	// after the plan's, the page of its figures, which TestPlanPage
	// reads), then the definitions.
	slideOf, figures := []int{-1}, map[int]bool{}
	for i, s := range d.Slides {
		slideOf = append(slideOf, i)
		if s.Kind == district.PlanSlide {
			figures[len(slideOf)] = true
			slideOf = append(slideOf, i)
		}
	}
	if doc.Pages != len(slideOf)+2 {
		t.Fatalf("%d pages", doc.Pages)
	}
	for i := range doc.Pages {
		tree, marked := doc.Structure[i], doc.Marked[i]
		if tree == nil {
			t.Fatalf("page %d has no structure tree", i+1)
		}
		for _, m := range marked {
			if strings.Contains(m.Text, "Page ") && strings.Contains(m.Text, " of ") && m.Tag != "Artifact" {
				t.Errorf("page %d: the page number %q is tagged %s, not an artifact", i+1, m.Text, m.Tag)
			}
		}
		heading := func(role string) string {
			var got []string
			tree.Walk(func(n pdfcheck.Node) {
				if n.Role == role {
					got = append(got, n.Text(marked))
				}
			})
			if len(got) != 1 {
				t.Errorf("page %d has %d %s headings: %q", i+1, len(got), role, got)
				return ""
			}
			return got[0]
		}
		switch {
		case i == 0:
			if h := heading("H1"); h != "Riverside Unified School District" {
				t.Errorf("the cover's heading says %q", h)
			}
		case figures[i]:
			if h := heading("H2"); !strings.HasSuffix(h, ": the figures") {
				t.Errorf("page %d's heading says %q", i+1, h)
			}
		case i < len(slideOf):
			v, err := deck.Render(ctx, b, d, slideOf[i], opts.Options)
			if err != nil {
				t.Fatal(err)
			}
			if h := heading("H2"); h != v.Headline {
				t.Errorf("page %d's heading says %q, want the headline %q", i+1, h, v.Headline)
			}
			checkSlideStructure(t, i+1, v, *tree, marked)
		default:
			if h := heading("H2"); !strings.HasPrefix(h, "Definitions and sources") {
				t.Errorf("page %d's heading says %q", i+1, h)
			}
			if rows, th := tree.Count("TR"), tree.Count("TH"); rows == 0 || th != rows {
				t.Errorf("page %d: the definitions are %d rows with %d heading cells", i+1, rows, th)
			}
			tree.Walk(func(n pdfcheck.Node) {
				if n.Role == "TH" && strings.TrimSpace(n.Text(marked)) == "" {
					t.Errorf("page %d: a definition's heading cell says nothing", i+1)
				}
			})
		}
	}
}

// checkSlideStructure checks a slide's page reads heading, takeaway, then
// the chart or tiles, as the slide shows them.
func checkSlideStructure(t *testing.T, page int, v deck.View, tree pdfcheck.Node, marked []pdfcheck.Marked) {
	t.Helper()
	var order []string
	var figures []pdfcheck.Node
	tree.Walk(func(n pdfcheck.Node) {
		switch n.Role {
		case "H2", "P", "Figure", "Table", "L":
			order = append(order, n.Role)
		}
		if n.Role == "Figure" {
			figures = append(figures, n)
		}
	})
	if len(order) < 3 || order[0] != "H2" || order[1] != "P" {
		t.Errorf("page %d reads %v: not heading, then takeaway", page, order)
	}
	takeaway := ""
	tree.Walk(func(n pdfcheck.Node) {
		if n.Role == "P" && takeaway == "" {
			takeaway = n.Text(marked)
		}
	})
	if strings.Join(strings.Fields(takeaway), " ") != v.Takeaway {
		t.Errorf("page %d's first paragraph is %q, want the takeaway %q", page, takeaway, v.Takeaway)
	}
	if v.Cards() {
		if len(figures) != 0 || tree.Count("LI") != len(v.Tiles) {
			t.Errorf("page %d: %d tiles read as %d list items and %d figures", page, len(v.Tiles), tree.Count("LI"), len(figures))
		}
		return
	}
	if len(figures) != 1 {
		t.Fatalf("page %d has %d figures, want the chart's", page, len(figures))
	}
	if want := charts.Describe(v.Result.Chart, v.Result.Panel.Title); figures[0].Alt != want || len(want) < 40 {
		t.Errorf("page %d's figure reads %q, want %q", page, figures[0].Alt, want)
	}
	if v.Result.Chart.Kind == charts.HBars {
		// A row of text alone (a NaN value, as "… and 17 more") has a
		// heading and no value.
		values := 0
		for _, val := range v.Result.Chart.Series[0].Values {
			if val.Suppressed || !math.IsNaN(val.V) {
				values++
			}
		}
		rows, th, td := tree.Count("TR"), tree.Count("TH"), tree.Count("TD")
		if rows == 0 || th != rows || td != min(values, rows) {
			t.Errorf("page %d: a ranking of %d values read as %d rows, %d heading cells, %d cells", page, values, rows, th, td)
		}
	}
}
