package charts

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"image/color"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/cabinetapp/cabinet/charts/typeset"
)

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
