package panel

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/cabinetapp/cabinet/charts"
	"github.com/cabinetapp/cabinet/district"
)

// Spend is a fiscal year's spending against its plan, judged on the
// months closed: money booked in a month still running is part of a
// month, against the whole month's plan, so it is kept aside.
type Spend struct {
	FiscalYear int
	// Months are the closed months with spending booked, oldest first,
	// and the running totals of actual and planned spending at each.
	Months       []time.Time
	Actual, Plan []float64
	YearPlan     float64
	// Through is the last closed month with spending booked.
	Through      time.Time
	ActualToDate float64
	// PlanToDate is the plan of every month of the year up to Through,
	// whether or not each has spending booked.
	PlanToDate float64
	// MonthsElapsed counts the year's months from its first to Through.
	MonthsElapsed int
	// ForecastAtYear is where the year ends (district.PlanForecast) while
	// it is under way, and its total once it is over; HasForecast is false
	// when there is no plan to date to measure against.
	ForecastAtYear float64
	HasForecast    bool
	// Running is a month still running at the board's clock with spending
	// booked so far, RunningActual what it holds; zero when there is none.
	Running       time.Time
	RunningActual float64
	// planAfter is the plan of each month after Through, where the source
	// gives it, oldest first: the shape the forecast line follows.
	planAfter []district.Observation
}

// Spend totals a fiscal year's monthly spending and plan, the months
// closed at the board's clock, and forecasts the year's end along the
// plan. The tile, the chart, its caption and the takeaway all read it.
func (b *Board) Spend(ctx context.Context, fy int) (Spend, error) {
	r := district.Range{From: b.Calendar.Start(fy), To: b.Calendar.End(fy)}
	actual, _, err := b.data.Series(ctx, district.SpendActual, district.WholeDistrict, r)
	if err != nil {
		return Spend{}, err
	}
	plan, _, err := b.data.Series(ctx, district.SpendPlan, district.WholeDistrict, r)
	if err != nil {
		return Spend{}, err
	}
	lines, _, err := b.data.Budget(ctx, fy, fy)
	if err != nil {
		return Spend{}, err
	}
	s := Spend{FiscalYear: fy}
	for _, l := range lines {
		s.YearPlan += l.Budgeted
	}
	now := b.now()
	for _, a := range actual {
		if !district.Closed(a.Period, now) {
			s.Running, s.RunningActual = a.Period, s.RunningActual+a.Value
			continue
		}
		s.ActualToDate += a.Value
		s.Months = append(s.Months, a.Period)
		s.Actual = append(s.Actual, s.ActualToDate)
		s.Through = a.Period
	}
	// The plan to date counts every month gone by, booked or not: leaving
	// out a month with nothing booked would make the year look over plan.
	k := 0
	for _, t := range s.Months {
		for ; k < len(plan) && !plan[k].Period.After(t); k++ {
			s.PlanToDate += plan[k].Value
		}
		s.Plan = append(s.Plan, s.PlanToDate)
	}
	s.planAfter = plan[k:]
	if !s.Through.IsZero() {
		start := b.Calendar.Start(fy)
		s.MonthsElapsed = (s.Through.Year()-start.Year())*12 + int(s.Through.Month()-start.Month()) + 1
	}
	switch {
	case s.Forecasting():
		s.ForecastAtYear, s.HasForecast = district.PlanForecast(s.ActualToDate, s.PlanToDate, s.YearPlan)
	case s.MonthsElapsed > 0:
		s.ForecastAtYear, s.HasForecast = s.ActualToDate, true
	}
	return s, nil
}

// Forecasting says whether the year is under way, so its end is a
// forecast rather than a total.
func (s Spend) Forecasting() bool { return s.MonthsElapsed > 0 && s.MonthsElapsed < 12 }

// Outlook is how far the year's spending will end from the year's plan,
// as a share of the plan: by the forecast while the year is under way, by
// the total once it is over. ok is false without spending, a plan, or a
// plan to date to forecast from.
func (s Spend) Outlook() (off float64, ok bool) {
	if !s.HasForecast || s.YearPlan <= 0 {
		return 0, false
	}
	return s.ForecastAtYear/s.YearPlan - 1, true
}

// runningText says what a month still running holds: "December 2026 so
// far: $120K booked"; "" when no month is running.
func (s Spend) runningText() string {
	if s.Running.IsZero() {
		return ""
	}
	return s.Running.Format(district.MonthName) + " so far: " + district.FormatMoney(s.RunningActual) + " booked"
}

// Story says the year's spending in sentences that the tile, the
// takeaway and the chart's caption all agree with: spending through the
// last closed month against the plan to date, then where the year ends
// along the plan, then what a month still running holds so far. "Spent
// $4.25M through November 2026, 3% above the plan to date; following the
// plan, the year ends at $8.45M, 3% over the $8.21M plan. December 2026 so
// far: $120K booked, counted once the month closes."
func (s Spend) Story(label string) string {
	running := s.runningText()
	if s.MonthsElapsed == 0 {
		if running != "" {
			return running + "; the year's first month is still running."
		}
		return fmt.Sprintf("No spending is booked in %s yet.", label)
	}
	out := "Spent " + district.FormatMoney(s.ActualToDate)
	if !s.Forecasting() {
		out += " in " + label
	} else {
		out += " through " + s.Through.Format(district.MonthName)
	}
	if s.Forecasting() && s.PlanToDate > 0 {
		out += ", " + against(s.ActualToDate/s.PlanToDate-1, "below", "above", "the plan to date")
	}
	off, ok := s.Outlook()
	switch {
	case !ok:
	case s.Forecasting():
		out += fmt.Sprintf("; forecast along the plan, the year ends at %s, %s", district.FormatMoney(s.ForecastAtYear),
			against(off, "under", "over", "the "+district.FormatMoney(s.YearPlan)+" plan"))
	default:
		out += ", " + against(off, "under", "over", "the "+district.FormatMoney(s.YearPlan)+" plan")
	}
	out += "."
	if running != "" {
		out += " " + running + ", counted once the month closes."
	}
	return out
}

// against writes a share off a plan: "10% below the plan to date", or "in
// line with" it within half a percent.
func against(off float64, under, over, plan string) string {
	switch {
	case math.Abs(off) < 0.005:
		return "in line with " + plan
	case off < 0:
		return fmt.Sprintf("%.0f%% %s %s", -100*off, under, plan)
	}
	return fmt.Sprintf("%.0f%% %s %s", 100*off, over, plan)
}

// forecastLine draws the forecast from the last closed month to the
// year's last month: along the plan's own later months where the source
// gives them, each scaled as the year to date is, ending at the forecast.
func (s Spend) forecastLine(last time.Time) charts.Series {
	line := charts.Series{Name: "Forecast along the plan", Dashed: true, Points: []charts.Point{{T: s.Through, Y: s.ActualToDate}}}
	ratio, sum := s.ActualToDate/s.PlanToDate, s.ActualToDate
	for _, p := range s.planAfter {
		if !p.Period.Before(last) {
			break
		}
		sum += ratio * p.Value
		line.Points = append(line.Points, charts.Point{T: p.Period, Y: sum})
	}
	line.Points = append(line.Points, charts.Point{T: last, Y: s.ForecastAtYear})
	return line
}
