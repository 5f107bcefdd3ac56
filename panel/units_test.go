package panel_test

import (
	"strings"
	"testing"

	"github.com/cabinetapp/cabinet/charts"
	"github.com/cabinetapp/cabinet/panel"
)

// TestCostPerUserIsOneFigure: the Value table's cost per active user, the
// ranking of it and the chart of it over time give one figure for a
// product's latest month, per year, and each says so in its name.
func TestCostPerUserIsOneFigure(t *testing.T) {
	b := mustBoard(t)
	table, err := b.Products(ctx, panel.Filter{Period: last12})
	if err != nil {
		t.Fatal(err)
	}
	ranking := build(t, b, "value.cost_per_user_ranking", panel.Filter{Period: last12})
	checked := 0
	for _, r := range table.Rows[:3] {
		if !r.CostPerUserOK {
			continue
		}
		over := build(t, b, "value.cost_per_user", panel.Filter{Period: last12, Product: r.ID})
		pts := over.Chart.Series[0].Points
		last := pts[len(pts)-1]
		if last.Gap || last.Y != r.CostPerUser {
			t.Errorf("%s costs %v per active user in the table and %v on the chart of it over time", r.Name, r.CostPerUser, last.Y)
		}
		for _, name := range []string{over.Panel.Title, over.Chart.Series[0].Name, over.Table.Columns[2], over.Chart.YLabel} {
			if !strings.Contains(name, "per year") {
				t.Errorf("%q does not say the cost is per year", name)
			}
		}
		checked++
	}
	if checked == 0 {
		t.Fatal("no product has a cost per user")
	}
	for _, name := range []string{ranking.Panel.Title, ranking.Chart.Series[0].Name, ranking.Table.Columns[3], ranking.Chart.XLabel} {
		if !strings.Contains(name, "per year") {
			t.Errorf("%q does not say the cost is per year", name)
		}
	}
}

// TestEveryValueAxisSaysItsUnit: every chart with a value axis titles it
// with its unit in words, and each measure drawn on a chart keeps its
// own target.
func TestEveryValueAxisSaysItsUnit(t *testing.T) {
	b := mustBoard(t)
	for _, p := range panel.All() {
		r := build(t, b, p.ID, panel.Filter{Period: last12})
		label := r.Chart.YLabel
		switch r.Chart.Kind {
		case charts.Donut:
			continue
		case charts.HBars:
			label = r.Chart.XLabel
		}
		if label == "" {
			t.Errorf("%s: the value axis does not say its unit", p.ID)
		}
	}
	prof := build(t, b, "instruction.proficiency", panel.Filter{Period: last12})
	if prof.Chart.Target == nil || prof.Chart.Target.Value != 60 || len(prof.Chart.Targets) != 1 || prof.Chart.Targets[0].Value != 55 ||
		!strings.HasPrefix(prof.Chart.Target.Label, "ELA proficiency: ") || !strings.HasPrefix(prof.Chart.Targets[0].Label, "Maths proficiency: ") {
		t.Errorf("ELA's and maths's targets: %+v and %+v", prof.Chart.Target, prof.Chart.Targets)
	}
}
