package charts

import (
	"testing"

	"github.com/cabinetapp/cabinet/district"
)

// TestPairedBarsShowTheirValues draws the plan's chart, six fiscal years of
// replacement cost beside the hardware budget with the level amount
// across, at the sizes of a slide and a packet page: every bar's value is
// drawn, and none smaller than smallestValue of the chart's text. On a
// 1366 slide the values were left off, a few pixels too wide for their bars.
func TestPairedBarsShowTheirValues(t *testing.T) {
	cost := values(1.71e6, 2.38e6, 0.84e6, 2.19e6, 1.91e6, 0.19e6)
	budget := values(2.05e6, 1.33e6, 1.33e6, 1.33e6, 1.33e6, 1.33e6)
	ch := Chart{Kind: Bars, Unit: district.USD, YLabel: "Dollars",
		Categories: []string{"FY2027", "FY2028", "FY2029", "FY2030", "FY2031", "FY2032"},
		Series:     []Series{{Name: "Replacement cost", Values: cost}, {Name: "Hardware budget", Values: budget}},
		Target:     &Target{Value: 2.11e6, Label: "Level $2.11M a year"}}
	var want []string
	for _, v := range append(cost, budget...) {
		want = append(want, valueText(v, district.USD, 2))
	}
	for _, size := range []string{"slide at 1366", "slide at 1920", "packet page", "large view at 1366"} {
		t.Run(size, func(t *testing.T) {
			o := meetingSizes[size]
			drawn := texts(t, ch, o)
			font := o.Theme.FontSize
			seen := map[string]int{}
			for _, d := range drawn {
				seen[d.body]++
				if d.px < smallestValue*font-0.01 {
					t.Errorf("%q is set at %.1f px, under %.0f%% of the chart's %.1f", d.body, d.px, 100*smallestValue, font)
				}
			}
			for _, w := range want {
				if seen[w] == 0 {
					t.Errorf("the value %s is not drawn; drawn: %v", w, drawn)
				}
			}
		})
	}
}
