package cache

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/cabinetapp/cabinet/district"
)

// coverage is a source's share of one dataset.
type coverage struct {
	district.Provenance
	priority int
	key      int64 // the source's id in the tables of figures; -1 for none
}

// sourceRow is a source as the sources table records it.
type sourceRow struct {
	Source
	syncedAt time.Time
	cursor   string
	state    string
}

// sourceList is which source supplies each dataset, as read at one moment.
// It is never changed once read: a new one replaces it.
type sourceList struct {
	coverage map[string]coverage   // dataset → the source shown for it
	ranked   map[string][]coverage // dataset → every source of it, best first
	sources  map[string]sourceRow
}

// readSources reads which source supplies each dataset through q.
func readSources(ctx context.Context, q querier) (*sourceList, error) {
	rows, err := q.QueryContext(ctx, "SELECT name, kind, priority, synced_at, cursor, state FROM sources")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	sources := map[string]sourceRow{}
	for rows.Next() {
		var s sourceRow
		var synced string
		if err := rows.Scan(&s.Name, &s.Kind, &s.Priority, &synced, &s.cursor, &s.state); err != nil {
			return nil, err
		}
		s.syncedAt, _ = time.Parse(time.RFC3339, synced)
		sources[s.Name] = s
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	covRows, err := q.QueryContext(ctx, `SELECT c.dataset, c.source, c.first_period, c.last_period, c.priority, coalesce(k.id, -1)
		FROM coverage AS c LEFT JOIN source_keys AS k ON k.name = c.source`)
	if err != nil {
		return nil, err
	}
	defer covRows.Close()
	best := map[string]coverage{}
	ranked := map[string][]coverage{}
	for covRows.Next() {
		var dataset, source, first, last string
		var rank sql.NullInt64
		var key int64
		if err := covRows.Scan(&dataset, &source, &first, &last, &rank, &key); err != nil {
			return nil, err
		}
		s, ok := sources[source]
		if !ok {
			continue
		}
		cv := coverage{Provenance: district.Provenance{Source: s.Name, Kind: s.Kind, SyncedAt: s.syncedAt}, priority: s.Priority, key: key}
		if rank.Valid {
			cv.priority = int(rank.Int64)
		}
		cv.First, cv.Last = parsePeriod(dataset, first), parsePeriod(dataset, last)
		if cur, ok := best[dataset]; !ok || cv.before(cur) {
			best[dataset] = cv
		}
		ranked[dataset] = append(ranked[dataset], cv)
	}
	if err := covRows.Err(); err != nil {
		return nil, err
	}
	for _, list := range ranked {
		sort.Slice(list, func(i, j int) bool { return list[i].before(list[j]) })
	}
	return &sourceList{coverage: best, ranked: ranked, sources: sources}, nil
}

// loadSources reads the sources again. It runs after every write, and when
// another process has written, so reads never have to work it out.
func (c *Cache) loadSources(ctx context.Context) error { return c.readSourcesThrough(ctx, c.write) }

// readSourcesThrough reads the sources through q and keeps them. Readings
// take turns, so one that began earlier never replaces a later one.
func (c *Cache) readSourcesThrough(ctx context.Context, q querier) error {
	c.listMu.Lock()
	defer c.listMu.Unlock()
	list, err := readSources(ctx, q)
	if err != nil {
		return err
	}
	c.list.Store(list)
	return nil
}

// reloadSources reads the sources again after a write. If that fails the
// write is saved all the same, and the next read that needs them tries again.
func (c *Cache) reloadSources(ctx context.Context) {
	if err := c.loadSources(ctx); err != nil {
		c.stale.Store(true)
	}
}

// sourceList is the newest list of sources, read again first if reading
// it after a write failed.
func (c *Cache) sourceList() *sourceList {
	if c.stale.Load() && c.loadSources(context.Background()) == nil {
		c.stale.Store(false)
	}
	return c.list.Load()
}

// parsePeriod reads a coverage bound: a date, or a fiscal year for the budget.
func parsePeriod(dataset, s string) time.Time {
	if dataset == "budget" {
		var fy int
		fmt.Sscan(s, &fy)
		return time.Date(fy, time.January, 1, 0, 0, 0, 0, time.UTC)
	}
	t, _ := parseDate(s)
	return t
}

// before reports whether cv ranks before other: a lower priority, then the
// name, so the order never depends on the order rows were read in.
func (cv coverage) before(other coverage) bool {
	return cv.priority < other.priority || cv.priority == other.priority && cv.Source < other.Source
}

// span is a source of a metric and the month from which a better source
// takes over; zero for the best source.
type span struct {
	coverage
	until time.Time
}

// end is the earlier of t and the span's end.
func (sp span) end(t time.Time) time.Time {
	if !sp.until.IsZero() && sp.until.Before(t) {
		return sp.until
	}
	return t
}

// history lists the sources of a metric in rank order, each with the months
// it is read for: the best source from its first month on, the next for
// the months before that, and so on. A connector that began counting this
// month so shows the summary feed's history behind its own figures.
func (l *sourceList) history(metric string) []span {
	var out []span
	var until time.Time
	for _, cv := range l.ranked[district.MetricDataset(metric)] {
		if !until.IsZero() && !cv.First.Before(until) {
			continue
		}
		out = append(out, span{coverage: cv, until: until})
		until = cv.First
	}
	return out
}

// Provenance says which source supplies a dataset ("schools", "budget",
// "products", "usage", "profile" or "metric:<id>") and how fresh it is.
func (r reader) Provenance(dataset string) (district.Provenance, bool) {
	cv, ok := r.list().coverage[dataset]
	return cv.Provenance, ok
}

// Empty reports whether the cache holds no district data at all.
func (r reader) Empty() bool { return len(r.list().coverage) == 0 }

// Extent is the span of months the shown metrics cover.
func (r reader) Extent() (district.Range, bool) {
	var ext district.Range
	for dataset, cv := range r.list().coverage {
		if !strings.HasPrefix(dataset, "metric:") {
			continue
		}
		if ext.From.IsZero() || cv.First.Before(ext.From) {
			ext.From = cv.First
		}
		if end := cv.Last.AddDate(0, 1, 0); end.After(ext.To) {
			ext.To = end
		}
	}
	return ext, !ext.From.IsZero()
}
