package deck

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cabinetapp/cabinet/district"
)

// actionNow is an action beside what its measure or product shows now.
type actionNow struct {
	district.Action
	// Metric is the measure the action follows, when it follows one: its
	// own, or its chart's.
	Metric    district.Metric
	HasMetric bool
	// Now is the measure's newest closed month that may be shown; HasNow
	// is false when there is none. ThenHidden is true when the month of
	// the action's figure is hidden now: it is then not given either.
	Now        monthFigure
	HasNow     bool
	ThenHidden bool
	// Product is its product's terms now; HasProduct is false when the
	// action is on no product, or its product is no longer on file.
	Product    district.ProductTerms
	HasProduct bool
}

// followed reports whether an action belongs on the slide for the meeting
// on day: every action still open, and those closed since the last
// meeting (from), which that meeting has not yet heard of.
func followed(a district.Action, day, from time.Time) bool {
	if !a.Created.Before(day.AddDate(0, 0, 1)) {
		return false
	}
	return a.Status == district.ActionOpen || !a.Closed.Before(from)
}

// actionChanges says where each action for the meeting on day stands and
// how its measure or product moved since it was recorded: overdue first,
// then open by due date, then done, then dropped.
func actionChanges(day, from time.Time, acts []actionNow) []change {
	var out []change
	for _, a := range acts {
		if !followed(a.Action, day, from) {
			continue
		}
		due := "due " + meetingDay(a.Due, day)
		it := Item{Subject: a.Text, Status: district.NoTarget}
		// Overdue first, then open, done and dropped.
		var rank kind
		switch {
		case a.Overdue(day):
			days := district.DaysUntil(a.Due, day)
			it.Value, it.Status, rank = "Overdue", district.OffTarget, 0
			it.Label = "Overdue by " + district.Counted(float64(days), "days")
		case a.Status == district.ActionOpen:
			it.Value, it.Label, rank = "Open", "Open", 1
		case a.Status == district.ActionDone:
			it.Value, it.Status, rank = "Done", district.OnTarget, 2
			it.Label = "Done " + meetingDay(a.Closed, day)
		default:
			it.Value, rank = "Dropped", 3
			it.Label = "Dropped " + meetingDay(a.Closed, day)
		}
		it.Better, it.Worse = it.Status == district.OnTarget, it.Status == district.OffTarget
		who := a.Owner + ", " + due
		moved := movement(a)
		it.Detail = who
		if utf8.RuneCountInString(a.Text) > 40 {
			// A long action is cut short as a card's title: say it whole.
			it.Detail = a.Text + " (" + who + ")"
		}
		if moved != "" {
			it.Detail += ": " + moved
		}
		it.line = fmt.Sprintf("%s (%s): %s", a.Text, who, district.LowerFirst(it.Label))
		if moved != "" {
			it.line += "; " + moved
		}
		out = append(out, change{Item: it, kind: rank, weight: -float64(a.Due.Unix())})
	}
	slices.SortStableFunc(out, func(a, b change) int {
		if c := cmp.Compare(a.kind, b.kind); c != 0 {
			return c
		}
		return cmp.Compare(b.weight, a.weight)
	})
	return out
}

// movement says how an action's measure or product moved since the action
// was recorded: "attendance 93.1% in October 2026 to 94.0% in November
// 2026", "renewed to 15 January 2028 at $82K; licences in use 39% to 44%".
// A hidden figure is never given.
func movement(a actionNow) string {
	switch {
	case a.HasMetric:
		return measureMovement(a)
	case a.About.Kind == district.OnProduct || a.About.Kind == district.OnRenewal:
		return productMovement(a)
	}
	return ""
}

func measureMovement(a actionNow) string {
	m, then := a.Metric, a.Then
	name := district.LowerFirst(m.Name)
	switch {
	case !a.HasNow:
		return ""
	case then.Hidden:
		return name + " was hidden to protect students' privacy; " + m.Format(a.Now.Value) + " in " + a.Now.Month.Format(district.MonthName)
	case !then.Keyed() || a.ThenHidden:
		// A figure hidden since is not given, not even as it stood.
		return name + " " + m.Format(a.Now.Value) + " in " + a.Now.Month.Format(district.MonthName)
	case !a.Now.Month.After(then.Month):
		return fmt.Sprintf("%s %s in %s, no newer month yet", name, then.Text, then.Month.Format(district.MonthName))
	}
	return fmt.Sprintf("%s %s in %s to %s in %s", name, m.Format(then.Value), then.Month.Format(district.MonthName), m.Format(a.Now.Value), a.Now.Month.Format(district.MonthName))
}

func productMovement(a actionNow) string {
	then, now := a.Action.Product, a.Product
	if !a.HasProduct {
		return "no longer on file"
	}
	var parts []string
	switch {
	case !then.Renewal.IsZero() && now.Renewal.After(then.Renewal):
		parts = append(parts, fmt.Sprintf("renewed to %s at %s", now.Renewal.Format(district.DayName), district.FormatMoney(now.AnnualCost)))
	case district.FormatMoney(then.AnnualCost) != district.FormatMoney(now.AnnualCost):
		parts = append(parts, fmt.Sprintf("cost %s to %s a year", district.FormatMoney(then.AnnualCost), district.FormatMoney(now.AnnualCost)))
	}
	switch {
	case then.InUseShown && now.InUseShown && district.Share(then.InUse) == district.Share(now.InUse):
		parts = append(parts, "licences in use unchanged at "+district.Share(now.InUse))
	case then.InUseShown && now.InUseShown:
		parts = append(parts, "licences in use "+district.Share(then.InUse)+" to "+district.Share(now.InUse))
	case now.InUseShown:
		parts = append(parts, "licences in use "+district.Share(now.InUse))
	}
	return strings.Join(parts, "; ")
}
