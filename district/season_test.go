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
