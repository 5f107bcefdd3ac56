package charts

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"
	"strings"

	chart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"

	"github.com/cabinetapp/cabinet/charts/typeset"
)

// surface is what a chart is drawn on: a raster image, an SVG document or
// a PDF page (pdfsurface.go). Coordinates and sizes are device pixels; text
// is placed at its baseline and laid out by the typeset measure, which
// every surface follows glyph by glyph.
type surface interface {
	// rect fills an axis-aligned rectangle; raster surfaces snap it to whole
	// pixels, which is both crisper and far faster than rasterizing it.
	rect(b box, c color.RGBA)
	fill(p []pt, c color.RGBA)
	stroke(p []pt, c color.RGBA, width float64, dash []float64)
	text(s string, x, y, px float64, c color.RGBA)
}

// shifted draws on another surface with its origin moved, so a chart can
// take its place on a slide drawn on the same surface.
type shifted struct {
	s      surface
	dx, dy float64
}

func (m shifted) pts(p []pt) []pt {
	out := make([]pt, len(p))
	for i, q := range p {
		out[i] = pt{q.x + m.dx, q.y + m.dy}
	}
	return out
}

func (m shifted) rect(b box, c color.RGBA) {
	m.s.rect(box{b.x0 + m.dx, b.y0 + m.dy, b.x1 + m.dx, b.y1 + m.dy}, c)
}
func (m shifted) fill(p []pt, c color.RGBA) { m.s.fill(m.pts(p), c) }
func (m shifted) stroke(p []pt, c color.RGBA, width float64, dash []float64) {
	m.s.stroke(m.pts(p), c, width, dash)
}
func (m shifted) text(s string, x, y, px float64, c color.RGBA) {
	m.s.text(s, x+m.dx, y+m.dy, px, c)
}

// rasterSurface draws with go-chart's drawing package straight into an
// *image.RGBA with float coordinates: go-chart's own raster Renderer takes
// integer coordinates, which smears one-pixel lines over two rows.
type rasterSurface struct {
	img *image.RGBA
	gc  *drawing.RasterGraphicContext
	ts  *typeset.Set
}

func newRasterSurface(w, h int, ts *typeset.Set) (*rasterSurface, error) {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	gc, err := drawing.NewRasterGraphicContext(img)
	if err != nil {
		return nil, fmt.Errorf("create raster context: %w", err)
	}
	// drawing sizes glyphs at points×DPI/64 pixels; at 64 DPI a font size
	// is a pixel size, the unit the measure is given.
	gc.SetDPI(64)
	return &rasterSurface{img: img, gc: gc, ts: ts}, nil
}

func (r *rasterSurface) path(p []pt) {
	r.gc.MoveTo(p[0].x, p[0].y)
	for _, q := range p[1:] {
		r.gc.LineTo(q.x, q.y)
	}
}

func (r *rasterSurface) rect(b box, c color.RGBA) {
	px := image.Rect(int(math.Round(b.x0)), int(math.Round(b.y0)), int(math.Round(b.x1)), int(math.Round(b.y1)))
	// For an opaque colour Src paints what Over would, on a faster path.
	op := draw.Over
	if c.A == 0xFF {
		op = draw.Src
	}
	draw.Draw(r.img, px, image.NewUniform(c), image.Point{}, op)
}

func (r *rasterSurface) fill(p []pt, c color.RGBA) {
	r.gc.SetFillColor(c)
	r.path(p)
	r.gc.Close()
	r.gc.Fill()
}

// strokeChunk is how many segments one raster stroke covers. freetype's
// rasterizer keeps a list of cells per row and searches it on every
// insert, so one long zigzag costs quadratic time: 7,300 points took a
// second. Strokes of a few dozen segments keep the lists short; the round
// caps where they meet draw what a round join would.
const strokeChunk = 32

func (r *rasterSurface) stroke(p []pt, c color.RGBA, width float64, dash []float64) {
	r.gc.SetStrokeColor(c)
	r.gc.SetLineWidth(width)
	period := 0.0
	for _, d := range dash {
		period += d
	}
	offset := 0.0
	for i := 0; i < len(p)-1; i += strokeChunk {
		part := p[i:min(i+strokeChunk+1, len(p))]
		// The dash pattern carries on where the last part left it.
		r.gc.SetLineDash(dash, offset)
		r.path(part)
		r.gc.Stroke()
		if period > 0 {
			for j := 1; j < len(part); j++ {
				offset += math.Hypot(part[j].x-part[j-1].x, part[j].y-part[j-1].y)
			}
			offset = math.Mod(offset, period)
		}
	}
}

// text draws each glyph where the measure puts it, in the font of the set
// that holds it.
func (r *rasterSurface) text(s string, x, y, px float64, c color.RGBA) {
	r.gc.SetFontSize(px)
	r.gc.SetFillColor(c)
	for _, run := range r.ts.Runs(s) {
		r.gc.SetFont(r.ts.Fonts[run.Font].TT)
		i := 0
		for _, ch := range run.Text {
			// CreateStringPath only fails without a font, and one is set.
			_, _ = r.gc.CreateStringPath(string(ch), x, y)
			x += run.Glyphs[i].Advance * px
			i++
		}
	}
	r.gc.Fill()
}

// svgSurface writes through go-chart's SVG renderer, working around its
// edges: it does not escape text, keeps fill and font colours across paths
// (so every call starts from ResetStyle) and truncates stroke widths to
// integers (so canvas rounds widths for every surface alike).
type svgSurface struct {
	r  chart.Renderer
	ts *typeset.Set
}

func newSVGSurface(w, h int, ts *typeset.Set) (*svgSurface, error) {
	r, err := chart.SVG(w, h)
	if err != nil {
		return nil, fmt.Errorf("create SVG renderer: %w", err)
	}
	// The SVG renderer writes font sizes as points×DPI/72 pixels.
	r.SetDPI(72)
	return &svgSurface{r: r, ts: ts}, nil
}

func (s *svgSurface) path(p []pt) {
	s.r.MoveTo(int(math.Round(p[0].x)), int(math.Round(p[0].y)))
	for _, q := range p[1:] {
		s.r.LineTo(int(math.Round(q.x)), int(math.Round(q.y)))
	}
}

func (s *svgSurface) rect(b box, c color.RGBA) {
	s.fill([]pt{{b.x0, b.y0}, {b.x1, b.y0}, {b.x1, b.y1}, {b.x0, b.y1}}, c)
}

func (s *svgSurface) fill(p []pt, c color.RGBA) {
	s.r.ResetStyle()
	s.r.SetFillColor(drawing.Color(c))
	s.path(p)
	s.r.Close()
	s.r.Fill()
}

func (s *svgSurface) stroke(p []pt, c color.RGBA, width float64, dash []float64) {
	s.r.ResetStyle()
	s.r.SetStrokeColor(drawing.Color(c))
	s.r.SetStrokeWidth(width)
	s.r.SetStrokeDashArray(dash)
	s.path(p)
	s.r.Stroke()
}

// text writes a text element per run of one font, placed by the measure;
// a run in Cabinet Symbols names that family, which viewers without it
// replace with a font of their own that has the character.
func (s *svgSurface) text(str string, x, y, px float64, c color.RGBA) {
	for _, run := range s.ts.Runs(str) {
		var b strings.Builder
		// Writing to a strings.Builder cannot fail.
		_ = xml.EscapeText(&b, []byte(run.Text))
		s.r.ResetStyle()
		s.r.SetFont(s.ts.Fonts[run.Font].TT)
		s.r.SetFontSize(px)
		s.r.SetFontColor(drawing.Color(c))
		s.r.Text(b.String(), int(math.Round(x)), int(math.Round(y)))
		x += run.Advance * px
	}
}

// bytes finishes the document.
func (s *svgSurface) bytes() ([]byte, error) {
	var b bytes.Buffer
	if err := s.r.Save(&b); err != nil {
		return nil, fmt.Errorf("write SVG: %w", err)
	}
	return b.Bytes(), nil
}
