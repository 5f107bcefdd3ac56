package charts

import (
	"errors"
	"fmt"
	"image"
	"math"

	"github.com/cabinetapp/cabinet/charts/typeset"
)

// Options say how big a chart is drawn and how it looks.
type Options struct {
	// Width and Height are the size in device pixels: for a Fyne canvas
	// object, its size times the canvas's scale.
	Width, Height int
	// Scale is device pixels per logical pixel; the theme's sizes are
	// multiplied by it, so a chart is as legible on a HiDPI screen. Zero
	// (or anything not positive and finite) means 1; it is held within
	// MinScale to MaxScale, past which lines would swamp the chart.
	Scale float64
	// Theme is the look. A theme with no Series colours, such as the zero
	// Theme, means Light.
	Theme Theme
}

// MaxSide is the largest width or height drawn: beyond it the image alone
// would take gigabytes.
const MaxSide = 16384

// The range Options.Scale is held within.
const (
	MinScale = 0.25
	MaxScale = 8
)

// ErrSize reports a width or height that is not drawable.
var ErrSize = errors.New("chart size out of range")

func (o Options) normal() (Options, error) {
	if o.Width <= 0 || o.Height <= 0 || o.Width > MaxSide || o.Height > MaxSide {
		return o, fmt.Errorf("%w: %dx%d, want 1 to %d a side", ErrSize, o.Width, o.Height, MaxSide)
	}
	if !(o.Scale > 0) || math.IsInf(o.Scale, 0) {
		o.Scale = 1
	}
	o.Scale = math.Max(MinScale, math.Min(MaxScale, o.Scale))
	if len(o.Theme.Series) == 0 {
		o.Theme = Light
	}
	return o, nil
}

// Render draws c as an image of exactly o.Width by o.Height pixels. It is
// safe to call from any goroutine. It fails only for a size out of range or
// an unknown Kind; awkward data draws a "no data" panel or what can be drawn.
func Render(c Chart, o Options) (*image.RGBA, error) {
	o, err := o.normal()
	if err != nil {
		return nil, fmt.Errorf("render chart: %w", err)
	}
	s, err := newRasterSurface(o.Width, o.Height, typeset.Default())
	if err != nil {
		return nil, fmt.Errorf("render chart: %w", err)
	}
	if err := drawChart(c, newCanvas(s, s.ts, o)); err != nil {
		return nil, fmt.Errorf("render chart: %w", err)
	}
	return s.img, nil
}

// RenderSVG draws c as an SVG document o.Width by o.Height user units.
// Text is set in Roboto, named by family, so the SVG reads the same where
// Roboto is installed.
func RenderSVG(c Chart, o Options) ([]byte, error) {
	sh, err := NewSVG(o.Width, o.Height)
	if err != nil {
		return nil, fmt.Errorf("render chart SVG: %w", err)
	}
	if err := sh.Chart(c, 0, 0, o); err != nil {
		return nil, fmt.Errorf("render chart SVG: %w", err)
	}
	return sh.SVG()
}

func drawChart(ch Chart, c *canvas) error {
	c.rect(box{0, 0, c.w, c.h}, c.th.Background)
	switch ch.Kind {
	case Line:
		drawLine(c, ch)
	case Bars:
		drawBars(c, ch, false)
	case StackedBars:
		drawBars(c, ch, true)
	case HBars:
		drawHBars(c, ch)
	case Donut:
		drawDonut(c, ch)
	case Scatter:
		drawScatter(c, ch)
	default:
		return fmt.Errorf("unknown chart kind %d", ch.Kind)
	}
	return nil
}
