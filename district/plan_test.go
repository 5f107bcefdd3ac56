package district_test

import (
	"strings"
	"testing"

	"github.com/cabinetapp/cabinet/district"
)

// TestCountByRefresh: a device comes due in the fiscal year it was bought
// plus its refresh cycle; a year before the plan's first is past and goes
// into the first; figures counted in an earlier year shift with it.
func TestCountByRefresh(t *testing.T) {
	// Bought 0 to 10 (or more) fiscal years before the year observed.
	bought := []int{100, 110, 120, 130, 140, 150, 0, 0, 0, 0, 5}
	tests := []struct {
		name            string
		observed, first int
		life            int
		due             [district.PlanYears]int
		past            int
	}{
		{"counted this year, 4-year cycle", 2027, 2027, 4,
			// FY2027: bought 4 years back (140), and 5 and 10+ years back, already past (150 + 5).
			[district.PlanYears]int{140 + 150 + 5, 130, 120, 110, 100, 0}, 155},
		{"counted this year, 5-year cycle", 2027, 2027, 5,
			[district.PlanYears]int{150 + 5, 140, 130, 120, 110, 100}, 5},
		{"counted last year: every year a year nearer", 2026, 2027, 4,
			[district.PlanYears]int{130 + 140 + 150 + 5, 120, 110, 100, 0, 0}, 140 + 150 + 5},
		{"a cycle longer than the plan leaves the newest out", 2027, 2027, 7,
			[district.PlanYears]int{5, 0, 150, 140, 130, 120}, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := district.CountByRefresh(district.Laptops, 800, bought, tt.observed, tt.first, tt.life)
			if c.Due != tt.due || c.Past != tt.past {
				t.Fatalf("due %v, past %d; want %v, past %d", c.Due, c.Past, tt.due, tt.past)
			}
			if c.Undated != 800-755 {
				t.Fatalf("undated %d, want %d", c.Undated, 800-755)
			}
			due := 0
			for _, n := range c.Due {
				due += n
			}
			if c.Later() != 800-c.Undated-due {
				t.Fatalf("later %d: every device is due, later or undated", c.Later())
			}
		})
	}
}

// TestCountByAUE: Chromebooks past their expiration are due at once, the
// others in the year they reach it.
func TestCountByAUE(t *testing.T) {
	reaching := []int{12, 30, 40, 50, 60, 70}
	tests := []struct {
		name            string
		observed, first int
		due             [district.PlanYears]int
		past            int
	}{
		{"counted this year", 2027, 2027, [district.PlanYears]int{860 + 12, 30, 40, 50, 60, 70}, 860},
		{"counted last year", 2026, 2027, [district.PlanYears]int{860 + 12 + 30, 40, 50, 60, 70, 0}, 860 + 12},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := district.CountByAUE(2000, 860, reaching, tt.observed, tt.first)
			if c.Due != tt.due || c.Past != tt.past || c.Basis != district.ByAutoUpdate || c.Kind != district.Chromebooks {
				t.Fatalf("due %v, past %d; want %v, past %d", c.Due, c.Past, tt.due, tt.past)
			}
		})
	}
}

// TestHardwareBudget: a budgeted year reads its own hardware lines; a
// later year carries the newest forward less the money that has ended.
func TestHardwareBudget(t *testing.T) {
	lines := []district.BudgetLine{
		{FiscalYear: 2026, Category: district.CategoryHardware, FundingSource: district.FundGeneral, Budgeted: 600000},
		{FiscalYear: 2027, Category: district.CategoryHardware, FundingSource: district.FundGeneral, Budgeted: 700000},
		{FiscalYear: 2027, Category: district.CategoryHardware, FundingSource: district.FundGrants, Budgeted: 490000, FundingEnds: 2027},
		{FiscalYear: 2027, Category: district.CategoryHardware, FundingSource: district.FundBond, Budgeted: 200000, FundingEnds: 2029},
		{FiscalYear: 2027, Category: district.CategorySoftware, FundingSource: district.FundGeneral, Budgeted: 999999},
	}
	tests := []struct {
		name     string
		lines    []district.BudgetLine
		first    int
		amount   [district.PlanYears]float64
		budgeted [district.PlanYears]bool
		ending   int
	}{
		{"the cliff after the grants, then the bond", lines, 2027,
			[district.PlanYears]float64{1390000, 900000, 900000, 700000, 700000, 700000},
			[district.PlanYears]bool{true}, 2},
		{"a year budgeted ahead reads its own lines", append(lines, district.BudgetLine{FiscalYear: 2028, Category: district.CategoryHardware, FundingSource: district.FundGeneral, Budgeted: 1000000}), 2027,
			[district.PlanYears]float64{1390000, 1000000, 1000000, 1000000, 1000000, 1000000},
			[district.PlanYears]bool{true, true}, 0},
		{"no hardware lines", lines[4:], 2027, [district.PlanYears]float64{}, [district.PlanYears]bool{}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := district.HardwareBudget(tt.lines, tt.first)
			if h.Amount != tt.amount || h.Budgeted != tt.budgeted || len(h.Ending) != tt.ending {
				t.Fatalf("amounts %v budgeted %v ending %v", h.Amount, h.Budgeted, h.Ending)
			}
		})
	}
	h := district.HardwareBudget(lines, 2027)
	if h.Base != 2027 || h.BaseAmount != 1390000 || h.Ending[0] != (district.FundingEnd{Source: district.FundGrants, Amount: 490000, LastYear: 2027}) {
		t.Fatalf("base FY%d %v, ending %v", h.Base, h.BaseAmount, h.Ending)
	}
}

// TestPlanByHand is one year's line worked by hand: what the packet's
// reader does with a pencil.
func TestPlanByHand(t *testing.T) {
	chromebooks := district.CountByAUE(6240, 860, []int{12, 412, 900, 1000, 1200, 1300}, 2027, 2027)
	laptops := district.CountByRefresh(district.Laptops, 1000, []int{200, 200, 200, 200, 100, 50}, 2027, 2027, 4)
	empty := district.CountByRefresh(district.Tablets, 0, nil, 2027, 2027, 4)
	in := district.PlanInputs{
		FirstYear: 2027,
		Kinds:     []district.KindCount{chromebooks, laptops, empty},
		Budget: []district.BudgetLine{
			{FiscalYear: 2027, Category: district.CategoryHardware, FundingSource: district.FundGeneral, Budgeted: 300000},
			{FiscalYear: 2027, Category: district.CategoryHardware, FundingSource: district.FundGrants, Budgeted: 100000, FundingEnds: 2027},
		},
		Staffing: district.Staffing{Devices: 7240, Tickets: 9000, Months: 12},
	}
	s := district.PlanSettings{Prices: map[district.DeviceKind]float64{district.Laptops: 850}}
	p := district.NewPlan(in, s)
	if len(p.Lines) != 2 {
		t.Fatalf("%d lines: a kind with no devices is left out", len(p.Lines))
	}
	// FY2028: 412 Chromebooks × $350 = $144,200; 200 laptops × $850 =
	// $170,000; together $314,200 against $300,000 once the grants end:
	// $14,200 short.
	if got := p.Lines[0].Cost[1]; got != 144200 {
		t.Errorf("Chromebooks in FY2028 cost %v, want 412 × 350 = 144200", got)
	}
	if got := p.Lines[1].Cost[1]; got != 170000 {
		t.Errorf("laptops in FY2028 cost %v, want 200 × 850 = 170000", got)
	}
	if gap, ok := p.Gap(1); !ok || gap != -14200 || p.Cost[1] != 314200 || p.Hardware.Amount[1] != 300000 {
		t.Errorf("FY2028: cost %v, hardware %v, gap %v", p.Cost[1], p.Hardware.Amount[1], gap)
	}
	// Level: 6,240 × $350 ÷ 4 = $546,000 and 1,000 × $850 ÷ 4 = $212,500.
	if p.Lines[0].Level != 546000 || p.Lines[1].Level != 212500 || p.Level != 758500 {
		t.Errorf("levels %v + %v = %v", p.Lines[0].Level, p.Lines[1].Level, p.Level)
	}
	if !p.Lines[1].PriceSet || p.Lines[0].PriceSet || p.Lines[0].LifeSet {
		t.Error("the district's own price is not told from Cabinet's default")
	}
	// 7,240 ÷ 500 = 14.48: 15 technicians.
	if p.Staffing.Needed != 15 || p.Staffing.Ratio != 500 || p.Staffing.RatioSet {
		t.Errorf("needed %d at %d", p.Staffing.Needed, p.Staffing.Ratio)
	}
	if e, ok := p.Cliff(); !ok || e.LastYear != 2027 || e.Amount != 100000 {
		t.Errorf("cliff %v", e)
	}
	if got := p.Devices(); got[0] != 860+12+100+50 {
		t.Errorf("due now %d: Chromebooks past and reaching it this year, laptops bought four and five years ago", got[0])
	}
}

func TestStaffing(t *testing.T) {
	tests := []struct {
		devices, ratio, needed int
	}{
		{7240, 500, 15}, {7000, 500, 14}, {1, 500, 1}, {0, 500, 0}, {7240, 0, 0},
	}
	for _, tt := range tests {
		if got := district.NeededFor(tt.devices, tt.ratio); got != tt.needed {
			t.Errorf("NeededFor(%d, %d) = %d, want %d", tt.devices, tt.ratio, got, tt.needed)
		}
	}
	if got := district.TechniciansFrom(12480, 960); got != 13 {
		t.Errorf("12,480 devices at 960 each is %d technicians, want 13", got)
	}
	if got := district.TechniciansFrom(12480, 0); got != 0 {
		t.Errorf("no ratio gave %d technicians", got)
	}
	s := district.Staffing{Tickets: 9000, Months: 12}
	if per, ok := s.TicketsPer(6); !ok || per != 1500 {
		t.Errorf("9,000 tickets ÷ 6 = %v", per)
	}
	if _, ok := s.TicketsPer(0); ok {
		t.Error("tickets per technician with no technicians")
	}
	p := district.NewPlan(district.PlanInputs{Staffing: district.Staffing{Devices: 1000, Have: 3, PerTechnician: 333}},
		district.PlanSettings{Technicians: 6, DevicesPerTechnician: 250})
	if p.Staffing.Have != 6 || !p.Staffing.HaveSet || p.Staffing.Needed != 4 || !p.Staffing.RatioSet {
		t.Errorf("the district's settings do not win: %+v", p.Staffing)
	}
}

func TestPlanSettings(t *testing.T) {
	var s district.PlanSettings
	for _, k := range district.DeviceKinds {
		p, set := s.Price(k)
		y, lifeSet := s.Life(k)
		if p <= 0 || y <= 0 || set || lifeSet {
			t.Errorf("%s has no default: $%v, %d years", k, p, y)
		}
	}
	tests := []struct {
		name string
		s    district.PlanSettings
		err  string
	}{
		{"defaults", district.PlanSettings{}, ""},
		{"the district's own", district.PlanSettings{Prices: map[district.DeviceKind]float64{district.Chromebooks: 329.99}, Lives: map[district.DeviceKind]int{district.NetworkGear: 8}, DevicesPerTechnician: 650, Technicians: 6}, ""},
		{"a free Chromebook", district.PlanSettings{Prices: map[district.DeviceKind]float64{district.Chromebooks: 0}}, "price of a Chromebook must be from $1 to $100,000"},
		{"a cycle too long", district.PlanSettings{Lives: map[district.DeviceKind]int{district.Laptops: 11}}, "refresh cycle of a laptop must be from 1 to 10 years"},
		{"an unknown kind", district.PlanSettings{Prices: map[district.DeviceKind]float64{"toaster": 20}}, `"toaster" is not a kind`},
		{"a ratio too small", district.PlanSettings{DevicesPerTechnician: 5}, "devices per technician must be from 50 to 5,000"},
		{"negative technicians", district.PlanSettings{Technicians: -1}, "technicians must be from 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.s.Validate()
			if tt.err == "" && err != nil || tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)) {
				t.Fatalf("Validate() = %v, want %q", err, tt.err)
			}
		})
	}
}

func TestParsePlanInput(t *testing.T) {
	tests := []struct {
		in    string
		kind  district.DeviceKind
		price float64
		err   string
	}{
		{"chromebook=350", district.Chromebooks, 350, ""},
		{"Chromebooks=$1,250", district.Chromebooks, 1250, ""},
		{"network equipment=1499.50", district.NetworkGear, 1499.5, ""},
		{"laptop = 900 ", district.Laptops, 900, ""},
		{"laptop", "", 0, "a kind of device, an equals sign and a value"},
		{"toaster=20", "", 0, `"toaster" is not a kind of device; the kinds are chromebook, laptop`},
		{"tablet=cheap", district.Tablets, 0, `"cheap" is not a price in dollars`},
		{"tablet=1e3", district.Tablets, 0, "is not a price in dollars"},
		{"tablet=NaN", district.Tablets, 0, "is not a price in dollars"},
		{"tablet=12.345", district.Tablets, 0, "fractions of a cent"},
		{"tablet=0", district.Tablets, 0, "price of a tablet must be from $1"},
		{"tablet=", district.Tablets, 0, "is not a price"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			k, v, err := district.ParseKindValue(tt.in)
			var p float64
			if err == nil {
				p, err = district.ParsePrice(k, v)
			}
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil || k != tt.kind || p != tt.price {
				t.Fatalf("%s %v %v", k, p, err)
			}
		})
	}
	if n, err := district.ParseTechnicians(" 1,200 "); err != nil || n != 1200 {
		t.Fatalf("1,200: %d %v", n, err)
	}
	for _, tt := range []struct {
		parse func(string) (int, error)
		in    string
		err   string
	}{
		{district.ParseTechnicians, "six", `"six" is not a whole number`},
		{district.ParseTechnicians, "-1", "technicians must be from 0"},
		{district.ParseRatio, "5", "devices per technician must be from 50"},
		{district.ParseRatio, "1.5", `"1.5" is not a whole number`},
		{func(s string) (int, error) { return district.ParseLife(district.Desktops, s) }, "11", "refresh cycle of a desktop must be from 1 to 10 years"},
	} {
		if _, err := tt.parse(tt.in); err == nil || !strings.Contains(err.Error(), tt.err) {
			t.Errorf("%q: %v, want %q", tt.in, err, tt.err)
		}
	}
	if n, err := district.ParseLife(district.NetworkGear, "8"); err != nil || n != 8 {
		t.Errorf("8 years: %d %v", n, err)
	}
}

func TestDollars(t *testing.T) {
	for v, want := range map[float64]string{
		144200: "$144,200", 1234.5: "$1,234.50", 0: "$0", -14200: "-$14,200", 546087.5: "$546,087.50", 0.004: "$0", -0.004: "$0", 999.999: "$1,000",
	} {
		if got := district.Dollars(v); got != want {
			t.Errorf("Dollars(%v) = %q, want %q", v, got, want)
		}
	}
}

func TestKindMetricsAreDistrictWide(t *testing.T) {
	for _, k := range district.DeviceKinds {
		for _, id := range []string{district.KindFleet(k), district.KindBought(k, 0), district.KindBought(k, district.BoughtYearsBack)} {
			m := mustMetric(t, id)
			if m.Aggregation != district.DistrictOnly || m.Unit != district.Count || m.StudentBased {
				t.Errorf("%s: %+v", id, m)
			}
		}
		if got, err := district.ParseDeviceKind(k.Title()); err != nil || got != k {
			t.Errorf("%q reads as %q, %v", k.Title(), got, err)
		}
	}
	if _, ok := district.Lookup(district.KindBought(district.Laptops, district.BoughtYearsBack+1)); ok {
		t.Error("a year beyond BoughtYearsBack has a metric")
	}
}

func TestPlanSettingsApplyJudgesTechniciansByThePlansRatio(t *testing.T) {
	techs := district.Metric{ID: district.DevicesPerTechnician, Target: 1000, HasTarget: true, Benchmark: "catalogue"}
	other := district.Metric{ID: "attendance.rate", Target: 95, HasTarget: true, Benchmark: "catalogue"}
	for _, tc := range []struct {
		name     string
		settings district.PlanSettings
		in       district.Metric
		target   float64
		bench    string
	}{
		{"default ratio", district.PlanSettings{}, techs, district.DefaultDevicesPerTechnician, "The replacement plan's ratio, Cabinet's assumption: " + district.RatioSource},
		{"district's ratio", district.PlanSettings{DevicesPerTechnician: 350}, techs, 350, "The replacement plan's ratio, the district's setting"},
		{"another measure", district.PlanSettings{DevicesPerTechnician: 350}, other, 95, "catalogue"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.settings.Apply(tc.in)
			if got.Target != tc.target || !got.HasTarget || got.Benchmark != tc.bench {
				t.Errorf("Apply = target %v (has %v), %q; want %v, %q", got.Target, got.HasTarget, got.Benchmark, tc.target, tc.bench)
			}
		})
	}
}
