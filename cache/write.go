package cache

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/cabinetapp/cabinet/district"
)

// Source identifies who writes a set of data.
type Source struct {
	Name string
	Kind string
	// Priority orders sources that supply the same dataset: the lowest is
	// shown. Connectors that read a system directly rank before a summary
	// feed, and the demo district ranks last.
	Priority int
	// Ranks overrides Priority for some datasets ("schools", "profile",
	// "metric:<id>", ...): a rostering service supplies enrolment before a
	// summary feed but its schools after the feed's, whose other figures
	// name them.
	Ranks map[string]int
}

// Rank is the source's priority for one dataset.
func (s Source) Rank(dataset string) int {
	if r, ok := s.Ranks[dataset]; ok {
		return r
	}
	return s.Priority
}

// DemoKind is the kind of the generated demo district's source. The demo is
// dropped in the same transaction as the first successful sync of any other
// source.
const DemoKind = "demo"

// Mode says whether a write replaces a source's data or changes it.
type Mode int

// Modes.
const (
	// Replace deletes everything the source wrote before and keeps only what
	// this write puts.
	Replace Mode = iota
	// Change adds, updates and deletes rows, keeping the rest.
	Change
)

// ErrUnchanged may be returned from a write function to end the write
// without committing anything when the source reported no changes.
var ErrUnchanged = errors.New("nothing changed")

// Write applies one sync of a source in one transaction: fn puts rows
// through the Writer and, if fn or the commit fails, nothing of it is kept
// and the source's last good data stay as they were. Every row is checked
// against the domain's rules as it is written.
func (c *Cache) Write(ctx context.Context, src Source, mode Mode, fn func(*Writer) error) error {
	if src.Name == "" || src.Kind == "" {
		return errors.New("writing to the cache: the source has no name or kind")
	}
	// The statement journal that multi-row inserts need lives in memory,
	// and a larger page cache spills fewer dirty pages before the commit.
	if _, err := c.write.ExecContext(ctx, "PRAGMA temp_store = MEMORY; PRAGMA cache_size = -32768"); err != nil {
		return fmt.Errorf("starting to write %s to the cache: %w", src.Name, err)
	}
	tx, err := c.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("starting to write %s to the cache: %w", src.Name, err)
	}
	w := &Writer{ctx: ctx, tx: tx, src: src, mode: mode, touched: map[string]bool{}, now: c.Now}
	err = w.begin()
	if err == nil {
		err = fn(w)
	}
	if err == nil {
		err = w.finish()
	}
	if err != nil {
		w.close()
		tx.Rollback()
		if errors.Is(err, ErrUnchanged) {
			return nil
		}
		return err
	}
	w.close()
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("saving %s to the cache: %w", src.Name, err)
	}
	if err := c.loadSources(ctx); err != nil {
		return fmt.Errorf("reading back the sources after saving %s: %w", src.Name, err)
	}
	return nil
}

// Writer puts one source's rows inside a Write.
type Writer struct {
	ctx     context.Context
	tx      *sql.Tx
	src     Source
	mode    Mode
	metrics map[string]district.Metric
	touched map[string]bool // datasets written, whose coverage is recomputed
	cursor  *string
	state   *string
	records int
	now     func() time.Time

	observations, usage *batch
	// periods caches months as the text the cache stores, ready to bind:
	// a load writes the same few hundred months millions of times.
	periods map[int64]any
	// lastMetric is the metric of the last observation put; rows come
	// grouped by metric, so its coverage is marked once per group.
	lastMetric string
}

// period writes a month the way the cache stores it.
func (w *Writer) period(t time.Time) any {
	k := t.Unix()
	s, ok := w.periods[k]
	if !ok {
		s = dateText(t)
		w.periods[k] = s
	}
	return s
}

var sourceTables = []string{"profile", "schools", "metrics", "observations", "budget_lines", "products", "product_usage", "coverage"}

func (w *Writer) begin() error {
	if w.mode == Replace {
		for _, t := range sourceTables {
			if _, err := w.tx.ExecContext(w.ctx, "DELETE FROM "+t+" WHERE source = ?", w.src.Name); err != nil {
				return fmt.Errorf("clearing %s's %s: %w", w.src.Name, t, err)
			}
		}
	}
	w.metrics = map[string]district.Metric{}
	for _, m := range district.Catalogue() {
		w.metrics[m.ID] = m
	}
	known, err := queryMetrics(w.ctx, w.tx, "WHERE source = ?", w.src.Name)
	if err != nil {
		return err
	}
	for _, m := range known {
		w.metrics[m.ID] = m
	}
	obsConflict, usageConflict := "", ""
	if w.mode == Change {
		obsConflict = " ON CONFLICT DO UPDATE SET value = excluded.value, n = excluded.n"
		usageConflict = " ON CONFLICT DO UPDATE SET active_users = excluded.active_users, weekly_active = excluded.weekly_active"
	}
	w.observations = newBatch(w.ctx, w.tx, w.src.Name, "observations", []string{"metric", "school", "period", "value", "n"}, obsConflict)
	w.usage = newBatch(w.ctx, w.tx, w.src.Name, "product_usage", []string{"product", "school", "period", "active_users", "weekly_active"}, usageConflict)
	w.periods = map[int64]any{}
	return nil
}

func (w *Writer) close() {
	w.observations.close()
	w.usage.close()
}

// Records is how many rows the write has put or deleted so far.
func (w *Writer) Records() int { return w.records }

// exec runs one statement, upserting in Change mode. key names the row in
// an error.
func (w *Writer) exec(dataset, key, insert, conflict string, args ...any) error {
	q := insert
	if w.mode == Change {
		q += " " + conflict
	}
	if _, err := w.tx.ExecContext(w.ctx, q, args...); err != nil {
		if isConstraint(err) {
			return fmt.Errorf("%s %s appears twice", dataset, key)
		}
		return fmt.Errorf("writing %s %s: %w", dataset, key, err)
	}
	w.touched[dataset] = true
	w.records++
	return nil
}

// SetProfile records the district's name and fiscal calendar.
func (w *Writer) SetProfile(p district.Profile) error {
	if strings.TrimSpace(p.Name) == "" {
		return errors.New("district profile: name is empty")
	}
	start := p.FiscalYearStart
	if start == 0 {
		start = time.July
	}
	if start < time.January || start > time.December {
		return fmt.Errorf("district profile: fiscal year start month %d is not a month", start)
	}
	return w.exec("profile", p.Name, "INSERT INTO profile (source, name, demo, fiscal_start) VALUES (?, ?, ?, ?)",
		"ON CONFLICT DO UPDATE SET name = excluded.name, demo = excluded.demo, fiscal_start = excluded.fiscal_start",
		w.src.Name, p.Name, p.Demo, int(start))
}

// PutSchool adds or updates a school.
func (w *Writer) PutSchool(s district.School) error {
	if err := s.Validate(); err != nil {
		return err
	}
	return w.exec("schools", s.ID, "INSERT INTO schools (source, id, name, level, enrolment) VALUES (?, ?, ?, ?, ?)",
		"ON CONFLICT DO UPDATE SET name = excluded.name, level = excluded.level, enrolment = excluded.enrolment",
		w.src.Name, s.ID, s.Name, string(s.Level), s.Enrolment)
}

// PutMetric adds or updates a catalogue entry; observations of it may follow.
// A built-in measure about students stays so, whatever the source says.
func (w *Writer) PutMetric(m district.Metric) error {
	if err := m.Validate(); err != nil {
		return err
	}
	m = district.KeepPrivacy(m)
	var target any
	if m.HasTarget {
		target = m.Target
	}
	err := w.exec("metrics", m.ID, `INSERT INTO metrics (source, id, name, domain, unit, noun, polarity, target, benchmark, description, student_based, aggregation)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		`ON CONFLICT DO UPDATE SET name = excluded.name, domain = excluded.domain, unit = excluded.unit, noun = excluded.noun,
		polarity = excluded.polarity, target = excluded.target, benchmark = excluded.benchmark, description = excluded.description,
		student_based = excluded.student_based, aggregation = excluded.aggregation`,
		w.src.Name, m.ID, m.Name, string(m.Domain), string(m.Unit), m.Noun, string(m.Polarity), target, m.Benchmark, m.Description, m.StudentBased, string(m.Aggregation))
	if err == nil {
		w.metrics[m.ID] = m
	}
	return err
}

// Metric returns a metric the write knows: built in, stored for the source,
// or put in this write.
func (w *Writer) Metric(id string) (district.Metric, bool) {
	m, ok := w.metrics[id]
	return m, ok
}

// Metrics returns a lookup of the metrics the write knows now, built in,
// stored for the source or put in this write. It is a copy, so another
// goroutine may use it to check observations while this one writes.
func (w *Writer) Metrics() func(id string) (district.Metric, bool) {
	known := make(map[string]district.Metric, len(w.metrics))
	for id, m := range w.metrics {
		known[id] = m
	}
	return func(id string) (district.Metric, bool) {
		m, ok := known[id]
		return m, ok
	}
}

// PutObservation adds (or in Change mode, updates) one value.
func (w *Writer) PutObservation(o district.Observation) error {
	m, ok := w.metrics[o.Metric]
	if !ok {
		return fmt.Errorf("unknown metric %q", o.Metric)
	}
	if err := m.CheckObservation(o); err != nil {
		return err
	}
	if o.Metric != w.lastMetric {
		w.touched[MetricDataset(o.Metric)] = true
		w.lastMetric = o.Metric
	}
	w.records++
	return w.observations.add(o.Metric, o.School, w.period(o.Period), o.Value, o.N)
}

// DeleteObservation removes one value, if present.
func (w *Writer) DeleteObservation(metric, school string, period time.Time) error {
	return w.deleteRow(w.observations, MetricDataset(metric), "a value of "+metric,
		"DELETE FROM observations WHERE source = ? AND metric = ? AND school = ? AND period = ?", metric, school, dateText(period))
}

// deleteRow deletes one of the source's rows of a dataset, what names it in
// an error. The rows pending in the table's batch go in first, so a row put
// and then deleted in one write ends deleted.
func (w *Writer) deleteRow(pending *batch, dataset, what, query string, key ...any) error {
	if err := pending.flush(); err != nil {
		return err
	}
	w.touched[dataset] = true
	w.records++
	if _, err := w.tx.ExecContext(w.ctx, query, append([]any{w.src.Name}, key...)...); err != nil {
		return fmt.Errorf("deleting %s: %w", what, err)
	}
	return nil
}

// PutBudgetLine adds or updates a budget line.
func (w *Writer) PutBudgetLine(b district.BudgetLine) error {
	if err := b.Validate(); err != nil {
		return err
	}
	return w.exec("budget", fmt.Sprintf("FY%d %s / %s", b.FiscalYear, b.Category, b.FundingSource), `INSERT INTO budget_lines (source, fiscal_year, category, funding_source, budgeted, actual, funding_ends) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		"ON CONFLICT DO UPDATE SET budgeted = excluded.budgeted, actual = excluded.actual, funding_ends = excluded.funding_ends",
		w.src.Name, b.FiscalYear, b.Category, b.FundingSource, b.Budgeted, b.Actual, b.FundingEnds)
}

// PutProduct adds or updates an edtech product.
func (w *Writer) PutProduct(p district.Product) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return w.exec("products", p.ID, `INSERT INTO products (source, id, name, category, subject, annual_cost, licences, contract_start, renewal_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		`ON CONFLICT DO UPDATE SET name = excluded.name, category = excluded.category, subject = excluded.subject, annual_cost = excluded.annual_cost,
		licences = excluded.licences, contract_start = excluded.contract_start, renewal_date = excluded.renewal_date`,
		w.src.Name, p.ID, p.Name, p.Category, p.Subject, p.AnnualCost, p.Licences, dateText(p.ContractStart), dateText(p.RenewalDate))
}

// PutUsage adds (or in Change mode, updates) one month of a product's use.
func (w *Writer) PutUsage(u district.ProductUsage) error {
	if err := u.Validate(); err != nil {
		return err
	}
	w.touched["usage"] = true
	w.records++
	return w.usage.add(u.Product, u.School, w.period(u.Period), u.ActiveUsers, u.WeeklyActive)
}

// SetCursor stores the source's incremental-sync position with the data.
func (w *Writer) SetCursor(cursor string) { w.cursor = &cursor }

// SetState stores the source's own bookkeeping (such as ETags) with the data.
func (w *Writer) SetState(state string) { w.state = &state }

// finish flushes pending rows, records what the source now covers and when
// it synced, and drops the demo district once a real source has data.
func (w *Writer) finish() error {
	if err := w.observations.flush(); err != nil {
		return err
	}
	if err := w.usage.flush(); err != nil {
		return err
	}
	now := timeText(w.now())
	_, err := w.tx.ExecContext(w.ctx, `INSERT INTO sources (name, kind, priority, synced_at) VALUES (?, ?, ?, ?)
		ON CONFLICT DO UPDATE SET kind = excluded.kind, priority = excluded.priority, synced_at = excluded.synced_at`,
		w.src.Name, w.src.Kind, w.src.Priority, now)
	if err != nil {
		return fmt.Errorf("recording the sync of %s: %w", w.src.Name, err)
	}
	if w.cursor != nil {
		if _, err := w.tx.ExecContext(w.ctx, "UPDATE sources SET cursor = ? WHERE name = ?", *w.cursor, w.src.Name); err != nil {
			return fmt.Errorf("recording where the sync of %s ended: %w", w.src.Name, err)
		}
	}
	if w.state != nil {
		if _, err := w.tx.ExecContext(w.ctx, "UPDATE sources SET state = ? WHERE name = ?", *w.state, w.src.Name); err != nil {
			return fmt.Errorf("recording the sync state of %s: %w", w.src.Name, err)
		}
	}
	for dataset := range w.touched {
		if err := w.cover(dataset); err != nil {
			return fmt.Errorf("recording what %s holds of %s: %w", w.src.Name, dataset, err)
		}
	}
	if w.src.Kind != DemoKind {
		return dropKind(w.ctx, w.tx, DemoKind)
	}
	return nil
}

// cover recomputes the months a dataset of this source spans; the queries
// read only index ends, so this stays cheap at any size.
func (w *Writer) cover(dataset string) error {
	var q string
	args := []any{w.src.Name}
	switch {
	case strings.HasPrefix(dataset, "metric:"):
		q = `SELECT (SELECT min(period) FROM observations WHERE source = ?1 AND metric = ?2),
			(SELECT max(period) FROM observations WHERE source = ?1 AND metric = ?2)`
		args = append(args, strings.TrimPrefix(dataset, "metric:"))
	case dataset == "usage":
		q = `SELECT (SELECT min(period) FROM product_usage WHERE source = ?1), (SELECT max(period) FROM product_usage WHERE source = ?1)`
	case dataset == "budget":
		q = `SELECT (SELECT min(fiscal_year) || '' FROM budget_lines WHERE source = ?1), (SELECT max(fiscal_year) || '' FROM budget_lines WHERE source = ?1)`
	default:
		table := map[string]string{"profile": "profile", "schools": "schools", "metrics": "metrics", "products": "products"}[dataset]
		q = `SELECT CASE WHEN EXISTS (SELECT 1 FROM ` + table + ` WHERE source = ?1) THEN '' END, ''`
	}
	var first, last sql.NullString
	if err := w.tx.QueryRowContext(w.ctx, q, args...).Scan(&first, &last); err != nil {
		return err
	}
	if !first.Valid {
		_, err := w.tx.ExecContext(w.ctx, "DELETE FROM coverage WHERE dataset = ? AND source = ?", dataset, w.src.Name)
		return err
	}
	var rank any
	if _, ok := w.src.Ranks[dataset]; ok {
		rank = w.src.Rank(dataset)
	}
	_, err := w.tx.ExecContext(w.ctx, `INSERT INTO coverage (dataset, source, first_period, last_period, priority) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT DO UPDATE SET first_period = excluded.first_period, last_period = excluded.last_period, priority = excluded.priority`,
		dataset, w.src.Name, first.String, last.String, rank)
	return err
}

// dropKind deletes every source of a kind and all it wrote.
func dropKind(ctx context.Context, tx *sql.Tx, kind string) error {
	// The names are read whole first, so no query is open while their rows
	// are deleted.
	names, err := column[string](tx.QueryContext(ctx, "SELECT name FROM sources WHERE kind = ?", kind))
	if err != nil {
		return fmt.Errorf("finding the %s sources to remove: %w", kind, err)
	}
	for _, n := range names {
		if err := dropSource(ctx, tx, n); err != nil {
			return err
		}
	}
	return nil
}

func dropSource(ctx context.Context, tx *sql.Tx, name string) error {
	for _, t := range append(sourceTables, "sources") {
		col := "source"
		if t == "sources" {
			col = "name"
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+t+" WHERE "+col+" = ?", name); err != nil {
			return fmt.Errorf("removing %s's data from %s: %w", name, t, err)
		}
	}
	return nil
}

// RemoveSource deletes everything a source wrote. The sync log keeps its history.
func (c *Cache) RemoveSource(ctx context.Context, name string) error {
	tx, err := c.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("removing %s from the cache: %w", name, err)
	}
	if err := dropSource(ctx, tx, name); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("removing %s from the cache: %w", name, err)
	}
	if err := c.loadSources(ctx); err != nil {
		return fmt.Errorf("reading back the sources after removing %s: %w", name, err)
	}
	return nil
}
