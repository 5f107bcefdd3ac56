package charts

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/cabinetapp/cabinet/district"
)

// allSamples is every kind sample and every edge case.
func allSamples() map[string]Chart {
	all := kindSamples()
	for name, ch := range edgeSamples() {
		all[name] = ch
	}
	return all
}

var themes = map[string]Theme{"light": Light, "dark": Dark, "presentation": Presentation}

// panelSizes are a half-screen panel at 1366x768 and a full HD screen.
var panelSizes = []Options{{Width: 640, Height: 360}, {Width: 1920, Height: 1080}}

func mustRender(t *testing.T, ch Chart, o Options) *image.RGBA {
	t.Helper()
	img, err := Render(ch, o)
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	if got := img.Bounds().Size(); got.X != o.Width || got.Y != o.Height {
		t.Fatalf("image is %v, want %dx%d", got, o.Width, o.Height)
	}
	return img
}

// near reports whether two colours differ by at most tol in every channel.
func near(a, b color.RGBA, tol int) bool {
	d := func(x, y uint8) bool { return int(x)-int(y) <= tol && int(y)-int(x) <= tol }
	return d(a.R, b.R) && d(a.G, b.G) && d(a.B, b.B)
}

// count is how many pixels of img are within tol of col, in rect r.
func count(img *image.RGBA, r image.Rectangle, col color.RGBA, tol int) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		row := img.Pix[img.PixOffset(r.Min.X, y):img.PixOffset(r.Max.X, y)]
		for i := 0; i < len(row); i += 4 {
			if near(color.RGBA{row[i], row[i+1], row[i+2], row[i+3]}, col, tol) {
				n++
			}
		}
	}
	return n
}

// distinctColors counts the colours in img, up to limit.
func distinctColors(img *image.RGBA, limit int) int {
	seen := map[[4]byte]bool{}
	for i := 0; i < len(img.Pix) && len(seen) < limit; i += 4 {
		seen[[4]byte(img.Pix[i:i+4])] = true
	}
	return len(seen)
}

// TestRenderAll draws every kind and edge case in every theme at a
// dashboard panel's size and at full HD, and checks the result is a
// picture: the background, and a good number of pixels that are not.
func TestRenderAll(t *testing.T) {
	for name, ch := range allSamples() {
		for tn, th := range themes {
			for _, o := range panelSizes {
				o.Theme = th
				t.Run(fmt.Sprintf("%s/%s/%dx%d", name, tn, o.Width, o.Height), func(t *testing.T) {
					img := mustRender(t, ch, o)
					if got := img.RGBAAt(0, 0); got != th.Background {
						t.Errorf("corner is %v, want the background %v", got, th.Background)
					}
					// An empty panel's message is the least a chart draws.
					if drawn := o.Width*o.Height - count(img, img.Bounds(), th.Background, 0); drawn < 500 {
						t.Errorf("only %d pixels differ from the background", drawn)
					}
					if n := distinctColors(img, 8); n < 8 {
						t.Errorf("only %d distinct colours", n)
					}
				})
			}
		}
	}
}

// TestTinySizes: any positive size gets an image of that size, even where
// nothing fits.
func TestTinySizes(t *testing.T) {
	for name, ch := range allSamples() {
		for _, sz := range [][2]int{{1, 1}, {2, 3}, {10, 10}, {37, 19}, {100, 60}, {200, 100}, {3000, 8}} {
			for _, scale := range []float64{1, 3} {
				o := Options{Width: sz[0], Height: sz[1], Scale: scale}
				mustRender(t, ch, o)
				if _, err := RenderSVG(ch, o); err != nil {
					t.Errorf("%s at %dx%d: RenderSVG: %v", name, sz[0], sz[1], err)
				}
			}
		}
	}
}

func TestInvalidInput(t *testing.T) {
	ch := lineSample()
	for _, o := range []Options{{}, {Width: 0, Height: 10}, {Width: 10, Height: -1}, {Width: MaxSide + 1, Height: 10}} {
		if _, err := Render(ch, o); !errors.Is(err, ErrSize) {
			t.Errorf("Render at %dx%d: err = %v, want ErrSize", o.Width, o.Height, err)
		}
		if _, err := RenderSVG(ch, o); !errors.Is(err, ErrSize) {
			t.Errorf("RenderSVG at %dx%d: err = %v, want ErrSize", o.Width, o.Height, err)
		}
	}
	if _, err := Render(Chart{Kind: Kind(99)}, Options{Width: 10, Height: 10}); err == nil {
		t.Error("Render of an unknown kind: no error")
	}
}

// TestOptionDefaults: a zero Theme is Light, a bad Scale is 1 and an
// extreme one is held in range.
func TestOptionDefaults(t *testing.T) {
	ch := kindSamples()["bars"]
	for scale, want := range map[float64]float64{0: 1, -2: 1, math.NaN(): 1, math.Inf(1): 1, 1e9: MaxScale, 1e-9: MinScale} {
		wantImg := mustRender(t, ch, Options{Width: 320, Height: 200, Scale: want, Theme: Light})
		got := mustRender(t, ch, Options{Width: 320, Height: 200, Scale: scale})
		if !bytes.Equal(got.Pix, wantImg.Pix) {
			t.Errorf("Scale %v with the zero Theme differs from Scale %v in Light", scale, want)
		}
	}
}

// TestLineGap: a line breaks where points are gaps; it is not drawn
// through them or down to zero.
func TestLineGap(t *testing.T) {
	pts := monthly(24, func(i int) float64 { return 50 + 10*math.Sin(float64(i)/3) })
	o := Options{Width: 640, Height: 360}
	emptyRun := func(pts []Point) int {
		img := mustRender(t, Chart{Kind: Line, Series: []Series{{Points: pts}}}, o)
		col := Light.Series[0]
		longest, run, seen := 0, 0, false
		for x := range o.Width {
			if count(img, image.Rect(x, 0, x+1, o.Height), col, 30) > 0 {
				if seen {
					longest = max(longest, run)
				}
				seen, run = true, 0
			} else {
				run++
			}
		}
		return longest
	}
	if n := emptyRun(pts); n > 2 {
		t.Fatalf("unbroken line leaves %d columns without line colour", n)
	}
	gapped := append([]Point(nil), pts...)
	for i := 10; i < 14; i++ {
		gapped[i].Gap, gapped[i].Y = true, 0
	}
	gapped[16].Y = math.NaN()
	// Months 9 to 14 are 5 of the 23 months across roughly 600 pixels.
	if n := emptyRun(gapped); n < 90 {
		t.Errorf("gap of 4 months leaves only %d columns without line colour", n)
	}
}

func TestHighlight(t *testing.T) {
	for _, name := range []string{"hbars", "hbars-sixty"} {
		ch := allSamples()[name]
		for tn, th := range themes {
			img := mustRender(t, ch, Options{Width: 640, Height: 360, Theme: th})
			if n := count(img, img.Bounds(), th.Highlight, 0); n < 100 {
				t.Errorf("%s in %s: %d pixels of the highlight colour", name, tn, n)
			}
			ch.Highlight = -1
			img = mustRender(t, ch, Options{Width: 640, Height: 360, Theme: th})
			if n := count(img, img.Bounds(), th.Highlight, 0); n > 0 && th.Highlight != th.Series[0] {
				t.Errorf("%s in %s without highlight: %d pixels of the highlight colour", name, tn, n)
			}
			ch.Highlight = allSamples()[name].Highlight
		}
	}
}

func TestTargetLine(t *testing.T) {
	for _, name := range []string{"line", "bars", "hbars"} {
		ch := kindSamples()[name]
		img := mustRender(t, ch, Options{Width: 640, Height: 360})
		with := count(img, img.Bounds(), Light.Target, 0)
		ch.Target = nil
		img = mustRender(t, ch, Options{Width: 640, Height: 360})
		without := count(img, img.Bounds(), Light.Target, 0)
		if with < 200 || without > 20 {
			t.Errorf("%s: %d target-coloured pixels with the target, %d without", name, with, without)
		}
	}
}

func TestDarkBackground(t *testing.T) {
	img := mustRender(t, lineSample(), Options{Width: 640, Height: 360, Theme: Dark})
	bg := img.RGBAAt(2, 2)
	if lum := 0.2126*float64(bg.R) + 0.7152*float64(bg.G) + 0.0722*float64(bg.B); lum > 40 {
		t.Errorf("dark background %v has luminance %.0f", bg, lum)
	}
}

// TestFlatLine: a constant series is a level line, not an error.
func TestFlatLine(t *testing.T) {
	ch := edgeSamples()["line-constant"]
	img := mustRender(t, ch, Options{Width: 640, Height: 360})
	top, bottom := 360, 0
	for y := range 360 {
		if count(img, image.Rect(0, y, 640, y+1), Light.Series[0], 0) > 100 {
			top, bottom = min(top, y), max(bottom, y)
		}
	}
	if bottom < top || bottom-top > 3 {
		t.Errorf("constant series covers rows %d to %d", top, bottom)
	}
	// A count is measured from zero.
	if s := texts(t, ch, Options{Width: 640, Height: 360}); !s.has("0") || !s.has("12,500") {
		t.Errorf("no ticks from zero past the constant value: %v", s.all())
	}
}

// TestSinglePoint: a lone point is a dot with its value.
func TestSinglePoint(t *testing.T) {
	ch := edgeSamples()["line-single-point"]
	img := mustRender(t, ch, Options{Width: 640, Height: 360})
	r := Light.DotRadius
	if n := count(img, img.Bounds(), Light.Series[0], 0); float64(n) < 2*r*r {
		t.Errorf("single point: %d pixels of the series colour", n)
	}
	if s := texts(t, ch, Options{Width: 640, Height: 360}); !s.has("94.2%") {
		t.Errorf("single point has no value label: %v", s.all())
	}
}

// TestConcurrent renders from many goroutines at once (run with -race)
// and gets what one goroutine gets.
func TestConcurrent(t *testing.T) {
	samples := kindSamples()
	want := map[string][]byte{}
	for name, ch := range samples {
		want[name] = mustRender(t, ch, Options{Width: 400, Height: 240}).Pix
	}
	var wg sync.WaitGroup
	for range 4 {
		for name, ch := range samples {
			wg.Go(func() {
				img, err := Render(ch, Options{Width: 400, Height: 240})
				if err != nil {
					t.Error(err)
					return
				}
				if !bytes.Equal(img.Pix, want[name]) {
					t.Errorf("%s drawn concurrently differs", name)
				}
			})
		}
	}
	wg.Wait()
}

func TestThin(t *testing.T) {
	var p []pt
	for i := range 10000 {
		x := float64(i) / 20
		y := math.Sin(x)
		if i == 5003 {
			y = 50 // a spike must survive
		}
		p = append(p, pt{x, y})
	}
	out := thin(p)
	if cols := 500; len(out) > 2*cols+2 {
		t.Errorf("thin kept %d of %d points over %d columns", len(out), len(p), cols)
	}
	spike := false
	for i, q := range out {
		spike = spike || q.y == 50
		if i > 0 && q.x < out[i-1].x {
			t.Fatal("thin reordered points")
		}
	}
	if !spike || out[0] != p[0] || out[len(out)-1] != p[len(p)-1] {
		t.Errorf("thin lost the spike or an end")
	}
	var short []pt
	for i := range 100 {
		short = append(short, pt{float64(2 * i), float64(i % 7)})
	}
	if got := thin(short); len(got) != len(short) {
		t.Errorf("thin changed a line with fewer points than columns")
	}
}

func TestHBarRows(t *testing.T) {
	cases := []struct {
		n, hl, fit int
		rows       []int
		more       int
	}{
		{3, -1, 5, []int{0, 1, 2}, 0},
		{10, -1, 4, []int{0, 1, 2, -1}, 7},
		{10, 1, 4, []int{0, 1, 2, -1}, 7},
		{10, 8, 4, []int{0, 1, -1, 8}, 7},
		{10, 8, 2, []int{-1, 8}, 9},
		{10, 8, 1, []int{8}, 0},
		{10, -1, 0, []int{0}, 0},
	}
	for _, tc := range cases {
		rows, more := hbarRows(tc.n, tc.hl, tc.fit)
		if fmt.Sprint(rows) != fmt.Sprint(tc.rows) || more != tc.more {
			t.Errorf("hbarRows(%d, %d, %d) = %v, %d; want %v, %d", tc.n, tc.hl, tc.fit, rows, more, tc.rows, tc.more)
		}
	}
}

func TestShare(t *testing.T) {
	for v, want := range map[float64]string{0: "0%", 0.05: "<0.1%", 2.4: "2.4%", 9.94: "9.9%", 9.96: "10%", 41.4: "41%", 100: "100%"} {
		if got := share(v, 100); got != want {
			t.Errorf("share(%v, 100) = %q, want %q", v, got, want)
		}
	}
}

// TestRandomCharts throws odd data at every kind (values of every
// magnitude and sign, NaN, ±Inf, gaps, suppression, empty and unicode
// names) at odd sizes: nothing may fail or panic.
func TestRandomCharts(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	value := func() float64 {
		switch r.IntN(10) {
		case 0:
			return math.NaN()
		case 1:
			return math.Inf(1 - 2*r.IntN(2))
		case 2:
			return (r.Float64() - 0.5) * math.Pow(10, float64(r.IntN(600)-300))
		case 3:
			return 0
		}
		return r.NormFloat64() * 100
	}
	name := func() string {
		return []string{"", "A", "École Élémentaire Saint-Exupéry", "東京第一小学校", "x&y<z>", strings.Repeat("Long name ", 12)}[r.IntN(6)]
	}
	units := []district.Unit{district.Count, district.Percent, district.Days, district.Mbps, district.USD, district.Ratio, district.Percentile, ""}
	for i := range 300 {
		ch := Chart{Kind: Kind(r.IntN(6)), Unit: units[r.IntN(len(units))], XUnit: units[r.IntN(len(units))], Highlight: r.IntN(8) - 2, YLabel: name(), XLabel: name()}
		if r.IntN(3) == 0 {
			ch.Target = &Target{Value: value(), Label: name()}
		}
		for range r.IntN(5) {
			ch.Categories = append(ch.Categories, name())
		}
		for range r.IntN(5) {
			s := Series{Name: name(), Dashed: r.IntN(2) == 0}
			for j := range r.IntN(60) {
				s.Points = append(s.Points, Point{T: start.AddDate(0, j*r.IntN(3), r.IntN(40)-20), X: value(), Y: value(), Gap: r.IntN(8) == 0, Text: name()})
				s.Values = append(s.Values, Value{V: value(), Suppressed: r.IntN(8) == 0})
			}
			ch.Series = append(ch.Series, s)
		}
		for range r.IntN(4) {
			ch.Annotations = append(ch.Annotations, Annotation{T: start.AddDate(0, r.IntN(40), 0), Text: name()})
		}
		o := Options{Width: 1 + r.IntN(900), Height: 1 + r.IntN(600), Scale: []float64{0.5, 1, 1.5, 2}[r.IntN(4)], Theme: []Theme{Light, Dark, Presentation}[r.IntN(3)]}
		if _, err := Render(ch, o); err != nil {
			t.Errorf("chart %d: %v", i, err)
		}
		if _, err := RenderSVG(ch, o); err != nil {
			t.Errorf("chart %d: SVG: %v", i, err)
		}
	}
}

func TestShadedSpans(t *testing.T) {
	ch := lineSample()
	from, to := ch.Series[1].Points[0].T, ch.Series[1].Points[len(ch.Series[1].Points)-1].T
	mid := from.Add(to.Sub(from) / 2)
	band := mix(Light.Background, Light.Grid, 0.6)
	o := Options{Width: 640, Height: 360}
	without := count(mustRender(t, ch, o), image.Rect(0, 0, 640, 360), band, 0)
	ch.Shaded = []Span{{From: mid.AddDate(0, -2, 0), To: mid.AddDate(0, 2, 0)}, {From: to.AddDate(1, 0, 0), To: to.AddDate(2, 0, 0)}}
	ch.ShadeLabel = "Summer"
	img := mustRender(t, ch, o)
	if with := count(img, image.Rect(0, 0, 640, 360), band, 0); with < without+2000 {
		t.Fatalf("%d band-coloured pixels with a four-month band, %d without", with, without)
	}
	if left, right := count(img, image.Rect(0, 0, 200, 360), band, 0), count(img, image.Rect(440, 0, 640, 360), band, 0); left > 50 || right > 50 {
		t.Fatalf("the band spills: %d pixels at the left, %d at the right (the second band lies past the axis)", left, right)
	}
	svg, err := RenderSVG(ch, o)
	if err != nil || !bytes.Contains(svg, []byte("Summer")) {
		t.Fatalf("the SVG does not name the band (%v)", err)
	}
}
