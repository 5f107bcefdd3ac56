package district

import (
	"math"
	"slices"
	"sort"
)

// BudgetTotal is the budget and spending of one group of budget lines.
type BudgetTotal struct {
	Key      string
	Budgeted float64
	Actual   float64
}

// SumBudget totals budget lines by a key (category, funding source, year).
// Known categories and funding sources come in their display order, other
// keys after them in sorted order.
func SumBudget(lines []BudgetLine, key func(BudgetLine) string) []BudgetTotal {
	idx := map[string]int{}
	var out []BudgetTotal
	for _, l := range lines {
		k := key(l)
		i, ok := idx[k]
		if !ok {
			i = len(out)
			idx[k] = i
			out = append(out, BudgetTotal{Key: k})
		}
		out[i].Budgeted += l.Budgeted
		out[i].Actual += l.Actual
	}
	rank := func(k string) int {
		if i := slices.Index(BudgetCategories, k); i >= 0 {
			return i
		}
		if i := slices.Index(FundingSources, k); i >= 0 {
			return i
		}
		return len(BudgetCategories) + len(FundingSources)
	}
	sort.SliceStable(out, func(i, j int) bool {
		ri, rj := rank(out[i].Key), rank(out[j].Key)
		if ri != rj {
			return ri < rj
		}
		return out[i].Key < out[j].Key
	})
	return out
}

// FundingCliff is the part of a year's budget whose funding ends with it.
type FundingCliff struct {
	Amount float64
	// Share is Amount as a share of the year's whole budget, from 0 to 1.
	Share float64
}

// Cliff sums the budget of fiscal year fy whose funding ends in fy: the money
// the next year must find elsewhere or do without.
func Cliff(lines []BudgetLine, fy int) FundingCliff {
	var c FundingCliff
	total := 0.0
	for _, l := range lines {
		if l.FiscalYear != fy {
			continue
		}
		total += l.Budgeted
		if l.FundingEnds == fy {
			c.Amount += l.Budgeted
		}
	}
	if total > 0 {
		c.Share = c.Amount / total
	}
	return c
}

// ForecastRule states how PlanForecast projects a year, for a caption.
const ForecastRule = "The forecast follows the plan's own monthly profile, scaled by spending to date against the plan to date"

// PlanForecast projects a fiscal year's spending to its end along the
// plan: the part of the year's plan still to come is expected to be spent
// as spending to date has gone against the plan to date. A plan that
// front-loads the year (renewals and hardware in summer) thus does not
// read a front-loaded start as a year-long overrun, as a straight line
// from the months gone by would. ok is false without a plan to date to
// measure against.
func PlanForecast(spentToDate, planToDate, yearPlan float64) (float64, bool) {
	if planToDate <= 0 || !finite(planToDate) || !finite(spentToDate) || !finite(yearPlan) {
		return 0, false
	}
	return spentToDate + math.Max(0, yearPlan-planToDate)*spentToDate/planToDate, true
}

// PerPupil divides spending by enrolment; ok is false when there are no
// students to divide by.
func PerPupil(amount float64, students int) (float64, bool) {
	if students <= 0 {
		return 0, false
	}
	return amount / float64(students), true
}
