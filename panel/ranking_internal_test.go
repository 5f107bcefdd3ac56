package panel

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/cabinetapp/cabinet/charts"
	"github.com/cabinetapp/cabinet/district"
)

// schools makes n schools s0…s(n-1) whose value is value(i); those in
// hidden are suppressed.
func schools(n int, value func(int) float64, hidden ...int) []RankRow {
	rows := make([]RankRow, n)
	for i := range rows {
		rows[i] = RankRow{School: fmt.Sprintf("s%d", i), Cell: district.Cell{Value: value(i), N: 100}}
	}
	for _, i := range hidden {
		rows[i].Cell = district.Cell{Suppressed: true}
	}
	return rows
}

func TestRankingChart(t *testing.T) {
	higher := district.Metric{Name: "Proficiency", Unit: district.Percent, Polarity: district.HigherIsBetter, HasTarget: true, Target: 50}
	lower := district.Metric{Name: "Broken", Unit: district.Percent, Polarity: district.LowerIsBetter, HasTarget: true, Target: 5}
	up := func(i int) float64 { return float64(i) } // s0 worst when higher is better
	name := func(id string) string { return id }
	tests := []struct {
		name   string
		m      district.Metric
		rows   []RankRow
		chosen string
		want   []string
		high   int
	}{
		{"every school fits: all of them, worst first", higher, schools(4, up), "",
			[]string{"s0", "s1", "s2", "s3"}, -1},
		{"every school fits: the chosen one says its rank", higher, schools(4, up), "s1",
			[]string{"s0", "s1: 2nd of 4", "s2", "s3"}, 1},
		{"lower is better: the highest first", lower, schools(3, up), "",
			[]string{"s2", "s1", "s0"}, -1},
		{"24 schools: the worst, then the rest summed up", higher, schools(24, up), "",
			[]string{"s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "… and 13 more, between 11.0% and 23.0%"}, -1},
		{"24 schools, the best chosen: last, with its rank", higher, schools(24, up), "s23",
			[]string{"s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "… and 13 more, between 10.0% and 22.0%", "s23: 24th of 24"}, 11},
		{"24 schools, a poor one chosen: in place", higher, schools(24, up), "s2",
			[]string{"s0", "s1", "s2: 3rd of 24", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "… and 13 more, between 11.0% and 23.0%"}, 2},
		{"the rest all on target", higher, schools(24, func(i int) float64 { return 40 + 2*float64(i) }), "",
			[]string{"s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "… and 13 more, all on target"}, -1},
		{"suppressed schools are counted, never cut silently", higher, schools(24, up, 3, 20), "s20",
			[]string{"s0", "s1", "s2", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "… and 13 more, between 11.0% and 23.0%, 1 hidden *", "s20: hidden *"}, 11},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRanking(tt.m, tt.rows, tt.chosen)
			ch := charts.Chart{Highlight: -1}
			r.chart(&ch, name)
			if strings.Join(ch.Categories, "|") != strings.Join(tt.want, "|") {
				t.Fatalf("rows\n%q\nwant\n%q", ch.Categories, tt.want)
			}
			if ch.Highlight != tt.high {
				t.Fatalf("highlight %d, want %d", ch.Highlight, tt.high)
			}
			if len(ch.Series) != 1 || len(ch.Series[0].Values) != len(ch.Categories) {
				t.Fatalf("%d values for %d rows", len(ch.Series[0].Values), len(ch.Categories))
			}
			// Every school is a row or counted in the summing-up row, which
			// says how many it stands for: a chart that cuts it counts them.
			schools := 0
			for i, c := range ch.Categories {
				v := ch.Series[0].Values[i]
				if strings.HasPrefix(c, "…") != math.IsNaN(v.V) {
					t.Fatalf("row %q has value %v", c, v)
				}
				if math.IsNaN(v.V) {
					schools += v.Stands
				} else {
					schools++
				}
			}
			if schools != len(tt.rows) {
				t.Fatalf("the rows stand for %d schools, not %d", schools, len(tt.rows))
			}
		})
	}
}

func TestRankingAt1800Schools(t *testing.T) {
	m := district.Metric{Name: "Proficiency", Unit: district.Percent, Polarity: district.HigherIsBetter, HasTarget: true, Target: 50}
	r := newRanking(m, schools(1800, func(i int) float64 { return float64(i) / 18 }), "s900")
	ch := charts.Chart{Highlight: -1}
	r.chart(&ch, func(id string) string { return id })
	if len(ch.Categories) != RankRows {
		t.Fatalf("%d rows, want %d", len(ch.Categories), RankRows)
	}
	// One number of decimals for every value: 0.56%, as 99.94% needs two.
	if got := ch.Categories[RankRows-2]; got != "… and 1789 more, between 0.56% and 99.94%" {
		t.Fatalf("the summing-up row reads %q", got)
	}
	if got := ch.Categories[ch.Highlight]; got != "s900: 901st of 1800" {
		t.Fatalf("the chosen school reads %q", got)
	}
}

// TestRanksCountDownTheChart: a rank counts from the chart's first row,
// the school furthest from the target, and says so: the worst school of
// 1,800 is 1st, not 1800th, and the best is 1800th.
func TestRanksCountDownTheChart(t *testing.T) {
	m := district.Metric{Name: "Proficiency", Unit: district.Percent, Polarity: district.HigherIsBetter, HasTarget: true, Target: 50}
	r := newRanking(m, schools(1800, func(i int) float64 { return float64(i) / 18 }), "s1799")
	if r.Rows[0].School != "s0" || r.Rows[0].Rank != 1 || r.Rows[1799].Rank != 1800 {
		t.Fatalf("first row %s ranked %d, last ranked %d", r.Rows[0].School, r.Rows[0].Rank, r.Rows[1799].Rank)
	}
	for _, tt := range []struct {
		m    district.Metric
		want string
	}{
		{m, "1st = furthest from the target"},
		{district.Metric{Polarity: district.LowerIsBetter}, "1st = highest"},
		{district.Metric{Polarity: district.Neutral}, "1st = lowest"},
	} {
		if got := (Ranking{Metric: tt.m}).Counting(); got != tt.want {
			t.Errorf("Counting() = %q, want %q", got, tt.want)
		}
	}
}
