package charts

import (
	"image/color"

	"github.com/cabinetapp/cabinet/charts/pdf"
)

// pdfSurface draws a chart on a PDF page: device pixels become page units
// k to a pixel, from the chart's top left corner at x0, y0. Lines, fills
// and text go straight into the page's content as vectors and text in the
// document's embedded fonts.
type pdfSurface struct {
	p      *pdf.Page
	x0, y0 float64
	k      float64
}

func (s pdfSurface) pt(q pt) pdf.Point { return pdf.Point{X: s.x0 + q.x*s.k, Y: s.y0 + q.y*s.k} }

func (s pdfSurface) pts(p []pt) []pdf.Point {
	out := make([]pdf.Point, len(p))
	for i, q := range p {
		out[i] = s.pt(q)
	}
	return out
}

func (s pdfSurface) rect(b box, c color.RGBA) {
	s.p.Rect(s.x0+b.x0*s.k, s.y0+b.y0*s.k, b.w()*s.k, b.h()*s.k, c)
}

func (s pdfSurface) fill(p []pt, c color.RGBA) { s.p.Fill(s.pts(p), c) }

func (s pdfSurface) stroke(p []pt, c color.RGBA, width float64, dash []float64) {
	d := make([]float64, len(dash))
	for i, v := range dash {
		d[i] = v * s.k
	}
	s.p.Stroke(s.pts(p), c, width*s.k, d, false)
}

func (s pdfSurface) text(str string, x, y, px float64, c color.RGBA) {
	s.p.Text(s.x0+x*s.k, s.y0+y*s.k, px*s.k, c, str)
}

// DrawPDF draws c on page p in the box at x, y, w by h page units, laid
// out as o says for a chart o.Width by o.Height pixels (the box is scaled
// to fit those), clipped to the box. Tag the content first (a Figure with
// Describe's alternative text): DrawPDF draws, it does not tag.
func DrawPDF(p *pdf.Page, c Chart, x, y, w, h float64, o Options) error {
	o, err := o.normal()
	if err != nil {
		return err
	}
	k := min(w/float64(o.Width), h/float64(o.Height))
	p.Clip(x, y, w, h)
	defer p.Unclip()
	return drawChart(c, newCanvas(pdfSurface{p: p, x0: x, y0: y, k: k}, p.Doc().Set(), o))
}
