package export

import (
	"image/color"
	"strings"

	"github.com/cabinetapp/cabinet/charts"
	"github.com/cabinetapp/cabinet/charts/typeset"
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
	chartOptions charts.Options
	// tiles is true for a tiles slide: its tiles are in texts, and it has
	// no chart.
	tiles bool
}

// layoutImage places a slide's headline and takeaway (up to two lines
// each) and footer (one line, with the suppression note) around its chart,
// by the measure the packet and the charts use.
func layoutImage(v deck.View) imageLayout {
	textW := imageW - 2*imagePad
	var l imageLayout
	y := imagePad
	for i, line := range typeset.Wrap(v.Headline, headlinePx, textW, 2) {
		y += headlinePx
		if i > 0 {
			y += headlinePx * (leading - 1)
		}
		l.texts = append(l.texts, imageText{line, imagePad, y, headlinePx, ink})
	}
	y += 12
	for _, line := range typeset.Wrap(v.Takeaway, takeawayPx, textW, 2) {
		y += takeawayPx * leading
		l.texts = append(l.texts, imageText{line, imagePad, y, takeawayPx, ink})
	}
	// The footer's first line says whose data, filtered how, how fresh and
	// from where; the privacy footnote gets a line of its own, so it is
	// never the part cut off.
	first := v.Footer
	first.Suppression, first.Position = "", ""
	footer := []string{first.String(), v.Footer.Footnote()}
	if v.Plan != nil {
		// The plan's image says what it assumes: its chart's notes, the
		// prices and the ratio among them, on up to two lines.
		footer = append(typeset.Wrap(strings.Join(v.Notes, " · "), footerPx, textW, 2), footer...)
	}
	footerY := imageH - imagePad + footerPx*0.3 - float64(len(footer)-1)*footerPx*leading
	for i, line := range footer {
		l.texts = append(l.texts, imageText{typeset.Fit(line, footerPx, textW), imagePad, footerY + float64(i)*footerPx*leading, footerPx, muted})
	}
	l.chartY = y + 24
	l.chartOptions = charts.Options{Width: imageW - 2*int(imagePad), Height: int(footerY-footerPx*1.6) - int(l.chartY), Theme: charts.Presentation}
	if v.Slide.Kind == district.TilesSlide {
		l.tiles = true
		l.texts = append(l.texts, tileTexts(v.Tiles, imagePad, l.chartY, float64(l.chartOptions.Width), float64(l.chartOptions.Height))...)
	}
	return l
}

// slideSheet draws a slide on a sheet: a PNG's or an SVG's.
func slideSheet(v deck.View, newSheet func(w, h int) (*charts.Sheet, error)) (*charts.Sheet, error) {
	sh, err := newSheet(imageW, imageH)
	if err != nil {
		return nil, err
	}
	l := layoutImage(v)
	if !l.tiles {
		if err := sh.Chart(v.Result.Chart, imagePad, l.chartY, l.chartOptions); err != nil {
			return nil, err
		}
	}
	for _, t := range l.texts {
		sh.Text(t.s, t.x, t.y, t.px, t.color)
	}
	return sh, nil
}

// slidePNG draws a slide as a PNG image.
func slidePNG(v deck.View) ([]byte, error) {
	sh, err := slideSheet(v, charts.NewImage)
	if err != nil {
		return nil, err
	}
	return sh.PNG()
}

// slideSVG writes a slide as an SVG document: the words as text in
// Roboto, a chart's lines and words in the same document.
func slideSVG(v deck.View) ([]byte, error) {
	sh, err := slideSheet(v, charts.NewSVG)
	if err != nil {
		return nil, err
	}
	return sh.SVG()
}
