package charts

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/district"
)

func TestDescribe(t *testing.T) {
	m := func(i int) time.Time { return time.Date(2026, time.Month(i), 1, 0, 0, 0, 0, time.UTC) }
	attendance := Chart{Kind: Line, Unit: district.Percent, Target: &Target{Value: 95},
		Series: []Series{{Name: "Attendance", Points: []Point{{T: m(1), Y: 93.8}, {T: m(3), Y: 91.2}, {T: m(7), Gap: true}, {T: m(11), Y: 94}}}},
		Shaded: []Span{{From: m(7), To: m(8)}}, ShadeLabel: "Summer months",
		Annotations: []Annotation{{T: m(3), Text: "New help desk"}}}
	ranking := Chart{Kind: HBars, Unit: district.Percent, Highlight: 1, Categories: []string{"Adams", "Baker", "Cole", "… and 3 more"},
		Series: []Series{{Values: []Value{{V: 61.2}, {Suppressed: true}, {V: 40, Suppressed: true, Complementary: true}, {V: math.NaN()}}}}}
	tests := []struct {
		name  string
		c     Chart
		title string
		want  string
		never []string
	}{
		{"line", attendance, "Attendance rate",
			"Line chart: Attendance rate, from 93.8% in January 2026 to 94.0% in November 2026, lowest 91.2% in March 2026, 1 point without a value; target 95.0%; summer months shaded; note at March 2026: New help desk.", nil},
		{"ranking", ranking, "ELA proficiency by school",
			"Ranking, as a bar chart: ELA proficiency by school, 3 items: Adams 61.2%; Baker * hidden to protect students; Cole ** hidden so that another cannot be worked out; … and 3 more; Baker is highlighted, row 2 of 4.", []string{"40"}},
		{"empty", Chart{Kind: Bars, Empty: "Hidden: fewer than 10 students."}, "Chromebooks",
			"Bar chart: Chromebooks, Hidden: fewer than 10 students.", nil},
	}
	for _, tt := range tests {
		got := Describe(tt.c, tt.title)
		if got != tt.want {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, got, tt.want)
		}
		for _, n := range tt.never {
			if strings.Contains(got, n) {
				t.Errorf("%s: the description gives the hidden value %s", tt.name, n)
			}
		}
	}
}
