package charts

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/charts/typeset"
	"github.com/cabinetapp/cabinet/district"
)

// meetingSizes are the sizes Cabinet draws a chart at: a card of the
// dashboard at 1366x768 and at 1920x1080, the large view, a slide at both
// sizes, the presenter view's slide, and the packet's page with and
// without a column of speaker notes (9.5-point type on 251 and 167 mm).
var meetingSizes = map[string]Options{
	"card at 1366":       {Width: 630, Height: 250, Theme: Light},
	"card at 1920":       {Width: 910, Height: 330, Theme: Light},
	"large view at 1366": {Width: 1180, Height: 420, Theme: Light},
	"slide at 1366":      {Width: 1340, Height: 540, Theme: Presentation},
	"slide at 1920":      {Width: 1890, Height: 790, Theme: Presentation},
	"presenter view":     {Width: 760, Height: 300, Theme: Light},
	"packet page":        {Width: 900, Height: 480, Theme: Light},
	"packet with notes":  {Width: 600, Height: 480, Theme: Light},
}

// meetingSamples are charts as the demo district's dashboard, slides and
// packet draw them, with the labels, legends and notes that carry their
// meaning, and those words: each must be drawn whole at every meeting size.
func meetingSamples() map[string]struct {
	ch    Chart
	whole []string
} {
	month := func(i int) time.Time { return time.Date(2026, time.Month(1+i), 1, 0, 0, 0, 0, time.UTC) }
	line := func(name string, dashed bool, f func(i int) float64) Series {
		s := Series{Name: name, Dashed: dashed}
		for i := range 12 {
			s.Points = append(s.Points, Point{T: month(i), Y: f(i)})
		}
		return s
	}
	ranking := []string{"Lincoln Middle School", "Adams Elementary", "Riverside High School", "North Valley High School",
		"Franklin Middle School", "Kingsley Elementary", "Glenwood Elementary", "Harbor Point Elementary", "Brookside Elementary",
		"Fairmont Elementary", "… and 13 more, between 50.3% and 69.9%, 2 hidden *", "Canyon Ridge High School: 9th of 22"}
	rankVals := values(41, 44, 46, 48, 50, 52, 53, 54, 55, 56, 0, 58)
	rankVals[10].V = math.NaN()
	renewals := []string{"MindWell SEL · 25 days · 47% used", "Rubric Studio · 25 days · 62% used",
		"Algebra Arcade · 84 days · 46% used", "Chem Lab Online · 84 days · 54% used", "Sketchbook Studio · 84 days · 39% used"}
	months := []string{"Dec 25", "Jan 26", "Feb 26", "Mar 26", "Apr 26", "May 26", "Jun 26", "Sep 26", "Oct 26", "Nov 26"}
	type sample = struct {
		ch    Chart
		whole []string
	}
	return map[string]sample{
		"spending by category": {Chart{Kind: Bars, Unit: district.USD,
			Categories: []string{"Hardware", "Software and subscriptions", "Network and infrastructure", "Services", "Staff"},
			Series: []Series{{Name: "Budgeted", Values: values(2.05e6, 1.8e6, 1.24e6, 0.82e6, 2.3e6)},
				{Name: "Spent to date", Values: values(1.05e6, 0.93e6, 0.64e6, 0.42e6, 1.19e6)}}},
			[]string{"Hardware", "Software and subscriptions", "Network and infrastructure", "Services", "Staff", "Budgeted", "Spent to date"}},
		"budget by funding source": {Chart{Kind: Donut, Unit: district.USD,
			Categories: []string{"General fund", "E-Rate", "Grants", "Title IV-A student support and academic enrichment"},
			Series:     []Series{{Values: values(5.67e6, 0.9e6, 1.64e6, 0.3e6)}}},
			[]string{"General fund", "E-Rate", "Grants", "Title IV-A student support and academic enrichment"}},
		"ranking with a summary row": {Chart{Kind: HBars, Unit: district.Percent, Categories: ranking, Highlight: 11,
			Target: &Target{Value: 60, Label: "Target 60.0% or more"}, Series: []Series{{Name: "ELA proficiency", Values: rankVals}}},
			append(append([]string{}, ranking...), "Target 60.0% or more")},
		"renewals": {Chart{Kind: HBars, Unit: district.USD, Categories: renewals, Highlight: -1,
			Series: []Series{{Name: "Annual cost", Values: values(98.1e3, 46.5e3, 78.1e3, 43.2e3, 80.6e3)}}}, renewals},
		"spending against plan": {Chart{Kind: Line, Unit: district.USD, Target: &Target{Value: 8.21e6, Label: "Year plan $8.21M"},
			Series: []Series{line("Spent", false, func(i int) float64 { return 0.7e6 * float64(i+1) }),
				line("Plan", true, func(i int) float64 { return 0.68e6 * float64(i+1) }),
				line("Forecast that follows the plan's own monthly shape", true, func(i int) float64 { return 0.69e6 * float64(i+1) })}},
			[]string{"Spent", "Plan", "Forecast that follows the plan's own monthly shape", "Year plan $8.21M"}},
		"licences used and unused": {Chart{Kind: StackedBars, Unit: district.USD, Categories: months,
			Series: []Series{{Name: "Licences in use", Values: values(120e3, 125e3, 125e3, 122e3, 118e3, 70e3, 126e3, 126e3, 121e3, 104e3)},
				{Name: "Licences paid for and unused", Values: values(172e3, 167e3, 167e3, 170e3, 174e3, 222e3, 166e3, 171e3, 176e3, 193e3)}}},
			append([]string{"Licences in use", "Licences paid for and unused"}, months...)},
		"tickets with a pinned note": {Chart{Kind: Line, Unit: district.Count, Shaded: []Span{{From: month(6), To: month(8)}}, ShadeLabel: "Summer",
			Annotations: []Annotation{{T: month(3), Text: "New help-desk system went live after the spring break"}},
			Series:      []Series{line("Open help-desk tickets", false, func(i int) float64 { return 100 + 20*float64(i%5) })}},
			[]string{"New help-desk system went live after the spring break"}},
		"ELA and maths with their targets": {Chart{Kind: Line, Unit: district.Percent, Target: &Target{Value: 60, Label: "Target 60.0% or more"},
			Series: []Series{line("ELA proficiency", false, func(i int) float64 { return 52 + float64(i%3) }),
				line("Maths proficiency", false, func(i int) float64 { return 45 + float64(i%4) })}},
			[]string{"ELA proficiency", "Maths proficiency", "Target 60.0% or more"}},
		"suppressed bars": {Chart{Kind: Bars, Unit: district.Percent, Categories: []string{"Elementary", "Middle", "High", "Alternative"},
			Series: []Series{{Name: "ELA", Values: []Value{{V: 61}, {V: 55}, {V: 49}, {Suppressed: true}}},
				{Name: "Maths", Values: []Value{{V: 57}, {V: 48}, {Suppressed: true, Complementary: true}, {V: 22}}}}},
			[]string{"Elementary", "Middle", "High", "Alternative", "ELA", "Maths",
				district.SuppressedMark + " suppressed: too few students", district.ComplementaryMark + " hidden so that another school cannot be worked out"}},
	}
}

// TestNoLabelIsCut draws the meeting's charts at every size they are
// shown and printed at, and checks that no label, legend entry, note or
// target is cut: nothing drawn ends in an ellipsis, and each of the words
// that carry the chart's meaning is drawn whole, on one line or on lines
// broken between words.
func TestNoLabelIsCut(t *testing.T) {
	for name, s := range meetingSamples() {
		for size, o := range meetingSizes {
			t.Run(name+"/"+size, func(t *testing.T) {
				drawn := texts(t, s.ch, o)
				for _, d := range drawn {
					if cutText(d.body) {
						t.Errorf("%q is cut", d.body)
					}
				}
				for _, w := range s.whole {
					if !drawnWhole(drawn, w) {
						t.Errorf("%q is not drawn whole; drawn: %q", w, drawn.all())
					}
				}
			})
		}
	}
}

// cutText reports whether a text drawn was cut short: it ends in an
// ellipsis. A list's summary row begins with one ("… and 13 more").
func cutText(s string) bool { return strings.HasSuffix(strings.TrimSpace(s), typeset.Ellipsis) }

// drawnWhole reports whether s was drawn whole: as one text, or as texts
// drawn one after another that join, at spaces, into s.
func drawnWhole(drawn svgTexts, s string) bool {
	for i := range drawn {
		joined := ""
		for _, d := range drawn[i:] {
			if joined != "" {
				joined += " "
			}
			joined += d.body
			if joined == s {
				return true
			}
			if !strings.HasPrefix(s, joined) {
				break
			}
		}
	}
	return false
}

// TestDrawnWhole checks the check: a label broken at a space is whole,
// one broken inside a word or cut short is not.
func TestDrawnWhole(t *testing.T) {
	d := func(bodies ...string) svgTexts {
		var out svgTexts
		for _, b := range bodies {
			out = append(out, drawnText{body: b})
		}
		return out
	}
	for _, tt := range []struct {
		drawn svgTexts
		want  bool
	}{
		{d("$0", "Software and", "subscriptions", "Staff"), true},
		{d("Software and subscriptions"), true},
		{d("Software and subscr", "iptions"), false},
		{d("Software and subs…"), false},
		{d("Software and", "$1.0M", "subscriptions"), false},
	} {
		if got := drawnWhole(tt.drawn, "Software and subscriptions"); got != tt.want {
			t.Errorf("%q: whole %v, want %v", tt.drawn.all(), got, tt.want)
		}
	}
	if !cutText("Software and subs…") || !cutText("On target · at this pace the year ends …") || cutText("… and 13 more") {
		t.Error("cutText does not tell a cut text from a summary row")
	}
}
