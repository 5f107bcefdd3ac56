package charts

import (
	"bytes"
	"image/png"
	"io"
	"testing"
	"time"

	chart "github.com/wcharczuk/go-chart/v2"
)

// go test -bench . -benchmem ./charts

func dailySample() Chart {
	ch := Chart{Kind: Line}
	for i := range 5 {
		ch.Series = append(ch.Series, Series{Name: "Series", Points: daily(365, float64(i))})
	}
	return ch
}

func monthlySample() Chart {
	ch := lineSample()
	ch.Series = ch.Series[:3]
	for i := range ch.Series {
		ch.Series[i].Points = monthly(60, func(j int) float64 { return 85 + float64(i) + 5*float64(j%12)/12 })
	}
	return ch
}

// BenchmarkLineMonthly is a dashboard tile: 3 series of 60 months at the
// size of one column of a two-column dashboard.
func BenchmarkLineMonthly(b *testing.B) {
	ch := monthlySample()
	for b.Loop() {
		if _, err := Render(ch, Options{Width: 900, Height: 420}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLineDaily is 5 series of 365 days at 1200x600, the size the go-chart
// baseline was measured at: as an image, as PNG bytes and as SVG.
func BenchmarkLineDaily(b *testing.B) {
	ch := dailySample()
	o := Options{Width: 1200, Height: 600}
	b.Run("raster", func(b *testing.B) {
		for b.Loop() {
			if _, err := Render(ch, o); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("png", func(b *testing.B) {
		for b.Loop() {
			img, err := Render(ch, o)
			if err == nil {
				err = png.Encode(io.Discard, img)
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("svg", func(b *testing.B) {
		for b.Loop() {
			if _, err := RenderSVG(ch, o); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkLineDense is 5 series of 20 years of days, downsampled.
func BenchmarkLineDense(b *testing.B) {
	ch := Chart{Kind: Line}
	for i := range 5 {
		ch.Series = append(ch.Series, Series{Points: daily(7300, float64(i))})
	}
	for b.Loop() {
		if _, err := Render(ch, Options{Width: 1200, Height: 600}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkKinds renders every kind full screen on a projector.
func BenchmarkKinds(b *testing.B) {
	for name, ch := range kindSamples() {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := Render(ch, Options{Width: 1920, Height: 1080, Theme: Presentation}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkGoChart is the baseline: go-chart's own line chart of the same
// 5x365 data, encoded as PNG, collected as an image, and as SVG.
func BenchmarkGoChart(b *testing.B) {
	var series []chart.Series
	for i := range 5 {
		ts := chart.TimeSeries{}
		for _, p := range daily(365, float64(i)) {
			ts.XValues = append(ts.XValues, p.T)
			ts.YValues = append(ts.YValues, p.Y)
		}
		series = append(series, ts)
	}
	g := chart.Chart{Width: 1200, Height: 600, Series: series, XAxis: chart.XAxis{ValueFormatter: chart.TimeValueFormatterWithFormat(time.DateOnly)}}
	b.Run("png", func(b *testing.B) {
		for b.Loop() {
			var buf bytes.Buffer
			if err := g.Render(chart.PNG, &buf); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("rgba", func(b *testing.B) {
		for b.Loop() {
			var w chart.ImageWriter
			if err := g.Render(chart.PNG, &w); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("svg", func(b *testing.B) {
		for b.Loop() {
			var buf bytes.Buffer
			if err := g.Render(chart.SVG, &buf); err != nil {
				b.Fatal(err)
			}
		}
	})
}
