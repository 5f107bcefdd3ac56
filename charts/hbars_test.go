package charts

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"testing"

	"github.com/cabinetapp/cabinet/district"
)

// TestCutRankingCountsSchools: a ranking of 1,800 schools comes as ten
// rows, a row summing up the other 1,789 and the school chosen. Drawn where
// not all twelve rows fit, the chart's own "… and K more" counts the
// schools it leaves out, the summed-up ones included, not the rows: every
// school is drawn or counted once (it said "… and 2 more").
func TestCutRankingCountsSchools(t *testing.T) {
	ch := Chart{Kind: HBars, Unit: district.Percent, Highlight: 11, Series: []Series{{Name: "Broken"}}}
	for i := range 10 {
		ch.Categories = append(ch.Categories, fmt.Sprintf("School %d", i+1))
		ch.Series[0].Values = append(ch.Series[0].Values, Value{V: 3.4 - 0.05*float64(i)})
	}
	ch.Categories = append(ch.Categories, "… and 1789 more, between 0.4% and 3.1%", "Cedar Grove Elementary: 1568th of 1800")
	ch.Series[0].Values = append(ch.Series[0].Values, Value{V: math.NaN(), Stands: 1789}, Value{V: 1.3})
	more := regexp.MustCompile(`^… and (\d+) more$`)
	school := regexp.MustCompile(`^School \d+$`)
	for _, h := range []int{100, 120, 140} {
		s := texts(t, ch, Options{Width: 640, Height: h})
		drawn, counted := 0, -1
		for _, text := range s.all() {
			if school.MatchString(text) {
				drawn++
			}
			if m := more.FindStringSubmatch(text); m != nil {
				counted, _ = strconv.Atoi(m[1])
			}
		}
		if counted < 0 {
			t.Fatalf("at 640x%d all twelve rows fit; the test wants a size that cuts some: %v", h, s.all())
		}
		if drawn+counted+1 != 1800 {
			t.Errorf("at 640x%d the ranking draws %d schools and the chosen one, and says %d more: %d schools, not 1,800", h, drawn, counted, drawn+counted+1)
		}
	}
}
