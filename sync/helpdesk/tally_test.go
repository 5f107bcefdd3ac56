package helpdesk_test

import (
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/sync/helpdesk"
	"github.com/cabinetapp/cabinet/sync/helpdesk/helpdesktest"
)

var now = time.Date(2026, time.November, 20, 12, 0, 0, 0, time.UTC)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 9, 0, 0, 0, time.UTC) }

// TestObservations holds the tally against the slow count for tickets at
// the edges: closed in the month opened, across a month end, before they
// opened, with no time of closing, rejected, at two places that are one
// school, at a place that is none, and opened after now.
func TestObservations(t *testing.T) {
	places := []string{"S1", "S1", "", "S2"}
	cases := []struct {
		name    string
		tickets []helpdesk.Ticket
	}{
		{"none", nil},
		{"open one", []helpdesk.Ticket{{Opened: day(2026, 9, 3), Place: 0}}},
		{"resolved in the month", []helpdesk.Ticket{{Opened: day(2026, 9, 3), Done: true, Resolved: true, Closed: day(2026, 9, 5), Due: day(2026, 9, 4), Place: 1}}},
		{"across months, late", []helpdesk.Ticket{{Opened: day(2026, 6, 30), Done: true, Resolved: true, Closed: day(2026, 9, 1), Due: day(2026, 7, 2), Place: 3}}},
		{"closed before opened", []helpdesk.Ticket{{Opened: day(2026, 8, 10), Done: true, Resolved: true, Closed: day(2026, 8, 1), Place: 0}}},
		{"closed, no time", []helpdesk.Ticket{{Opened: day(2026, 8, 10), Done: true, Resolved: true, Place: 2}}},
		{"rejected", []helpdesk.Ticket{{Opened: day(2026, 8, 10), Done: true, Closed: day(2026, 8, 12), Place: -1}}},
		{"even count median", []helpdesk.Ticket{
			{Opened: day(2026, 10, 1), Done: true, Resolved: true, Closed: day(2026, 10, 2), Place: 0},
			{Opened: day(2026, 10, 1), Done: true, Resolved: true, Closed: day(2026, 10, 5), Place: 1},
			{Opened: day(2025, 10, 1), Place: 3},
		}},
		{"opened after now", []helpdesk.Ticket{{Opened: day(2026, 9, 1), Place: 0}, {Opened: day(2026, 12, 1), Place: 0}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tally := &helpdesk.Tally{}
			var slow []helpdesktest.Ticket
			for _, tk := range c.tickets {
				tally.Add(tk)
				if tk.Opened.After(now) {
					continue
				}
				school := ""
				if tk.Place >= 0 {
					school = places[tk.Place]
				}
				closed := tk.Closed
				if !closed.IsZero() && closed.Before(tk.Opened) {
					closed = tk.Opened
				}
				slow = append(slow, helpdesktest.Ticket{Created: tk.Opened, Done: tk.Done, Closed: closed, Resolved: tk.Resolved, Due: tk.Due, School: school})
			}
			got := map[string]float64{}
			for _, o := range tally.Observations(now, places) {
				got[helpdesktest.Key(o.Metric, o.School, o.Period)] = o.Value
			}
			want := map[string]float64{}
			if len(slow) > 0 {
				want = helpdesktest.Figures(slow, now)
			}
			helpdesktest.Compare(t, want, got)
		})
	}
}

// TestHistoryBound: a ticket dated decades ago does not make decades of
// months, and still counts as open.
func TestHistoryBound(t *testing.T) {
	tally := &helpdesk.Tally{}
	tally.Add(helpdesk.Ticket{Opened: day(1975, 1, 1), Place: -1})
	obs := tally.Observations(now, nil)
	months := map[time.Time]bool{}
	for _, o := range obs {
		months[o.Period] = true
		if o.Metric == district.TicketsOpen && o.Value != 1 {
			t.Fatalf("%s open: %g, want 1", o.Period.Format("2006-01"), o.Value)
		}
	}
	if len(months) != helpdesk.HistoryMonths {
		t.Errorf("%d months, want %d", len(months), helpdesk.HistoryMonths)
	}
}

func TestTargets(t *testing.T) {
	tg, err := helpdesk.ParseTargets("High=1, normal=0.5,*=7")
	if err != nil {
		t.Fatal(err)
	}
	opened := day(2026, 1, 1)
	for _, c := range []struct {
		priority string
		want     time.Time
	}{{"high", opened.Add(24 * time.Hour)}, {"Normal", opened.Add(12 * time.Hour)}, {"low", opened.Add(7 * 24 * time.Hour)}} {
		if got := tg.Due(c.priority, opened); !got.Equal(c.want) {
			t.Errorf("%s: due %s, want %s", c.priority, got, c.want)
		}
	}
	for _, bad := range []string{"high", "high=0", "=3", "high=x"} {
		if _, err := helpdesk.ParseTargets(bad); err == nil {
			t.Errorf("%q was accepted", bad)
		}
	}
}
