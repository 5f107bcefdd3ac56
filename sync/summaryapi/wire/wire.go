// Package wire is the District Summary API v1 as it travels: the JSON shapes
// of every endpoint, how they decode, and how they convert to and from the
// district types with every record checked. The client and the reference
// server both use it, so they apply the same rules.
//
// The contract itself is api/summaryapi.yaml. Field names follow US usage
// ("enrollment", "licenses") because the people implementing the API are US
// district IT staff; the domain types keep the project's spelling.
package wire

import "fmt"

// Paths of the endpoints, relative to a source's base URL.
const (
	PathDistrict     = "/v1/district"
	PathSchools      = "/v1/schools"
	PathMetrics      = "/v1/metrics"
	PathObservations = "/v1/observations"
	PathBudget       = "/v1/budget-lines"
	PathProducts     = "/v1/products"
	PathUsage        = "/v1/product-usage"
)

// Paging limits, as the contract states them.
const (
	// DefaultPageSize is the page size a server uses when the client gives no limit.
	DefaultPageSize = 1000
	// MaxPageSize is the largest limit a client may ask for.
	MaxPageSize = 10000
	// MaxCollection is the most items an unpaged collection may hold.
	MaxCollection = 10000
)

// MediaProblem is the media type of an error body (RFC 9457).
const MediaProblem = "application/problem+json"

// District is GET /v1/district.
type District struct {
	Name string `json:"name"`
	// FiscalYearStart is the month (1 to 12) the fiscal year begins; 0 or
	// absent means July.
	FiscalYearStart int `json:"fiscal_year_start,omitempty"`
}

// School is one item of GET /v1/schools.
type School struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Level      string `json:"level"`
	Enrollment *int   `json:"enrollment"`
}

// Metric is one item of GET /v1/metrics.
type Metric struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Domain   string `json:"domain"`
	Unit     string `json:"unit"`
	Noun     string `json:"noun,omitempty"`
	Polarity string `json:"polarity"`
	// Target is null or absent when the metric has no target.
	Target      *float64 `json:"target"`
	Benchmark   string   `json:"benchmark,omitempty"`
	Description string   `json:"description,omitempty"`
	// StudentBased must be given: a measure about students left unsaid
	// would otherwise go unprotected.
	StudentBased *bool  `json:"student_based"`
	Aggregation  string `json:"aggregation"`
}

// Observation is one item of GET /v1/observations: a value, or with
// Deleted set, the removal of one.
type Observation struct {
	Metric string `json:"metric"`
	// School is empty (null or absent on the wire) for the whole district.
	School string `json:"school,omitempty"`
	// Period is the first day of the month, "2026-01-01".
	Period  string   `json:"period"`
	Value   *float64 `json:"value,omitempty"`
	N       int      `json:"n,omitempty"`
	Deleted bool     `json:"deleted,omitempty"`
}

// BudgetLine is one item of GET /v1/budget-lines.
type BudgetLine struct {
	FiscalYear    int      `json:"fiscal_year"`
	Category      string   `json:"category"`
	FundingSource string   `json:"funding_source"`
	Budgeted      *float64 `json:"budgeted"`
	Actual        *float64 `json:"actual"`
	// FundingEnds is 0 (null or absent) while the funding continues.
	FundingEnds int `json:"funding_ends,omitempty"`
}

// Product is one item of GET /v1/products.
type Product struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Category must be given, though it may be empty.
	Category   *string  `json:"category"`
	Subject    string   `json:"subject,omitempty"`
	AnnualCost *float64 `json:"annual_cost"`
	Licenses   *int     `json:"licenses"`
	// ContractStart and RenewalDate are dates, empty when unknown.
	ContractStart string `json:"contract_start,omitempty"`
	RenewalDate   string `json:"renewal_date,omitempty"`
}

// Usage is one item of GET /v1/product-usage: a month of a product's use at a
// school or, with School empty, district-wide; or with Deleted set, the
// removal of one.
type Usage struct {
	Product              string   `json:"product"`
	School               string   `json:"school,omitempty"`
	Period               string   `json:"period"`
	ActiveUsers          *int     `json:"active_users,omitempty"`
	WeeklyActiveStudents *float64 `json:"weekly_active_students,omitempty"`
	Deleted              bool     `json:"deleted,omitempty"`
}

// List is the body of every collection. Paged collections (observations and
// product use) also carry the cursor: pass it back to get the next page or,
// once HasMore is false, to get only what changed at the next sync.
type List[T any] struct {
	Items   []T    `json:"items"`
	Cursor  string `json:"cursor,omitempty"`
	HasMore bool   `json:"has_more,omitempty"`
	// Total is the server's estimate of the items the whole listing
	// returns, for a progress bar; 0 when unknown.
	Total int64 `json:"total,omitempty"`
}

// Problem is an RFC 9457 error body.
type Problem struct {
	Type   string `json:"type,omitempty"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail,omitempty"`
}

// ObservationKey identifies an observation.
type ObservationKey struct{ Metric, School, Period string }

// UsageKey identifies a month of a product's use.
type UsageKey struct{ Product, School, Period string }

// BudgetKey identifies a budget line.
type BudgetKey struct {
	FiscalYear              int
	Category, FundingSource string
}

// Key returns the school's id.
func (s School) Key() string { return s.ID }

// Key returns the metric's id.
func (m Metric) Key() string { return m.ID }

// Key returns what identifies the observation.
func (o Observation) Key() ObservationKey { return ObservationKey{o.Metric, o.School, o.Period} }

// Key returns what identifies the budget line.
func (b BudgetLine) Key() BudgetKey { return BudgetKey{b.FiscalYear, b.Category, b.FundingSource} }

// Key returns the product's id.
func (p Product) Key() string { return p.ID }

// Key returns what identifies the month of use.
func (u Usage) Key() UsageKey { return UsageKey{u.Product, u.School, u.Period} }

// IsDeleted reports whether the item removes the observation.
func (o Observation) IsDeleted() bool { return o.Deleted }

// IsDeleted reports whether the item removes the month of use.
func (u Usage) IsDeleted() bool { return u.Deleted }

func (k ObservationKey) String() string {
	return fmt.Sprintf("%s at %s, %s", k.Metric, schoolText(k.School), k.Period)
}

func (k UsageKey) String() string {
	return fmt.Sprintf("%s at %s, %s", k.Product, schoolText(k.School), k.Period)
}

func (k BudgetKey) String() string {
	return fmt.Sprintf("FY%d %s / %s", k.FiscalYear, k.Category, k.FundingSource)
}

func schoolText(id string) string {
	if id == "" {
		return "district"
	}
	return "school " + id
}
