// Package helpdesk counts help-desk tickets into monthly figures, for the
// connectors that read a help desk (Request Tracker, Incident IQ). A
// connector hands each ticket's times and place to a Tally as it decodes a
// page and forgets the ticket; only times, a place number and two flags
// are held until the count ends, and nothing that names a ticket, a
// person or a subject. The figures, per school and for the district, run
// month by month from the first ticket (or ten years back at most) to the
// present month.
package helpdesk

import (
	"cmp"
	"slices"
	"time"

	"github.com/cabinetapp/cabinet/district"
)

// HistoryMonths bounds how far back the figures go, so a ticket dated
// 1970 by a bad import does not make decades of empty months.
const HistoryMonths = 120

// backlogAge is how old an open ticket must be to count in the backlog.
const backlogAge = 30 * 24 * time.Hour

// Ticket is what the count needs of one ticket.
type Ticket struct {
	Opened time.Time
	// Closed is when the ticket stopped being open; zero while it is
	// open, or when it is closed at a time the system did not record.
	Closed time.Time
	// Done is true for a closed ticket, whether or not Closed is known.
	Done bool
	// Resolved is true when the ticket was closed by resolving it, not by
	// rejecting or cancelling it: only those count as resolved.
	Resolved bool
	// Due is when the service level wanted it resolved; zero when none.
	Due time.Time
	// Place numbers the school the ticket names, as the connector
	// numbers them from 0; -1 for none.
	Place int32
}

// record is a Ticket as the tally keeps it: 32 bytes.
type record struct {
	opened, closed, due int64 // Unix seconds; 0 for none
	place               int32
	flags               uint8
}

const (
	flagDone = 1 << iota
	flagResolved
)

// Tally collects tickets and works out their monthly figures.
type Tally struct {
	records []record
	// Undated counts closed tickets with no time of closing: they count
	// as opened but never as open at a month end nor as resolved.
	Undated int
	// Held counts the tickets of each place, for notes on places that
	// match no school.
	Held []int
}

// Len is how many tickets were added.
func (t *Tally) Len() int { return len(t.records) }

// Add counts one ticket. A ticket with no opening time is left out.
func (t *Tally) Add(tk Ticket) {
	if tk.Opened.IsZero() {
		return
	}
	r := record{opened: tk.Opened.Unix(), place: max(tk.Place, -1)}
	if r.place >= 0 {
		for int(r.place) >= len(t.Held) {
			t.Held = append(t.Held, 0)
		}
		t.Held[r.place]++
	}
	if tk.Done {
		r.flags |= flagDone
		switch {
		case tk.Closed.IsZero():
			t.Undated++
			r.closed = r.opened
		default:
			// A ticket closed before it opened (clocks, imports) is taken
			// as closed when it opened.
			r.closed = max(tk.Closed.Unix(), r.opened)
			if tk.Resolved {
				r.flags |= flagResolved
			}
		}
	}
	if !tk.Due.IsZero() {
		r.due = tk.Due.Unix()
	}
	t.records = append(t.records, r)
}

// monthIndex numbers months from year 0.
func monthIndex(unix int64) int {
	y, m, _ := time.Unix(unix, 0).UTC().Date()
	return y*12 + int(m) - 1
}

// cell is one resolved ticket's days to resolve, for the medians.
type cell struct {
	key  int32 // row*months + month
	days float64
}

// Observations are the figures as of now: for each school that has a
// ticket and for the district, each month from the first ticket's to
// now's. schools[i] is the Cabinet school place i counts toward, "" for
// none; several places may count toward one school.
func (t *Tally) Observations(now time.Time, schools []string) []district.Observation {
	if len(t.records) == 0 {
		return nil
	}
	// Rows are Cabinet's schools, then the district.
	var names []string
	rowOf := map[string]int{}
	placeRow := make([]int, len(schools))
	for i, s := range schools {
		if s == "" {
			placeRow[i] = -1
			continue
		}
		row, ok := rowOf[s]
		if !ok {
			row = len(names)
			rowOf[s] = row
			names = append(names, s)
		}
		placeRow[i] = row
	}
	whole := len(names)
	last := monthIndex(now.Unix())
	first := last
	for _, r := range t.records {
		first = min(first, monthIndex(r.opened))
	}
	first = max(first, last-HistoryMonths+1)
	n := last - first + 1
	rows := whole + 1
	open := make([]int32, rows*n)
	backlog := make([]int32, rows*n)
	opened := make([]int32, rows*n)
	resolved := make([]int32, rows*n)
	slaDue := make([]int32, rows*n)
	slaMet := make([]int32, rows*n)
	seen := make([]bool, rows)
	var days []cell
	nowUnix := now.Unix()
	for _, r := range t.records {
		mo := monthIndex(r.opened) - first
		if mo >= n {
			continue // opened after now
		}
		place := whole
		if int(r.place) >= 0 && int(r.place) < len(placeRow) && placeRow[r.place] >= 0 {
			place = placeRow[r.place]
		}
		seen[place] = true
		closedIdx := n // not closed by now
		if r.flags&flagDone != 0 && r.closed <= nowUnix {
			closedIdx = monthIndex(r.closed) - first
		}
		b := monthIndex(r.opened+int64(backlogAge/time.Second)) - first
		targets := [2]int{place, whole}
		for _, row := range targets[:1+min(1, whole-place)] {
			base := row * n
			// Open at month end: from the opening month up to the month
			// before the closing one; kept as differences, summed below.
			span(open[base:base+n], max(mo, 0), closedIdx)
			span(backlog[base:base+n], max(b, 0), closedIdx)
			if mo >= 0 {
				opened[base+mo]++
			}
			if r.flags&flagResolved != 0 && closedIdx >= 0 && closedIdx < n {
				resolved[base+closedIdx]++
				days = append(days, cell{key: int32(base + closedIdx), days: float64(r.closed-r.opened) / 86400})
				if r.due != 0 {
					slaDue[base+closedIdx]++
					if r.closed <= r.due {
						slaMet[base+closedIdx]++
					}
				}
			}
		}
	}
	seen[whole] = true
	medians := medianByCell(days)
	var out []district.Observation
	for row := range rows {
		if !seen[row] {
			continue
		}
		school := district.WholeDistrict
		if row < whole {
			school = names[row]
		}
		base := row * n
		var o, bl int32
		for m := range n {
			o += open[base+m]
			bl += backlog[base+m]
			period := monthStart(first + m)
			put := func(metric string, v float64) {
				out = append(out, district.Observation{Metric: metric, School: school, Period: period, Value: v})
			}
			put(district.TicketsOpen, float64(o))
			put(district.TicketsBacklog30, float64(bl))
			put(district.TicketsOpened, float64(opened[base+m]))
			put(district.TicketsResolved, float64(resolved[base+m]))
			if d, ok := medians[int32(base+m)]; ok {
				put(district.TicketsMedianDays, d)
			}
			if due := slaDue[base+m]; due > 0 {
				put(district.TicketsWithinSLA, 100*float64(slaMet[base+m])/float64(due))
			}
		}
	}
	// The cache takes rows grouped by metric most cheaply.
	slices.SortStableFunc(out, func(a, b district.Observation) int { return cmp.Compare(a.Metric, b.Metric) })
	return out
}

// span adds one to the months from..to-1 of a row kept as differences.
func span(row []int32, from, to int) {
	if from >= len(row) || to <= from {
		return
	}
	row[from]++
	if to < len(row) {
		row[to]--
	}
}

// medianByCell works out each cell's median days to resolve.
func medianByCell(days []cell) map[int32]float64 {
	slices.SortFunc(days, func(a, b cell) int {
		if c := cmp.Compare(a.key, b.key); c != 0 {
			return c
		}
		return cmp.Compare(a.days, b.days)
	})
	out := map[int32]float64{}
	for i := 0; i < len(days); {
		j := i
		for j < len(days) && days[j].key == days[i].key {
			j++
		}
		out[days[i].key] = median(days[i:j])
		i = j
	}
	return out
}

// median of sorted cells: the middle one, or the mean of the middle two.
func median(sorted []cell) float64 {
	n := len(sorted)
	if n%2 == 1 {
		return sorted[n/2].days
	}
	return (sorted[n/2-1].days + sorted[n/2].days) / 2
}

func monthStart(index int) time.Time {
	return time.Date(index/12, time.Month(index%12+1), 1, 0, 0, 0, 0, time.UTC)
}
