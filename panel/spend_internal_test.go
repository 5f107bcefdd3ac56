package panel

import (
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/district"
)

func TestSpendStory(t *testing.T) {
	nov := time.Date(2026, time.November, 1, 0, 0, 0, 0, time.UTC)
	dec := nov.AddDate(0, 1, 0)
	tests := []struct {
		name   string
		s      Spend
		want   string
		status district.Status
		detail string
	}{
		{"under the plan to date, under it at the year's end",
			Spend{MonthsElapsed: 5, Through: nov, ActualToDate: 3.7625e6, PlanToDate: 4.19e6, ForecastAtYear: 7.39e6, HasForecast: true, YearPlan: 8.21e6},
			"Spent $3.76M through November 2026, 10% below the plan to date; forecast along the plan, the year ends at $7.39M, 10% under the $8.21M plan.",
			district.NearTarget, "forecast 10% under plan"},
		{"just past 10% under, said as 10%, is judged as 10%",
			Spend{MonthsElapsed: 5, Through: nov, ActualToDate: 3.7625e6, PlanToDate: 4.19e6, ForecastAtYear: 7.38e6, HasForecast: true, YearPlan: 8.21e6},
			"Spent $3.76M through November 2026, 10% below the plan to date; forecast along the plan, the year ends at $7.38M, 10% under the $8.21M plan.",
			district.NearTarget, "forecast 10% under plan"},
		{"far over the plan",
			Spend{MonthsElapsed: 5, Through: nov, ActualToDate: 4.8e6, PlanToDate: 4e6, ForecastAtYear: 9.6e6, HasForecast: true, YearPlan: 8e6},
			"Spent $4.80M through November 2026, 20% above the plan to date; forecast along the plan, the year ends at $9.60M, 20% over the $8.00M plan.",
			district.OffTarget, "forecast 20% over plan"},
		{"on plan, with a month still running",
			Spend{MonthsElapsed: 5, Through: nov, ActualToDate: 4e6, PlanToDate: 4e6, ForecastAtYear: 8e6, HasForecast: true, YearPlan: 8e6, Running: dec, RunningActual: 120e3},
			"Spent $4.00M through November 2026, in line with the plan to date; forecast along the plan, the year ends at $8.00M, in line with the $8.00M plan. December 2026 so far: $120.0K booked, counted once the month closes.",
			district.OnTarget, "forecast in line with plan"},
		{"a year that is over",
			Spend{MonthsElapsed: 12, ActualToDate: 7.83e6, PlanToDate: 7.99e6, ForecastAtYear: 7.83e6, HasForecast: true, YearPlan: 7.99e6},
			"Spent $7.83M in FY2026, 2% under the $7.99M plan.",
			district.OnTarget, "year ended 2% under plan"},
		{"only the first month, still running", Spend{Running: dec, RunningActual: 9e3},
			"December 2026 so far: $9,000 booked; the year's first month is still running.", district.NoTarget, ""},
		{"nothing booked", Spend{}, "No spending is booked in FY2026 yet.", district.NoTarget, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.s.Story("FY2026"); got != tt.want {
				t.Fatalf("story\n%q\nwant\n%q", got, tt.want)
			}
			if st, detail := tt.s.Status(); st != tt.status || detail != tt.detail {
				t.Fatalf("tile status %v %q, want %v %q", st, detail, tt.status, tt.detail)
			}
		})
	}
}
