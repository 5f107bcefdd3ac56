package wire

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/cabinetapp/cabinet/district"
)

// Convert checks the profile and converts it.
func (d District) Convert() (district.Profile, error) {
	if strings.TrimSpace(d.Name) == "" {
		return district.Profile{}, errors.New("district: name is empty")
	}
	if d.FiscalYearStart < 0 || d.FiscalYearStart > 12 {
		return district.Profile{}, fmt.Errorf("district: fiscal_year_start %d is not a month from 1 to 12", d.FiscalYearStart)
	}
	start := time.Month(d.FiscalYearStart)
	if start == 0 {
		start = time.July
	}
	return district.Profile{Name: d.Name, FiscalYearStart: start}, nil
}

// Convert checks the school and converts it.
func (s School) Convert() (district.School, error) {
	if s.Enrollment == nil {
		return district.School{}, fmt.Errorf("school %s: enrollment is missing", s.ID)
	}
	out := district.School{ID: s.ID, Name: s.Name, Level: district.Level(s.Level), Enrolment: *s.Enrollment}
	return out, out.Validate()
}

// Convert checks the catalogue entry and converts it.
func (m Metric) Convert() (district.Metric, error) {
	out := district.Metric{
		ID: m.ID, Name: m.Name, Domain: district.Domain(m.Domain), Unit: district.Unit(m.Unit), Noun: m.Noun,
		Polarity: district.Polarity(m.Polarity), Benchmark: m.Benchmark, Description: m.Description,
		Aggregation: district.Aggregation(m.Aggregation),
	}
	if m.StudentBased == nil {
		return district.Metric{}, fmt.Errorf("metric %s: student_based is missing: say true or false", m.ID)
	}
	out.StudentBased = *m.StudentBased
	if m.Target != nil {
		out.Target, out.HasTarget = *m.Target, true
	}
	if err := out.Validate(); err != nil {
		return district.Metric{}, err
	}
	if !slices.Contains(district.Domains, out.Domain) {
		return district.Metric{}, fmt.Errorf("metric %s: unknown domain %q", m.ID, m.Domain)
	}
	return out, nil
}

// Convert checks the observation against the metric it names and converts
// it. A deletion needs only its key.
func (o Observation) Convert(metrics func(id string) (district.Metric, bool)) (district.Observation, error) {
	period, err := month(o.Period)
	if err != nil {
		return district.Observation{}, err
	}
	out := district.Observation{Metric: o.Metric, School: o.School, Period: period, N: o.N}
	if o.Deleted {
		if o.Metric == "" {
			return district.Observation{}, errors.New("metric is empty")
		}
		return out, nil
	}
	m, ok := metrics(o.Metric)
	if !ok {
		return district.Observation{}, fmt.Errorf("unknown metric %q: it is neither built in nor in /v1/metrics", o.Metric)
	}
	if o.Value == nil {
		return district.Observation{}, errors.New("value is missing")
	}
	out.Value = *o.Value
	return out, m.CheckObservation(out)
}

// Convert checks the budget line and converts it.
func (b BudgetLine) Convert() (district.BudgetLine, error) {
	if b.Budgeted == nil || b.Actual == nil {
		return district.BudgetLine{}, errors.New("budgeted and actual are both required")
	}
	out := district.BudgetLine{FiscalYear: b.FiscalYear, Category: b.Category, FundingSource: b.FundingSource,
		Budgeted: *b.Budgeted, Actual: *b.Actual, FundingEnds: b.FundingEnds}
	return out, out.Validate()
}

// Convert checks the product and converts it.
func (p Product) Convert() (district.Product, error) {
	if p.AnnualCost == nil || p.Licenses == nil {
		return district.Product{}, fmt.Errorf("product %s: annual_cost and licenses are both required", p.ID)
	}
	if p.Category == nil {
		return district.Product{}, fmt.Errorf("product %s: category is required (it may be empty)", p.ID)
	}
	start, err := date(p.ContractStart)
	if err != nil {
		return district.Product{}, fmt.Errorf("product %s: contract_start: %w", p.ID, err)
	}
	renewal, err := date(p.RenewalDate)
	if err != nil {
		return district.Product{}, fmt.Errorf("product %s: renewal_date: %w", p.ID, err)
	}
	out := district.Product{ID: p.ID, Name: p.Name, Category: *p.Category, Subject: p.Subject,
		AnnualCost: *p.AnnualCost, Licences: *p.Licenses, ContractStart: start, RenewalDate: renewal}
	return out, out.Validate()
}

// Convert checks the month of use and converts it. A deletion needs only
// its key.
func (u Usage) Convert() (district.ProductUsage, error) {
	period, err := month(u.Period)
	if err != nil {
		return district.ProductUsage{}, err
	}
	out := district.ProductUsage{Product: u.Product, School: u.School, Period: period}
	if u.Deleted {
		if u.Product == "" {
			return district.ProductUsage{}, errors.New("product is empty")
		}
		return out, nil
	}
	if u.ActiveUsers == nil || u.WeeklyActiveStudents == nil {
		return district.ProductUsage{}, errors.New("active_users and weekly_active_students are both required")
	}
	out.ActiveUsers, out.WeeklyActive = *u.ActiveUsers, *u.WeeklyActiveStudents
	return out, out.Validate()
}

// month parses a period, which must be the first day of a month.
func month(s string) (time.Time, error) {
	t, err := date(s)
	switch {
	case err != nil:
		return time.Time{}, fmt.Errorf("period: %w", err)
	case t.IsZero():
		return time.Time{}, errors.New("period is missing")
	case t.Day() != 1:
		return time.Time{}, fmt.Errorf("period %s is not the first day of a month", s)
	}
	return t, nil
}

// date parses a YYYY-MM-DD date; "" is the zero time. Plain dates take a
// fast path: a sync parses millions of them.
func date(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if len(s) == 10 && s[4] == '-' && s[7] == '-' {
		y, ok1 := digits(s[0:4])
		m, ok2 := digits(s[5:7])
		d, ok3 := digits(s[8:10])
		if ok1 && ok2 && ok3 {
			t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
			if t.Year() == y && int(t.Month()) == m && t.Day() == d {
				return t, nil
			}
		}
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a date of the form 2026-01-31", s)
	}
	return t, nil
}

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

// FromProfile is the wire form of a profile.
func FromProfile(p district.Profile) District {
	return District{Name: p.Name, FiscalYearStart: int(p.FiscalYearStart)}
}

// FromSchool is the wire form of a school.
func FromSchool(s district.School) School {
	n := s.Enrolment
	return School{ID: s.ID, Name: s.Name, Level: string(s.Level), Enrollment: &n}
}

// FromMetric is the wire form of a catalogue entry.
func FromMetric(m district.Metric) Metric {
	out := Metric{ID: m.ID, Name: m.Name, Domain: string(m.Domain), Unit: string(m.Unit), Noun: m.Noun,
		Polarity: string(m.Polarity), Benchmark: m.Benchmark, Description: m.Description,
		StudentBased: &m.StudentBased, Aggregation: string(m.Aggregation)}
	if m.HasTarget {
		t := m.Target
		out.Target = &t
	}
	return out
}

// FromObservation is the wire form of an observation.
func FromObservation(o district.Observation) Observation {
	v := o.Value
	return Observation{Metric: o.Metric, School: o.School, Period: o.Period.Format(time.DateOnly), Value: &v, N: o.N}
}

// FromBudgetLine is the wire form of a budget line.
func FromBudgetLine(b district.BudgetLine) BudgetLine {
	budgeted, actual := b.Budgeted, b.Actual
	return BudgetLine{FiscalYear: b.FiscalYear, Category: b.Category, FundingSource: b.FundingSource,
		Budgeted: &budgeted, Actual: &actual, FundingEnds: b.FundingEnds}
}

// FromProduct is the wire form of a product.
func FromProduct(p district.Product) Product {
	cost, licences, category := p.AnnualCost, p.Licences, p.Category
	return Product{ID: p.ID, Name: p.Name, Category: &category, Subject: p.Subject, AnnualCost: &cost,
		Licenses: &licences, ContractStart: dateText(p.ContractStart), RenewalDate: dateText(p.RenewalDate)}
}

// FromUsage is the wire form of a month of use.
func FromUsage(u district.ProductUsage) Usage {
	users, weekly := u.ActiveUsers, u.WeeklyActive
	return Usage{Product: u.Product, School: u.School, Period: u.Period.Format(time.DateOnly),
		ActiveUsers: &users, WeeklyActiveStudents: &weekly}
}

func dateText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}
