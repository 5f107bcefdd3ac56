package ui

import (
	"context"
	"image"
	"math"
	"reflect"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"

	"github.com/cabinetapp/cabinet/charts"
)

// chartView shows a chart drawn at the exact pixel size it occupies, so it
// is crisp at any scale. It re-renders only when its chart or its size
// changes, off the UI goroutine, and always into the same canvas.Image.
type chartView struct {
	widget.BaseWidget
	br    *bridge
	theme func() charts.Theme
	img   *canvas.Image

	chart     charts.Chart
	hasChart  bool
	rendering bool
	want      image.Point // device pixels wanted by the latest layout
	drawn     image.Point // device pixels of the image shown
	version   int         // bumps when the chart changes
	drawnVer  int
	minHeight float32
}

func newChartView(br *bridge, theme func() charts.Theme, minHeight float32) *chartView {
	v := &chartView{br: br, theme: theme, minHeight: minHeight, img: canvas.NewImageFromImage(nil)}
	v.img.FillMode = canvas.ImageFillStretch
	v.img.ScaleMode = canvas.ImageScaleFastest
	v.ExtendBaseWidget(v)
	return v
}

// SetChart shows a new chart; call on the UI goroutine.
// A chart equal to the one shown is not drawn again: most charts do not
// change when the school or period picker does.
func (v *chartView) SetChart(c charts.Chart) {
	if v.hasChart && reflect.DeepEqual(c, v.chart) {
		return
	}
	v.chart, v.hasChart = c, true
	v.version++
	v.update()
}

// setChartImage shows a chart whose image was drawn ahead, in the
// background: if it was drawn at the size the view has, it appears at once
// with no render, and a render still running for the chart before is
// dropped when it ends; otherwise the view is empty until it has rendered
// the chart, so that a slide never shows the chart of the slide before.
func (v *chartView) setChartImage(c charts.Chart, img *image.RGBA) {
	v.chart, v.hasChart = c, true
	v.version++
	if img != nil && img.Bounds().Size() == v.want {
		v.img.Image = img
		v.img.Refresh()
		v.drawn, v.drawnVer = v.want, v.version
		return
	}
	v.img.Image = nil
	v.img.Refresh()
	v.update()
}

// pixelSize is the size, in device pixels, the view last laid out at.
func (v *chartView) pixelSize() image.Point { return v.want }

// update starts a render if the image does not match the chart and size,
// and none is running; a render that finishes checks again, so the latest
// size and chart always win without queueing every step of a resize.
func (v *chartView) update() {
	if v.rendering || !v.hasChart || v.want.X <= 0 || v.want.Y <= 0 {
		return
	}
	if v.want == v.drawn && v.version == v.drawnVer {
		return
	}
	v.rendering = true
	size, version, c, th := v.want, v.version, v.chart, v.theme()
	scale := float64(v.scale())
	background(v.br, func(context.Context) (*image.RGBA, error) {
		return charts.Render(c, charts.Options{Width: size.X, Height: size.Y, Scale: scale, Theme: th})
	}, func(img *image.RGBA, err error) {
		v.rendering = false
		// A chart replaced while it was drawn is not shown: the newest wins.
		if err == nil && version == v.version {
			v.img.Image = img
			v.drawn, v.drawnVer = size, version
			v.img.Refresh()
		}
		v.update()
	})
}

// scale is the canvas's device pixels per logical pixel.
func (v *chartView) scale() float32 {
	if c := fyne.CurrentApp().Driver().CanvasForObject(v); c != nil {
		return c.Scale()
	}
	return 1
}

func (v *chartView) resized(size fyne.Size) {
	s := v.scale()
	v.want = image.Pt(int(math.Round(float64(size.Width*s))), int(math.Round(float64(size.Height*s))))
	v.update()
}

// restyle re-renders after a light/dark switch.
func (v *chartView) restyle() {
	v.version++
	v.update()
}

func (v *chartView) CreateRenderer() fyne.WidgetRenderer {
	return &chartRenderer{v: v}
}

type chartRenderer struct{ v *chartView }

func (r *chartRenderer) Layout(size fyne.Size) {
	// A frame squeezed below its padding lays its chart out at a negative
	// size, which Fyne's software painter cannot draw: none, then.
	if size.Width <= 0 || size.Height <= 0 {
		size = fyne.Size{}
	}
	r.v.img.Resize(size)
	r.v.resized(size)
}

func (r *chartRenderer) MinSize() fyne.Size { return fyne.NewSize(200, r.v.minHeight) }

func (r *chartRenderer) Refresh() { r.v.img.Refresh() }

func (r *chartRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.v.img} }

func (r *chartRenderer) Destroy() {}
