package charts

import (
	"image/color"

	"github.com/cabinetapp/cabinet/charts/pdf"
)

// pdfSurface draws a chart on a PDF page: device pixels become page units
// k to a pixel, from the chart's top left corner at x0, y0. Lines, fills
// and text go straight into the page's content as vectors and text in the
// document's embedded fonts, tagged as the chart's Figure; a ranking's
// names and values are tagged as a table besides (see cell).
type pdfSurface struct {
	p      *pdf.Page
	x0, y0 float64
	k      float64

	parent, fig, table *pdf.Element
	rows               map[int]*pdf.Element
	cells              map[[2]int]*pdf.Element
	// next is the table cell the next text belongs to, if any.
	next *pdf.Element
}

func (s *pdfSurface) pt(q pt) pdf.Point { return pdf.Point{X: s.x0 + q.x*s.k, Y: s.y0 + q.y*s.k} }

func (s *pdfSurface) pts(p []pt) []pdf.Point {
	out := make([]pdf.Point, len(p))
	for i, q := range p {
		out[i] = s.pt(q)
	}
	return out
}

func (s *pdfSurface) rect(b box, c color.RGBA) {
	s.p.Rect(s.x0+b.x0*s.k, s.y0+b.y0*s.k, b.w()*s.k, b.h()*s.k, c)
}

func (s *pdfSurface) fill(p []pt, c color.RGBA) { s.p.Fill(s.pts(p), c) }

func (s *pdfSurface) stroke(p []pt, c color.RGBA, width float64, dash []float64) {
	d := make([]float64, len(dash))
	for i, v := range dash {
		d[i] = v * s.k
	}
	s.p.Stroke(s.pts(p), c, width*s.k, d, false)
}

func (s *pdfSurface) text(str string, x, y, px float64, c color.RGBA) {
	if s.next != nil {
		s.p.Tag(s.next)
		s.next = nil
		defer s.p.Tag(s.fig)
	}
	s.p.Text(s.x0+x*s.k, s.y0+y*s.k, px*s.k, c, str)
}

// cell makes the next text the cell of a table row: the row's heading in
// column 0 (a TH for its row), its values after (TDs). Rows are made in
// the order they are first named; a cell named again (a name on two
// lines) takes its next text too.
func (s *pdfSurface) cell(row, col int) {
	if s.table == nil {
		s.table = s.parent.Add("Table")
		s.rows = map[int]*pdf.Element{}
		s.cells = map[[2]int]*pdf.Element{}
	}
	if e, ok := s.cells[[2]int{row, col}]; ok {
		s.next = e
		return
	}
	tr, ok := s.rows[row]
	if !ok {
		tr = s.table.Add("TR")
		s.rows[row] = tr
	}
	if col == 0 {
		s.next = tr.Add("TH")
		s.next.Scope = "Row"
	} else {
		s.next = tr.Add("TD")
	}
	s.cells[[2]int{row, col}] = s.next
}

// tableCells is a surface that tells a reader which texts are a table's
// cells: the PDF surface.
type tableCells interface{ cell(row, col int) }

// cell says the next text the canvas draws is a cell of a table: the name
// (col 0) or a value of row's category.
func (c *canvas) cell(row, col int) {
	if t, ok := c.s.(tableCells); ok && !c.quiet {
		t.cell(row, col)
	}
}

// DrawPDF draws c on page p in the box at x, y, w by h page units, laid
// out as o says for a chart o.Width by o.Height pixels (scaled to fit the
// box), and tags it under parent: a Figure whose alternative text
// Describe writes from the data (title says what the chart shows), and
// for a ranking a Table of the names and values the chart prints, a row
// heading each row.
func DrawPDF(p *pdf.Page, parent *pdf.Element, c Chart, title string, x, y, w, h float64, o Options) error {
	o, err := o.normal()
	if err != nil {
		return err
	}
	k := min(w/float64(o.Width), h/float64(o.Height))
	fig := parent.Add("Figure")
	fig.Alt = Describe(c, title)
	fig.BBox = &[4]float64{x, y, x + float64(o.Width)*k, y + float64(o.Height)*k}
	s := &pdfSurface{p: p, x0: x, y0: y, k: k, parent: parent, fig: fig}
	p.Tag(fig)
	defer p.End()
	return drawChart(c, newCanvas(s, p.Doc().Set(), o))
}
