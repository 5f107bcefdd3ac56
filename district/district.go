package district

import (
	"fmt"
	"time"
)

// WholeDistrict is the school id used for district-wide values.
const WholeDistrict = ""

// Profile names the district a cache holds.
type Profile struct {
	Name string
	// Demo is true for the generated demo district, which the UI labels as such.
	Demo bool
	// FiscalYearStart is the month the district's fiscal year begins.
	FiscalYearStart time.Month
}

// Level is the kind of school.
type Level string

// The school levels Cabinet knows.
const (
	Elementary  Level = "elementary"
	Middle      Level = "middle"
	High        Level = "high"
	Alternative Level = "alternative"
)

// Valid reports whether l is a known level.
func (l Level) Valid() bool {
	switch l {
	case Elementary, Middle, High, Alternative:
		return true
	}
	return false
}

// School is one school of the district.
type School struct {
	ID        string
	Name      string
	Level     Level
	Enrolment int
}

// Observation is one value of one metric for one month, for a school or (with
// School == WholeDistrict) for the whole district.
type Observation struct {
	Metric string
	School string
	// Period is the first day of the month the value describes, in UTC.
	Period time.Time
	Value  float64
	// N is the count the value rests on: students for student-based metrics,
	// devices or tickets for others. Zero when not applicable.
	N int
}

// Month returns the first day of t's month in UTC, the form every Period takes.
func Month(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// Budget categories.
const (
	CategoryHardware = "Hardware"
	CategorySoftware = "Software and subscriptions"
	CategoryNetwork  = "Network and infrastructure"
	CategoryServices = "Services"
	CategoryStaff    = "Staff"
)

// BudgetCategories lists the budget categories in display order.
var BudgetCategories = []string{CategoryHardware, CategorySoftware, CategoryNetwork, CategoryServices, CategoryStaff}

// Funding sources.
const (
	FundGeneral = "General fund"
	FundERate   = "E-Rate"
	FundGrants  = "Grants"
	FundBond    = "Bond"
)

// FundingSources lists the funding sources in display order.
var FundingSources = []string{FundGeneral, FundERate, FundGrants, FundBond}

// BudgetLine is the technology budget for one category and funding source in
// one fiscal year.
type BudgetLine struct {
	FiscalYear    int
	Category      string
	FundingSource string
	Budgeted      float64
	// Actual is the amount spent so far in the fiscal year.
	Actual float64
	// FundingEnds is the last fiscal year this funding is available, or 0 when
	// it continues. Grant money that ends makes next year's "cliff".
	FundingEnds int
}

// Product is an edtech product the district licenses.
type Product struct {
	ID       string
	Name     string
	Category string
	// Subject is the subject the product teaches ("ELA", "Math"), or "" for
	// products not tied to one.
	Subject    string
	AnnualCost float64
	Licences   int
	// ContractStart and RenewalDate are zero when unknown.
	ContractStart time.Time
	RenewalDate   time.Time
}

// ProductUsage is one month of use of one product at one school, or district
// wide with School == WholeDistrict.
type ProductUsage struct {
	Product string
	School  string
	Period  time.Time
	// ActiveUsers counts distinct users active in the month.
	ActiveUsers int
	// WeeklyActive is the average number of students active each week.
	WeeklyActive float64
}

// Validate checks the invariants every stored school must satisfy.
func (s School) Validate() error {
	switch {
	case s.ID == "":
		return fmt.Errorf("school %q: id is empty", s.Name)
	case s.Name == "":
		return fmt.Errorf("school %s: name is empty", s.ID)
	case !s.Level.Valid():
		return fmt.Errorf("school %s: unknown level %q", s.ID, s.Level)
	case s.Enrolment < 0:
		return fmt.Errorf("school %s: enrolment %d is negative", s.ID, s.Enrolment)
	}
	return nil
}

// Validate checks a budget line.
func (b BudgetLine) Validate() error {
	name := fmt.Sprintf("budget line FY%d %s / %s", b.FiscalYear, b.Category, b.FundingSource)
	switch {
	case b.FiscalYear < 1900 || b.FiscalYear > 2200:
		return fmt.Errorf("%s: fiscal year %d is not plausible", name, b.FiscalYear)
	case b.Category == "" || b.FundingSource == "":
		return fmt.Errorf("%s: category and funding source are required", name)
	case !finite(b.Budgeted) || !finite(b.Actual):
		return fmt.Errorf("%s: amounts must be finite numbers", name)
	case b.Budgeted < 0 || b.Actual < 0:
		return fmt.Errorf("%s: amounts must not be negative", name)
	case b.FundingEnds != 0 && b.FundingEnds < b.FiscalYear:
		return fmt.Errorf("%s: funding ends in FY%d, before the line's own year", name, b.FundingEnds)
	}
	return nil
}

// Validate checks a product.
func (p Product) Validate() error {
	switch {
	case p.ID == "":
		return fmt.Errorf("product %q: id is empty", p.Name)
	case p.Name == "":
		return fmt.Errorf("product %s: name is empty", p.ID)
	case !finite(p.AnnualCost) || p.AnnualCost < 0:
		return fmt.Errorf("product %s: annual cost %v is not a non-negative number", p.ID, p.AnnualCost)
	case p.Licences < 0:
		return fmt.Errorf("product %s: licences %d is negative", p.ID, p.Licences)
	case !p.ContractStart.IsZero() && !p.RenewalDate.IsZero() && p.RenewalDate.Before(p.ContractStart):
		return fmt.Errorf("product %s: renews on %s, before its contract starts on %s", p.ID, p.RenewalDate.Format(time.DateOnly), p.ContractStart.Format(time.DateOnly))
	}
	return nil
}

// Validate checks one month of a product's use.
func (u ProductUsage) Validate() error {
	switch {
	case u.Product == "":
		return fmt.Errorf("usage: product id is empty")
	case u.Period.IsZero() || !u.Period.Equal(Month(u.Period)):
		return fmt.Errorf("usage of %s: period %s is not the first of a month", u.Product, u.Period.Format(time.DateOnly))
	case u.ActiveUsers < 0:
		return fmt.Errorf("usage of %s: active users %d is negative", u.Product, u.ActiveUsers)
	case !finite(u.WeeklyActive) || u.WeeklyActive < 0:
		return fmt.Errorf("usage of %s: weekly active %v is not a non-negative number", u.Product, u.WeeklyActive)
	}
	return nil
}
