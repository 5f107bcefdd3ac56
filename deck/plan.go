package deck

import (
	"context"
	"fmt"

	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/panel"
)

// planTakeaway says the plan's ask in two sentences: what next year's
// replacements cost against the hardware line once the grant money ends,
// the level amount, and the technicians the fleet needs against those the
// district has.
func planTakeaway(ctx context.Context, b *panel.Board, v *View) (string, error) {
	p := v.Plan
	if p == nil {
		plan, err := b.Plan(ctx)
		if err != nil {
			return "", err
		}
		p = &plan
	}
	if p.Empty() {
		return panel.NoPlanData + ".", nil
	}
	next := b.Calendar.Label(p.Year(1))
	out := fmt.Sprintf("%s's replacements cost %s", next, district.FormatMoney(p.Cost[1]))
	if gap, ok := p.Gap(1); ok {
		line := "a " + district.FormatMoney(p.Hardware.Amount[1]) + " hardware line"
		if e, ok := p.Cliff(); ok && e.LastYear < p.Year(1) {
			line += " once " + district.FormatMoney(e.Amount) + " of " + district.FundMoney(e.Source) + " ends"
		}
		out += fmt.Sprintf(" against %s (%s)", line, shortWords(gap))
	}
	out += fmt.Sprintf("; level, %s a year.", district.FormatMoney(p.Level))
	s := p.Staffing
	if s.Needed > 0 {
		techs := district.Thousands(float64(s.Needed)) + " technicians"
		if s.Needed == 1 {
			techs = "1 technician"
		}
		out += fmt.Sprintf(" The fleet needs %s at 1 per %s devices", techs, district.Thousands(float64(s.Ratio)))
		if s.Have > 0 {
			out += fmt.Sprintf("; the district has %s", district.Thousands(float64(s.Have)))
		}
		out += "."
	}
	return out, nil
}

// shortWords says a gap compactly: "$1.05M short", "$475K to spare".
func shortWords(gap float64) string {
	switch {
	case gap < -0.5:
		return district.FormatMoney(-gap) + " short"
	case gap > 0.5:
		return district.FormatMoney(gap) + " to spare"
	}
	return "even"
}

// planDevicesTakeaway says how many devices come due now and in the
// busiest of the years after.
func planDevicesTakeaway(ctx context.Context, b *panel.Board, _ *View) (string, error) {
	p, err := b.Plan(ctx)
	if err != nil {
		return "", err
	}
	if p.Empty() {
		return panel.NoPlanData + ".", nil
	}
	n := p.Devices()
	peak := 1
	for i := 2; i < district.PlanYears; i++ {
		if n[i] > n[peak] {
			peak = i
		}
	}
	return fmt.Sprintf("%s devices are due in %s, with those already past due; the busiest year after it is %s, with %s.",
		district.Thousands(float64(n[0])), b.Calendar.Label(p.Year(0)), b.Calendar.Label(p.Year(peak)), district.Thousands(float64(n[peak]))), nil
}
