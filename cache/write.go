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
	// Redact, if set, takes the source's credential out of the names and
	// descriptions it sends before they are kept.
	Redact func(string) string
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
const DemoKind = district.DemoKind

// DemoSource is the source the demo district is written as.
var DemoSource = Source{Name: "demo", Kind: DemoKind, Priority: 1000}

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

// Write applies one sync of a source: fn puts rows through the Writer into
// a staging file, and only once fn has returned with every row checked
// against the domain's rules is the whole of it applied, in one short
// transaction. If fn, a check or the commit fails, nothing of it is kept
// and the source's last good data stay as they were. fn never holds the
// cache's write lock, so the network it waits for does not either.
func (c *Cache) Write(ctx context.Context, src Source, mode Mode, fn func(*Writer) error) error {
	if src.Name == "" || src.Kind == "" {
		return errors.New("writing to the cache: the source has no name or kind")
	}
	st, err := c.newStage(ctx)
	if err != nil {
		return fmt.Errorf("starting to write %s to the cache: %w", src.Name, err)
	}
	defer st.remove()
	w := &Writer{ctx: ctx, live: c.read, ring: c.keys, stage: st, src: src, mode: mode, touched: map[string]bool{}, deletes: map[string]bool{}, now: c.Now}
	if err := w.run(fn); err != nil {
		if errors.Is(err, ErrUnchanged) {
			return nil
		}
		return err
	}
	if err := c.apply(ctx, w); err != nil {
		var held *RemovalError
		if errors.As(err, &held) {
			return err // a sentence already, and nothing was saved
		}
		return fmt.Errorf("saving %s to the cache: %w", src.Name, err)
	}
	c.reloadSources(ctx)
	return nil
}

// run stages fn's rows and commits them to the staging file.
func (w *Writer) run(fn func(*Writer) error) error {
	tx, err := w.stage.db.BeginTx(w.ctx, nil)
	if err != nil {
		return fmt.Errorf("starting to write %s to the cache: %w", w.src.Name, err)
	}
	w.tx = tx
	err = w.begin()
	if err == nil {
		err = fn(w)
	}
	if err == nil {
		err = w.flush()
	}
	w.close()
	if err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("staging %s: %w", w.src.Name, err)
	}
	return nil
}

// Writer puts one source's rows inside a Write. They go to the staging
// file; what it reads of the cache (the source's catalogue, other
// sources' schools) is the live data as they stand.
type Writer struct {
	ctx     context.Context
	live    *sql.DB
	ring    *keyring // the file's dictionaries
	stage   *stage
	tx      *sql.Tx // the staging file's
	src     Source
	mode    Mode
	metrics map[string]district.Metric
	touched map[string]bool // datasets written, whose coverage is recomputed
	// cleared are the live tables the apply empties of the source's rows
	// first, and months the months of observations it empties.
	cleared  []string
	months   []int64
	mappings bool // the school map was saved: the apply replaces its automatic rows
	cursor   *string
	state    *string
	records  int
	now      func() time.Time
	names    names
	// deletes are the live tables the apply deletes single rows from.
	deletes map[string]bool
	// acceptRemovals lets the apply empty or more than halve a dataset.
	acceptRemovals bool

	observations, usage *batch
	// keys are the dictionaries as this write numbers names, and
	// newNames how many names it added to them.
	keys     [kinds]newKeys
	newNames int
	// lastMetric is the metric of the last observation put, and
	// lastMetricKey its id; rows come grouped by metric, so its coverage
	// is marked, and its id found, once per group.
	lastMetric    string
	lastMetricKey int64
	// srcKey is the source's id in the staged figures.
	srcKey int64
}

var sourceTables = []string{"profile", "schools", "metrics", "observations", "budget_lines", "products", "product_usage", "coverage", "observation_sums", "usage_sums"}

func (w *Writer) begin() error {
	w.metrics = map[string]district.Metric{}
	for _, m := range district.Catalogue() {
		w.metrics[m.ID] = m
	}
	if w.mode == Change {
		known, err := queryMetrics(w.ctx, w.live, "WHERE source = ?", w.src.Name)
		if err != nil {
			return err
		}
		for _, m := range known {
			w.metrics[m.ID] = m
		}
	}
	obsConflict, usageConflict := "", ""
	if w.mode == Change {
		obsConflict = " ON CONFLICT DO UPDATE SET value = excluded.value, n = excluded.n"
		usageConflict = " ON CONFLICT DO UPDATE SET active_users = excluded.active_users, weekly_active = excluded.weekly_active"
	}
	// The staged figures name their source as the live ones do (see
	// copyFigures): by the id it has, or will have once the apply numbers it.
	var err error
	if w.srcKey, err = w.key(sourceKeys, w.src.Name); err != nil {
		return err
	}
	w.observations = newBatch(w.ctx, w.tx, "observations", []string{"source", "metric", "school", "period", "value", "n"}, obsConflict, func(row []any) string {
		return describeKey(w.keyName(metricKeys, row[1]), w.keyName(schoolKeys, row[2]), row[3])
	})
	w.usage = newBatch(w.ctx, w.tx, "product_usage", []string{"source", "product", "school", "period", "active_users", "weekly_active"}, usageConflict, func(row []any) string {
		return describeKey(w.keyName(productKeys, row[1]), w.keyName(schoolKeys, row[2]), row[3])
	})
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
	if err := w.nameAll(&p.Name); err != nil {
		return err
	}
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
	if err := w.nameAll(&s.Name); err != nil {
		return err
	}
	if err := s.Validate(); err != nil {
		return err
	}
	if err := district.CheckID("a school", s.ID); err != nil {
		return err
	}
	return w.exec("schools", s.ID, "INSERT INTO schools (source, id, name, level, enrolment) VALUES (?, ?, ?, ?, ?)",
		"ON CONFLICT DO UPDATE SET name = excluded.name, level = excluded.level, enrolment = excluded.enrolment",
		w.src.Name, s.ID, s.Name, string(s.Level), s.Enrolment)
}

// PutMetric adds or updates a catalogue entry; observations of it may follow.
// A built-in measure about students stays so, whatever the source says.
func (w *Writer) PutMetric(m district.Metric) error {
	if err := w.nameAll(&m.Name, &m.Noun, &m.Benchmark); err != nil {
		return err
	}
	m.Description = w.description(m.Description)
	if err := m.Validate(); err != nil {
		return err
	}
	if err := district.CheckID("a metric", m.ID); err != nil {
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
		id, err := w.key(metricKeys, o.Metric)
		if err != nil {
			return err
		}
		w.touched[district.MetricDataset(o.Metric)] = true
		w.lastMetric, w.lastMetricKey = o.Metric, id
	}
	school, err := w.key(schoolKeys, o.School)
	if err != nil {
		return err
	}
	w.records++
	return w.observations.add(w.srcKey, w.lastMetricKey, school, monthOf(o.Period), o.Value, o.N)
}

// DeleteObservation removes one value, if present.
func (w *Writer) DeleteObservation(metric, school string, period time.Time) error {
	return w.deleteRow(w.observations, district.MetricDataset(metric), "a value of "+metric, metricKeys, metric, school, period)
}

// deleteRow deletes one of the source's rows of a batch's table by its
// key (its measure or product, of dictionary which, its school and its
// month), what names it in an error: from what this write staged, and from
// the live data when the write is applied. The rows pending in the batch
// go in first, so a row put and then deleted in one write ends deleted.
func (w *Writer) deleteRow(pending *batch, dataset, what string, which kind, name, school string, period time.Time) error {
	if err := pending.flush(); err != nil {
		return err
	}
	w.touched[dataset] = true
	w.deletes[pending.table] = true
	w.records++
	if !period.Equal(district.Month(period)) {
		return nil // no row is of a day other than a month's first
	}
	nameKey, err := w.key(which, name)
	if err != nil {
		return err
	}
	schoolKey, err := w.key(schoolKeys, school)
	if err != nil {
		return err
	}
	key := []any{nameKey, schoolKey, monthOf(period)}
	cols := figures[pending.table]
	where := strings.Join(cols, " = ? AND ") + " = ?"
	if _, err := w.tx.ExecContext(w.ctx, "DELETE FROM "+pending.table+" WHERE "+where, key...); err != nil {
		return fmt.Errorf("deleting %s: %w", what, err)
	}
	q := "INSERT OR IGNORE INTO deleted_" + pending.table + " (" + strings.Join(cols, ", ") + ") VALUES (?" + strings.Repeat(", ?", len(cols)-1) + ")"
	if _, err := w.tx.ExecContext(w.ctx, q, key...); err != nil {
		return fmt.Errorf("deleting %s: %w", what, err)
	}
	return nil
}

// describeKey names a row by its key: "instruction.attendance_pct / S1 /
// 2026-01-01", the district's school as "district".
func describeKey(name, school string, period any) string {
	if school == "" {
		school = "district"
	}
	m, _ := period.(int64)
	return name + " / " + school + " / " + monthText(m)
}

// PutBudgetLine adds or updates a budget line.
func (w *Writer) PutBudgetLine(b district.BudgetLine) error {
	if err := w.nameAll(&b.Category, &b.FundingSource); err != nil {
		return err
	}
	if err := b.Validate(); err != nil {
		return err
	}
	return w.exec("budget", fmt.Sprintf("FY%d %s / %s", b.FiscalYear, b.Category, b.FundingSource), `INSERT INTO budget_lines (source, fiscal_year, category, funding_source, budgeted, actual, funding_ends) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		"ON CONFLICT DO UPDATE SET budgeted = excluded.budgeted, actual = excluded.actual, funding_ends = excluded.funding_ends",
		w.src.Name, b.FiscalYear, b.Category, b.FundingSource, b.Budgeted, b.Actual, b.FundingEnds)
}

// PutProduct adds or updates an edtech product.
func (w *Writer) PutProduct(p district.Product) error {
	if err := w.nameAll(&p.Name, &p.Category, &p.Subject); err != nil {
		return err
	}
	if err := p.Validate(); err != nil {
		return err
	}
	if err := district.CheckID("a product", p.ID); err != nil {
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
	product, err := w.key(productKeys, u.Product)
	if err != nil {
		return err
	}
	school, err := w.key(schoolKeys, u.School)
	if err != nil {
		return err
	}
	w.touched["usage"] = true
	w.records++
	return w.usage.add(w.srcKey, product, school, monthOf(u.Period), u.ActiveUsers, u.WeeklyActive)
}

// SetCursor stores the source's incremental-sync position with the data.
func (w *Writer) SetCursor(cursor string) { w.cursor = &cursor }

// SetState stores the source's own bookkeeping (such as ETags) with the data.
func (w *Writer) SetState(state string) { w.state = &state }

// flush writes the rows still pending to the staging file.
func (w *Writer) flush() error {
	if err := w.observations.flush(); err != nil {
		return err
	}
	return w.usage.flush()
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
	for _, t := range sourceTables {
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+t+" WHERE "+sourceIs(t), name); err != nil {
			return fmt.Errorf("removing %s's data from %s: %w", name, t, err)
		}
	}
	// Its number stays in source_keys: a dictionary only grows.
	if _, err := tx.ExecContext(ctx, "DELETE FROM sources WHERE name = ?", name); err != nil {
		return fmt.Errorf("removing %s from the sources: %w", name, err)
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
	c.reloadSources(ctx)
	return nil
}
