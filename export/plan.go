package export

import (
	"strings"

	"github.com/cabinetapp/cabinet/charts/pdf"
	"github.com/cabinetapp/cabinet/deck"
	"github.com/cabinetapp/cabinet/panel"
)

// The plan's page sets its table in columns: the rows' headings, then each
// year and the level amount alike. Type shrinks, in half points, from
// planMaxPt until the page holds everything.
const (
	planHeadW          = 44.0
	planMaxPt, planMin = 8.5, 6.5
	cellPad            = 1.6
)

// planPage draws the page after a plan slide: the plan as a table a CFO
// checks line by line (a heading cell for each year and each row), the
// technicians' figures, and the assumptions under them.
func (p *packet) planPage(v deck.View) {
	t := v.Plan.Table()
	sect := p.newPage()
	p.header(section(v))
	title := v.Headline + ": the figures"
	pt, lines := fit(title, contentW, lineH(20), 20, 14)
	y := p.para(sect, "H2", margin, bodyTop, pt, ink, lines)
	intro := "Every figure is a count times a price, or a ratio, from the data as of " + v.Plan.AsOf.Format("January 2006") +
		". The first year takes every device already past due; the level amount is what replaces the fleet evenly, year after year."
	y = p.para(sect, "P", margin, y+1, 9, muted, wrap(intro, 9, contentW, 2)) + 3
	l := layoutPlan(t, footerTop-4-y)
	table := sect.Add("Table")
	y = p.planTable(table, l, t.Columns, t.Rows, y, true)
	staff := sect.Add("Table")
	y = p.planTable(staff, l, nil, t.Staffing, y+3, false)
	y = p.para(sect, "H3", margin, y+3, l.pt+1, accent, []string{"Assumptions"})
	for _, a := range l.assumptions {
		y = p.para(sect, "P", margin, y+0.6, l.pt, ink, a)
	}
	p.slideFooter(sect, v)
}

// planLayout is the plan's table and assumptions set at one size.
type planLayout struct {
	pt          float64
	colW        float64
	rows, staff [][][]string // each row's cells' lines; a row's heading first
	head        [][]string   // the columns' headings' lines
	assumptions [][]string
}

// layoutPlan sets the table at the largest size, from planMaxPt down, at
// which it and the assumptions fit in room; at planMin it keeps that size
// whatever the height (the page's footer stays where it is).
func layoutPlan(t panel.PlanTable, room float64) planLayout {
	var l planLayout
	for pt := planMaxPt; pt >= planMin; pt -= 0.5 {
		l = planLayout{pt: pt, colW: (contentW - planHeadW) / float64(max(len(t.Columns)-1, 1))}
		cell := func(s string, w float64) []string { return wrap(s, pt, w-cellPad, 0) }
		h := 0.0
		for i, c := range t.Columns {
			w := l.colW
			if i == 0 {
				w = planHeadW
			}
			l.head = append(l.head, cell(c, w))
		}
		h += rowHeight(l.head, pt)
		for _, r := range t.Rows {
			lines := [][]string{cell(r.Head, planHeadW)}
			for _, c := range r.Cells {
				lines = append(lines, cell(c, l.colW))
			}
			l.rows = append(l.rows, lines)
			h += rowHeight(lines, pt)
		}
		for _, r := range t.Staffing {
			lines := [][]string{cell(r.Head, planHeadW), cell(strings.Join(r.Cells, " "), contentW-planHeadW)}
			l.staff = append(l.staff, lines)
			h += rowHeight(lines, pt)
		}
		h += 3 + 3 + lineH(pt+1)
		for _, a := range t.Assumptions {
			lines := wrap(a, pt, contentW, 0)
			l.assumptions = append(l.assumptions, lines)
			h += float64(len(lines))*lineH(pt) + 0.6
		}
		if h <= room {
			break
		}
	}
	return l
}

// rowHeight is the height of a row of cells: its tallest cell's lines.
func rowHeight(cells [][]string, pt float64) float64 {
	n := 1
	for _, c := range cells {
		n = max(n, len(c))
	}
	return float64(n)*lineH(pt) + cellPad
}

// planTable draws rows of the plan as a table from top: a heading cell
// for each column (when columns are given) and at the start of each row,
// the others data cells. It returns the table's bottom.
func (p *packet) planTable(table *pdf.Element, l planLayout, columns []string, rows []panel.PlanRow, top float64, grid bool) float64 {
	y := top
	x := func(i int) float64 {
		if i == 0 {
			return margin
		}
		return margin + planHeadW + float64(i-1)*l.colW
	}
	if columns != nil {
		h := rowHeight(l.head, l.pt)
		p.page.Artifact("Layout", "")
		p.fill(panelFill, margin, y, contentW, h)
		p.page.End()
		tr := table.Add("TR")
		for i, lines := range l.head {
			th := tr.Add("TH")
			th.Scope = "Column"
			p.tagged(th, func() { p.block(x(i)+cellPad/2, y+cellPad/2, l.pt, accent, lines) })
		}
		y += h
	}
	cells := l.rows
	if !grid {
		cells = l.staff
	}
	for r := range rows {
		lines := cells[r]
		h := rowHeight(lines, l.pt)
		tr := table.Add("TR")
		th := tr.Add("TH")
		th.Scope = "Row"
		p.tagged(th, func() { p.block(x(0)+cellPad/2, y+cellPad/2, l.pt, ink, lines[0]) })
		for i, c := range lines[1:] {
			p.tagged(tr.Add("TD"), func() { p.block(x(i+1)+cellPad/2, y+cellPad/2, l.pt, ink, c) })
		}
		y += h
		p.page.Artifact("Layout", "")
		p.rule(margin, pageW-margin, y)
		p.page.End()
	}
	return y
}

// hasPlanPage reports whether a slide's page is followed by the plan's.
func hasPlanPage(v deck.View) bool { return v.Plan != nil && !v.Plan.Empty() }

// planRows are the plan's table for CSV: the table, the technicians'
// figures and the assumptions, a blank row between them, every row as
// wide as the table, as a spreadsheet and a strict CSV reader expect.
func planRows(t panel.PlanTable) [][]string {
	out := [][]string{t.Columns}
	row := func(cells ...string) {
		r := make([]string, len(t.Columns))
		copy(r, cells)
		out = append(out, r)
	}
	for _, r := range t.Rows {
		row(append([]string{r.Head}, r.Cells...)...)
	}
	row()
	for _, r := range t.Staffing {
		row(append([]string{r.Head}, r.Cells...)...)
	}
	row()
	row("Assumptions")
	for _, a := range t.Assumptions {
		row(a)
	}
	return out
}
