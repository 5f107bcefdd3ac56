package cache

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/cabinetapp/cabinet/district"
)

// querier is what reads run through: the pool of read-only connections,
// or one read transaction.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// reader answers the typed reads: through the cache's pool, each read on
// its own (Cache), or through one read transaction, every read seeing the
// file as it was when the transaction began (ReadTx).
type reader struct {
	q querier
	// list gives the sources as the reads must see them.
	list func() *sourceList
	// keys are the dictionaries of the cache's names.
	keys *keyring
}

// source returns the source shown for a dataset.
func (r reader) source(dataset string) (coverage, bool) {
	cv, ok := r.list().coverage[dataset]
	return cv, ok
}

// Profile returns the district's profile.
func (r reader) Profile(ctx context.Context) (district.Profile, district.Provenance, error) {
	cv, ok := r.source("profile")
	if !ok {
		return district.Profile{}, district.Provenance{}, district.ErrNoData
	}
	var p district.Profile
	var start int
	err := r.q.QueryRowContext(ctx, "SELECT name, demo, fiscal_start FROM profile WHERE source = ?", cv.Source).Scan(&p.Name, &p.Demo, &start)
	if err != nil {
		return p, cv.Provenance, fmt.Errorf("reading the district profile: %w", err)
	}
	p.FiscalYearStart = time.Month(start)
	return p, cv.Provenance, nil
}

// Schools lists the district's schools by name.
func (r reader) Schools(ctx context.Context) ([]district.School, district.Provenance, error) {
	cv, ok := r.source("schools")
	if !ok {
		return nil, district.Provenance{}, nil
	}
	rows, err := r.q.QueryContext(ctx, "SELECT id, name, level, enrolment FROM schools WHERE source = ? ORDER BY name", cv.Source)
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
func (r reader) Metric(ctx context.Context, id string) (district.Metric, error) {
	if cv, ok := r.source(district.MetricDataset(id)); ok {
		ms, err := queryMetrics(ctx, r.q, "WHERE source = ? AND id = ?", cv.Source, id)
		if err != nil {
			return district.Metric{}, err
		}
		if len(ms) == 1 {
			// A built-in measure keeps the catalogue's season, and whether
			// it accumulates through its month: sources send neither, and
			// both decide how its figures compare.
			if m, ok := district.Lookup(id); ok {
				ms[0].Season, ms[0].Accumulates = m.Season, m.Accumulates
			}
			return ms[0], nil
		}
	}
	if m, ok := district.Lookup(id); ok {
		return m, nil
	}
	return district.Metric{}, fmt.Errorf("metric %s: %w", id, district.ErrNoData)
}

// scanObservations reads rows of (school, period, value, n) of a metric.
func (r reader) scanObservations(ctx context.Context, rows *sql.Rows, metric string) ([]district.Observation, error) {
	obs, _, err := r.scanGroup(ctx, rows, metric, false)
	return obs, err
}

// scanGroup reads rows of (school, period, value, n) of a metric, and with
// sums a first column that says whether the row is a school's or the
// district's value (0) or every school's n of a month added up (1).
func (r reader) scanGroup(ctx context.Context, rows *sql.Rows, metric string, sums bool) (obs, added []district.Observation, err error) {
	defer rows.Close()
	var all []district.Observation
	var isSum []bool
	var schools []int64
	for rows.Next() {
		o := district.Observation{Metric: metric}
		var school, period int64
		var sum bool
		dest := []any{&school, &period, &o.Value, &o.N}
		if sums {
			dest = append([]any{&sum}, dest...)
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, nil, err
		}
		o.Period = monthTime(period)
		all, isSum, schools = append(all, o), append(isSum, sum), append(schools, school)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	rows.Close() // before the dictionary may be read again
	names, err := r.keys.names(ctx, schoolKeys, schools)
	if err != nil {
		return nil, nil, err
	}
	for i, o := range all {
		o.School = names[i]
		if isSum[i] {
			added = append(added, o)
		} else {
			obs = append(obs, o)
		}
	}
	return obs, added, nil
}

// keyed returns the ids of a metric and a school; ok is false when the
// cache holds no figure of either.
func (r reader) keyed(ctx context.Context, metric, school string) (metricKey, schoolKey int64, ok bool, err error) {
	if metricKey, ok, err = r.keys.id(ctx, metricKeys, metric); !ok || err != nil {
		return 0, 0, false, err
	}
	schoolKey, ok, err = r.keys.id(ctx, schoolKeys, school)
	return metricKey, schoolKey, ok, err
}

// Series returns a metric's values for one school (or the district) over a
// range of months, oldest first. The provenance is the best source's; the
// months before it began come from the sources ranked after it.
func (r reader) Series(ctx context.Context, metric, school string, rng district.Range) ([]district.Observation, district.Provenance, error) {
	sources := r.list().history(metric)
	if len(sources) == 0 {
		return nil, district.Provenance{}, nil
	}
	metricKey, schoolKey, ok, err := r.keyed(ctx, metric, school)
	if !ok || err != nil {
		return nil, sources[0].Provenance, err
	}
	var out []district.Observation
	for _, cv := range sources {
		to := cv.end(rng.To)
		if !rng.From.Before(to) {
			continue
		}
		rows, err := r.q.QueryContext(ctx, `SELECT school, period, value, n FROM observations
			WHERE source = ? AND metric = ? AND school = ? AND period >= ? AND period < ? ORDER BY period`,
			cv.key, metricKey, schoolKey, monthBound(rng.From), monthBound(to))
		if err != nil {
			return nil, sources[0].Provenance, fmt.Errorf("reading %s from %s: %w", metric, cv.Source, err)
		}
		obs, err := r.scanObservations(ctx, rows, metric)
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
func (r reader) Recent(ctx context.Context, metric, school string, before time.Time, n int) ([]district.Observation, district.Provenance, error) {
	sources := r.list().history(metric)
	if len(sources) == 0 {
		return nil, district.Provenance{}, nil
	}
	metricKey, schoolKey, ok, err := r.keyed(ctx, metric, school)
	if !ok || err != nil {
		return nil, sources[0].Provenance, err
	}
	var out []district.Observation
	for _, cv := range sources {
		if len(out) >= n {
			break
		}
		limit := cv.end(before)
		rows, err := r.q.QueryContext(ctx, `SELECT school, period, value, n FROM observations
			WHERE source = ? AND metric = ? AND school = ? AND period < ? ORDER BY period DESC LIMIT ?`,
			cv.key, metricKey, schoolKey, monthBound(limit), n-len(out))
		if err != nil {
			return nil, sources[0].Provenance, fmt.Errorf("reading %s from %s: %w", metric, cv.Source, err)
		}
		obs, err := r.scanObservations(ctx, rows, metric)
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
// before `before` that has school values, by school: what a ranking shows.
func (r reader) Schoolwide(ctx context.Context, metric string, before time.Time) ([]district.Observation, district.Provenance, error) {
	cv, ok := r.source(district.MetricDataset(metric))
	if !ok {
		return nil, district.Provenance{}, nil
	}
	metricKey, ok, err := r.keys.id(ctx, metricKeys, metric)
	if !ok || err != nil {
		return nil, cv.Provenance, err
	}
	var period sql.NullInt64
	err = r.q.QueryRowContext(ctx, `SELECT max(period) FROM observations INDEXED BY observations_by_size
		WHERE source = ? AND metric = ? AND period < ? AND school <> 0`, cv.key, metricKey, monthBound(before)).Scan(&period)
	if err != nil {
		return nil, cv.Provenance, fmt.Errorf("reading %s by school: %w", metric, err)
	}
	if !period.Valid {
		return nil, cv.Provenance, nil
	}
	rows, err := r.q.QueryContext(ctx, `SELECT school, period, value, n FROM observations INDEXED BY observations_by_size
		WHERE source = ? AND metric = ? AND period = ? AND school <> 0`, cv.key, metricKey, period.Int64)
	if err != nil {
		return nil, cv.Provenance, fmt.Errorf("reading %s by school: %w", metric, err)
	}
	obs, err := r.scanObservations(ctx, rows, metric)
	if err != nil {
		return nil, cv.Provenance, fmt.Errorf("reading %s by school: %w", metric, err)
	}
	slices.SortFunc(obs, func(a, b district.Observation) int { return strings.Compare(a.School, b.School) })
	return obs, cv.Provenance, nil
}
