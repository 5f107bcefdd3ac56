package deck

import (
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/charts"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/panel"
)

func metric(t *testing.T, id string) district.Metric {
	t.Helper()
	m, ok := district.Lookup(id)
	if !ok {
		t.Fatalf("no metric %s", id)
	}
	return m
}

func TestChange(t *testing.T) {
	tests := []struct {
		metric     string
		cur, prev  float64
		want       string
		whyPercent string
	}{
		{district.TicketsOpen, 82, 100, "18% below November 2025", ""},
		{district.TicketsOpen, 0, 3, "3 tickets below November 2025", "a small count changes in units"},
		{district.TicketsOpen, 100.2, 100, "unchanged from November 2025", ""},
		{district.AttendanceRate, 95.3, 94.1, "1.2 pts above November 2025", "percentages change in points"},
		{district.ELAGrowth, 48, 52, "4 points below November 2025", ""},
		{district.SpendActual, 1.5e6, 1e6, "50% above November 2025", ""},
		{district.SpendActual, 500, 0, "$500 above November 2025", "nothing to divide by"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := change(metric(t, tt.metric), tt.cur, tt.prev, "November 2025"); got != tt.want {
				t.Fatalf("got %q, want %q (%s)", got, tt.want, tt.whyPercent)
			}
		})
	}
}

func TestTargetClause(t *testing.T) {
	tests := []struct {
		metric string
		v      float64
		want   string
	}{
		{district.AttendanceRate, 96, "meeting its target of 95.0% or more"},
		{district.AttendanceRate, 94.7, "just short of its target of 95.0% or more"},
		{district.AttendanceRate, 80, "missing its target of 95.0% or more"},
		{district.DevicesPastRefresh, 22.8, "missing its target of 10.0% or less"},
		{district.SecurityIncidents, 0, "meeting its target of 0 incidents"},
		{district.TicketsOpen, 143, ""},
	}
	for _, tt := range tests {
		t.Run(tt.metric, func(t *testing.T) {
			if got := targetClause(metric(t, tt.metric), tt.v); got != tt.want {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestLastTwoIsThePointDrawnBefore(t *testing.T) {
	at := func(mo time.Month, y float64) charts.Point {
		return charts.Point{T: time.Date(2026, mo, 1, 0, 0, 0, 0, time.UTC), Y: y}
	}
	gap := func(mo time.Month) charts.Point { p := at(mo, 0); p.Gap = true; return p }
	tests := []struct {
		name       string
		points     []charts.Point
		cur, prev  time.Month
		hidden, ok bool
	}{
		{"a falling line: the month before", []charts.Point{at(1, 60), at(2, 55), at(3, 50)}, 3, 2, false, true},
		{"out of order", []charts.Point{at(3, 50), at(1, 60), at(2, 55)}, 3, 2, false, true},
		{"a gap is skipped", []charts.Point{at(1, 60), gap(2), at(3, 50)}, 3, 1, false, true},
		{"a hidden last value", []charts.Point{at(1, 60), gap(2)}, 2, 0, true, true},
		{"alone", []charts.Point{at(4, 1)}, 4, 0, false, true},
		{"empty", nil, 0, 0, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cur, prev, ok := lastTwo(tt.points)
			if ok != tt.ok || cur.T.Month() != tt.cur && ok || cur.Gap != tt.hidden {
				t.Fatalf("cur %v (gap %v), ok %v", cur.T, cur.Gap, ok)
			}
			if tt.prev == 0 && !prev.T.IsZero() || tt.prev != 0 && prev.T.Month() != tt.prev {
				t.Fatalf("prev %v, want month %d", prev.T, tt.prev)
			}
		})
	}
}

func TestTilesTakeaway(t *testing.T) {
	tile := func(title string, s district.Status) panel.Tile {
		return panel.Tile{Title: title, Value: "1%", Status: s}
	}
	tests := []struct {
		name  string
		tiles []panel.Tile
		want  string
	}{
		{"none rated", []panel.Tile{tile("Open tickets", district.NoTarget)}, "None of these measures has a target to be judged against."},
		{"all on", []panel.Tile{tile("Uptime", district.OnTarget), tile("Patch", district.NearTarget)}, "All 2 measures with a target are on it or near it."},
		{"one off", []panel.Tile{tile("Uptime", district.OnTarget), tile("MFA coverage", district.OffTarget)}, "1 of 2 measures with a target are on or near it; off target: MFA coverage (1%)."},
		{"many off", []panel.Tile{tile("A", district.OffTarget), tile("Bb", district.OffTarget), tile("Cc", district.OffTarget), tile("Dd", district.OffTarget), tile("Ee", district.OffTarget)},
			"0 of 5 measures with a target are on or near it; off target: a (1%), bb (1%), cc (1%) and 2 more."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tilesTakeaway(tt.tiles); got != tt.want {
				t.Fatalf("got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestScatterTakeaway(t *testing.T) {
	line := func(slope float64, n int) panel.Result {
		s := charts.Series{}
		for i := range n {
			s.Points = append(s.Points, charts.Point{X: float64(i), Y: slope*float64(i) + float64(i%2)})
		}
		return panel.Result{Chart: charts.Chart{Kind: charts.Scatter, Series: []charts.Series{s}}}
	}
	tests := []struct {
		name string
		r    panel.Result
		want string
	}{
		{"rising", line(1, 10), "Across 10 schools, use and growth rise together strongly (r = 0.99); a correlation, not proof that one causes the other."},
		{"falling", line(-1, 10), "Across 10 schools, use and growth move strongly in opposite directions (r = -0.98); a correlation, not proof that one causes the other."},
		{"too few", line(1, 2), "Only 2 schools have figures to compare, too few to say whether the two go together."},
		{"all alike", panel.Result{Chart: charts.Chart{Series: []charts.Series{{Points: []charts.Point{{X: 1, Y: 1}, {X: 1, Y: 1}, {X: 1, Y: 1}}}}}}, "The schools' figures do not vary enough to say whether the two go together."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := scatterTakeaway(tt.r); got != tt.want {
				t.Fatalf("got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestWords(t *testing.T) {
	tests := []struct{ got, want string }{
		{lowerFirst("Past refresh cycle"), "past refresh cycle"},
		{lowerFirst("MFA coverage"), "MFA coverage"},
		{lowerFirst("É"), "é"},
		{lowerFirst(""), ""},
		{joinAnd([]string{"a"}), "a"},
		{joinAnd([]string{"a", "b"}), "a and b"},
		{joinAnd([]string{"a", "b", "c"}), "a, b and c"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}
