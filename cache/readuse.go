package cache

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
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
func (r reader) Usage(ctx context.Context, product, school string, rng district.Range) ([]district.ProductUsage, error) {
	cv, ok := r.source("usage")
	if !ok {
		return nil, nil
	}
	rows, err := r.q.QueryContext(ctx, `SELECT product, school, period, active_users, weekly_active FROM product_usage
		WHERE source = ? AND product = ? AND school = ? AND period >= ? AND period < ? ORDER BY period`,
		cv.Source, product, school, dateText(rng.From), dateText(rng.To))
	if err != nil {
		return nil, fmt.Errorf("reading use of %s: %w", product, err)
	}
	return scanUsage(rows)
}

// UsageRange returns every product's use at a school (or district-wide)
// over a range of months, by product and month.
func (r reader) UsageRange(ctx context.Context, school string, rng district.Range) ([]district.ProductUsage, error) {
	cv, ok := r.source("usage")
	if !ok {
		return nil, nil
	}
	rows, err := r.q.QueryContext(ctx, `SELECT product, school, period, active_users, weekly_active FROM product_usage INDEXED BY product_usage_by_school
		WHERE source = ? AND school = ? AND period >= ? AND period < ? ORDER BY product, period`,
		cv.Source, school, dateText(rng.From), dateText(rng.To))
	if err != nil {
		return nil, fmt.Errorf("reading product use: %w", err)
	}
	return scanUsage(rows)
}

// UsageBySchool returns one product's use at every school in the newest
// month before `before` that has school figures.
func (r reader) UsageBySchool(ctx context.Context, product string, before time.Time) ([]district.ProductUsage, error) {
	cv, ok := r.source("usage")
	if !ok {
		return nil, nil
	}
	var period sql.NullString
	if err := r.q.QueryRowContext(ctx, `SELECT max(period) FROM product_usage WHERE source = ? AND product = ? AND school <> '' AND period < ?`,
		cv.Source, product, dateText(before)).Scan(&period); err != nil {
		return nil, fmt.Errorf("reading use of %s by school: %w", product, err)
	}
	if !period.Valid {
		return nil, nil
	}
	rows, err := r.q.QueryContext(ctx, `SELECT product, school, period, active_users, weekly_active FROM product_usage
		WHERE source = ? AND product = ? AND school <> '' AND period = ? ORDER BY school`, cv.Source, product, period.String)
	if err != nil {
		return nil, fmt.Errorf("reading use of %s by school: %w", product, err)
	}
	return scanUsage(rows)
}

// UsageAt returns every product's use at a school (or district-wide) in the
// newest month before `before` that has any, sorted by product.
func (r reader) UsageAt(ctx context.Context, school string, before time.Time) ([]district.ProductUsage, error) {
	cv, ok := r.source("usage")
	if !ok {
		return nil, nil
	}
	var period sql.NullString
	if err := r.q.QueryRowContext(ctx, `SELECT max(period) FROM product_usage INDEXED BY product_usage_by_school WHERE source = ? AND school = ? AND period < ?`,
		cv.Source, school, dateText(before)).Scan(&period); err != nil {
		return nil, fmt.Errorf("reading product use: %w", err)
	}
	if !period.Valid {
		return nil, nil
	}
	rows, err := r.q.QueryContext(ctx, `SELECT product, school, period, active_users, weekly_active FROM product_usage INDEXED BY product_usage_by_school
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
