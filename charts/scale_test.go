package charts

import (
	"math"
	"strings"
	"testing"

	"github.com/cabinetapp/cabinet/charts/typeset"
	"github.com/cabinetapp/cabinet/district"
)

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
