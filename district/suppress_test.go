package district_test

import (
	"strings"
	"testing"

	"github.com/cabinetapp/cabinet/district"
)

// marks writes what a group shows, school by school in id order after the
// district: a value's n, "*" or "**".
func marks(sh district.Shown, obs []district.Observation) string {
	var out []string
	for _, o := range obs {
		c := sh.Cell(o)
		if m := c.Mark(); m != "" {
			out = append(out, m)
			if c.N != 0 || c.Value != 0 {
				out = append(out, "LEAK")
			}
			continue
		}
		out = append(out, district.Thousands(float64(c.N)))
	}
	return strings.Join(out, " ")
}

func TestSuppressionCells(t *testing.T) {
	ela := mustMetric(t, district.ELAProficiency)
	devices := mustMetric(t, district.DevicesBroken)
	at := month(2026, 5)
	group := func(total int, parts ...int) []district.Observation {
		var obs []district.Observation
		if total >= 0 {
			obs = append(obs, district.Observation{Metric: ela.ID, Period: at, Value: 50, N: total})
		}
		for i, n := range parts {
			obs = append(obs, district.Observation{Metric: ela.ID, School: string(rune('a' + i)), Period: at, Value: 40 + float64(i), N: n})
		}
		return obs
	}
	tests := []struct {
		name string
		s    district.Suppression
		m    district.Metric
		obs  []district.Observation
		want string
	}{
		{"nothing small", district.Suppression{}, ela, group(90, 40, 30, 20), "90 40 30 20"},
		{"one hidden part: the next-smallest is hidden too", district.Suppression{}, ela, group(86, 40, 30, 6, 10), "86 40 30 * **"},
		{"two hidden parts that together rest on enough students", district.Suppression{}, ela, group(88, 40, 30, 9, 9), "88 40 30 * *"},
		{"two hidden parts that together rest on too few", district.Suppression{}, ela, group(85, 40, 30, 3, 2, 10), "85 40 30 * * **"},
		{"all parts hidden", district.Suppression{}, ela, group(25, 9, 8, 8), "25 * * *"},
		{"total without parts", district.Suppression{}, ela, group(7), "*"},
		{"parts without a total need no second mark", district.Suppression{}, ela, group(-1, 40, 6), "40 *"},
		{"n exactly at the threshold is shown", district.Suppression{}, ela, group(70, 40, 20, 10), "70 40 20 10"},
		{"a small total hides its parts too", district.Suppression{}, ela, group(9, 5, 4), "* * *"},
		{"a raised threshold hides more", district.Suppression{Threshold: 25}, ela, group(70, 40, 20, 10), "70 40 * *"},
		{"a lowered threshold hides less", district.Suppression{Threshold: 5}, ela, group(86, 40, 30, 6, 10), "86 40 30 6 10"},
		{"a measure not about students is never hidden", district.Suppression{}, devices, group(12, 10, 2), "12 10 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for i := range tt.obs {
				tt.obs[i].Metric = tt.m.ID
			}
			if got := marks(tt.s.Cells(tt.m, tt.obs), tt.obs); got != tt.want {
				t.Errorf("shown %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSuppressionCellsUnseenIsHidden(t *testing.T) {
	ela := mustMetric(t, district.ELAProficiency)
	sh := district.Suppression{}.Cells(ela, nil)
	if c := sh.Cell(district.Observation{Metric: ela.ID, School: "a", Period: month(2026, 5), Value: 50, N: 400}); !c.Suppressed {
		t.Errorf("a value the decision never saw is shown: %+v", c)
	}
}

func TestSuppressionUsage(t *testing.T) {
	at := month(2026, 5)
	use := func(parts ...[2]float64) []district.ProductUsage {
		var out []district.ProductUsage
		var users, weekly float64
		for i, p := range parts {
			out = append(out, district.ProductUsage{Product: "p", School: string(rune('a' + i)), Period: at, ActiveUsers: int(p[0]), WeeklyActive: p[1]})
			users, weekly = users+p[0], weekly+p[1]
		}
		return append(out, district.ProductUsage{Product: "p", Period: at, ActiveUsers: int(users), WeeklyActive: weekly})
	}
	write := func(sh district.ShownUsage, use []district.ProductUsage) string {
		var out []string
		for _, u := range use {
			c := sh.Cell(u)
			if m := c.Mark(); m != "" {
				out = append(out, m)
				continue
			}
			out = append(out, district.Thousands(float64(c.ActiveUsers)))
		}
		return strings.Join(out, " ")
	}
	tests := []struct {
		name string
		use  []district.ProductUsage
		want string
	}{
		{"nothing small", use([2]float64{40, 30}, [2]float64{20, 15}), "40 20 60"},
		{"nobody at a school is shown", use([2]float64{40, 30}, [2]float64{0, 0}), "40 0 40"},
		{"one small school hides the next-smallest that is used", use([2]float64{40, 30}, [2]float64{0, 0}, [2]float64{4, 2}, [2]float64{25, 12}), "40 0 * ** 69"},
		{"few weekly users hide the month too", use([2]float64{40, 30}, [2]float64{30, 6}, [2]float64{50, 20}), "** * 50 120"},
		{"a small district total", use([2]float64{4, 2}, [2]float64{3, 1}), "* * *"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := write(district.Suppression{}.Usage(tt.use), tt.use); got != tt.want {
				t.Errorf("shown %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSuppressionNoteComplementary(t *testing.T) {
	s := district.Suppression{}
	got := s.Note(3, 1)
	if !strings.Contains(got, "2 values hidden (*)") || !strings.Contains(got, "1 value hidden (**)") {
		t.Errorf("Note(3, 1) = %q", got)
	}
}

func TestCheckThreshold(t *testing.T) {
	for _, tt := range []struct {
		t  int
		ok bool
	}{{4, false}, {5, true}, {10, true}, {30, true}, {31, false}} {
		if err := district.CheckThreshold(tt.t); (err == nil) != tt.ok {
			t.Errorf("CheckThreshold(%d) = %v", tt.t, err)
		}
	}
}
