package export_test

import (
	"bytes"
	encsv "encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cabinetapp/cabinet/deck"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/export"
	"github.com/cabinetapp/cabinet/internal/pdfcheck"
)

// TestPlanPage: the plan slide's page is followed by a page a CFO can
// check line by line: the plan as a table, a heading cell over each year
// and at the start of each row, every figure a count times a price, the
// technicians and the assumptions under it; the contents number the pages
// after it right.
func TestPlanPage(t *testing.T) {
	b := demoBoard(t)
	d := district.Deck{Name: "Budget", Slides: []district.Slide{deck.PlanSlide(), {Kind: district.ChartSlide, Panel: "tech.tickets", Period: district.Period{Kind: district.Last12Months}}}}
	path := writePDF(t, b, d, opts)
	pdfcheck.QPDF(t, path)
	doc := pdfcheck.PDFJS(t, path)
	v, err := deck.Render(ctx, b, d, 0, opts.Options)
	if err != nil {
		t.Fatal(err)
	}
	table := v.Plan.Table()
	// Cover, the plan's slide, its figures, the tickets, definitions.
	if doc.Pages != 5 {
		t.Fatalf("%d pages, want 5", doc.Pages)
	}
	tree, marked := doc.Structure[2], doc.Marked[2]
	var h2 []string
	var rows []pdfcheck.Node
	tree.Walk(func(n pdfcheck.Node) {
		switch n.Role {
		case "H2":
			h2 = append(h2, n.Text(marked))
		case "TR":
			rows = append(rows, n)
		}
	})
	if len(h2) != 1 || h2[0] != deck.PlanHeadline+": the figures" {
		t.Errorf("the figures' page is headed %q", h2)
	}
	if want := 1 + len(table.Rows) + len(table.Staffing); len(rows) != want || tree.Count("Table") != 2 {
		t.Fatalf("%d rows in %d tables, want %d in 2", len(rows), tree.Count("Table"), want)
	}
	if th := rows[0].Count("TH"); th != len(table.Columns) || rows[0].Count("TD") != 0 {
		t.Errorf("the first row has %d heading cells, want one per column (%d)", th, len(table.Columns))
	}
	for i, r := range rows[1:] {
		if r.Count("TH") != 1 {
			t.Errorf("row %d has %d heading cells, want its own", i+2, r.Count("TH"))
		}
	}
	// The cells read as the plan writes them: FY2028's Chromebooks.
	cell := rows[1].Children[2]
	if got, want := strings.Join(strings.Fields(cell.Text(marked)), " "), table.Rows[0].Cells[1]; got != want || !strings.Contains(want, " × $350 = $") {
		t.Errorf("FY2028's Chromebooks read %q, want %q", got, want)
	}
	text := strings.Join(strings.Fields(pdfcheck.Text(t, path)), " ")
	for _, want := range append(table.Assumptions, "Technicians needed", "CoSN") {
		if !strings.Contains(text, strings.Join(strings.Fields(want), " ")) {
			t.Errorf("the packet does not print %q", want)
		}
	}
	// Column headings say whom they head.
	out, err := exec.Command("qpdf", "--qdf", "--object-streams=disable", path, "-").Output()
	if err != nil || !strings.Contains(string(out), "/Scope /Column") || !strings.Contains(string(out), "/Scope /Row") {
		t.Errorf("no column or row scope in the structure (%v)", err)
	}
	// The contents give the tickets' slide page 4, after the figures.
	if !strings.Contains(text, "4 Open help-desk tickets") {
		t.Errorf("the contents number the tickets' slide as if the figures took no page")
	}
}

// TestPlanInEveryExport: the plan's CSV holds the worked figures and the
// assumptions, and its image says what it assumes.
func TestPlanInEveryExport(t *testing.T) {
	b := demoBoard(t)
	d := district.Deck{Name: "Budget", Slides: []district.Slide{deck.PlanSlide()}}
	dir := t.TempDir()
	if _, err := export.Files(ctx, dir, export.FormatCSV, b, d, opts); err != nil {
		t.Fatal(err)
	}
	csv, err := os.ReadFile(filepath.Join(dir, "01-what-it-takes-to-keep-it-running.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := encsv.NewReader(bytes.NewReader(csv)).ReadAll(); err != nil {
		t.Errorf("the plan's CSV does not read back: %v", err)
	}
	for _, want := range []string{"Kind of device,FY2027 and past due,FY2028", " × $350 = $", "Technicians needed", "Assumptions", "Cabinet's assumption"} {
		if !strings.Contains(string(csv), want) {
			t.Errorf("the CSV lacks %q:\n%s", want, csv)
		}
	}
	if _, err := export.Files(ctx, dir, export.FormatSVG, b, d, opts); err != nil {
		t.Fatal(err)
	}
	svg, err := os.ReadFile(filepath.Join(dir, "01-what-it-takes-to-keep-it-running.svg"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(svg), "Assumed: $350 a Chromebook") || !strings.Contains(string(svg), "1 technician per 500 devices") {
		t.Error("the slide's image does not say what the plan assumes")
	}
}
