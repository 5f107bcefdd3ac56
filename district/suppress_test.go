package district_test

import (
	"fmt"
	"math"
	"math/rand/v2"
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
		{"students in no school: the smallest school hides them", district.Suppression{}, ela, group(90, 40, 30, 16), "90 40 30 **"},
		{"a school's row missing: the smallest school hides it", district.Suppression{}, ela, group(96, 40, 30, 20), "96 40 30 **"},
		{"enough students in no school need nothing hidden", district.Suppression{}, ela, group(100, 40, 30, 18), "100 40 30 18"},
		{"students in no school count toward the hidden ones", district.Suppression{}, ela, group(96, 40, 30, 16, 4), "96 40 30 16 *"},
		{"a school inside another is hidden", district.Suppression{}, ela, group(112, 60, 52, 40, 12), "112 60 ** 40 12"},
		{"two students counted twice are hidden among others", district.Suppression{}, ela, group(108, 60, 40, 10), "108 60 ** **"},
		{"a school inside another and a small one", district.Suppression{}, ela, group(115, 60, 52, 3, 40, 12), "115 60 ** * 40 **"},
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
	// plus adds users in no school to the district's row.
	plus := func(use []district.ProductUsage, users int, weekly float64) []district.ProductUsage {
		use[len(use)-1].ActiveUsers += users
		use[len(use)-1].WeeklyActive += weekly
		return use
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
		name      string
		threshold int
		use       []district.ProductUsage
		want      string
	}{
		{"nothing small", 0, use([2]float64{40, 30}, [2]float64{20, 15}), "40 20 60"},
		{"nobody at a school is shown", 0, use([2]float64{40, 30}, [2]float64{0, 0}), "40 0 40"},
		{"one small school hides the next-smallest that is used", 0, use([2]float64{40, 30}, [2]float64{0, 0}, [2]float64{4, 2}, [2]float64{25, 12}), "40 0 * ** 69"},
		{"few weekly users hide the month too", 0, use([2]float64{40, 30}, [2]float64{30, 6}, [2]float64{50, 20}), "** * 50 120"},
		{"a small district total", 0, use([2]float64{4, 2}, [2]float64{3, 1}), "* * *"},
		{"users in no school: the smallest school hides them", 0, plus(use([2]float64{40, 30}, [2]float64{20, 15}), 4, 2), "40 ** 64"},
		{"the school hidden beside a small one at 10", 10, use([2]float64{3, 1}, [2]float64{16, 15}, [2]float64{50, 14}, [2]float64{80, 60}), "* ** 50 80 149"},
		{"stays hidden at 15", 15, use([2]float64{3, 1}, [2]float64{16, 15}, [2]float64{50, 14}, [2]float64{80, 60}), "* ** * 80 149"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := write(district.Suppression{Threshold: tt.threshold}.Usage(tt.use), tt.use); got != tt.want {
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

// TestSuppressionHoldsAtEveryThreshold decides thousands of generated
// groups (a measure's month, a product's) at every threshold a district
// may choose, with students in no school and schools that overlap, and
// checks what a reader of every export could work out: what one threshold
// hides, every higher one hides; the district less the shown schools
// rests on no one or on at least the threshold, for each figure; and no
// two shown schools, where the schools overlap, differ by fewer students
// than the threshold when the smaller could lie inside the larger.
func TestSuppressionHoldsAtEveryThreshold(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	ela := mustMetric(t, district.ELAProficiency)
	at := month(2026, 5)
	size := func() float64 {
		if r.IntN(3) == 0 {
			return float64(r.IntN(12))
		}
		return float64(r.IntN(70))
	}
	for i := range 3000 {
		figures := 1 + i%2
		n := 1 + r.IntN(10)
		parts := make([][]float64, n)
		total := make([]float64, figures)
		for p := range parts {
			parts[p] = make([]float64, figures)
			for f := range figures {
				parts[p][f] = size()
				if f == 1 {
					// Weekly users are no more than monthly ones, and not whole.
					parts[p][f] = math.Round(math.Min(parts[p][f], parts[p][0])*r.Float64()*10) / 10
				}
				total[f] += parts[p][f]
			}
		}
		switch r.IntN(3) {
		case 0: // students in no school
			for f := range total {
				total[f] += float64(r.IntN(15))
			}
		case 1: // the last school inside the first: the district counts it once
			for f := range total {
				if n > 1 {
					parts[0][f] += parts[n-1][f]
				}
			}
		}
		var prev map[string]bool
		for threshold := district.MinSuppressionThreshold; threshold <= district.MaxSuppressionThreshold; threshold++ {
			s := district.Suppression{Threshold: threshold}
			hidden := map[string]bool{}
			totalShown := true
			if figures == 1 {
				obs := []district.Observation{{Metric: ela.ID, Period: at, Value: 50, N: int(total[0])}}
				for p := range parts {
					obs = append(obs, district.Observation{Metric: ela.ID, School: fmt.Sprint(p), Period: at, Value: 50, N: int(parts[p][0])})
				}
				sh := s.Cells(ela, obs)
				totalShown = !sh.Cell(obs[0]).Suppressed
				for _, o := range obs[1:] {
					hidden[o.School] = sh.Cell(o).Suppressed
				}
			} else {
				use := []district.ProductUsage{{Product: "p", Period: at, ActiveUsers: int(total[0]), WeeklyActive: total[1]}}
				for p := range parts {
					use = append(use, district.ProductUsage{Product: "p", School: fmt.Sprint(p), Period: at, ActiveUsers: int(parts[p][0]), WeeklyActive: parts[p][1]})
				}
				sh := s.Usage(use)
				totalShown = !sh.Cell(use[0]).Hidden
				for _, u := range use[1:] {
					hidden[u.School] = sh.Cell(u).Hidden
				}
			}
			for p := range prev {
				if prev[p] && !hidden[p] {
					t.Fatalf("group %d (%v of %v): school %s hidden at %d, shown at %d", i, parts, total, p, threshold-1, threshold)
				}
			}
			prev = hidden
			if !totalShown {
				continue
			}
			for f := range figures {
				left := total[f]
				for p := range parts {
					if !hidden[fmt.Sprint(p)] {
						left -= parts[p][f]
					}
				}
				if d := math.Abs(left); d > 1e-6 && d < float64(threshold)-1e-6 {
					t.Fatalf("group %d (%v of %v) at %d: the district less the shown schools gives %g away (figure %d)", i, parts, total, threshold, left, f)
				}
				twice := -(total[f] - sum(parts, f))
				for a := range parts {
					for b := range parts {
						d := parts[a][f] - parts[b][f]
						if twice > 1e-6 && parts[b][f] > 0 && parts[b][f] <= twice+1e-6 && d > 1e-6 && d < float64(threshold)-1e-6 &&
							!hidden[fmt.Sprint(a)] && !hidden[fmt.Sprint(b)] {
							t.Fatalf("group %d (%v of %v) at %d: schools %d and %d, which overlap, both shown", i, parts, total, threshold, a, b)
						}
					}
				}
			}
		}
	}
}

func sum(parts [][]float64, f int) float64 {
	s := 0.0
	for _, p := range parts {
		s += p[f]
	}
	return s
}
