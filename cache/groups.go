package cache

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/cabinetapp/cabinet/district"
)

// The suppression step decides a month as a group: the district's figure
// and every school's (see district.Suppression). A view of one school
// needs only a few of them, and the schools' figures added up, which each
// write keeps in observation_sums and usage_sums.

// sumsOf names, for each table of school figures, the table of their
// monthly sums and its columns, and how the apply computes them from o, a
// school's row, grouped by month: the schools' sums, and the district's
// own figures less them (the rest).
var sumsOf = []struct{ table, sums, key, group, cols, figures, index string }{
	{"observations", "observation_sums", "metric", "o.metric, o.period", "n, rest",
		"sum(o.n), (SELECT d.n FROM main.observations AS d WHERE d.source = o.source AND d.metric = o.metric AND d.school = 0 AND d.period = o.period) - sum(o.n)",
		"observations_by_size"},
	{"product_usage", "usage_sums", "product", "o.period, o.product", "active_users, weekly_active, rest_users, rest_weekly",
		`sum(o.active_users), sum(o.weekly_active),
		(SELECT d.active_users FROM main.product_usage AS d WHERE d.source = o.source AND d.product = o.product AND d.school = 0 AND d.period = o.period) - sum(o.active_users),
		(SELECT d.weekly_active FROM main.product_usage AS d WHERE d.source = o.source AND d.product = o.product AND d.school = 0 AND d.period = o.period) - sum(o.weekly_active)`,
		"product_usage_by_size"},
}

// sum recomputes the sums of the months the write touched: all of the
// source's when it replaced them (or cleared a table), else the months of
// the rows it staged or deleted (the district's row among them), and of
// the months it cleared.
func (a *applier) sum(cleared []string) error {
	for _, s := range sumsOf {
		where := ""
		var args []any
		if a.w.mode != Replace && !slices.Contains(cleared, s.table) {
			where = " AND period IN (SELECT period FROM stage." + s.table + " UNION SELECT period FROM stage.deleted_" + s.table
			if s.table == "observations" {
				for _, m := range a.w.months {
					where += " UNION VALUES (?)"
					args = append(args, m)
				}
			}
			where += ")"
		}
		if err := a.exec("adding up "+s.table, "DELETE FROM main."+s.sums+" WHERE "+sourceIs(s.sums)+where, args...); err != nil {
			return err
		}
		q := "INSERT INTO main." + s.sums + " (source, " + s.key + ", period, " + s.cols + ") SELECT o.source, o." + s.key + ", o.period, " + s.figures +
			" FROM main." + s.table + " AS o INDEXED BY " + s.index + " WHERE o.source = " + sourceKey + " AND o.school <> 0" + strings.ReplaceAll(where, " period IN", " o.period IN") +
			" GROUP BY " + s.group
		if err := a.exec("adding up "+s.table, q, args...); err != nil {
			return err
		}
	}
	return nil
}

// Group returns what the suppression step must see of a metric's values
// over a range of months to decide a month as a whole, and, for the
// months it reads in part, every school's n added up (as the district's
// rows). Like Series, it reaches back through the sources ranked after the
// best for months the best does not hold.
//
// For every school (school ""), that is every value of those months. For a
// view of one school, it is the school's and the district's values, and the
// rest of a month only where the school may be hidden for another's sake:
// where it has the smallest n of the schools not small themselves (the
// complementary rule hides the smallest shown school first, and one more
// school of at least the threshold ends it), or where the schools count
// more students than the district (then any school may lie inside
// another, and the whole month is read). In other months the school is
// shown, or hidden for its own sake.
func (r reader) Group(ctx context.Context, metric, school string, rng district.Range, min int) (obs, sums []district.Observation, err error) {
	sources := r.list().history(metric)
	if len(sources) == 0 {
		return nil, nil, nil
	}
	metricKey, ok, err := r.keys.id(ctx, metricKeys, metric)
	if !ok || err != nil {
		return nil, nil, err
	}
	// A school the cache holds no figure of still reads the district's.
	schoolKey, ok, err := r.keys.id(ctx, schoolKeys, school)
	if err != nil {
		return nil, nil, err
	} else if !ok {
		schoolKey = -1
	}
	for _, cv := range sources {
		to := cv.end(rng.To)
		if !rng.From.Before(to) {
			continue
		}
		// The cross joins keep SQLite reading the few months first.
		rows, err := r.q.QueryContext(ctx, `WITH mine AS MATERIALIZED (SELECT period, n FROM observations
				WHERE ?3 <> 0 AND source = ?1 AND metric = ?2 AND school = ?3 AND period >= ?4 AND period < ?5 AND n >= ?6),
			groups AS MATERIALIZED (SELECT m.period, CASE WHEN s.rest < 0 THEN 9223372036854775807 ELSE m.n END AS bound FROM mine AS m
				LEFT JOIN observation_sums AS s ON s.source = ?1 AND s.metric = ?2 AND s.period = m.period
				WHERE s.rest < 0 OR m.n <= (SELECT n FROM observations INDEXED BY observations_by_size
					WHERE source = ?1 AND metric = ?2 AND period = m.period AND school <> 0 AND n >= ?6 ORDER BY n LIMIT 1))
			SELECT 0, school, period, value, n FROM observations INDEXED BY observations_by_size
				WHERE ?3 = 0 AND source = ?1 AND metric = ?2 AND period >= ?4 AND period < ?5
			UNION ALL
			SELECT 1, 0, period, 0, n FROM observation_sums
				WHERE ?3 = 0 AND source = ?1 AND metric = ?2 AND period >= ?4 AND period < ?5
			UNION ALL
			SELECT 0, school, period, value, n FROM observations
				WHERE ?3 <> 0 AND source = ?1 AND metric = ?2 AND school IN (?3, 0) AND period >= ?4 AND period < ?5
			UNION ALL
			SELECT 0, o.school, o.period, o.value, o.n FROM groups AS g
				CROSS JOIN observations AS o INDEXED BY observations_by_size ON o.source = ?1 AND o.metric = ?2 AND o.period = g.period AND o.n <= g.bound
				WHERE o.school NOT IN (?3, 0)
			UNION ALL
			SELECT 1, 0, g.period, 0, s.n FROM groups AS g
				CROSS JOIN observation_sums AS s ON s.source = ?1 AND s.metric = ?2 AND s.period = g.period`,
			cv.key, metricKey, schoolKey, monthBound(rng.From), monthBound(to), min)
		if err != nil {
			return nil, nil, fmt.Errorf("reading %s for every school: %w", metric, err)
		}
		o, s, err := r.scanGroup(ctx, rows, metric, true)
		if err != nil {
			return nil, nil, fmt.Errorf("reading %s for every school: %w", metric, err)
		}
		obs, sums = append(o, obs...), append(s, sums...)
	}
	return obs, sums, nil
}

// smallUse is the test, in SQL, for a school's month of use that rests on
// fewer than ?5 students. It repeats the condition of the partial index
// product_usage_small, so that SQLite can use it; ?5 is at most 30, as that
// condition assumes.
const smallUse = `school <> 0 AND ((active_users > 0 AND active_users < 30) OR (weekly_active > 0 AND weekly_active < 30))
	AND ((active_users > 0 AND active_users < ?5) OR (weekly_active > 0 AND weekly_active < ?5))`

// rest is the test, in SQL, for a product's month (s: its sums) in which
// the district's users less every school's may give someone away at a
// threshold of ?5: some but fewer than ?5, or fewer than none (schools
// that count users twice).
const rest = `((s.rest_users <> 0 AND s.rest_users < ?5) OR (abs(s.rest_weekly) > 1e-6 AND s.rest_weekly < ?5 - 1e-6))`

// overlap is the test, in SQL, for a product's month in which the schools
// count more users than the district.
const overlap = `(s.rest_users < 0 OR s.rest_weekly < -1e-6)`

// SmallUsageGroups returns, over a range of months, what the suppression
// step must read of the products' months in which a school's use may be
// hidden beside the district's: the district's row, every small school's,
// the schools next in size up to the first whose monthly and weekly users
// are both at least min (the complementary rule hides the smallest shown
// school first, and that one makes the hidden sums large enough), and
// every school's users added up (as the district's rows). Where the
// schools count more users than the district, the whole month. Other
// schools of such a month would be shown.
//
// For every school (school ""), those are the months in which some school's
// use rests on fewer than min students, or the district's users less the
// schools' are some but fewer than min, or fewer than none. For a view of
// one school, only the months in which that school is not small itself (it
// is hidden then anyway) and either is no larger than the first school
// large on both figures or overlaps: in every other month the school is
// shown, or hidden for its own sake. An empty product reads every product.
func (r reader) SmallUsageGroups(ctx context.Context, product, school string, rng district.Range, min int) (use, sums []district.ProductUsage, err error) {
	cv, ok := r.source("usage")
	if !ok {
		return nil, nil, nil
	}
	// 0 stands for every product, or every school; -1 for a name the
	// cache holds no figure of.
	var productKey int64
	if product != "" {
		if productKey, ok, err = r.keys.id(ctx, productKeys, product); err != nil {
			return nil, nil, err
		} else if !ok {
			productKey = -1
		}
	}
	schoolKey, ok, err := r.keys.id(ctx, schoolKeys, school)
	if err != nil {
		return nil, nil, err
	} else if !ok {
		schoolKey = -1
	}
	// The cross joins keep SQLite reading the few months first.
	rows, err := r.q.QueryContext(ctx, `WITH touched AS MATERIALIZED (
			SELECT DISTINCT period, product FROM product_usage INDEXED BY product_usage_small
			WHERE ?6 = 0 AND source = ?1 AND period >= ?2 AND period < ?3 AND (?4 = 0 OR product = ?4) AND `+smallUse+`
			UNION
			SELECT s.period, s.product FROM usage_sums AS s
			WHERE ?6 = 0 AND s.source = ?1 AND s.period >= ?2 AND s.period < ?3 AND (?4 = 0 OR s.product = ?4) AND `+rest+`
			UNION
			SELECT u.period, u.product FROM product_keys AS p
				CROSS JOIN product_usage AS u ON u.source = ?1 AND u.product = p.id AND u.school = ?6 AND u.period >= ?2 AND u.period < ?3
			WHERE ?6 <> 0 AND (?4 = 0 OR p.id = ?4)
			AND NOT ((u.active_users > 0 AND u.active_users < ?5) OR (u.weekly_active > 0 AND u.weekly_active < ?5))),
		-- The users of the first school large on both figures; when there is
		-- none, or the schools overlap, every school may be needed.
		bounds AS (SELECT g.period, g.product, CASE WHEN `+overlap+` THEN 9223372036854775807 ELSE coalesce((SELECT active_users FROM product_usage INDEXED BY product_usage_by_size
			WHERE source = ?1 AND period = g.period AND product = g.product AND school <> 0 AND active_users >= ?5 AND weekly_active >= ?5
			ORDER BY active_users LIMIT 1), 9223372036854775807) END AS users FROM touched AS g
			LEFT JOIN usage_sums AS s ON s.source = ?1 AND s.period = g.period AND s.product = g.product),
		groups AS MATERIALIZED (SELECT * FROM bounds AS g WHERE ?6 = 0 OR EXISTS (SELECT 1 FROM product_usage
			WHERE source = ?1 AND product = g.product AND school = ?6 AND period = g.period AND active_users <= g.users))
		SELECT 0, u.product, u.school, u.period, u.active_users, u.weekly_active FROM groups AS g
			CROSS JOIN product_usage AS u INDEXED BY product_usage_small ON u.source = ?1 AND u.period = g.period AND u.product = g.product
			WHERE `+smallUse+`
		UNION ALL
		SELECT 0, u.product, u.school, u.period, u.active_users, u.weekly_active FROM groups AS g
			CROSS JOIN product_usage AS u ON u.source = ?1 AND u.product = g.product AND u.school = 0 AND u.period = g.period
		UNION ALL
		SELECT 0, u.product, u.school, u.period, u.active_users, u.weekly_active FROM groups AS g
			CROSS JOIN product_usage AS u INDEXED BY product_usage_by_size ON u.source = ?1 AND u.period = g.period AND u.product = g.product
				AND u.active_users >= ?5 AND u.active_users <= g.users
			WHERE u.school <> 0 AND NOT (u.weekly_active > 0 AND u.weekly_active < ?5)
		UNION ALL
		SELECT 1, s.product, 0, s.period, s.active_users, s.weekly_active FROM groups AS g
			CROSS JOIN usage_sums AS s ON s.source = ?1 AND s.period = g.period AND s.product = g.product`,
		cv.key, monthBound(rng.From), monthBound(rng.To), productKey, min, schoolKey)
	if err != nil {
		return nil, nil, fmt.Errorf("reading product use at every school: %w", err)
	}
	return r.scanUsageGroup(ctx, rows, true)
}

// Overlaps lists the measures and products whose schools overlap in some
// month, in the data shown, by measure and product.
func (r reader) Overlaps(ctx context.Context) ([]district.Overlap, error) {
	rows, err := r.q.QueryContext(ctx, `SELECT source, metric, 0, count(*), max(period) FROM observation_sums AS s
		WHERE rest < 0 GROUP BY source, metric
		UNION ALL
		SELECT source, 0, product, count(*), max(period) FROM usage_sums AS s
		WHERE `+overlap+` GROUP BY source, product`)
	if err != nil {
		return nil, fmt.Errorf("looking for schools that count the same students: %w", err)
	}
	defer rows.Close()
	type found struct {
		source, metric, product, months, latest int64
	}
	var all []found
	for rows.Next() {
		var f found
		if err := rows.Scan(&f.source, &f.metric, &f.product, &f.months, &f.latest); err != nil {
			return nil, fmt.Errorf("looking for schools that count the same students: %w", err)
		}
		all = append(all, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("looking for schools that count the same students: %w", err)
	}
	rows.Close() // before the dictionaries may be read again
	var out []district.Overlap
	for _, f := range all {
		o := district.Overlap{Months: int(f.months), Latest: monthTime(f.latest)}
		dataset := "usage"
		if f.metric != 0 {
			names, err := r.keys.names(ctx, metricKeys, []int64{f.metric})
			if err != nil {
				return nil, fmt.Errorf("looking for schools that count the same students: %w", err)
			}
			o.Metric, dataset = names[0], district.MetricDataset(names[0])
		} else {
			names, err := r.keys.names(ctx, productKeys, []int64{f.product})
			if err != nil {
				return nil, fmt.Errorf("looking for schools that count the same students: %w", err)
			}
			o.Product = names[0]
		}
		// Only the source shown counts.
		if cv, ok := r.source(dataset); !ok || cv.key != f.source {
			continue
		}
		out = append(out, o)
	}
	slices.SortFunc(out, func(a, b district.Overlap) int {
		return cmp.Or(strings.Compare(a.Metric, b.Metric), strings.Compare(a.Product, b.Product))
	})
	return out, nil
}
