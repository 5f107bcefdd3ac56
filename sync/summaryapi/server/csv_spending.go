package server

import (
	"slices"

	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/sync/summaryapi/wire"
)

func (l *loader) addBudget(r row) error {
	fy, err := r.whole("fiscal_year", false)
	if err != nil {
		return err
	}
	b := district.BudgetLine{FiscalYear: fy, Category: r.get("category"), FundingSource: r.get("funding_source")}
	if b.Category == "" || b.FundingSource == "" {
		return r.fail("category", "category and funding_source are both required")
	}
	for _, c := range []struct {
		col string
		v   *float64
	}{{"budgeted", &b.Budgeted}, {"actual", &b.Actual}} {
		if *c.v, err = r.number(c.col, false); err != nil {
			return err
		}
		if *c.v < 0 {
			return r.fail(c.col, "%v is negative", *c.v)
		}
	}
	if b.FundingEnds, err = r.whole("funding_ends", true); err != nil {
		return err
	}
	if b.FundingEnds != 0 && b.FundingEnds < fy {
		return r.fail("funding_ends", "FY%d is before the line's own year", b.FundingEnds)
	}
	if slices.ContainsFunc(l.d.budget, func(x district.BudgetLine) bool {
		return x.FiscalYear == fy && x.Category == b.Category && x.FundingSource == b.FundingSource
	}) {
		return r.fail("fiscal_year", "this fiscal year, category and funding source appear twice")
	}
	if _, err := wire.FromBudgetLine(b).Convert(); err != nil {
		return r.fail("fiscal_year", "%v", err)
	}
	l.d.budget = append(l.d.budget, b)
	return nil
}

func (l *loader) addProduct(r row) error {
	id, err := r.text("id")
	if err != nil {
		return err
	}
	if l.products[id] {
		return r.fail("id", "product %s appears twice", id)
	}
	p := district.Product{ID: l.intern(id), Name: r.get("name"), Category: r.get("category"), Subject: r.get("subject")}
	if p.Name == "" {
		return r.fail("name", "is empty")
	}
	if p.AnnualCost, err = r.number("annual_cost", false); err != nil {
		return err
	}
	if p.AnnualCost < 0 {
		return r.fail("annual_cost", "%v is negative", p.AnnualCost)
	}
	if p.Licences, err = r.nonNegative("licenses", false); err != nil {
		return err
	}
	if p.ContractStart, err = r.date("contract_start", false); err != nil {
		return err
	}
	if p.RenewalDate, err = r.date("renewal_date", false); err != nil {
		return err
	}
	if _, err := wire.FromProduct(p).Convert(); err != nil {
		return r.fail("renewal_date", "%v", err)
	}
	l.products[id] = true
	l.d.products = append(l.d.products, p)
	return nil
}

func (l *loader) addUsage(r row) error {
	product, err := r.text("product")
	if err != nil {
		return err
	}
	if !l.products[product] {
		return r.fail("product", "%q is not in products.csv", product)
	}
	school, err := l.school(r)
	if err != nil {
		return err
	}
	period, err := r.date("period", true)
	if err != nil {
		return err
	}
	users, err := r.nonNegative("active_users", false)
	if err != nil {
		return err
	}
	weekly, err := r.number("weekly_active_students", false)
	if err != nil {
		return err
	}
	if weekly < 0 {
		return r.fail("weekly_active_students", "%v is negative", weekly)
	}
	u := district.ProductUsage{Product: l.intern(product), School: school, Period: period, ActiveUsers: users, WeeklyActive: weekly}
	if _, err := wire.FromUsage(u).Convert(); err != nil {
		return r.fail("period", "%v", err)
	}
	l.d.usage = append(l.d.usage, u)
	l.useLines = append(l.useLines, r.line)
	return nil
}
