package charts

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"
	"regexp"
	"strings"
	"sync"

	"github.com/golang/freetype/truetype"
	chart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"
	"github.com/wcharczuk/go-chart/v2/roboto"
	"golang.org/x/image/math/fixed"
)

// surface is what a chart is drawn on: a raster image or an SVG document.
// Coordinates and sizes are device pixels; text is placed at its baseline.
type surface interface {
	// rect fills an axis-aligned rectangle; raster surfaces snap it to whole
	// pixels, which is both crisper and far faster than rasterizing it.
	rect(b box, c color.RGBA)
	fill(p []pt, c color.RGBA)
	stroke(p []pt, c color.RGBA, width float64, dash []float64)
	text(s string, x, y, px float64, c color.RGBA)
}

// face is the parsed Roboto font and the metrics layout needs.
type face struct {
	font *truetype.Font
	// capHeight is the height of a capital letter per pixel of font size.
	capHeight float64
	ellipsis  string
}

// loadFace parses the font once. go-chart's GetDefaultFont reads its cache
// without the lock, which is a data race when charts render concurrently.
var loadFace = sync.OnceValues(func() (*face, error) {
	f, err := truetype.Parse(roboto.Roboto)
	if err != nil {
		return nil, fmt.Errorf("parse Roboto: %w", err)
	}
	var g truetype.GlyphBuf
	const size = 100
	if err := g.Load(f, fixed.I(size), f.Index('H'), 0); err != nil {
		return nil, fmt.Errorf("measure Roboto: %w", err)
	}
	fc := &face{font: f, capHeight: float64(g.Bounds.Max.Y) / 64 / size, ellipsis: "…"}
	if f.Index('…') == 0 {
		fc.ellipsis = "..."
	}
	return fc, nil
})

// width is the advance width of s at px pixels per em, computed the way
// drawing lays glyphs out, so raster and SVG text get the same layout.
func (f *face) width(s string, px float64) float64 {
	scale := fixed.Int26_6(px * 64)
	var w fixed.Int26_6
	prev, hasPrev := truetype.Index(0), false
	for _, r := range s {
		i := f.font.Index(r)
		if hasPrev {
			w += f.font.Kern(scale, prev, i)
		}
		w += f.font.HMetric(scale, i).AdvanceWidth
		prev, hasPrev = i, true
	}
	return float64(w) / 64
}

// rasterSurface draws with go-chart's drawing package straight into an
// *image.RGBA with float coordinates: go-chart's own raster Renderer takes
// integer coordinates, which smears one-pixel lines over two rows.
type rasterSurface struct {
	img  *image.RGBA
	gc   *drawing.RasterGraphicContext
	font *truetype.Font
}

func newRasterSurface(o Options, f *face) (*rasterSurface, error) {
	img := image.NewRGBA(image.Rect(0, 0, o.Width, o.Height))
	gc, err := drawing.NewRasterGraphicContext(img)
	if err != nil {
		return nil, fmt.Errorf("create raster context: %w", err)
	}
	// drawing sizes glyphs at points×DPI/64 pixels; at 64 DPI a font size
	// is a pixel size, the unit face.width measures in.
	gc.SetDPI(64)
	gc.SetFont(f.font)
	return &rasterSurface{img: img, gc: gc, font: f.font}, nil
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

func (r *rasterSurface) text(s string, x, y, px float64, c color.RGBA) {
	r.gc.SetFontSize(px)
	r.gc.SetFillColor(c)
	// CreateStringPath only fails without a font, and one is always set.
	_, _ = r.gc.CreateStringPath(s, x, y)
	r.gc.Fill()
}

// svgSurface writes through go-chart's SVG renderer, working around its
// edges: it does not escape text, keeps fill and font colours across paths
// (so every call starts from ResetStyle) and truncates stroke widths to
// integers (so canvas rounds widths for both surfaces alike).
type svgSurface struct {
	r    chart.Renderer
	font *truetype.Font
	w, h int
}

func newSVGSurface(o Options, f *face) (*svgSurface, error) {
	r, err := chart.SVG(o.Width, o.Height)
	if err != nil {
		return nil, fmt.Errorf("create SVG renderer: %w", err)
	}
	// The SVG renderer writes font sizes as points×DPI/72 pixels.
	r.SetDPI(72)
	return &svgSurface{r: r, font: f.font, w: o.Width, h: o.Height}, nil
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

func (s *svgSurface) text(str string, x, y, px float64, c color.RGBA) {
	var b strings.Builder
	// Writing to a strings.Builder cannot fail.
	_ = xml.EscapeText(&b, []byte(str))
	s.r.ResetStyle()
	s.r.SetFont(s.font)
	s.r.SetFontSize(px)
	s.r.SetFontColor(drawing.Color(c))
	s.r.Text(b.String(), int(math.Round(x)), int(math.Round(y)))
}

// opaque matches the opaque colours go-chart writes as CSS3 rgba(), which
// SVG 1.1 readers such as oksvg reject.
var opaque = regexp.MustCompile(`(fill|stroke):rgba\((\d+,\d+,\d+),1\.0\)`)

// bytes finishes the document. go-chart writes only a viewBox; width and
// height give the SVG an intrinsic size for PDF and image tools.
func (s *svgSurface) bytes() ([]byte, error) {
	var b bytes.Buffer
	if err := s.r.Save(&b); err != nil {
		return nil, fmt.Errorf("write SVG: %w", err)
	}
	sized := fmt.Sprintf(`<svg width="%d" height="%d" `, s.w, s.h)
	out := bytes.Replace(b.Bytes(), []byte("<svg "), []byte(sized), 1)
	return opaque.ReplaceAll(out, []byte("$1:rgb($2)")), nil
}
