package export

import (
	"strings"
	"testing"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/cabinetapp/cabinet/charts"
	"github.com/cabinetapp/cabinet/district"
)

// sampleSVGs are charts of each kind as charts.RenderSVG writes them.
func sampleSVGs(t testing.TB) [][]byte {
	t.Helper()
	month := func(i int) time.Time { return time.Date(2026, time.Month(i+1), 1, 0, 0, 0, 0, time.UTC) }
	line := charts.Series{Name: "Tickets"}
	for i := range 12 {
		line.Points = append(line.Points, charts.Point{T: month(i), Y: float64(100 + 10*i%7), Gap: i == 5})
	}
	plan := line
	plan.Name, plan.Dashed = "Plan", true
	bars := charts.Series{Name: "Budget", Values: []charts.Value{{V: 3}, {V: 5}, {Suppressed: true}}}
	samples := []charts.Chart{
		{Kind: charts.Line, Unit: district.Count, Highlight: -1, Series: []charts.Series{line, plan},
			Target: &charts.Target{Value: 120}, Annotations: []charts.Annotation{{T: month(3), Text: "New help desk & more"}}},
		{Kind: charts.HBars, Unit: district.Percent, Highlight: 1, Categories: []string{"Adams", "Baker <Elementary>", "Cole"}, Series: []charts.Series{bars}},
		{Kind: charts.Donut, Unit: district.USD, Highlight: -1, Categories: []string{"General", "E-Rate", "Grants"}, Series: []charts.Series{bars}},
		{Kind: charts.Bars, Highlight: -1},
	}
	var out [][]byte
	for _, c := range samples {
		svg, err := charts.RenderSVG(c, charts.Options{Width: 900, Height: 500, Scale: 2})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, svg)
	}
	return out
}

func newPDF(t testing.TB) (*fpdf.Fpdf, *typesetter) {
	t.Helper()
	pdf := fpdf.New("L", "mm", "Letter", "")
	ts, err := newTypesetter(pdf)
	if err != nil {
		t.Fatal(err)
	}
	pdf.AddPage()
	return pdf, ts
}

// TestDrawSVGReadsWhatChartsWrites draws every kind of chart and checks
// the reader met text and both filled and stroked paths.
func TestDrawSVGReadsWhatChartsWrites(t *testing.T) {
	for i, svg := range sampleSVGs(t) {
		var texts, fills, strokes int
		err := walkSVG(svg, func(el svgElement) error {
			switch {
			case el.isTxt:
				texts++
			case el.style.hasFill:
				fills++
			case el.style.hasStroke:
				strokes++
			}
			return nil
		})
		if err != nil {
			t.Fatalf("chart %d: %v", i, err)
		}
		if texts == 0 || fills == 0 {
			t.Errorf("chart %d: %d texts, %d fills, %d strokes", i, texts, fills, strokes)
		}
		pdf, ts := newPDF(t)
		if err := drawSVG(pdf, ts.clean, svg, svgPlacement{x: 10, y: 10, k: 0.14}, 126, 70); err != nil {
			t.Fatalf("chart %d: %v", i, err)
		}
		if err := pdf.Error(); err != nil {
			t.Fatalf("chart %d: %v", i, err)
		}
	}
}

func TestReadSVGText(t *testing.T) {
	var got []string
	err := walkSVG([]byte(`<svg viewBox="0 0 10 10"><text x="1" y="2" style="fill:rgb(1,2,3);font-size:12.0px">Baker &lt;Elementary&gt; &amp; co</text></svg>`), func(el svgElement) error {
		got = append(got, el.text)
		if el.x != 1 || el.y != 2 || el.style.fontPx != 12 || el.style.fill != (rgb{1, 2, 3}) {
			t.Errorf("text read as %+v", el)
		}
		return nil
	})
	if err != nil || len(got) != 1 || got[0] != "Baker <Elementary> & co" {
		t.Fatalf("texts %q, %v", got, err)
	}
}

func TestSVGRefusesWhatChartsDoesNotWrite(t *testing.T) {
	tests := map[string]string{
		"a group":            `<svg><g></g></svg>`,
		"a curve":            `<svg><path d="M 0 0 C 1 1 2 2 3 3" style="fill:rgb(0,0,0)"/></svg>`,
		"a relative line":    `<svg><path d="M 0 0 l 1 1" style="fill:rgb(0,0,0)"/></svg>`,
		"a short path":       `<svg><path d="M 0" style="fill:rgb(0,0,0)"/></svg>`,
		"a path from a line": `<svg><path d="L 0 0" style="fill:rgb(0,0,0)"/></svg>`,
		"a bad colour":       `<svg><path d="M 0 0 L 1 1" style="fill:rgb(300,0,0)"/></svg>`,
		"a named colour":     `<svg><path d="M 0 0 L 1 1" style="fill:red"/></svg>`,
		"a bad number":       `<svg><text x="NaN" y="1" style="fill:rgb(0,0,0)">a</text></svg>`,
		"a huge number":      `<svg><path d="M 0 0 L 1e300 1" style="fill:rgb(0,0,0)"/></svg>`,
		"a negative dash":    `<svg><path d="M 0 0 L 1 1" stroke-dasharray="-1" style="stroke:rgb(0,0,0)"/></svg>`,
		"markup in a text":   `<svg><text x="1" y="1" style="fill:rgb(0,0,0)"><tspan>a</tspan></text></svg>`,
		"no root":            `<path d="M 0 0 L 1 1" style="fill:rgb(0,0,0)"/>`,
		"an open end":        `<svg><path d="M 0 0 L 1 1" style="fill:rgb(0,0,0)"/>`,
		"not XML":            `<svg><path d="M 0 0 L 1 1" style="fill:rgb(0,0,0)"></svg>`,
	}
	for name, svg := range tests {
		t.Run(name, func(t *testing.T) {
			if err := walkSVG([]byte(svg), func(svgElement) error { return nil }); err == nil {
				t.Fatal("read without an error")
			}
		})
	}
}

func TestParseColor(t *testing.T) {
	tests := []struct {
		in    string
		want  rgb
		alpha float64
		ok    bool
	}{
		{"rgb(0,114,178)", rgb{0, 114, 178}, 1, true},
		{"rgba(10, 20, 30, 0.5)", rgb{10, 20, 30}, 0.5, true},
		{"rgba(10,20,30,0.0)", rgb{10, 20, 30}, 0, false},
		{"none", rgb{}, 1, false},
	}
	for _, tt := range tests {
		c, alpha, ok, err := parseColor(tt.in)
		if err != nil || c != tt.want || alpha != tt.alpha || ok != tt.ok {
			t.Errorf("parseColor(%q) = %v %v %v %v", tt.in, c, alpha, ok, err)
		}
	}
	for _, bad := range []string{"rgb(1,2)", "rgb(1,2,3,4)", "rgba(1,2,3,2)", "#fff", "rgb(a,b,c)"} {
		if _, _, _, err := parseColor(bad); err == nil {
			t.Errorf("parseColor(%q) accepted", bad)
		}
	}
}

// FuzzDrawSVG feeds the reader mangled charts: it may refuse them, but it
// must neither panic nor leave the PDF in error. It draws with a core
// font: embedding Roboto in a new PDF for every input would make each run
// take milliseconds, and the font is not what is being fuzzed.
func FuzzDrawSVG(f *testing.F) {
	font, err := robotoFont()
	if err != nil {
		f.Fatal(err)
	}
	clean := func(s string) string { return cleanText(font, s) }
	for _, svg := range sampleSVGs(f) {
		f.Add(svg)
	}
	f.Add([]byte(`<svg><path d="M 0 0 L 1 1 Z" stroke-dasharray="1,2" style="stroke-width:2;stroke:rgba(0,0,0,0.5);fill:none"/><text x="0" y="0" style="fill:rgb(0,0,0);font-size:0px">😀</text></svg>`))
	f.Add([]byte(strings.Repeat("<svg>", 50)))
	f.Fuzz(func(t *testing.T, svg []byte) {
		pdf := fpdf.New("L", "mm", "Letter", "")
		pdf.SetFont("Helvetica", "", 10)
		pdf.AddPage()
		if err := drawSVG(pdf, clean, svg, svgPlacement{x: 10, y: 10, k: 0.14}, 100, 60); err != nil {
			return
		}
		if err := pdf.Error(); err != nil {
			t.Fatalf("the PDF is in error after a chart was drawn: %v", err)
		}
	})
}
