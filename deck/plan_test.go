package deck_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/cabinetapp/cabinet/deck"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/panel"
)

// TestPlanSlide: a plan slide shows the cost chart, carries the plan for
// the page that works it out, and says the ask from the plan's figures;
// the chart added to a deck as a chart slide does and says the same.
func TestPlanSlide(t *testing.T) {
	b := demoBoard(t, 2026)
	v := render(t, b, oneSlide(deck.PlanSlide()), 0)
	if v.Plan == nil || v.Plan.Empty() || v.Result.Panel.ID != deck.PlanPanel || v.Headline != deck.PlanHeadline {
		t.Fatalf("plan slide: headline %q, chart %q, plan %v", v.Headline, v.Result.Panel.ID, v.Plan)
	}
	p := v.Plan
	gap, _ := p.Gap(1)
	for _, want := range []string{
		"FY2028's replacements cost " + district.FormatMoney(p.Cost[1]),
		"a " + district.FormatMoney(p.Hardware.Amount[1]) + " hardware line once",
		"grant money ends (" + district.FormatMoney(-gap) + " short)",
		"level, " + district.FormatMoney(p.Level) + " a year",
		"The fleet needs 36 technicians at 1 per 500 devices; the district has 20.",
	} {
		if !strings.Contains(v.Takeaway, want) {
			t.Errorf("takeaway %q lacks %q", v.Takeaway, want)
		}
	}
	if len(v.Takeaway) > district.MaxTakeaway {
		t.Errorf("takeaway of %d characters", len(v.Takeaway))
	}
	if v.Footer.AsOf != "Data as of Nov 2026" || !strings.Contains(strings.Join(v.Notes, " "), "ends after FY2027") {
		t.Errorf("footer %+v, notes %q", v.Footer, v.Notes)
	}
	chart, err := deck.ChartSlide(deck.PlanPanel, panel.Filter{Period: last12})
	if err != nil {
		t.Fatal(err)
	}
	if c := render(t, b, oneSlide(chart), 0); c.Takeaway != v.Takeaway || c.Plan == nil || !slices.Equal(c.Notes, v.Notes) {
		t.Errorf("the chart added to a deck says %q with notes %q; the plan slide %q with %q", c.Takeaway, c.Notes, v.Takeaway, v.Notes)
	}
	devices, err := deck.ChartSlide("tech.plan_devices", panel.Filter{Period: last12})
	if err != nil {
		t.Fatal(err)
	}
	n := p.Devices()
	if got, want := render(t, b, oneSlide(devices), 0).Takeaway, district.Thousands(float64(n[0]))+" devices are due in FY2027, with those already past due; the busiest year after it is FY2030, with "+district.Thousands(float64(n[3]))+"."; got != want || n[3] <= n[1] {
		t.Errorf("the devices chart says %q, want %q", got, want)
	}
	own := deck.PlanSlide()
	own.Headline = "Keeping the lights on"
	if v := render(t, b, oneSlide(own), 0); v.Headline != "Keeping the lights on" {
		t.Errorf("a person's headline was replaced: %q", v.Headline)
	}
}
