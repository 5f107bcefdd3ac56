package charts

import (
	"fmt"
	"maps"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/charts/typeset"
	"github.com/cabinetapp/cabinet/district"
)

// TestNoTextOnText draws the meeting's charts, and one with two measures'
// goals close together under a shaded summer, at every size they are shown
// and printed at: no text drawn lies on another. Each text's box runs from
// its baseline up to its capitals' height and across its measured width.
// On a 1366 slide the maths goal's label once covered the ELA goal's, and
// "Summer" lay on the ELA goal's label.
func TestNoTextOnText(t *testing.T) {
	samples := meetingSamples()
	month := func(i int) time.Time { return time.Date(2026, time.Month(1+i), 1, 0, 0, 0, 0, time.UTC) }
	ela, maths := Series{Name: "ELA proficiency"}, Series{Name: "Maths proficiency"}
	for _, i := range []int{0, 4, 9} {
		ela.Points = append(ela.Points, Point{T: month(i), Y: []float64{52.2, 55.4, 50.5}[i/4]})
		maths.Points = append(maths.Points, Point{T: month(i), Y: []float64{45.5, 47.9, 42.3}[i/4]})
	}
	samples["ELA and maths, two goals and a summer"] = struct {
		ch    Chart
		whole []string
	}{ch: Chart{Kind: Line, Unit: district.Percent, Series: []Series{ela, maths},
		Targets: []Target{{Value: 60, Label: "ELA proficiency: target 60.0% or more"}, {Value: 55, Label: "Maths proficiency: target 55.0% or more"}},
		Shaded:  []Span{{From: month(6), To: month(8)}}, ShadeLabel: "Summer"}}
	// A slide's chart is as tall as its window leaves room for: every
	// height a slide may have, at both widths.
	sizes := maps.Clone(meetingSizes)
	for h := 360; h <= 800; h += 20 {
		sizes[fmt.Sprintf("slide 1340x%d", h)] = Options{Width: 1340, Height: h, Theme: Presentation}
		sizes[fmt.Sprintf("slide 1890x%d", h)] = Options{Width: 1890, Height: h, Theme: Presentation}
	}
	ts := typeset.Default()
	for name, s := range samples {
		for size, o := range sizes {
			t.Run(name+"/"+size, func(t *testing.T) {
				drawn := texts(t, s.ch, o)
				type rect struct{ x0, y0, x1, y1 float64 }
				boxes := make([]rect, len(drawn))
				for i, d := range drawn {
					boxes[i] = rect{d.x, d.y - ts.CapHeight*d.px, d.x + ts.Measure(d.body, d.px), d.y}
				}
				for i, a := range boxes {
					for j := i + 1; j < len(boxes); j++ {
						b := boxes[j]
						if a.x0 < b.x1-0.5 && b.x0 < a.x1-0.5 && a.y0 < b.y1-0.5 && b.y0 < a.y1-0.5 {
							t.Errorf("%q is drawn on %q", drawn[j].body, drawn[i].body)
						}
					}
				}
			})
		}
	}
}
