package demo

import (
	"math"
	"time"

	"github.com/cabinetapp/cabinet/district"
)

// spendShape is the share of a year's technology spending that falls in each
// month of the fiscal year, July first: subscriptions renew and hardware
// arrives in summer, then spending settles until the spring orders.
var spendShape = [12]float64{0.16, 0.14, 0.08, 0.07, 0.06, 0.06, 0.07, 0.06, 0.06, 0.06, 0.07, 0.11}

// funding splits each category's budget between funding sources.
var funding = map[string][]struct {
	source string
	share  float64
}{
	district.CategoryHardware: {{district.FundGeneral, 0.45}, {district.FundGrants, 0.35}, {district.FundBond, 0.20}},
	district.CategorySoftware: {{district.FundGeneral, 0.70}, {district.FundGrants, 0.30}},
	district.CategoryNetwork:  {{district.FundERate, 0.60}, {district.FundGeneral, 0.40}},
	district.CategoryServices: {{district.FundGeneral, 0.80}, {district.FundERate, 0.20}},
	district.CategoryStaff:    {{district.FundGeneral, 0.85}, {district.FundGrants, 0.15}},
}

var categoryShare = map[string]float64{
	district.CategoryHardware: 0.25,
	district.CategorySoftware: 0.22,
	district.CategoryNetwork:  0.15,
	district.CategoryServices: 0.10,
	district.CategoryStaff:    0.28,
}

type fiscalYear struct {
	fy      int
	planned float64   // the whole year's budget
	factor  float64   // actual spending against plan for the year
	noise   []float64 // month by month, fiscal order
}

// fiscalYears plans each fiscal year of the history, oldest first: a
// budget that grows per pupil each year.
func (d *District) fiscalYears() []fiscalYear {
	cal := d.calendar()
	first, last := cal.Year(d.months[0]), cal.Year(d.months[len(d.months)-1])
	var out []fiscalYear
	for fy := first; fy <= last; fy++ {
		r := d.rng("budget", fy)
		i := monthIndex(d.months, cal.Start(fy))
		perPupil := 430 * math.Pow(1.03, float64(fy-first))
		y := fiscalYear{
			fy:      fy,
			planned: math.Round(perPupil*float64(d.totals.students[i])/1000) * 1000,
			factor:  0.94 + r.Float64()*0.08,
		}
		for range 12 {
			y.noise = append(y.noise, 1+r.NormFloat64()*0.06)
		}
		out = append(out, y)
	}
	return out
}

// monthIndex finds t among months, clamped to the history.
func monthIndex(months []time.Time, t time.Time) int {
	for i, m := range months {
		if !m.Before(t) {
			return i
		}
	}
	return len(months) - 1
}

type monthSpend struct{ plan, actual float64 }

func (d *District) spend(t time.Time) monthSpend {
	cal := d.calendar()
	fy := cal.Year(t)
	for _, y := range d.fys {
		if y.fy == fy {
			k := cal.MonthIndex(t)
			return monthSpend{plan: y.planned * spendShape[k], actual: y.planned * y.factor * spendShape[k] * y.noise[k]}
		}
	}
	return monthSpend{}
}

// makeBudget writes each fiscal year's budget lines. Grants end with the
// current fiscal year, so next year has a cliff; a bond paid for hardware
// in the early years only.
func (d *District) makeBudget() []district.BudgetLine {
	cal := d.calendar()
	end := d.months[len(d.months)-1]
	current := cal.Year(end)
	first := d.fys[0].fy
	var out []district.BudgetLine
	for _, y := range d.fys {
		spent := 0.0
		for t := cal.Start(y.fy); t.Before(cal.End(y.fy)) && !t.After(end); t = t.AddDate(0, 1, 0) {
			spent += d.spend(t).actual
		}
		for _, cat := range district.BudgetCategories {
			bondYear := y.fy-first >= 1 && y.fy-first <= 3
			for _, f := range funding[cat] {
				fshare := f.share
				switch {
				case f.source == district.FundBond && !bondYear:
					continue
				case f.source == district.FundGeneral && cat == district.CategoryHardware && !bondYear:
					// Without the bond, the general fund carries all of hardware.
					fshare += 0.20
				}
				share := categoryShare[cat] * fshare
				line := district.BudgetLine{
					FiscalYear:    y.fy,
					Category:      cat,
					FundingSource: f.source,
					Budgeted:      math.Round(y.planned * share),
					Actual:        math.Round(spent * share),
				}
				switch f.source {
				case district.FundGrants:
					line.FundingEnds = current
				case district.FundBond:
					line.FundingEnds = first + 3
				}
				out = append(out, line)
			}
		}
	}
	return out
}
