package panel

import (
	"testing"

	"github.com/cabinetapp/cabinet/district"
)

func TestSpendStory(t *testing.T) {
	tests := []struct {
		name   string
		s      Spend
		want   string
		status district.Status
		detail string
	}{
		{"under the plan to date, over it by the year's end",
			Spend{MonthsElapsed: 5, ActualToDate: 3.7625e6, PlanToDate: 4.19e6, ForecastAtYear: 9.03e6, YearPlan: 8.21e6},
			"Spent $3.76M, 10% below the plan to date; at this pace the year ends at $9.03M, 10% over the $8.21M plan.",
			district.NearTarget, "at this pace the year ends 10% over plan"},
		{"a pace far over the plan",
			Spend{MonthsElapsed: 5, ActualToDate: 4e6, PlanToDate: 4e6, ForecastAtYear: 9.6e6, YearPlan: 8e6},
			"Spent $4.00M, in line with the plan to date; at this pace the year ends at $9.60M, 20% over the $8.00M plan.",
			district.OffTarget, "at this pace the year ends 20% over plan"},
		{"on plan",
			Spend{MonthsElapsed: 6, ActualToDate: 4e6, PlanToDate: 4e6, ForecastAtYear: 8e6, YearPlan: 8e6},
			"Spent $4.00M, in line with the plan to date; at this pace the year ends at $8.00M, in line with the $8.00M plan.",
			district.OnTarget, "at this pace the year ends in line with plan"},
		{"a year that is over",
			Spend{MonthsElapsed: 12, ActualToDate: 7.83e6, PlanToDate: 7.99e6, ForecastAtYear: 7.83e6, YearPlan: 7.99e6},
			"Spent $7.83M in FY2026, 2% under the $7.99M plan.",
			district.OnTarget, "year ends 2% under plan"},
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
