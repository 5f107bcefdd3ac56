package export

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"

	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"

	"github.com/cabinetapp/cabinet/charts"
	"github.com/cabinetapp/cabinet/deck"
	"github.com/cabinetapp/cabinet/district"
)

// An exported image is a slide at 1920 by 1080 pixels, for pasting into a
// presentation: the chart in the Presentation theme under its headline
// and takeaway, over a footer that says what it shows and how fresh it
// is, so the picture carries its provenance wherever it goes.
const (
	imageW, imageH = 1920, 1080
	imagePad       = 48.0
	headlinePx     = 56.0
	takeawayPx     = 32.0
	footerPx       = 22.0
)

// imageText is one line of text on an exported image, its baseline at y.
type imageText struct {
	s     string
	x, y  float64
	px    float64
	color color.RGBA
}

// imageLayout is where an exported image's words and chart go.
type imageLayout struct {
	texts        []imageText
	chartY       float64
	chartW       int
	chartH       int
	chartOptions charts.Options
	// tiles is true for a tiles slide: its tiles are in texts, and it has
	// no chart.
	tiles bool
}

func rgba(c rgb) color.RGBA { return color.RGBA{R: uint8(c.r), G: uint8(c.g), B: uint8(c.b), A: 0xFF} }

// layoutImage places a slide's headline (one line), takeaway (up to two)
// and footer (one line, with the suppression note) around its chart.
func layoutImage(f *truetype.Font, v deck.View) imageLayout {
	width := func(px float64) func(string) float64 {
		face := truetype.NewFace(f, &truetype.Options{Size: px, DPI: 72})
		return func(s string) float64 { return float64(font.MeasureString(face, s)) / 64 }
	}
	textW := imageW - 2*imagePad
	var l imageLayout
	y := imagePad + headlinePx
	l.texts = append(l.texts, imageText{ellipsize(cleanText(f, v.Headline), textW, width(headlinePx)), imagePad, y, headlinePx, rgba(ink)})
	lines := wrapText(cleanText(f, v.Takeaway), textW, width(takeawayPx))
	if len(lines) > 2 {
		lines = append(lines[:1:1], ellipsize(lines[1]+" "+lines[2], textW, width(takeawayPx)))
	}
	y += 12
	for _, line := range lines {
		y += takeawayPx * leading
		l.texts = append(l.texts, imageText{line, imagePad, y, takeawayPx, rgba(ink)})
	}
	// The footer's first line says whose data, filtered how, how fresh and
	// from where; the privacy footnote gets a line of its own, so it is
	// never the part cut off.
	first := v.Footer
	first.Suppression, first.Position = "", ""
	footer := []string{first.String(), v.Footer.Footnote()}
	footerY := imageH - imagePad + footerPx*0.3 - float64(len(footer)-1)*footerPx*leading
	for i, line := range footer {
		l.texts = append(l.texts, imageText{ellipsize(cleanText(f, line), textW, width(footerPx)), imagePad, footerY + float64(i)*footerPx*leading, footerPx, rgba(muted)})
	}
	l.chartY = y + 24
	l.chartW = imageW - 2*int(imagePad)
	l.chartH = int(footerY-footerPx*1.6) - int(l.chartY)
	l.chartOptions = charts.Options{Width: l.chartW, Height: l.chartH, Theme: charts.Presentation}
	if v.Slide.Kind == district.TilesSlide {
		l.tiles = true
		l.texts = append(l.texts, tileTexts(f, v.Tiles, imagePad, l.chartY, float64(l.chartW), float64(l.chartH))...)
	}
	return l
}

// slidePNG draws a slide as a PNG image.
func slidePNG(v deck.View) ([]byte, error) {
	f, err := robotoFont()
	if err != nil {
		return nil, err
	}
	l := layoutImage(f, v)
	img := image.NewRGBA(image.Rect(0, 0, imageW, imageH))
	draw.Draw(img, img.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	if !l.tiles {
		chart, err := charts.Render(v.Result.Chart, l.chartOptions)
		if err != nil {
			return nil, err
		}
		at := image.Pt(int(imagePad), int(l.chartY))
		draw.Draw(img, chart.Bounds().Add(at), chart, image.Point{}, draw.Src)
	}
	for _, t := range l.texts {
		d := font.Drawer{Dst: img, Src: image.NewUniform(t.color), Face: truetype.NewFace(f, &truetype.Options{Size: t.px, DPI: 72}),
			Dot: fixed.Point26_6{X: fixed.Int26_6(t.x * 64), Y: fixed.Int26_6(t.y * 64)}}
		d.DrawString(t.s)
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return nil, fmt.Errorf("encoding the slide as PNG: %w", err)
	}
	return b.Bytes(), nil
}

// slideSVG writes a slide as an SVG document: the words as text in
// Roboto, a chart's own SVG nested at its place.
func slideSVG(v deck.View) ([]byte, error) {
	f, err := robotoFont()
	if err != nil {
		return nil, err
	}
	l := layoutImage(f, v)
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d">`, imageW, imageH, imageW, imageH)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#ffffff"/>`, imageW, imageH)
	for _, t := range l.texts {
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-family="Roboto, sans-serif" font-weight="500" font-size="%.1f" fill="rgb(%d,%d,%d)">`, t.x, t.y, t.px, t.color.R, t.color.G, t.color.B)
		// Writing to a bytes.Buffer cannot fail.
		_ = xml.EscapeText(&b, []byte(t.s))
		b.WriteString("</text>")
	}
	if l.tiles {
		b.WriteString("</svg>\n")
		return b.Bytes(), nil
	}
	chart, err := charts.RenderSVG(v.Result.Chart, l.chartOptions)
	if err != nil {
		return nil, err
	}
	// The chart's elements go in a group moved to the chart's place: every
	// SVG reader draws a translated group, and not all draw a nested svg.
	start, end := bytes.IndexByte(chart, '>'), bytes.LastIndex(chart, []byte("</svg>"))
	if !bytes.HasPrefix(chart, []byte("<svg")) || start < 0 || end < start {
		return nil, fmt.Errorf("the chart's SVG is not one svg element")
	}
	fmt.Fprintf(&b, `<g transform="translate(%d %d)">`, int(imagePad), int(l.chartY))
	b.Write(chart[start+1 : end])
	b.WriteString("</g></svg>\n")
	return b.Bytes(), nil
}
