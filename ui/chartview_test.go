package ui

import (
	"bytes"
	"image"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/cabinetapp/cabinet/charts"
	"github.com/cabinetapp/cabinet/district"
)

// TestASlideNeverShowsAnotherSlidesChart: a presenter steps on while the
// chart of the slide before is still being drawn. The next slide's chart,
// drawn ahead, shows at once and stays when the older drawing ends; one
// not drawn ahead leaves the view empty until it is, never showing the
// slide before's chart under the new headline.
func TestASlideNeverShowsAnotherSlidesChart(t *testing.T) {
	line := func(name string, y float64) charts.Chart {
		s := charts.Series{Name: name}
		for i := range 12 {
			s.Points = append(s.Points, charts.Point{T: time.Date(2026, time.Month(1+i), 1, 0, 0, 0, 0, time.UTC), Y: y + float64(i%3)})
		}
		return charts.Chart{Kind: charts.Line, Unit: district.Count, Series: []charts.Series{s}}
	}
	before, next := line("Phishing clicks", 5), line("Spent", 500)
	br := newTestBridge(t)
	th := func() charts.Theme { return charts.Light }
	for _, ahead := range []bool{true, false} {
		v := newChartView(br, th, 20)
		w := test.NewWindow(v)
		w.Resize(fyne.NewSize(400, 300))
		settleWindows(br, w)
		drawn, err := charts.Render(next, charts.Options{Width: v.want.X, Height: v.want.Y, Scale: float64(v.scale()), Theme: th()})
		if err != nil {
			t.Fatal(err)
		}
		v.SetChart(before) // its drawing is under way, its result not yet taken
		var given *image.RGBA
		if ahead {
			given = drawn
		}
		v.setChartImage(next, given)
		if shown, _ := v.img.Image.(*image.RGBA); ahead && shown != drawn || !ahead && shown != nil {
			t.Fatalf("drawn ahead %v: the view shows %p at once, want %p", ahead, shown, given)
		}
		br.wait()
		shown, _ := v.img.Image.(*image.RGBA)
		if shown == nil || !bytes.Equal(shown.Pix, drawn.Pix) {
			t.Fatalf("drawn ahead %v: once the drawing of the slide before ended, the view shows another chart", ahead)
		}
		w.Close()
	}
}
