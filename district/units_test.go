package district_test

import (
	"testing"

	"github.com/cabinetapp/cabinet/district"
)

// TestUnitsAreSaid: every figure says its unit, growth percentiles too
// ("ELA growth · Target 50 or more" said none).
func TestUnitsAreSaid(t *testing.T) {
	growth, ela, tickets := mustMetric(t, district.ELAGrowth), mustMetric(t, district.ELAProficiency), mustMetric(t, district.TicketsOpen)
	for _, tt := range []struct{ got, want string }{
		{growth.Format(48.4), "48th percentile"},
		{growth.TargetText(), "Target 50th percentile or more"},
		{growth.FormatDelta(3), "3 percentile points"},
		{growth.FormatDelta(1), "1 percentile point"},
		{ela.UnitName(), "%"},
		{growth.UnitName(), "percentile"},
		{tickets.UnitName(), "tickets"},
		{ela.AxisLabel(), "Percent"},
		{tickets.AxisLabel(), "Tickets"},
		{mustMetric(t, district.SpendActual).AxisLabel(), "US dollars"},
		{mustMetric(t, district.TicketsMedianDays).AxisLabel(), "Days"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
	for _, m := range district.Catalogue() {
		if m.AxisLabel() == "" || m.UnitName() == "" {
			t.Errorf("%s has no unit to say", m.ID)
		}
	}
}

func TestOrdinal(t *testing.T) {
	for n, want := range map[int]string{1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 11: "11th", 12: "12th", 13: "13th", 21: "21st", 22: "22nd", 23: "23rd", 112: "112th"} {
		if got := district.Ordinal(n); got != want {
			t.Errorf("Ordinal(%d) = %q, want %q", n, got, want)
		}
	}
}
