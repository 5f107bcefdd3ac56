package district_test

import (
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/district"
)

// obsOf makes figures, newest first as Recent reads them, valued v0, v0-1, ….
func obsOf(months ...time.Time) []district.Observation {
	var out []district.Observation
	for i, m := range months {
		out = append(out, district.Observation{Period: m, Value: float64(100 - i)})
	}
	return out
}

func TestCompare(t *testing.T) {
	tickets, broken, ela := mustMetric(t, district.TicketsOpen), mustMetric(t, district.DevicesBroken), mustMetric(t, district.ELAProficiency)
	incidents := mustMetric(t, district.SecurityIncidents)
	dec7 := time.Date(2026, time.December, 7, 9, 0, 0, 0, time.UTC)
	jan := time.Date(2027, time.January, 3, 9, 0, 0, 0, time.UTC)
	recent := obsOf(month(2026, time.December), month(2026, time.November), month(2026, time.October), month(2025, time.December), month(2025, time.November))
	tests := []struct {
		name      string
		m         district.Metric
		recent    []district.Observation
		now       time.Time
		cur, base time.Time
		soFar     bool
		running   time.Time
		when      string
		change    string
	}{
		{"a school-year measure compares with the same month a year earlier, so far while it runs", tickets, recent, dec7,
			month(2026, time.December), month(2025, time.December), true, time.Time{},
			"December 2026 so far", "up 3 tickets on December 2025"},
		{"the same once the month has closed", tickets, recent, jan,
			month(2026, time.December), month(2025, time.December), false, time.Time{},
			"December 2026", "up 3 tickets on December 2025"},
		{"an all-year measure compares with the month before", broken, recent, jan,
			month(2026, time.December), month(2026, time.November), false, time.Time{},
			"December 2026", "up 1.0 pts since November 2026"},
		{"a count that accumulates waits for its month to close", incidents, recent, dec7,
			month(2026, time.November), month(2026, time.October), false, month(2026, time.December),
			"November 2026", "up 1 incident since October 2026"},
		{"and is compared once it has", incidents, recent, jan,
			month(2026, time.December), month(2026, time.November), false, time.Time{},
			"December 2026", "up 1 incident since November 2026"},
		{"a school-year measure without last year's month compares with nothing", tickets, recent[:3], jan,
			month(2026, time.December), time.Time{}, false, time.Time{}, "December 2026", ""},
		{"an all-year measure without the month before compares with nothing", broken,
			obsOf(month(2026, time.December), month(2026, time.August)), jan,
			month(2026, time.December), time.Time{}, false, time.Time{}, "December 2026", ""},
		{"assessment windows compare a year apart", ela,
			obsOf(month(2026, time.October), month(2026, time.May), month(2025, time.October)), jan,
			month(2026, time.October), month(2025, time.October), false, time.Time{}, "October 2026", "up 2.0 pts on October 2025"},
		{"an accumulating count with only its running month waits with nothing to show", incidents,
			obsOf(month(2026, time.December)), dec7,
			month(2026, time.December), time.Time{}, true, time.Time{}, "December 2026 so far", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ok := tt.m.Compare(tt.recent, tt.now)
			if !ok {
				t.Fatal("no comparison")
			}
			if !c.Cur.Period.Equal(tt.cur) || c.HasBase != !tt.base.IsZero() || !c.Base.Period.Equal(tt.base) || c.SoFar != tt.soFar {
				t.Fatalf("compared %s (so far %v) with %s (%v); want %s (so far %v) with %s",
					c.Cur.Period.Format("Jan 2006"), c.SoFar, c.Base.Period.Format("Jan 2006"), c.HasBase,
					tt.cur.Format("Jan 2006"), tt.soFar, tt.base.Format("Jan 2006"))
			}
			if c.HasRunning != !tt.running.IsZero() || !c.Running.Period.Equal(tt.running) {
				t.Fatalf("running month %s (%v), want %s", c.Running.Period.Format("Jan 2006"), c.HasRunning, tt.running.Format("Jan 2006"))
			}
			if got := c.When(); got != tt.when {
				t.Errorf("When() = %q, want %q", got, tt.when)
			}
			if got := c.Change(); got != tt.change {
				t.Errorf("Change() = %q, want %q", got, tt.change)
			}
		})
	}
	if _, ok := tickets.Compare(nil, dec7); ok {
		t.Error("nothing compared with nothing")
	}
}

func TestComparisonWords(t *testing.T) {
	cmp := func(id string, cur, base float64, soFar bool) district.Comparison {
		m := mustMetric(t, id)
		at := month(2026, time.October)
		return district.Comparison{Metric: m, Cur: district.Observation{Period: at, Value: cur},
			Base: district.Observation{Period: m.BaseMonth(at), Value: base}, HasBase: true, SoFar: soFar}
	}
	tests := []struct {
		name          string
		c             district.Comparison
		dir           district.Direction
		better, worse bool
		text          string
	}{
		{"rising attendance is better", cmp(district.AttendanceRate, 95.2, 94.1, false), district.Up, true, false, "up 1.1 pts on October 2025, better"},
		{"rising breakage is worse", cmp(district.DevicesBroken, 3.5, 2.5, false), district.Up, false, true, "up 1.0 pts since September 2026, worse"},
		{"falling tickets are better", cmp(district.TicketsOpen, 120, 180, true), district.Down, true, false, "down 60 tickets on October 2025, better"},
		{"a change below what is shown is flat", cmp(district.AttendanceRate, 95.02, 95.0, false), district.Flat, false, false, "same as October 2025"},
		{"an all-year measure held flat", cmp(district.DevicesBroken, 3.02, 3.0, false), district.Flat, false, false, "no change since September 2026"},
		{"neutral metrics move without judgement", cmp(district.DevicesInService, 12500, 12000, false), district.Up, false, false, "up 500 devices since September 2026"},
		{"one is one", cmp(district.SecurityIncidents, 1, 2, false), district.Down, true, false, "down 1 incident since September 2026, better"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := tt.c.Trend()
			if tr.Direction != tt.dir || tr.Better != tt.better || tr.Worse != tt.worse {
				t.Fatalf("Trend() = %+v", tr)
			}
			if got := tt.c.Text(); got != tt.text {
				t.Fatalf("Text() = %q, want %q", got, tt.text)
			}
		})
	}
	if got := mustMetric(t, district.TicketsOpen).ComparisonRule(); got != "Compared with the same month a year earlier" {
		t.Errorf("school-year rule: %q", got)
	}
	if got := mustMetric(t, district.DevicesBroken).ComparisonRule(); got != "Compared with the month before" {
		t.Errorf("all-year rule: %q", got)
	}
}

func TestClosed(t *testing.T) {
	dec := month(2026, time.December)
	for _, tt := range []struct {
		now  time.Time
		want bool
	}{
		{time.Date(2026, time.December, 7, 9, 0, 0, 0, time.UTC), false},
		{time.Date(2026, time.December, 31, 23, 59, 0, 0, time.UTC), false},
		{time.Date(2027, time.January, 1, 0, 0, 0, 0, time.UTC), true},
		{time.Date(2026, time.November, 30, 0, 0, 0, 0, time.UTC), false},
	} {
		if got := district.Closed(dec, tt.now); got != tt.want {
			t.Errorf("Closed(Dec 2026, %s) = %v, want %v", tt.now, got, tt.want)
		}
	}
	// A clock in another zone still closes the month by its own calendar.
	la := time.FixedZone("PST", -8*3600)
	if district.Closed(month(2026, time.November), time.Date(2026, time.November, 30, 20, 0, 0, 0, la)) {
		t.Error("30 November in Los Angeles closed November")
	}
}
