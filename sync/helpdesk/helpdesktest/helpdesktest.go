// Package helpdesktest works out help-desk figures the slow, obvious way,
// ticket by ticket and month by month, for tests to hold the connectors'
// counts against; and reads back what a source stored.
package helpdesktest

import (
	"database/sql"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/sync/synctest"

	_ "modernc.org/sqlite" // the cache's driver, for reading it back
)

// Ticket is a ticket as a test's fixture knows it.
type Ticket struct {
	Created time.Time
	// Done is true once closed; Closed is when, or zero when not recorded.
	Done     bool
	Closed   time.Time
	Resolved bool
	// Due is the service level's deadline, from the ticket or its
	// priority's target; zero for none.
	Due time.Time
	// School is the Cabinet school, or "" for the district only.
	School string
}

// Key names a figure: metric|school|YYYY-MM-DD.
func Key(metric, school string, period time.Time) string {
	return metric + "|" + school + "|" + period.Format(time.DateOnly)
}

// Figures are the figures for each school with a ticket and for the
// district, for every month from the first ticket's to now's.
func Figures(tickets []Ticket, now time.Time) map[string]float64 {
	first := district.Month(now)
	for _, tk := range tickets {
		if m := district.Month(tk.Created); m.Before(first) {
			first = m
		}
	}
	groups := map[string][]Ticket{district.WholeDistrict: tickets}
	for _, tk := range tickets {
		if tk.School != "" {
			groups[tk.School] = append(groups[tk.School], tk)
		}
	}
	out := map[string]float64{}
	for school, list := range groups {
		for m := first; !m.After(now); m = m.AddDate(0, 1, 0) {
			end := m.AddDate(0, 1, 0)
			var open, backlog, opened, resolved, due, met int
			var days []float64
			for _, tk := range list {
				// A ticket closed at an unknown time is never counted open.
				closedBy := tk.Done && (tk.Closed.IsZero() || tk.Closed.Before(end))
				if tk.Created.Before(end) && !closedBy {
					open++
					if tk.Created.Before(end.Add(-30 * 24 * time.Hour)) {
						backlog++
					}
				}
				if !tk.Created.Before(m) && tk.Created.Before(end) {
					opened++
				}
				if tk.Done && tk.Resolved && !tk.Closed.IsZero() && !tk.Closed.Before(m) && tk.Closed.Before(end) {
					resolved++
					days = append(days, tk.Closed.Sub(tk.Created).Hours()/24)
					if !tk.Due.IsZero() {
						due++
						if !tk.Closed.After(tk.Due) {
							met++
						}
					}
				}
			}
			out[Key(district.TicketsOpen, school, m)] = float64(open)
			out[Key(district.TicketsBacklog30, school, m)] = float64(backlog)
			out[Key(district.TicketsOpened, school, m)] = float64(opened)
			out[Key(district.TicketsResolved, school, m)] = float64(resolved)
			if len(days) > 0 {
				slices.Sort(days)
				med := days[len(days)/2]
				if len(days)%2 == 0 {
					med = (days[len(days)/2-1] + days[len(days)/2]) / 2
				}
				out[Key(district.TicketsMedianDays, school, m)] = med
			}
			if due > 0 {
				out[Key(district.TicketsWithinSLA, school, m)] = 100 * float64(met) / float64(due)
			}
		}
	}
	return out
}

// Stored reads the figures a source stored in the cache file at path.
func Stored(t testing.TB, path, source string) map[string]float64 {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query("SELECT metric, school, period, value FROM ("+synctest.Observations+") WHERE source = ?", source)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]float64{}
	for rows.Next() {
		var metric, school, period string
		var v float64
		if err := rows.Scan(&metric, &school, &period, &v); err != nil {
			t.Fatal(err)
		}
		out[metric+"|"+school+"|"+period[:min(len(period), 10)]] = v
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// Compare fails the test unless got holds exactly want's figures.
func Compare(t testing.TB, want, got map[string]float64) {
	t.Helper()
	var wrong []string
	for k, w := range want {
		g, ok := got[k]
		switch {
		case !ok:
			wrong = append(wrong, fmt.Sprintf("%s: missing, want %g", k, w))
		case math.Abs(g-w) > 1e-6:
			wrong = append(wrong, fmt.Sprintf("%s: %g, want %g", k, g, w))
		}
	}
	for k, g := range got {
		if _, ok := want[k]; !ok {
			wrong = append(wrong, fmt.Sprintf("%s: %g stored, none expected", k, g))
		}
	}
	slices.Sort(wrong)
	if len(wrong) > 0 {
		t.Fatalf("%d of %d figures differ, such as:\n%s", len(wrong), len(want), strings.Join(wrong[:min(len(wrong), 20)], "\n"))
	}
}
