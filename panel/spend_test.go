package panel_test

import (
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/panel"
)

// spendCache writes a district whose fiscal year starts in July 2025,
// with a year's plan of yearPlan in one budget line and, month by month
// from July, the plan's and the spending's amounts (a negative amount
// books nothing).
func spendCache(t *testing.T, yearPlan float64, plan, actual []float64) *cache.Cache {
	t.Helper()
	c, err := cache.Open(ctx, filepath.Join(t.TempDir(), cache.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	src := cache.Source{Name: "test", Kind: "summaryapi", Priority: 50}
	err = c.Write(ctx, src, cache.Replace, func(w *cache.Writer) error {
		if err := w.SetProfile(district.Profile{Name: "Test USD", FiscalYearStart: time.July}); err != nil {
			return err
		}
		if err := w.PutBudgetLine(district.BudgetLine{FiscalYear: 2026, Category: district.CategoryHardware, FundingSource: district.FundGeneral, Budgeted: yearPlan}); err != nil {
			return err
		}
		for i := range plan {
			at := time.Date(2025, time.July+time.Month(i), 1, 0, 0, 0, 0, time.UTC)
			if err := w.PutObservation(district.Observation{Metric: district.SpendPlan, Period: at, Value: plan[i]}); err != nil {
				return err
			}
			if i < len(actual) && actual[i] >= 0 {
				if err := w.PutObservation(district.Observation{Metric: district.SpendActual, Period: at, Value: actual[i]}); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// spendAt reads the fiscal year 2026's spending, its tile and its chart
// at a clock.
func spendAt(t *testing.T, c *cache.Cache, clock time.Time) (panel.Spend, panel.Tile, panel.Result) {
	t.Helper()
	b := boardOf(t, c)
	b.Now = func() time.Time { return clock }
	s, err := b.Spend(ctx, 2026)
	if err != nil {
		t.Fatal(err)
	}
	f := panel.Filter{Period: district.Period{Kind: district.FiscalYearPeriod, FiscalYear: 2026}}
	tiles, err := b.Tiles(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	var tile panel.Tile
	for _, tl := range tiles {
		if tl.Panel == "spending.to_date" {
			tile = tl
		}
	}
	return s, tile, build(t, b, "spending.to_date", f)
}

// TestForecastFollowsThePlan: a plan that puts 57% of the year's money
// in its first six months, and spending 3% over it month by month. At the
// same pace along the plan the year ends 3% over, not the 17% a straight
// line from six front-loaded months gives; the tile, its status, the
// chart's forecast line and caption and the year's story say the same 3%.
func TestForecastFollowsThePlan(t *testing.T) {
	plan := []float64{160e3, 140e3, 80e3, 70e3, 60e3, 60e3}
	var actual []float64
	for _, p := range plan {
		actual = append(actual, p*1.03)
	}
	c := spendCache(t, 1e6, plan, actual)
	s, tile, res := spendAt(t, c, time.Date(2026, time.January, 10, 9, 0, 0, 0, time.UTC))
	if math.Abs(s.ForecastAtYear-1.03e6) > 1 {
		t.Fatalf("forecast %v; want $1.03M, the plan scaled by spending to date against the plan to date", s.ForecastAtYear)
	}
	story := s.Story("FY2026")
	if !strings.Contains(story, "the year ends at $1.03M, 3% over the $1.00M plan") || !strings.Contains(story, "3% above the plan to date") {
		t.Errorf("story: %q", story)
	}
	if tile.Status != district.OnTarget || !strings.Contains(tile.StatusText(), "3% over plan") {
		t.Errorf("tile: %q", tile.StatusText())
	}
	caption := strings.Join(res.Notes, " · ")
	if !strings.Contains(caption, district.ForecastRule) {
		t.Errorf("the caption does not state the forecast's rule: %q", caption)
	}
	forecast := res.Chart.Series[len(res.Chart.Series)-1]
	if end := forecast.Points[len(forecast.Points)-1]; math.Abs(end.Y-1.03e6) > 1 || !end.T.Equal(time.Date(2026, time.June, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("the forecast line ends at %v in %s", end.Y, end.T.Format("Jan 2006"))
	}
}

// TestForecastWaitsForTheMonthToClose: on 7 December, December's
// spending so far is part of a month; the plan for December is the
// whole month's. The year is judged on the months closed, and December so
// far is said beside it.
func TestForecastWaitsForTheMonthToClose(t *testing.T) {
	plan := []float64{160e3, 140e3, 80e3, 70e3, 60e3, 60e3}
	actual := []float64{160e3, 140e3, 80e3, 70e3, 60e3, 9e3}
	c := spendCache(t, 1e6, plan, actual)
	s, tile, res := spendAt(t, c, time.Date(2025, time.December, 7, 9, 0, 0, 0, time.UTC))
	if !s.Through.Equal(time.Date(2025, time.November, 1, 0, 0, 0, 0, time.UTC)) || s.ActualToDate != 510e3 || s.PlanToDate != 510e3 {
		t.Fatalf("judged through %s: %v spent against %v planned; want November, 510000 against 510000", s.Through.Format("Jan 2006"), s.ActualToDate, s.PlanToDate)
	}
	if math.Abs(s.ForecastAtYear-1e6) > 1 || tile.Status != district.OnTarget {
		t.Errorf("forecast %v, tile %q", s.ForecastAtYear, tile.StatusText())
	}
	for _, said := range []string{s.Story("FY2026"), tile.Trend, strings.Join(res.Notes, " · ")} {
		if !strings.Contains(said, "December 2025 so far") {
			t.Errorf("does not say December is running: %q", said)
		}
	}
}

// TestForecastCountsMonthsWithNothingBooked books spending in July,
// August and October of a plan of $100 a month, none in September: $300
// spent against $400 planned to date, so the rest of the $1,200 plan is
// expected at 75%, and the year ends at $900.
func TestForecastCountsMonthsWithNothingBooked(t *testing.T) {
	c := spendCache(t, 1200, []float64{100, 100, 100, 100}, []float64{100, 100, -1, 100})
	s, _, _ := spendAt(t, c, time.Date(2025, time.November, 20, 0, 0, 0, 0, time.UTC))
	if s.PlanToDate != 400 || s.ForecastAtYear != 900 {
		t.Fatalf("plan to date %v, forecast %v; want 400 and 900", s.PlanToDate, s.ForecastAtYear)
	}
}
