package charts

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"

	"github.com/cabinetapp/cabinet/charts/typeset"
)

// Sheet is a picture larger than a chart, such as an exported slide: text
// and charts drawn on one raster image or one SVG document, every word
// laid out by the typeset measure. It is not safe for concurrent use.
type Sheet struct {
	s      surface
	raster *rasterSurface
	svg    *svgSurface
	w, h   int
}

// NewImage starts a raster sheet w by h pixels, white.
func NewImage(w, h int) (*Sheet, error) {
	if err := checkSize(w, h); err != nil {
		return nil, err
	}
	r, err := newRasterSurface(w, h, typeset.Default())
	if err != nil {
		return nil, err
	}
	draw.Draw(r.img, r.img.Bounds(), image.White, image.Point{}, draw.Src)
	return &Sheet{s: r, raster: r, w: w, h: h}, nil
}

// NewSVG starts an SVG sheet w by h user units, white.
func NewSVG(w, h int) (*Sheet, error) {
	if err := checkSize(w, h); err != nil {
		return nil, err
	}
	s, err := newSVGSurface(w, h, typeset.Default())
	if err != nil {
		return nil, err
	}
	sh := &Sheet{s: s, svg: s, w: w, h: h}
	sh.s.rect(box{0, 0, float64(w), float64(h)}, color.RGBA{0xFF, 0xFF, 0xFF, 0xFF})
	return sh, nil
}

func checkSize(w, h int) error {
	_, err := Options{Width: w, Height: h}.normal()
	return err
}

// Text sets s at px pixels in c, from x with its baseline at y.
func (sh *Sheet) Text(s string, x, y, px float64, c color.RGBA) {
	sh.s.text(s, x, y, px, c)
}

// Chart draws c with its top left corner at x, y, o.Width by o.Height.
func (sh *Sheet) Chart(c Chart, x, y float64, o Options) error {
	o, err := o.normal()
	if err != nil {
		return err
	}
	if sh.raster != nil {
		// A chart drawn apart and laid on the sheet keeps to its box and
		// is the very image Render draws.
		img, err := Render(c, o)
		if err != nil {
			return err
		}
		at := image.Pt(int(x), int(y))
		draw.Draw(sh.raster.img, img.Bounds().Add(at), img, image.Point{}, draw.Src)
		return nil
	}
	ts := typeset.Default()
	return drawChart(c, newCanvas(shifted{sh.s, x, y}, ts, o))
}

// Image is a raster sheet's picture.
func (sh *Sheet) Image() *image.RGBA {
	if sh.raster == nil {
		return nil
	}
	return sh.raster.img
}

// PNG encodes a raster sheet.
func (sh *Sheet) PNG() ([]byte, error) {
	if sh.raster == nil {
		return nil, fmt.Errorf("encoding a PNG: the sheet is not a raster image")
	}
	var b bytes.Buffer
	if err := png.Encode(&b, sh.raster.img); err != nil {
		return nil, fmt.Errorf("encoding a PNG: %w", err)
	}
	return b.Bytes(), nil
}

// SVG finishes an SVG sheet's document.
func (sh *Sheet) SVG() ([]byte, error) {
	if sh.svg == nil {
		return nil, fmt.Errorf("writing an SVG: the sheet is not an SVG document")
	}
	return sh.svg.bytes()
}
