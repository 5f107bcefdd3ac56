package district_test

import (
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/district"
)

func TestSeasonsInTheCatalogue(t *testing.T) {
	schoolYear := []string{district.AttendanceRate, district.ChronicAbsence, district.LMSEngagement, district.TicketsOpen,
		district.TicketsMedianDays, district.TicketsWithinSLA, district.ELAProficiency, district.MathProficiency}
	for _, id := range schoolYear {
		if m := mustMetric(t, id); m.Season != district.SchoolYear {
			t.Errorf("%s follows the school year but its season is %q", id, m.Season)
		}
	}
	for _, id := range []string{district.DevicesBroken, district.MFACoverage, district.SpendActual, district.InternetUptime} {
		if m := mustMetric(t, id); m.Season != district.AllYear {
			t.Errorf("%s does not follow the school year but its season is %q", id, m.Season)
		}
	}
	for _, m := range district.Catalogue() {
		if err := m.Validate(); err != nil {
			t.Error(err)
		}
	}
	bad := mustMetric(t, district.AttendanceRate)
	bad.Season = "winter"
	if bad.Validate() == nil {
		t.Error("a metric with an unknown season passed validation")
	}
}

func TestInSession(t *testing.T) {
	for m := time.January; m <= time.December; m++ {
		want := m != time.July && m != time.August
		if got := district.InSession(month(2026, m)); got != want {
			t.Errorf("InSession(%s) = %v, want %v", m, got, want)
		}
	}
	if district.MonthsInSession() != 10 {
		t.Errorf("MonthsInSession() = %d, want 10", district.MonthsInSession())
	}
	if got := district.SummerRule(); got != "July and August are summer, school out" {
		t.Errorf("SummerRule() = %q", got)
	}
}

func TestCompared(t *testing.T) {
	obs := func(months ...time.Time) []district.Observation {
		var out []district.Observation
		for i, m := range months {
			out = append(out, district.Observation{Period: m, Value: float64(i)})
		}
		return out
	}
	lms, broken, ela := mustMetric(t, district.LMSEngagement), mustMetric(t, district.DevicesBroken), mustMetric(t, district.ELAProficiency)
	monthly := obs(month(2026, time.June), month(2026, time.May), month(2026, time.April), month(2025, time.July), month(2025, time.June))
	tests := []struct {
		name   string
		m      district.Metric
		recent []district.Observation
		want   time.Time
		ok     bool
	}{
		{"school-year June compares with June a year earlier, not May", lms, monthly, month(2025, time.June), true},
		{"all-year June compares with May", broken, monthly, month(2026, time.May), true},
		{"school-year with no year-earlier value compares with nothing", lms, monthly[:3], time.Time{}, false},
		{"all-year without last month falls back to the latest before", broken, obs(month(2026, time.June), month(2026, time.March)), month(2026, time.March), true},
		{"assessment windows compare a year apart", ela, obs(month(2026, time.October), month(2026, time.May), month(2025, time.October)), month(2025, time.October), true},
		{"one value compares with nothing", lms, monthly[:1], time.Time{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := tt.m.Compared(tt.recent)
			if ok != tt.ok || !got.Period.Equal(tt.want) {
				t.Fatalf("Compared = %s, %v; want %s, %v", got.Period.Format("Jan 2006"), ok, tt.want.Format("Jan 2006"), tt.ok)
			}
		})
	}
}

func TestSessionMonthCost(t *testing.T) {
	tests := []struct {
		month time.Month
		cost  float64
		ok    bool
	}{
		{time.September, 1200, true},
		{time.June, 1200, true},
		{time.July, 0, false},
		{time.August, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.month.String(), func(t *testing.T) {
			cost, ok := district.SessionMonthCost(12000, month(2026, tt.month))
			if cost != tt.cost || ok != tt.ok {
				t.Fatalf("SessionMonthCost(12000, %s) = %v, %v; want %v, %v", tt.month, cost, ok, tt.cost, tt.ok)
			}
		})
	}
	var year float64
	for m := time.January; m <= time.December; m++ {
		c, _ := district.SessionMonthCost(12000, month(2026, m))
		year += c
	}
	if year != 12000 {
		t.Fatalf("the months of a year carry %v of a 12000 cost; want all of it", year)
	}
}
