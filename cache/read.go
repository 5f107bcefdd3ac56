package cache

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/cabinetapp/cabinet/district"
)

// ErrNoData is returned by reads of a dataset no source has supplied.
var ErrNoData = errors.New("no data")

// Provenance says where a number came from and how fresh it is.
type Provenance struct {
	Source   string
	Kind     string
	SyncedAt time.Time
	// First and Last are the oldest and newest months (or fiscal years, for
	// the budget) the source holds of the dataset.
	First, Last time.Time
}

// Demo reports whether the data is the generated demo district.
func (p Provenance) Demo() bool { return p.Kind == DemoKind }

// coverage is a source's share of one dataset.
type coverage struct {
	Provenance
	priority int
}

// sourceRow is a source as the sources table records it.
type sourceRow struct {
	Source
	syncedAt time.Time
	cursor   string
	state    string
}

// loadSources reads which source supplies each dataset. It runs after every
// write, so reads never have to work it out.
func (c *Cache) loadSources(ctx context.Context) error {
	rows, err := c.write.QueryContext(ctx, "SELECT name, kind, priority, synced_at, cursor, state FROM sources")
	if err != nil {
		return err
	}
	defer rows.Close()
	sources := map[string]sourceRow{}
	for rows.Next() {
		var s sourceRow
		var synced string
		if err := rows.Scan(&s.Name, &s.Kind, &s.Priority, &synced, &s.cursor, &s.state); err != nil {
			return err
		}
		s.syncedAt, _ = time.Parse(time.RFC3339, synced)
		sources[s.Name] = s
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows.Close()
	covRows, err := c.write.QueryContext(ctx, "SELECT dataset, source, first_period, last_period, priority FROM coverage")
	if err != nil {
		return err
	}
	defer covRows.Close()
	best := map[string]coverage{}
	ranked := map[string][]coverage{}
	for covRows.Next() {
		var dataset, source, first, last string
		var rank sql.NullInt64
		if err := covRows.Scan(&dataset, &source, &first, &last, &rank); err != nil {
			return err
		}
		s, ok := sources[source]
		if !ok {
			continue
		}
		cv := coverage{Provenance: Provenance{Source: s.Name, Kind: s.Kind, SyncedAt: s.syncedAt}, priority: s.Priority}
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
		return err
	}
	for _, list := range ranked {
		sort.Slice(list, func(i, j int) bool { return list[i].before(list[j]) })
	}
	c.mu.Lock()
	c.coverage, c.ranked, c.sources = best, ranked, sources
	c.mu.Unlock()
	return nil
}

// reloadSources reads the sources again after a write. If that fails the
// write is saved all the same, and the next read that needs them tries again.
func (c *Cache) reloadSources(ctx context.Context) {
	if err := c.loadSources(ctx); err != nil {
		c.stale.Store(true)
	}
}

// current retries a reload of the sources that failed after a write.
func (c *Cache) current() {
	if c.stale.Load() && c.loadSources(context.Background()) == nil {
		c.stale.Store(false)
	}
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
func (c *Cache) history(metric string) []span {
	c.current()
	c.mu.RLock()
	defer c.mu.RUnlock()
	var out []span
	var until time.Time
	for _, cv := range c.ranked[MetricDataset(metric)] {
		if !until.IsZero() && !cv.First.Before(until) {
			continue
		}
		out = append(out, span{coverage: cv, until: until})
		until = cv.First
	}
	return out
}

// source returns the source shown for a dataset.
func (c *Cache) source(dataset string) (coverage, bool) {
	c.current()
	c.mu.RLock()
	defer c.mu.RUnlock()
	cv, ok := c.coverage[dataset]
	return cv, ok
}

// Provenance says which source supplies a dataset ("schools", "budget",
// "products", "usage", "profile" or "metric:<id>") and how fresh it is.
func (c *Cache) Provenance(dataset string) (Provenance, bool) {
	cv, ok := c.source(dataset)
	return cv.Provenance, ok
}

// MetricDataset names the dataset of a metric's observations.
func MetricDataset(id string) string { return "metric:" + id }

// Empty reports whether the cache holds no district data at all.
func (c *Cache) Empty() bool {
	c.current()
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.coverage) == 0
}

// Extent is the span of months the shown metrics cover.
func (c *Cache) Extent() (district.Range, bool) {
	c.current()
	c.mu.RLock()
	defer c.mu.RUnlock()
	var r district.Range
	for dataset, cv := range c.coverage {
		if !strings.HasPrefix(dataset, "metric:") {
			continue
		}
		if r.From.IsZero() || cv.First.Before(r.From) {
			r.From = cv.First
		}
		if end := cv.Last.AddDate(0, 1, 0); end.After(r.To) {
			r.To = end
		}
	}
	return r, !r.From.IsZero()
}

// Profile returns the district's profile.
func (c *Cache) Profile(ctx context.Context) (district.Profile, Provenance, error) {
	cv, ok := c.source("profile")
	if !ok {
		return district.Profile{}, Provenance{}, ErrNoData
	}
	var p district.Profile
	var start int
	err := c.read.QueryRowContext(ctx, "SELECT name, demo, fiscal_start FROM profile WHERE source = ?", cv.Source).Scan(&p.Name, &p.Demo, &start)
	if err != nil {
		return p, cv.Provenance, fmt.Errorf("reading the district profile: %w", err)
	}
	p.FiscalYearStart = time.Month(start)
	return p, cv.Provenance, nil
}

// Schools lists the district's schools by name.
func (c *Cache) Schools(ctx context.Context) ([]district.School, Provenance, error) {
	cv, ok := c.source("schools")
	if !ok {
		return nil, Provenance{}, nil
	}
	rows, err := c.read.QueryContext(ctx, "SELECT id, name, level, enrolment FROM schools WHERE source = ? ORDER BY name", cv.Source)
	if err != nil {
		return nil, cv.Provenance, fmt.Errorf("reading schools: %w", err)
	}
	defer rows.Close()
	var out []district.School
	for rows.Next() {
		var s district.School
		var level string
		if err := rows.Scan(&s.ID, &s.Name, &level, &s.Enrolment); err != nil {
			return nil, cv.Provenance, fmt.Errorf("reading schools: %w", err)
		}
		s.Level = district.Level(level)
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, cv.Provenance, fmt.Errorf("reading schools: %w", err)
	}
	return out, cv.Provenance, nil
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func queryMetrics(ctx context.Context, q querier, where string, args ...any) ([]district.Metric, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, name, domain, unit, noun, polarity, target, benchmark, description, student_based, aggregation
		FROM metrics `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("reading the metric catalogue: %w", err)
	}
	defer rows.Close()
	var out []district.Metric
	for rows.Next() {
		var m district.Metric
		var domain, unit, polarity, aggregation string
		var target sql.NullFloat64
		if err := rows.Scan(&m.ID, &m.Name, &domain, &unit, &m.Noun, &polarity, &target, &m.Benchmark, &m.Description, &m.StudentBased, &aggregation); err != nil {
			return nil, fmt.Errorf("reading the metric catalogue: %w", err)
		}
		m.Domain, m.Unit, m.Polarity, m.Aggregation = district.Domain(domain), district.Unit(unit), district.Polarity(polarity), district.Aggregation(aggregation)
		m.Target, m.HasTarget = target.Float64, target.Valid
		// A file an older Cabinet wrote may hold a source's false.
		out = append(out, district.KeepPrivacy(m))
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading the metric catalogue: %w", err)
	}
	return out, nil
}

// Metric returns the definition of a metric as its source gave it, or the
// built-in definition when the source gave none.
func (c *Cache) Metric(ctx context.Context, id string) (district.Metric, error) {
	if cv, ok := c.source(MetricDataset(id)); ok {
		ms, err := queryMetrics(ctx, c.read, "WHERE source = ? AND id = ?", cv.Source, id)
		if err != nil {
			return district.Metric{}, err
		}
		if len(ms) == 1 {
			// A built-in measure keeps the catalogue's season: sources do
			// not send one.
			if m, ok := district.Lookup(id); ok {
				ms[0].Season = m.Season
			}
			return ms[0], nil
		}
	}
	if m, ok := district.Lookup(id); ok {
		return m, nil
	}
	return district.Metric{}, fmt.Errorf("metric %s: %w", id, ErrNoData)
}

func scanObservations(rows *sql.Rows, metric string) ([]district.Observation, error) {
	defer rows.Close()
	var out []district.Observation
	for rows.Next() {
		o := district.Observation{Metric: metric}
		var period string
		if err := rows.Scan(&o.School, &period, &o.Value, &o.N); err != nil {
			return nil, err
		}
		t, err := parseDate(period)
		if err != nil {
			return nil, fmt.Errorf("observation of %s has a bad period %q", metric, period)
		}
		o.Period = t
		out = append(out, o)
	}
	return out, rows.Err()
}

// Series returns a metric's values for one school (or the district) over a
// range of months, oldest first. The provenance is the best source's; the
// months before it began come from the sources ranked after it.
func (c *Cache) Series(ctx context.Context, metric, school string, r district.Range) ([]district.Observation, Provenance, error) {
	sources := c.history(metric)
	if len(sources) == 0 {
		return nil, Provenance{}, nil
	}
	var out []district.Observation
	for _, cv := range sources {
		to := cv.end(r.To)
		if !r.From.Before(to) {
			continue
		}
		rows, err := c.read.QueryContext(ctx, `SELECT school, period, value, n FROM observations
			WHERE source = ? AND metric = ? AND school = ? AND period >= ? AND period < ? ORDER BY period`,
			cv.Source, metric, school, dateText(r.From), dateText(to))
		if err != nil {
			return nil, sources[0].Provenance, fmt.Errorf("reading %s from %s: %w", metric, cv.Source, err)
		}
		obs, err := scanObservations(rows, metric)
		if err != nil {
			return nil, sources[0].Provenance, fmt.Errorf("reading %s from %s: %w", metric, cv.Source, err)
		}
		out = append(obs, out...)
	}
	return out, sources[0].Provenance, nil
}

// Recent returns up to n of a metric's latest values before a month, newest
// first: what a KPI tile compares. Like Series, it reaches back through the
// sources ranked after the best for months the best does not hold.
func (c *Cache) Recent(ctx context.Context, metric, school string, before time.Time, n int) ([]district.Observation, Provenance, error) {
	sources := c.history(metric)
	if len(sources) == 0 {
		return nil, Provenance{}, nil
	}
	var out []district.Observation
	for _, cv := range sources {
		if len(out) >= n {
			break
		}
		limit := cv.end(before)
		rows, err := c.read.QueryContext(ctx, `SELECT school, period, value, n FROM observations
			WHERE source = ? AND metric = ? AND school = ? AND period < ? ORDER BY period DESC LIMIT ?`,
			cv.Source, metric, school, dateText(limit), n-len(out))
		if err != nil {
			return nil, sources[0].Provenance, fmt.Errorf("reading %s from %s: %w", metric, cv.Source, err)
		}
		obs, err := scanObservations(rows, metric)
		if err != nil {
			return nil, sources[0].Provenance, fmt.Errorf("reading %s from %s: %w", metric, cv.Source, err)
		}
		out = append(out, obs...)
	}
	return out, sources[0].Provenance, nil
}

// The queries that read across schools name their index: without
// statistics SQLite would rather walk the primary key of every school.

// Schoolwide returns every school's value of a metric in the newest month
// before `before` that has school values: what a ranking shows.
func (c *Cache) Schoolwide(ctx context.Context, metric string, before time.Time) ([]district.Observation, Provenance, error) {
	cv, ok := c.source(MetricDataset(metric))
	if !ok {
		return nil, Provenance{}, nil
	}
	var period sql.NullString
	err := c.read.QueryRowContext(ctx, `SELECT max(period) FROM observations INDEXED BY observations_by_period
		WHERE source = ? AND metric = ? AND period < ? AND school <> ''`, cv.Source, metric, dateText(before)).Scan(&period)
	if err != nil {
		return nil, cv.Provenance, fmt.Errorf("reading %s by school: %w", metric, err)
	}
	if !period.Valid {
		return nil, cv.Provenance, nil
	}
	rows, err := c.read.QueryContext(ctx, `SELECT school, period, value, n FROM observations INDEXED BY observations_by_period
		WHERE source = ? AND metric = ? AND period = ? AND school <> ''`, cv.Source, metric, period.String)
	if err != nil {
		return nil, cv.Provenance, fmt.Errorf("reading %s by school: %w", metric, err)
	}
	obs, err := scanObservations(rows, metric)
	if err != nil {
		return nil, cv.Provenance, fmt.Errorf("reading %s by school: %w", metric, err)
	}
	return obs, cv.Provenance, nil
}

// BudgetYears lists the fiscal years with budget lines, oldest first.
func (c *Cache) BudgetYears(ctx context.Context) ([]int, error) {
	cv, ok := c.source("budget")
	if !ok {
		return nil, nil
	}
	years, err := column[int](c.read.QueryContext(ctx, "SELECT DISTINCT fiscal_year FROM budget_lines WHERE source = ? ORDER BY fiscal_year", cv.Source))
	if err != nil {
		return nil, fmt.Errorf("reading budget years: %w", err)
	}
	return years, nil
}

// Budget returns the budget lines of fiscal years from..to inclusive.
func (c *Cache) Budget(ctx context.Context, from, to int) ([]district.BudgetLine, Provenance, error) {
	cv, ok := c.source("budget")
	if !ok {
		return nil, Provenance{}, nil
	}
	rows, err := c.read.QueryContext(ctx, `SELECT fiscal_year, category, funding_source, budgeted, actual, funding_ends
		FROM budget_lines WHERE source = ? AND fiscal_year BETWEEN ? AND ? ORDER BY fiscal_year, category, funding_source`, cv.Source, from, to)
	if err != nil {
		return nil, cv.Provenance, fmt.Errorf("reading the budget: %w", err)
	}
	defer rows.Close()
	var out []district.BudgetLine
	for rows.Next() {
		var b district.BudgetLine
		if err := rows.Scan(&b.FiscalYear, &b.Category, &b.FundingSource, &b.Budgeted, &b.Actual, &b.FundingEnds); err != nil {
			return nil, cv.Provenance, fmt.Errorf("reading the budget: %w", err)
		}
		out = append(out, b)
	}
	if err := rows.Err(); err != nil {
		return nil, cv.Provenance, fmt.Errorf("reading the budget: %w", err)
	}
	return out, cv.Provenance, nil
}

// Products lists the edtech products by name.
func (c *Cache) Products(ctx context.Context) ([]district.Product, Provenance, error) {
	cv, ok := c.source("products")
	if !ok {
		return nil, Provenance{}, nil
	}
	rows, err := c.read.QueryContext(ctx, `SELECT id, name, category, subject, annual_cost, licences, contract_start, renewal_date
		FROM products WHERE source = ? ORDER BY name`, cv.Source)
	if err != nil {
		return nil, cv.Provenance, fmt.Errorf("reading products: %w", err)
	}
	defer rows.Close()
	var out []district.Product
	for rows.Next() {
		var p district.Product
		var start, renewal string
		if err := rows.Scan(&p.ID, &p.Name, &p.Category, &p.Subject, &p.AnnualCost, &p.Licences, &start, &renewal); err != nil {
			return nil, cv.Provenance, fmt.Errorf("reading products: %w", err)
		}
		p.ContractStart, _ = parseDate(start)
		p.RenewalDate, _ = parseDate(renewal)
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, cv.Provenance, fmt.Errorf("reading products: %w", err)
	}
	return out, cv.Provenance, nil
}

func scanUsage(rows *sql.Rows) ([]district.ProductUsage, error) {
	defer rows.Close()
	var out []district.ProductUsage
	for rows.Next() {
		var u district.ProductUsage
		var period string
		if err := rows.Scan(&u.Product, &u.School, &period, &u.ActiveUsers, &u.WeeklyActive); err != nil {
			return nil, fmt.Errorf("reading product use: %w", err)
		}
		u.Period, _ = parseDate(period)
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading product use: %w", err)
	}
	return out, nil
}

// Usage returns one product's monthly use at a school (or district-wide)
// over a range, oldest first.
func (c *Cache) Usage(ctx context.Context, product, school string, r district.Range) ([]district.ProductUsage, error) {
	cv, ok := c.source("usage")
	if !ok {
		return nil, nil
	}
	rows, err := c.read.QueryContext(ctx, `SELECT product, school, period, active_users, weekly_active FROM product_usage
		WHERE source = ? AND product = ? AND school = ? AND period >= ? AND period < ? ORDER BY period`,
		cv.Source, product, school, dateText(r.From), dateText(r.To))
	if err != nil {
		return nil, fmt.Errorf("reading use of %s: %w", product, err)
	}
	return scanUsage(rows)
}

// UsageRange returns every product's use at a school (or district-wide)
// over a range of months, by product and month.
func (c *Cache) UsageRange(ctx context.Context, school string, r district.Range) ([]district.ProductUsage, error) {
	cv, ok := c.source("usage")
	if !ok {
		return nil, nil
	}
	rows, err := c.read.QueryContext(ctx, `SELECT product, school, period, active_users, weekly_active FROM product_usage INDEXED BY product_usage_by_school
		WHERE source = ? AND school = ? AND period >= ? AND period < ? ORDER BY product, period`,
		cv.Source, school, dateText(r.From), dateText(r.To))
	if err != nil {
		return nil, fmt.Errorf("reading product use: %w", err)
	}
	return scanUsage(rows)
}

// UsageBySchool returns one product's use at every school in the newest
// month before `before` that has school figures.
func (c *Cache) UsageBySchool(ctx context.Context, product string, before time.Time) ([]district.ProductUsage, error) {
	cv, ok := c.source("usage")
	if !ok {
		return nil, nil
	}
	var period sql.NullString
	if err := c.read.QueryRowContext(ctx, `SELECT max(period) FROM product_usage WHERE source = ? AND product = ? AND school <> '' AND period < ?`,
		cv.Source, product, dateText(before)).Scan(&period); err != nil {
		return nil, fmt.Errorf("reading use of %s by school: %w", product, err)
	}
	if !period.Valid {
		return nil, nil
	}
	rows, err := c.read.QueryContext(ctx, `SELECT product, school, period, active_users, weekly_active FROM product_usage
		WHERE source = ? AND product = ? AND school <> '' AND period = ? ORDER BY school`, cv.Source, product, period.String)
	if err != nil {
		return nil, fmt.Errorf("reading use of %s by school: %w", product, err)
	}
	return scanUsage(rows)
}

// UsageAt returns every product's use at a school (or district-wide) in the
// newest month before `before` that has any, sorted by product.
func (c *Cache) UsageAt(ctx context.Context, school string, before time.Time) ([]district.ProductUsage, error) {
	cv, ok := c.source("usage")
	if !ok {
		return nil, nil
	}
	var period sql.NullString
	if err := c.read.QueryRowContext(ctx, `SELECT max(period) FROM product_usage INDEXED BY product_usage_by_school WHERE source = ? AND school = ? AND period < ?`,
		cv.Source, school, dateText(before)).Scan(&period); err != nil {
		return nil, fmt.Errorf("reading product use: %w", err)
	}
	if !period.Valid {
		return nil, nil
	}
	rows, err := c.read.QueryContext(ctx, `SELECT product, school, period, active_users, weekly_active FROM product_usage INDEXED BY product_usage_by_school
		WHERE source = ? AND school = ? AND period = ?`, cv.Source, school, period.String)
	if err != nil {
		return nil, fmt.Errorf("reading product use: %w", err)
	}
	out, err := scanUsage(rows)
	if err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Product < out[j].Product })
	return out, nil
}
