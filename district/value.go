package district

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// UnderUsedBelow is the licence utilisation under which a product is
// called under-used.
const UnderUsedBelow = 0.4

// RenewalSoon is how close a renewal must be to be called out.
const RenewalSoon = 90 * 24 * time.Hour

// Utilisation is the share of a product's licences in use, from 0 to 1 (it
// may pass 1 when a product is over-subscribed). It is undefined, and ok is
// false, for a product with no licences.
func Utilisation(activeUsers, licences int) (share float64, ok bool) {
	if licences <= 0 || activeUsers < 0 {
		return 0, false
	}
	return float64(activeUsers) / float64(licences), true
}

// Operations are the product categories that run the district rather
// than teach: used by every student every day, they are not teaching and
// learning, and are left out of any ranking of instructional use.
var Operations = []string{
	"Single sign-on", "Web filtering", "Content filtering", "Family communication",
	"Device management", "Mobile device management", "Identity management",
	"Student information system", "Help desk", "Password management", "Backup",
}

// Instructional says whether products of a category count as teaching
// and learning: every category but the Operations ones, whatever their
// case.
func Instructional(category string) bool {
	for _, o := range Operations {
		if strings.EqualFold(strings.TrimSpace(category), o) {
			return false
		}
	}
	return true
}

// Instructional says whether the product counts as teaching and learning.
func (p Product) Instructional() bool { return Instructional(p.Category) }

// CategoryLabel writes a category as the Value table shows it, saying
// when it does not count as teaching and learning: "Web filtering (not
// teaching and learning)".
func CategoryLabel(category string) string {
	if Instructional(category) {
		return category
	}
	return category + " (not teaching and learning)"
}

// CostPerActiveUser divides a year's cost by the users active in a month.
// With no active users it is undefined, not infinite, and ok is false.
func CostPerActiveUser(annualCost float64, activeUsers int) (cost float64, ok bool) {
	if activeUsers <= 0 || !finite(annualCost) {
		return 0, false
	}
	return annualCost / float64(activeUsers), true
}

// DaysUntil counts whole days from now to a date; negative when it has passed.
func DaysUntil(now, date time.Time) int {
	a := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	b := time.Date(date.Year(), date.Month(), date.Day(), 0, 0, 0, 0, time.UTC)
	return int(math.Round(b.Sub(a).Hours() / 24))
}

// RenewsWithin reports whether a product's contract renews between now and
// now plus window, and in how many days. Products with no renewal date on
// file never do.
func RenewsWithin(p Product, now time.Time, window time.Duration) (days int, ok bool) {
	if p.RenewalDate.IsZero() {
		return 0, false
	}
	days = DaysUntil(now, p.RenewalDate)
	return days, days >= 0 && float64(days) <= window.Hours()/24
}

// LicenceSpend splits spending on a product into what paid for licences in
// use and what paid for licences nobody used that month.
type LicenceSpend struct {
	Used, Unused float64
}

// SplitSpend divides cost between used and unused licences. Users beyond
// the licence count do not make more than the whole cost "used"; a product
// with no licence count is all used when anyone uses it.
func SplitSpend(cost float64, activeUsers, licences int) LicenceSpend {
	share, ok := Utilisation(activeUsers, licences)
	if !ok {
		if activeUsers > 0 {
			return LicenceSpend{Used: cost}
		}
		return LicenceSpend{Unused: cost}
	}
	share = math.Min(share, 1)
	return LicenceSpend{Used: cost * share, Unused: cost * (1 - share)}
}

// Verdict says in words what a cabinet should know about a product, most
// pressing first: "Under-used: 23% of licences active; renewal in 41 days".
// use is the product's district-wide use as the suppression step let it be
// shown: a count of users hidden there is not given away as a share of the
// licences either.
func Verdict(p Product, use UsageCell, sup Suppression, now time.Time) string {
	var parts []string
	share, ok := Utilisation(use.ActiveUsers, p.Licences)
	switch {
	case use.Hidden:
		parts = append(parts, fmt.Sprintf("Under-used: fewer than %d active users", sup.MinStudents()))
	case use.ActiveUsers == 0:
		parts = append(parts, "No active users")
	case !ok:
		parts = append(parts, "No licence count on file")
	case share < UnderUsedBelow:
		parts = append(parts, fmt.Sprintf("Under-used: %.0f%% of licences active", share*100))
	case share > 1:
		parts = append(parts, fmt.Sprintf("Over-subscribed: %.0f%% of licences active", share*100))
	}
	if days, soon := RenewsWithin(p, now, RenewalSoon); soon {
		parts = append(parts, "renewal in "+Counted(float64(days), "days"))
	}
	if p.RenewalDate.IsZero() {
		parts = append(parts, "no renewal date on file")
	}
	if !p.ContractStart.IsZero() && now.Sub(p.ContractStart) < 365*24*time.Hour && !p.ContractStart.After(now) {
		parts = append(parts, "new this year")
	}
	if len(parts) == 0 {
		return fmt.Sprintf("In use: %.0f%% of licences active", share*100)
	}
	s := strings.Join(parts, "; ")
	return strings.ToUpper(s[:1]) + s[1:]
}
