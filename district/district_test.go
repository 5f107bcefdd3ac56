package district_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/district"
)

func month(y int, m time.Month) time.Time { return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC) }

func mustMetric(t *testing.T, id string) district.Metric {
	t.Helper()
	m, ok := district.Lookup(id)
	if !ok {
		t.Fatalf("metric %s is not in the catalogue", id)
	}
	return m
}

func TestSuppression(t *testing.T) {
	student := mustMetric(t, district.ELAProficiency)
	devices := mustMetric(t, district.DevicesBroken)
	tests := []struct {
		name       string
		s          district.Suppression
		m          district.Metric
		n          int
		suppressed bool
	}{
		{"below the default threshold", district.Suppression{}, student, 9, true},
		{"at the default threshold", district.Suppression{}, student, 10, false},
		{"no students at all", district.Suppression{}, student, 0, true},
		{"below a raised threshold", district.Suppression{Threshold: 20}, student, 15, true},
		{"at a raised threshold", district.Suppression{Threshold: 20}, student, 20, false},
		{"a metric about devices is never suppressed", district.Suppression{}, devices, 3, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.s.Suppressed(tt.m, tt.n); got != tt.suppressed {
				t.Fatalf("Suppressed(n=%d) = %v, want %v", tt.n, got, tt.suppressed)
			}
			o := district.Observation{Metric: tt.m.ID, Value: 42.5, N: tt.n}
			cell := tt.s.Cells(tt.m, []district.Observation{o}).Cell(o)
			if cell.Suppressed != tt.suppressed {
				t.Fatalf("Cell.Suppressed = %v, want %v", cell.Suppressed, tt.suppressed)
			}
			if cell.Suppressed && (cell.Value != 0 || cell.N != 0) {
				t.Fatalf("a suppressed cell carries value %v and n %d; it must carry neither", cell.Value, cell.N)
			}
			if !cell.Suppressed && cell.Value != 42.5 {
				t.Fatalf("a shown cell lost its value: %v", cell.Value)
			}
		})
	}
}

func TestSuppressionNote(t *testing.T) {
	s := district.Suppression{Threshold: 12}
	if got := s.Note(0, 0); got != "" {
		t.Errorf("Note(0) = %q, want empty", got)
	}
	if got := s.Note(1, 0); !strings.Contains(got, "1 value hidden") || !strings.Contains(got, "12") {
		t.Errorf("Note(1) = %q", got)
	}
	if got := s.Note(3, 0); !strings.Contains(got, "3 values hidden") {
		t.Errorf("Note(3) = %q", got)
	}
}

func TestStatusOf(t *testing.T) {
	attendance := mustMetric(t, district.AttendanceRate)   // up, target 95
	broken := mustMetric(t, district.DevicesBroken)        // down, target 3
	uptime := mustMetric(t, district.InternetUptime)       // up, target 99.9
	incidents := mustMetric(t, district.SecurityIncidents) // down, target 0
	devices := mustMetric(t, district.DevicesInService)    // neutral
	tests := []struct {
		name string
		m    district.Metric
		v    float64
		want district.Status
	}{
		{"above a higher-is-better target", attendance, 96, district.OnTarget},
		{"exactly on target", attendance, 95, district.OnTarget},
		{"a little short", attendance, 94, district.NearTarget},
		{"far short", attendance, 80, district.OffTarget},
		{"below a lower-is-better target", broken, 2, district.OnTarget},
		{"a little over a lower-is-better target", broken, 3.2, district.NearTarget},
		{"far over a lower-is-better target", broken, 6, district.OffTarget},
		{"uptime close to 100 uses the gap to 100", uptime, 99.8, district.NearTarget},
		{"99.5% uptime is not near 99.9%", uptime, 99.5, district.OffTarget},
		{"zero target met", incidents, 0, district.OnTarget},
		{"any incident misses a zero target", incidents, 1, district.OffTarget},
		{"neutral metrics have no status", devices, 12000, district.NoTarget},
		{"NaN has no status", attendance, math.NaN(), district.NoTarget},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.m.StatusOf(tt.v); got != tt.want {
				t.Fatalf("StatusOf(%v) = %v, want %v", tt.v, got, tt.want)
			}
		})
	}
}

func TestFiscalCalendar(t *testing.T) {
	tests := []struct {
		name       string
		cal        district.FiscalCalendar
		t          time.Time
		fy         int
		start, end time.Time
		index      int
	}{
		{"July start, first month", district.FiscalCalendar{}, month(2025, time.July), 2026, month(2025, time.July), month(2026, time.July), 0},
		{"July start, last month", district.FiscalCalendar{}, month(2026, time.June), 2026, month(2025, time.July), month(2026, time.July), 11},
		{"July start, mid-year", district.FiscalCalendar{}, month(2026, time.January), 2026, month(2025, time.July), month(2026, time.July), 6},
		{"January start is the calendar year", district.FiscalCalendar{StartMonth: time.January}, month(2026, time.March), 2026, month(2026, time.January), month(2027, time.January), 2},
		{"October start", district.FiscalCalendar{StartMonth: time.October}, month(2025, time.October), 2026, month(2025, time.October), month(2026, time.October), 0},
		{"October start, September", district.FiscalCalendar{StartMonth: time.October}, month(2025, time.September), 2025, month(2024, time.October), month(2025, time.October), 11},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.cal.Year(tt.t); got != tt.fy {
				t.Fatalf("Year = %d, want %d", got, tt.fy)
			}
			if got := tt.cal.Start(tt.fy); !got.Equal(tt.start) {
				t.Fatalf("Start = %v, want %v", got, tt.start)
			}
			if got := tt.cal.End(tt.fy); !got.Equal(tt.end) {
				t.Fatalf("End = %v, want %v", got, tt.end)
			}
			if got := tt.cal.MonthIndex(tt.t); got != tt.index {
				t.Fatalf("MonthIndex = %d, want %d", got, tt.index)
			}
		})
	}
	if got := (district.FiscalCalendar{}).Span(2026); got != "Jul 2025 – Jun 2026" {
		t.Errorf("Span(2026) = %q", got)
	}
}

func TestPeriodRange(t *testing.T) {
	cal := district.FiscalCalendar{}
	earliest, latest := month(2021, time.December), month(2026, time.November)
	tests := []struct {
		name     string
		p        district.Period
		from, to time.Time
		label    string
	}{
		{"a fiscal year", district.Period{Kind: district.FiscalYearPeriod, FiscalYear: 2026}, month(2025, time.July), month(2026, time.July), "FY2026 (Jul 2025 – Jun 2026)"},
		{"the last 12 months end at the newest data", district.Period{Kind: district.Last12Months}, month(2025, time.December), month(2026, time.December), "Last 12 months"},
		{"all history", district.Period{Kind: district.AllHistory}, earliest, month(2026, time.December), "All history"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.p.Range(cal, earliest, latest)
			if !r.From.Equal(tt.from) || !r.To.Equal(tt.to) {
				t.Fatalf("Range = %v – %v, want %v – %v", r.From, r.To, tt.from, tt.to)
			}
			if got := tt.p.Label(cal); got != tt.label {
				t.Fatalf("Label = %q, want %q", got, tt.label)
			}
			if !r.Contains(r.From) || r.Contains(r.To) {
				t.Fatalf("Range %v is not half-open", r)
			}
		})
	}
}

func TestFormat(t *testing.T) {
	tests := []struct {
		unit district.Unit
		v    float64
		want string
	}{
		{district.Percent, 94.24, "94.2%"},
		{district.Percent, 99.97, "99.97%"},
		{district.Percent, 100, "100.0%"},
		{district.Days, 3.44, "3.4 days"},
		{district.Mbps, 0.816, "0.82 Mbps"},
		{district.USD, 842, "$842"},
		{district.USD, 12345, "$12.3K"},
		{district.USD, 1240000, "$1.24M"},
		{district.USD, -2500000, "-$2.50M"},
		{district.USD, 9950, "$9,950"},
		{district.USD, 999960, "$1.00M"},
		{district.USD, 999999999, "$1.00B"},
		{district.USD, -0.4, "$0"},
		{district.Count, 12480, "12,480"},
		{district.Count, -1234567, "-1,234,567"},
		{district.Percentile, 52.4, "52"},
		{district.Percent, math.NaN(), "–"},
	}
	for _, tt := range tests {
		if got := district.FormatUnit(tt.unit, tt.v); got != tt.want {
			t.Errorf("FormatUnit(%s, %v) = %q, want %q", tt.unit, tt.v, got, tt.want)
		}
	}
	if got := mustMetric(t, district.DevicesInService).Format(12480); got != "12,480 devices" {
		t.Errorf("a count names what it counts: %q", got)
	}
}

// TestCounted: one of a thing is singular, wherever a count is written.
func TestCounted(t *testing.T) {
	tests := []struct {
		n      float64
		things string
		want   string
	}{
		{1, "incidents", "1 incident"},
		{0, "incidents", "0 incidents"},
		{2, "incidents", "2 incidents"},
		{1.2, "tickets", "1 ticket"},
		{-1, "devices", "-1 device"},
		{1, "categories", "1 category"},
		{1, "matches", "1 match"},
		{1, "classes", "1 class"},
		{1, "boxes", "1 box"},
		{1, "glass", "1 glass"},
		{1, "staff", "1 staff"},
		{1500, "schools", "1,500 schools"},
	}
	for _, tt := range tests {
		if got := district.Counted(tt.n, tt.things); got != tt.want {
			t.Errorf("Counted(%v, %q) = %q, want %q", tt.n, tt.things, got, tt.want)
		}
	}
	if got := mustMetric(t, district.SecurityIncidents).Format(1); got != "1 incident" {
		t.Errorf("one incident reads %q", got)
	}
}

func TestCheckObservation(t *testing.T) {
	pct := mustMetric(t, district.AttendanceRate)
	count := mustMetric(t, district.TicketsOpen)
	mfa := mustMetric(t, district.MFACoverage)
	good := district.Observation{Metric: pct.ID, School: "S1", Period: month(2026, time.March), Value: 95, N: 400}
	tests := []struct {
		name   string
		m      district.Metric
		change func(o *district.Observation)
		want   string
	}{
		{"a good value", pct, func(*district.Observation) {}, ""},
		{"NaN", pct, func(o *district.Observation) { o.Value = math.NaN() }, "not a finite number"},
		{"infinity", pct, func(o *district.Observation) { o.Value = math.Inf(1) }, "not a finite number"},
		{"a percentage over 100", pct, func(o *district.Observation) { o.Value = 100.5 }, "outside 0 to 100"},
		{"a negative percentage", pct, func(o *district.Observation) { o.Value = -1 }, "outside 0 to 100"},
		{"a negative count", count, func(o *district.Observation) { o.Metric, o.Value = count.ID, -3 }, "negative"},
		{"a negative n", pct, func(o *district.Observation) { o.N = -1 }, "n -1 is negative"},
		{"a period mid-month", pct, func(o *district.Observation) { o.Period = o.Period.AddDate(0, 0, 3) }, "first of a month"},
		{"a district-only metric at a school", mfa, func(o *district.Observation) { o.Metric = mfa.ID }, "district-wide metric"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := good
			tt.change(&o)
			err := tt.m.CheckObservation(o)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want one saying %q", err, tt.want)
			}
		})
	}
}

// TestChromebooksReachingAUE: a replacement plan finds a count of the
// Chromebooks reaching their auto-update expiration for this fiscal year
// and each of the next AUEYearsAhead, each summed over schools.
func TestChromebooksReachingAUE(t *testing.T) {
	seen := map[string]bool{}
	for k := 0; k <= district.AUEYearsAhead; k++ {
		id := district.ChromebooksReachingAUE(k)
		m, ok := district.Lookup(id)
		if !ok || seen[id] || m.Unit != district.Count || m.Aggregation != district.Sum || m.Domain != district.TechHealth {
			t.Errorf("%d years ahead: %+v, %t", k, m, ok)
		}
		seen[id] = true
	}
	if _, ok := district.Lookup(district.ChromebooksReachingAUE(district.AUEYearsAhead + 1)); ok {
		t.Error("a year beyond AUEYearsAhead has a metric")
	}
}

func TestCatalogue(t *testing.T) {
	seen := map[string]bool{}
	for _, m := range district.Catalogue() {
		if err := m.Validate(); err != nil {
			t.Errorf("catalogue entry invalid: %v", err)
		}
		if seen[m.ID] {
			t.Errorf("metric %s appears twice", m.ID)
		}
		seen[m.ID] = true
		if m.HasTarget && m.Benchmark == "" {
			t.Errorf("metric %s has a target but no benchmark saying where it comes from", m.ID)
		}
		if m.StudentBased && m.Aggregation == district.Sum {
			t.Errorf("student-based metric %s sums; it must average with n", m.ID)
		}
	}
	for _, id := range []string{district.DevicesInService, district.DevicesBroken, district.DevicesPastRefresh, district.ChromebooksPastAUE,
		district.TicketsOpen, district.TicketsMedianDays, district.TicketsWithinSLA, district.InternetUptime, district.BandwidthPerStudent,
		district.DevicesPerTechnician, district.MFACoverage, district.PhishingClickRate, district.PatchCompliance, district.SecurityIncidents,
		district.LMSEngagement, district.AttendanceRate, district.ChronicAbsence, district.ELAProficiency, district.MathProficiency,
		district.ELAGrowth, district.MathGrowth} {
		if !seen[id] {
			t.Errorf("the catalogue lacks %s", id)
		}
	}
	if m := mustMetric(t, district.BandwidthPerStudent); m.Target != 1 || !strings.Contains(m.Benchmark, "FCC/SETDA") {
		t.Errorf("bandwidth target is %v from %q; want the FCC/SETDA goal of 1 Mbps", m.Target, m.Benchmark)
	}
}

func TestValidateRecords(t *testing.T) {
	start, renew := month(2025, time.July), month(2026, time.July)
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"a good school", district.School{ID: "S1", Name: "Adams", Level: district.Elementary, Enrolment: 400}.Validate(), ""},
		{"a school of unknown level", district.School{ID: "S1", Name: "Adams", Level: "college"}.Validate(), "unknown level"},
		{"a negative enrolment", district.School{ID: "S1", Name: "Adams", Level: district.High, Enrolment: -1}.Validate(), "negative"},
		{"a good budget line", district.BudgetLine{FiscalYear: 2026, Category: district.CategoryHardware, FundingSource: district.FundGeneral, Budgeted: 10, Actual: 5}.Validate(), ""},
		{"a negative budget", district.BudgetLine{FiscalYear: 2026, Category: district.CategoryHardware, FundingSource: district.FundGeneral, Budgeted: -10}.Validate(), "negative"},
		{"funding that ends before its year", district.BudgetLine{FiscalYear: 2026, Category: "x", FundingSource: "y", FundingEnds: 2024}.Validate(), "before the line's own year"},
		{"a NaN amount", district.BudgetLine{FiscalYear: 2026, Category: "x", FundingSource: "y", Actual: math.NaN()}.Validate(), "finite"},
		{"a good product", district.Product{ID: "P1", Name: "Lumen", AnnualCost: 100, Licences: 10, ContractStart: start, RenewalDate: renew}.Validate(), ""},
		{"a product with no renewal date", district.Product{ID: "P1", Name: "Lumen", ContractStart: start}.Validate(), ""},
		{"a renewal before the contract", district.Product{ID: "P1", Name: "Lumen", ContractStart: renew, RenewalDate: start}.Validate(), "before its contract starts"},
		{"negative licences", district.Product{ID: "P1", Name: "Lumen", Licences: -5}.Validate(), "negative"},
		{"good usage", district.ProductUsage{Product: "P1", Period: start, ActiveUsers: 5, WeeklyActive: 3}.Validate(), ""},
		{"usage mid-month", district.ProductUsage{Product: "P1", Period: start.AddDate(0, 0, 1)}.Validate(), "first of a month"},
		{"negative users", district.ProductUsage{Product: "P1", Period: start, ActiveUsers: -1}.Validate(), "negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.want == "" {
				if tt.err != nil {
					t.Fatalf("unexpected error: %v", tt.err)
				}
				return
			}
			if tt.err == nil || !strings.Contains(tt.err.Error(), tt.want) {
				t.Fatalf("error = %v, want one saying %q", tt.err, tt.want)
			}
		})
	}
}

func TestSpending(t *testing.T) {
	lines := []district.BudgetLine{
		{FiscalYear: 2026, Category: district.CategoryStaff, FundingSource: district.FundGeneral, Budgeted: 500, Actual: 200},
		{FiscalYear: 2026, Category: district.CategoryHardware, FundingSource: district.FundGrants, Budgeted: 300, Actual: 100, FundingEnds: 2026},
		{FiscalYear: 2026, Category: district.CategoryHardware, FundingSource: district.FundGeneral, Budgeted: 200, Actual: 50},
		{FiscalYear: 2025, Category: district.CategoryHardware, FundingSource: district.FundGrants, Budgeted: 999, FundingEnds: 2026},
	}
	t.Run("totals by category in display order", func(t *testing.T) {
		got := district.SumBudget(lines[:3], func(l district.BudgetLine) string { return l.Category })
		if len(got) != 2 || got[0].Key != district.CategoryHardware || got[0].Budgeted != 500 || got[0].Actual != 150 || got[1].Key != district.CategoryStaff {
			t.Fatalf("SumBudget = %+v", got)
		}
	})
	t.Run("the cliff is the funding that ends with the year", func(t *testing.T) {
		c := district.Cliff(lines, 2026)
		if c.Amount != 300 || math.Abs(c.Share-0.3) > 1e-9 {
			t.Fatalf("Cliff = %+v, want 300 and 30%%", c)
		}
		if c := district.Cliff(lines, 2027); c.Amount != 0 || c.Share != 0 {
			t.Fatalf("a year with no budget has no cliff: %+v", c)
		}
	})
	t.Run("a forecast along the plan", func(t *testing.T) {
		for _, tt := range []struct {
			spent, plan, year float64
			want              float64
			ok                bool
		}{
			{570, 570, 1000, 1000, true},      // on plan: the plan
			{587.1, 570, 1000, 1030, true},    // 3% over to date: 3% over at the end
			{300, 400, 1200, 900, true},       // 75% of the plan: 75% of the rest
			{1100, 1000, 1000, 1100, true},    // the year's plan is used up: nothing more expected
			{300, 0, 1200, 0, false},          // no plan to date to measure against
			{math.NaN(), 400, 1200, 0, false}, // no number
			{300, 400, math.Inf(1), 0, false}, // no plan
		} {
			got, ok := district.PlanForecast(tt.spent, tt.plan, tt.year)
			if ok != tt.ok || math.Abs(got-tt.want) > 1e-9 {
				t.Errorf("PlanForecast(%v, %v, %v) = %v, %v; want %v, %v", tt.spent, tt.plan, tt.year, got, ok, tt.want, tt.ok)
			}
		}
	})
	t.Run("per pupil", func(t *testing.T) {
		if v, ok := district.PerPupil(1000, 4); !ok || v != 250 {
			t.Errorf("PerPupil(1000, 4) = %v, %v", v, ok)
		}
		if _, ok := district.PerPupil(1000, 0); ok {
			t.Error("PerPupil with no students must say there is no figure")
		}
	})
}
