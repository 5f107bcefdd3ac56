package deck

import (
	"context"
	"testing"

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
		{"one off", []panel.Tile{tile("Uptime", district.OnTarget), tile("MFA coverage", district.OffTarget)}, "1 of 2 measures with a target is on or near it; off target: MFA coverage (1%)."},
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
		{district.LowerFirst("Past refresh cycle"), "past refresh cycle"},
		{district.LowerFirst("MFA coverage"), "MFA coverage"},
		{district.LowerFirst("É"), "é"},
		{district.LowerFirst(""), ""},
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

// TestOneIsSingular: a count of one reads as one, wherever a takeaway
// counts.
func TestOneIsSingular(t *testing.T) {
	one := panel.Result{Chart: charts.Chart{Kind: charts.Scatter, Series: []charts.Series{{Points: []charts.Point{{X: 1, Y: 2}}}}}}
	if got := scatterTakeaway(one); got != "Only 1 school has figures to compare, too few to say whether the two go together." {
		t.Errorf("one school: %q", got)
	}
	renewal := &View{Result: panel.Result{Table: panel.Table{Rows: [][]string{{"Quill & Quest", "1", "12000", "40%"}}}}}
	if got, err := renewalsTakeaway(context.Background(), nil, renewal); err != nil || got != "One contract renews in the next 90 days: Quill & Quest, in 1 day, at $12.0K a year, with 40% of its licences in use." {
		t.Errorf("one day: %q, %v", got, err)
	}
	all := []panel.Tile{{Title: "Uptime", Status: district.OnTarget}}
	if got := tilesTakeaway(all); got != "The one measure with a target is on it or near it." {
		t.Errorf("one measure: %q", got)
	}
}
