package panel_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/panel"
)

// TestPlanOfTheDemo: the demo district's plan reads every kind, each
// figure of its table is the count the cache holds times the price, and
// the charts say the same.
func TestPlanOfTheDemo(t *testing.T) {
	b := mustBoard(t)
	p, err := b.Plan(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if p.FirstYear != 2027 || len(p.Lines) != 5 || p.Lines[0].Kind != district.Chromebooks || p.Lines[0].Basis != district.ByAutoUpdate {
		t.Fatalf("first year FY%d, lines %+v", p.FirstYear, p.Lines)
	}
	// FY2028's Chromebooks are those the cache says reach their
	// expiration next fiscal year.
	reaching, _, err := b.Data().Recent(ctx, district.ChromebooksReachingAUE(1), district.WholeDistrict, end.AddDate(0, 1, 0), 1)
	if err != nil || len(reaching) != 1 {
		t.Fatal(err)
	}
	n := int(reaching[0].Value)
	tb := p.Table()
	if want := panel.Times(n, 350); tb.Rows[0].Cells[1] != want || n == 0 {
		t.Errorf("FY2028 Chromebooks: %q, want %q", tb.Rows[0].Cells[1], want)
	}
	if tb.Columns[1] != "FY2027 and past due" || tb.Columns[6] != "FY2032" || len(tb.Columns) != 8 {
		t.Errorf("columns %q", tb.Columns)
	}
	for _, r := range append(tb.Rows, tb.Staffing...) {
		if r.Head == "" {
			t.Errorf("a row without a heading: %q", r.Cells)
		}
	}
	all := strings.Join(tb.Assumptions, " ")
	for _, want := range []string{"$350 for a Chromebook", "Cabinet's assumption", "CoSN", "grant money after FY2027", "Each device is counted once"} {
		if !strings.Contains(all, want) {
			t.Errorf("the assumptions do not say %q:\n%s", want, all)
		}
	}
	if p.Staffing.Needed == 0 || p.Staffing.Have == 0 || p.Staffing.Months != 12 || p.Staffing.Tickets == 0 {
		t.Errorf("staffing %+v", p.Staffing)
	}

	cost, err := b.Build(ctx, "tech.plan_cost", panel.Filter{Period: last12})
	if err != nil {
		t.Fatal(err)
	}
	if got := cost.Chart.Series[0].Values[1].V; got != p.Cost[1] {
		t.Errorf("the cost chart's FY2028 is %v, the plan's %v", got, p.Cost[1])
	}
	if cost.Chart.Target == nil || cost.Chart.Target.Value != p.Level || len(cost.Chart.Series) != 2 {
		t.Errorf("the level amount is not drawn: %+v", cost.Chart.Target)
	}
	if notes := strings.Join(cost.Notes, " · "); !strings.Contains(notes, "ends after FY2027") {
		t.Errorf("the cliff is not said: %q", notes)
	}
	devices, err := b.Build(ctx, "tech.plan_devices", panel.Filter{Period: last12})
	if err != nil {
		t.Fatal(err)
	}
	total := 0.0
	for _, s := range devices.Chart.Series {
		total += s.Values[1].V
	}
	if total != float64(p.Devices()[1]) || len(devices.Chart.Series) != len(p.Lines) {
		t.Errorf("the devices chart stacks %v in FY2028, the plan counts %d", total, p.Devices()[1])
	}
}

// fleetSources writes a district whose Chromebooks two sources count: an
// asset manager by kind and purchase year, and (with google) Google
// Admin by auto-update expiration.
func fleetSources(t *testing.T, google bool) *panel.Board {
	t.Helper()
	c, err := cache.Open(ctx, filepath.Join(t.TempDir(), cache.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	put := func(src cache.Source, obs map[string]float64) {
		t.Helper()
		err := c.Write(ctx, src, cache.Replace, func(w *cache.Writer) error {
			for id, v := range obs {
				if err := w.PutObservation(district.Observation{Metric: id, Period: end, Value: v}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	put(cache.Source{Name: "assets", Kind: "snipeit", Priority: 10}, map[string]float64{
		district.KindFleet(district.Chromebooks): 100, district.KindBought(district.Chromebooks, 3): 100,
		district.KindFleet(district.Laptops): 10, district.KindBought(district.Laptops, 3): 10,
		district.DevicesInService: 110,
	})
	if google {
		put(cache.Source{Name: "google", Kind: "googleadmin", Priority: 10, Ranks: map[string]int{district.MetricDataset(district.DevicesInService): 15}}, map[string]float64{
			district.ChromebooksInService: 90, district.ChromebooksPastAUE: 5,
			district.ChromebooksReachingAUE(0): 1, district.ChromebooksReachingAUE(1): 2, district.ChromebooksReachingAUE(2): 3,
			district.ChromebooksReachingAUE(3): 4, district.ChromebooksReachingAUE(4): 5, district.ChromebooksReachingAUE(5): 6,
			district.DevicesInService: 90,
		})
	}
	return boardOf(t, c)
}

// TestPlanCountsEachDeviceOnce: with Google Admin, Chromebooks fall due by
// Google's dates and the asset manager's Chromebooks are left out; without
// it, they fall due by purchase year like every other kind.
func TestPlanCountsEachDeviceOnce(t *testing.T) {
	for _, tt := range []struct {
		name   string
		google bool
		due    [district.PlanYears]int // Chromebooks
		fleet  int
	}{
		// Bought in FY2024, a 4-year cycle: due in FY2028.
		{"an asset manager alone", false, [district.PlanYears]int{0, 100}, 100},
		{"with Google Admin", true, [district.PlanYears]int{5 + 1, 2, 3, 4, 5, 6}, 90},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, err := fleetSources(t, tt.google).Plan(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Lines) != 2 || p.Lines[0].Kind != district.Chromebooks || p.Lines[1].Kind != district.Laptops {
				t.Fatalf("lines %+v", p.Lines)
			}
			cb := p.Lines[0]
			if cb.Due != tt.due || cb.Fleet != tt.fleet {
				t.Errorf("Chromebooks due %v of %d, want %v of %d", cb.Due, cb.Fleet, tt.due, tt.fleet)
			}
			if got := p.Devices(); got[1] != tt.due[1]+10 {
				t.Errorf("FY2028: %d devices, want %d Chromebooks and 10 laptops", got[1], tt.due[1])
			}
			// Devices in service: the asset manager's, which holds the laptops too.
			if p.Staffing.Devices != 110 {
				t.Errorf("devices in service %d", p.Staffing.Devices)
			}
		})
	}
}

// TestPlanFollowsTheSettings: the district's own figures replace
// Cabinet's defaults in every figure and are said to be the district's.
func TestPlanFollowsTheSettings(t *testing.T) {
	c := demoCache(t)
	_, err := c.UpdatePlanSettings(ctx, func(s *district.PlanSettings) error {
		s.Prices[district.Chromebooks] = 300
		s.Lives[district.Laptops] = 5
		s.DevicesPerTechnician, s.Technicians = 1000, 12
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	before := mustBoard(t)
	after := boardOf(t, c)
	p0, err := before.Plan(ctx)
	if err != nil {
		t.Fatal(err)
	}
	p1, err := after.Plan(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if p1.Lines[0].Cost[1] != float64(p0.Lines[0].Due[1])*300 || p1.Lines[0].Cost[1] == p0.Lines[0].Cost[1] {
		t.Errorf("Chromebooks at $300: %v, at $350: %v", p1.Lines[0].Cost[1], p0.Lines[0].Cost[1])
	}
	// Laptops on a 5-year cycle come due a year later.
	if p1.Lines[1].Due[2] != p0.Lines[1].Due[1] {
		t.Errorf("laptops on 5 years: %v; on 4: %v", p1.Lines[1].Due, p0.Lines[1].Due)
	}
	if s := p1.Staffing; s.Have != 12 || !s.HaveSet || s.Needed != district.NeededFor(s.Devices, 1000) {
		t.Errorf("staffing %+v", s)
	}
	// The devices-per-technician measure is judged by the same ratio.
	for _, tt := range []struct {
		b      *panel.Board
		target float64
	}{{before, district.DefaultDevicesPerTechnician}, {after, 1000}} {
		m, err := tt.b.Metric(ctx, district.DevicesPerTechnician)
		if err != nil {
			t.Fatal(err)
		}
		if m.Target != tt.target {
			t.Errorf("devices per technician judged against %v, want the plan's %v", m.Target, tt.target)
		}
	}
	all := strings.Join(p1.Table().Assumptions, " ")
	for _, want := range []string{"$300 for a Chromebook (the district's)", "laptops 5 years (the district's)", "1 per 1,000 devices, the district's ratio"} {
		if !strings.Contains(all, want) {
			t.Errorf("the assumptions do not say %q:\n%s", want, all)
		}
	}
}

// TestPlanWithNoFleet: a district whose sources count no fleet by kind
// gets charts that say so, not a plan of zeros.
func TestPlanWithNoFleet(t *testing.T) {
	c, err := cache.Open(ctx, filepath.Join(t.TempDir(), cache.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	err = c.Write(ctx, cache.Source{Name: "test", Kind: "summaryapi", Priority: 50}, cache.Replace, func(w *cache.Writer) error {
		return w.PutObservation(district.Observation{Metric: district.TicketsOpen, Period: end, Value: 3})
	})
	if err != nil {
		t.Fatal(err)
	}
	b := boardOf(t, c)
	for _, id := range []string{"tech.plan_cost", "tech.plan_devices"} {
		r, err := b.Build(ctx, id, panel.Filter{Period: last12})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Chart.Series) != 0 || r.Chart.Empty != panel.NoPlanData {
			t.Errorf("%s: %+v", id, r.Chart)
		}
	}
}
