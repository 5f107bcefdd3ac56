package charts

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"image"
	"image/color"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/cabinetapp/cabinet/charts/typeset"
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

// TestTexts checks what the SVG says for charts whose words matter.
func TestTexts(t *testing.T) {
	o := Options{Width: 640, Height: 360}
	cases := []struct {
		name       string
		want, none []string
	}{
		{"line-no-series", []string{defaultEmpty}, nil},
		{"line-all-gaps", []string{defaultEmpty}, nil},
		{"line-target-only", []string{defaultEmpty}, nil},
		{"bars-all-nan", []string{defaultEmpty}, nil},
		{"donut-zero", []string{defaultEmpty}, nil},
		{"line-custom-empty", []string{"Sync the Summary API to see device health for this period"}, []string{defaultEmpty}},
		{"line", []string{"Target 95.0%", "Chromebook refresh", "Devices working", "Plan"}, nil},
		{"bars", []string{"Budget cap", "Software", "$842.0K"}, nil},
		{"grouped", []string{"Alternative", "* suppressed: too few students"}, nil},
		{"stacked", []string{"*", "1,100", "Accounts"}, nil},
		{"bars-all-suppressed", []string{"*"}, []string{"12"}},
		{"hbars", []string{"Grace Hopper STEM Magnet", "93.8%", "*"}, nil},
		// Smaller type fits more rows before any is cut; the suppressed
		// row is among them, so its note shows.
		{"hbars-sixty", []string{"… and 42 more", "28.5%", "* suppressed: too few students"}, nil},
		{"donut", []string{"41%", "2.4%", "$5.07M", "Professional learning"}, nil},
		{"donut-many", []string{"Other (7)"}, []string{"School 12 of"}},
		{"donut-suppressed", []string{"40%", "60%", "*"}, nil},
		{"scatter", []string{"Spend per student", "Reading growth percentile", "$50.0K"}, nil},
		{"scatter-single", []string{"$1,200, 50.0%"}, nil},
		{"line-nan-inf", nil, []string{"NaN", "Inf", "–"}},
		{"bars-nan", nil, []string{"NaN", "Inf", "–"}},
		{"line-negative", []string{"-$400.0K", "Break even"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := texts(t, allSamples()[tc.name], o)
			for _, w := range tc.want {
				if !s.has(w) {
					t.Errorf("no text %q in %v", w, s.all())
				}
			}
			for _, w := range tc.none {
				if s.contains(w) {
					t.Errorf("text %q should not appear: %v", w, s.all())
				}
			}
		})
	}
}

// TestTextLayout: no text leaves the canvas and no two texts overlap, for
// every sample in every theme at a panel's size and at full HD.
func TestTextLayout(t *testing.T) {
	ts := typeset.Default()
	for name, ch := range allSamples() {
		for tn, th := range themes {
			for _, o := range append(panelSizes, Options{Width: 1280, Height: 720, Scale: 2}) {
				o.Theme = th
				s := texts(t, ch, o)
				boxes := make([]box, len(s))
				for i, tx := range s {
					w := ts.Measure(tx.body, tx.px)
					boxes[i] = box{tx.x, tx.y - ts.CapHeight*tx.px, tx.x + w, tx.y}
					b := boxes[i]
					if b.x0 < -1 || b.y0 < -1 || b.x1 > float64(o.Width)+1 || b.y1 > float64(o.Height)+1 {
						t.Errorf("%s/%s/%dx%d: %q at %v leaves the canvas", name, tn, o.Width, o.Height, tx.body, b)
					}
					for j := range i {
						// Boxes a pixel apart are apart.
						a := box{boxes[j].x0 + 1, boxes[j].y0 + 1, boxes[j].x1 - 1, boxes[j].y1 - 1}
						if a.overlaps(b) {
							t.Errorf("%s/%s/%dx%d: %q overlaps %q", name, tn, o.Width, o.Height, tx.body, s[j].body)
						}
					}
				}
			}
		}
	}
}

// TestSVG: every sample is well-formed XML, text is escaped, sizes scale.
func TestSVG(t *testing.T) {
	for name, ch := range allSamples() {
		b, err := RenderSVG(ch, Options{Width: 640, Height: 360})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		d := xml.NewDecoder(bytes.NewReader(b))
		for {
			if _, err := d.Token(); err != nil {
				if !errors.Is(err, io.EOF) {
					t.Errorf("%s: SVG does not parse: %v", name, err)
				}
				break
			}
		}
	}
	odd := Chart{Kind: Bars, Categories: []string{`A&M <Prep> "West"`}, Series: []Series{{Values: values(3)}}}
	b, err := RenderSVG(odd, Options{Width: 640, Height: 360})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(svgBodies(t, b), `A&M <Prep> "West"`) {
		t.Errorf("escaped label lost: %v", svgBodies(t, b))
	}
	for _, scale := range []float64{1, 2} {
		b, err := RenderSVG(lineSample(), Options{Width: 1280, Height: 720, Scale: scale})
		if err != nil {
			t.Fatal(err)
		}
		want := fmt.Sprintf("font-size:%.1fpx", Light.FontSize*scale)
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("Scale %v: no %s in the SVG", scale, want)
		}
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

// drawnText is one text drawn: baseline position, size, body.
type drawnText struct {
	x, y, px float64
	body     string
}

type svgTexts []drawnText

// recorder is a surface that keeps the texts drawn on it and nothing else.
type recorder struct{ texts svgTexts }

func (r *recorder) rect(box, color.RGBA)                        {}
func (r *recorder) fill([]pt, color.RGBA)                       {}
func (r *recorder) stroke([]pt, color.RGBA, float64, []float64) {}
func (r *recorder) text(s string, x, y, px float64, _ color.RGBA) {
	r.texts = append(r.texts, drawnText{x, y, px, s})
}

// texts draws ch and returns the texts drawn, whole and placed exactly as
// every surface is asked to draw them.
func texts(t *testing.T, ch Chart, o Options) svgTexts {
	t.Helper()
	o, err := o.normal()
	if err != nil {
		t.Fatal(err)
	}
	r := &recorder{}
	if err := drawChart(ch, newCanvas(r, typeset.Default(), o)); err != nil {
		t.Fatal(err)
	}
	return r.texts
}

// svgBodies reads the text elements of an SVG document, in order.
func svgBodies(t *testing.T, b []byte) []string {
	t.Helper()
	var out []string
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		tok, err := d.Token()
		if err != nil {
			break
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "text" {
			continue
		}
		var body struct {
			Text string `xml:",chardata"`
		}
		if err := d.DecodeElement(&body, &se); err != nil {
			t.Fatal(err)
		}
		out = append(out, body.Text)
	}
	return out
}

func (s svgTexts) has(body string) bool {
	for _, t := range s {
		if t.body == body {
			return true
		}
	}
	return false
}

func (s svgTexts) contains(part string) bool {
	for _, t := range s {
		if strings.Contains(t.body, part) {
			return true
		}
	}
	return false
}

func (s svgTexts) all() []string {
	out := make([]string, len(s))
	for i, t := range s {
		out[i] = t.body
	}
	return out
}

func TestNiceAxis(t *testing.T) {
	cases := []struct {
		lo, hi   float64
		n        int
		u        district.Unit
		zero     bool
		min, max float64
	}{
		{86, 95.1, 6, district.Percent, false, 86, 96},
		{0, 98.1, 6, district.Percent, true, 0, 100},
		{95, 99.7, 6, district.Percent, false, 95, 100},
		{50, 50, 6, district.Percent, false, 47.5, 52.5},
		{0, 0, 6, district.Percent, true, 0, 0.5},
		{0, 0, 6, district.Count, false, 0, 5},
		{1, 1, 6, district.Count, false, 0, 6},
		{12480, 12480, 6, district.Count, false, 11500, 13500},
		{0, 3, 6, district.Ratio, true, 0, 3},
		{-2.5e5, 3e5, 6, district.USD, true, -2.5e5, 5e5},
		{1e6, 1.0004e6, 6, district.USD, false, 1e6, 1.01e6},
		{0, 1.24e6, 8, district.USD, true, 0, 1.25e6},
		{-1e300, 1e300, 6, district.Count, false, -1e300, 1e300},
		// No round step covers both sides of zero in two ticks: no ticks.
		{-3e4, 5e4, 2, district.USD, true, -3e4, 5e4},
	}
	for _, tc := range cases {
		a := niceAxis(tc.lo, tc.hi, tc.n, tc.u, tc.zero)
		if math.Abs(a.lo-tc.min) > 1e-9*math.Abs(tc.min)+1e-9 || math.Abs(a.hi-tc.max) > 1e-9*math.Abs(tc.max)+1e-9 {
			t.Errorf("niceAxis(%v, %v, %d, %s) = %v..%v, want %v..%v", tc.lo, tc.hi, tc.n, tc.u, a.lo, a.hi, tc.min, tc.max)
		}
		if len(a.ticks) == 1 || len(a.ticks) > tc.n {
			t.Errorf("niceAxis(%v, %v, %d, %s): %d ticks", tc.lo, tc.hi, tc.n, tc.u, len(a.ticks))
		}
		seen := map[string]bool{}
		for _, l := range a.labels {
			if seen[l] {
				t.Errorf("niceAxis(%v, %v, %d, %s): label %q twice in %v", tc.lo, tc.hi, tc.n, tc.u, l, a.labels)
			}
			seen[l] = true
		}
	}
}

func TestTimeTicks(t *testing.T) {
	c := newCanvas(nil, typeset.Default(), Options{Width: 900, Height: 420, Scale: 1, Theme: Light})
	plot := box{60, 20, 880, 380}
	cases := []struct {
		months int
		want   []string
	}{
		{12, []string{"Jul 2021", "Sep 2021", "May 2022"}},
		{60, []string{"Jan 2022", "Jul 2022", "Jan 2026"}},
		{240, []string{"2022", "2040"}},
	}
	for _, tc := range cases {
		hi := start.AddDate(0, tc.months-1, 0)
		a := timeTicks(timeRange(start, hi), start, hi, 28*86400, plot, c)
		for _, w := range tc.want {
			if !strings.Contains(strings.Join(a.labels, "|")+"|", w+"|") {
				t.Errorf("%d months: labels %v lack %q", tc.months, a.labels, w)
			}
		}
	}
	one := timeRange(start, start)
	if len(one.labels) != 1 || one.labels[0] != "Jul 2021" || one.frac(one.ticks[0]) != 0.5 {
		t.Errorf("single moment: %v at %v", one.labels, one.ticks)
	}
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
