package cache

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/cabinetapp/cabinet/district"
)

// BudgetYears lists the fiscal years with budget lines, oldest first.
func (r reader) BudgetYears(ctx context.Context) ([]int, error) {
	cv, ok := r.source("budget")
	if !ok {
		return nil, nil
	}
	years, err := column[int](r.q.QueryContext(ctx, "SELECT DISTINCT fiscal_year FROM budget_lines WHERE source = ? ORDER BY fiscal_year", cv.Source))
	if err != nil {
		return nil, fmt.Errorf("reading budget years: %w", err)
	}
	return years, nil
}

// Budget returns the budget lines of fiscal years from..to inclusive.
func (r reader) Budget(ctx context.Context, from, to int) ([]district.BudgetLine, district.Provenance, error) {
	cv, ok := r.source("budget")
	if !ok {
		return nil, district.Provenance{}, nil
	}
	rows, err := r.q.QueryContext(ctx, `SELECT fiscal_year, category, funding_source, budgeted, actual, funding_ends
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
func (r reader) Products(ctx context.Context) ([]district.Product, district.Provenance, error) {
	cv, ok := r.source("products")
	if !ok {
		return nil, district.Provenance{}, nil
	}
	rows, err := r.q.QueryContext(ctx, `SELECT id, name, category, subject, annual_cost, licences, contract_start, renewal_date
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

// scanUsage reads rows of (product, school, period, active_users,
// weekly_active).
func (r reader) scanUsage(ctx context.Context, rows *sql.Rows) ([]district.ProductUsage, error) {
	use, _, err := r.scanUsageGroup(ctx, rows, false)
	return use, err
}

// scanUsageGroup reads rows of (product, school, period, active_users,
// weekly_active), and with sums a first column that says whether the row
// is a month's sums (1) or a school's or the district's figures (0).
func (r reader) scanUsageGroup(ctx context.Context, rows *sql.Rows, sums bool) (use, added []district.ProductUsage, err error) {
	defer rows.Close()
	var all []district.ProductUsage
	var isSum []bool
	var products, schools []int64
	for rows.Next() {
		var u district.ProductUsage
		var product, school, period int64
		var sum bool
		dest := []any{&product, &school, &period, &u.ActiveUsers, &u.WeeklyActive}
		if sums {
			dest = append([]any{&sum}, dest...)
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, nil, fmt.Errorf("reading product use: %w", err)
		}
		u.Period = monthTime(period)
		all, isSum = append(all, u), append(isSum, sum)
		products, schools = append(products, product), append(schools, school)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("reading product use: %w", err)
	}
	rows.Close() // before the dictionaries may be read again
	productNames, err := r.keys.names(ctx, productKeys, products)
	if err != nil {
		return nil, nil, fmt.Errorf("reading product use: %w", err)
	}
	schoolNames, err := r.keys.names(ctx, schoolKeys, schools)
	if err != nil {
		return nil, nil, fmt.Errorf("reading product use: %w", err)
	}
	for i, u := range all {
		u.Product, u.School = productNames[i], schoolNames[i]
		if isSum[i] {
			added = append(added, u)
		} else {
			use = append(use, u)
		}
	}
	return use, added, nil
}

// Usage returns one product's monthly use at a school (or district-wide)
// over a range, oldest first.
func (r reader) Usage(ctx context.Context, product, school string, rng district.Range) ([]district.ProductUsage, error) {
	cv, ok := r.source("usage")
	if !ok {
		return nil, nil
	}
	productKey, ok, err := r.keys.id(ctx, productKeys, product)
	if !ok || err != nil {
		return nil, err
	}
	schoolKey, ok, err := r.keys.id(ctx, schoolKeys, school)
	if !ok || err != nil {
		return nil, err
	}
	rows, err := r.q.QueryContext(ctx, `SELECT product, school, period, active_users, weekly_active FROM product_usage
		WHERE source = ? AND product = ? AND school = ? AND period >= ? AND period < ? ORDER BY period`,
		cv.key, productKey, schoolKey, monthBound(rng.From), monthBound(rng.To))
	if err != nil {
		return nil, fmt.Errorf("reading use of %s: %w", product, err)
	}
	return r.scanUsage(ctx, rows)
}

// The reads of every product at one school look each product up in the
// table's own order (product, school, month), through the dictionary of
// products.

// byProduct sorts product use by product, then month.
func byProduct(use []district.ProductUsage) {
	slices.SortFunc(use, func(a, b district.ProductUsage) int {
		return cmp.Or(strings.Compare(a.Product, b.Product), a.Period.Compare(b.Period))
	})
}

// UsageRange returns every product's use at a school (or district-wide)
// over a range of months, by product and month.
func (r reader) UsageRange(ctx context.Context, school string, rng district.Range) ([]district.ProductUsage, error) {
	cv, ok := r.source("usage")
	if !ok {
		return nil, nil
	}
	schoolKey, ok, err := r.keys.id(ctx, schoolKeys, school)
	if !ok || err != nil {
		return nil, err
	}
	rows, err := r.q.QueryContext(ctx, `SELECT u.product, u.school, u.period, u.active_users, u.weekly_active FROM product_keys AS p
		CROSS JOIN product_usage AS u ON u.source = ? AND u.product = p.id AND u.school = ? AND u.period >= ? AND u.period < ?`,
		cv.key, schoolKey, monthBound(rng.From), monthBound(rng.To))
	if err != nil {
		return nil, fmt.Errorf("reading product use: %w", err)
	}
	use, err := r.scanUsage(ctx, rows)
	byProduct(use)
	return use, err
}

// UsageBySchool returns one product's use at every school in the newest
// month before `before` that has school figures, by school.
func (r reader) UsageBySchool(ctx context.Context, product string, before time.Time) ([]district.ProductUsage, error) {
	cv, ok := r.source("usage")
	if !ok {
		return nil, nil
	}
	productKey, ok, err := r.keys.id(ctx, productKeys, product)
	if !ok || err != nil {
		return nil, err
	}
	var period sql.NullInt64
	if err := r.q.QueryRowContext(ctx, `SELECT max(period) FROM product_usage WHERE source = ? AND product = ? AND school <> 0 AND period < ?`,
		cv.key, productKey, monthBound(before)).Scan(&period); err != nil {
		return nil, fmt.Errorf("reading use of %s by school: %w", product, err)
	}
	if !period.Valid {
		return nil, nil
	}
	rows, err := r.q.QueryContext(ctx, `SELECT product, school, period, active_users, weekly_active FROM product_usage INDEXED BY product_usage_by_size
		WHERE source = ? AND period = ? AND product = ? AND school <> 0`, cv.key, period.Int64, productKey)
	if err != nil {
		return nil, fmt.Errorf("reading use of %s by school: %w", product, err)
	}
	use, err := r.scanUsage(ctx, rows)
	slices.SortFunc(use, func(a, b district.ProductUsage) int { return strings.Compare(a.School, b.School) })
	return use, err
}

// UsageAt returns every product's use at a school (or district-wide) in the
// newest month before `before` that has any, sorted by product.
func (r reader) UsageAt(ctx context.Context, school string, before time.Time) ([]district.ProductUsage, error) {
	cv, ok := r.source("usage")
	if !ok {
		return nil, nil
	}
	schoolKey, ok, err := r.keys.id(ctx, schoolKeys, school)
	if !ok || err != nil {
		return nil, err
	}
	var period sql.NullInt64
	if err := r.q.QueryRowContext(ctx, `SELECT max((SELECT max(period) FROM product_usage WHERE source = ?1 AND product = p.id AND school = ?2 AND period < ?3))
		FROM product_keys AS p`, cv.key, schoolKey, monthBound(before)).Scan(&period); err != nil {
		return nil, fmt.Errorf("reading product use: %w", err)
	}
	if !period.Valid {
		return nil, nil
	}
	rows, err := r.q.QueryContext(ctx, `SELECT u.product, u.school, u.period, u.active_users, u.weekly_active FROM product_keys AS p
		CROSS JOIN product_usage AS u ON u.source = ? AND u.product = p.id AND u.school = ? AND u.period = ?`, cv.key, schoolKey, period.Int64)
	if err != nil {
		return nil, fmt.Errorf("reading product use: %w", err)
	}
	use, err := r.scanUsage(ctx, rows)
	byProduct(use)
	return use, err
}
