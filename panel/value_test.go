package panel_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/panel"
)

func TestValueForMoney(t *testing.T) {
	b := mustBoard(t)
	f := panel.Filter{Period: last12}
	table, err := b.Products(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]panel.ProductRow{}
	for _, r := range table.Rows {
		byName[r.Name] = r
	}
	t.Run("a product added mid-year has a short trend and says so", func(t *testing.T) {
		r := byName["Fraction Forest"]
		if len(r.Trend) != 3 || !strings.Contains(r.Verdict, "new this year") {
			t.Fatalf("Fraction Forest: trend %v, verdict %q", r.Trend, r.Verdict)
		}
	})
	t.Run("a contract with no renewal date", func(t *testing.T) {
		r := byName["CodeCraft"]
		if r.HasRenewal || !strings.Contains(r.Verdict, "no renewal date") {
			t.Fatalf("CodeCraft: %+v", r)
		}
	})
	t.Run("under-used products are called out", func(t *testing.T) {
		r := byName["Debate Deck"]
		if !strings.HasPrefix(r.Verdict, "Under-used") || r.Utilisation > 0.1 || !r.CostPerUserOK {
			t.Fatalf("Debate Deck: %+v", r)
		}
	})
	t.Run("the school filter shows use at that school", func(t *testing.T) {
		school, err := b.Products(ctx, panel.Filter{School: b.Schools[0].ID, Period: last12})
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range school.Rows {
			if r.ActiveUsers > table.Rows[i].ActiveUsers {
				t.Fatalf("%s has more users at one school (%d) than in the district (%d)", r.Name, r.ActiveUsers, table.Rows[i].ActiveUsers)
			}
			if r.Utilisation != table.Rows[i].Utilisation {
				t.Fatalf("%s: utilisation changed with the school; licences are district-wide", r.Name)
			}
		}
	})
	t.Run("renewals ahead are soonest first and within the window", func(t *testing.T) {
		rows := b.Renewals(table, 180*24*time.Hour)
		if len(rows) == 0 {
			t.Fatal("no renewals in the next 180 days")
		}
		for i, r := range rows {
			if r.RenewalDays < 0 || r.RenewalDays > 180 || (i > 0 && r.RenewalDays < rows[i-1].RenewalDays) {
				t.Fatalf("renewal %d: %s in %d days", i, r.Name, r.RenewalDays)
			}
		}
	})
	t.Run("use against growth leaves suppressed schools out and says so", func(t *testing.T) {
		r, err := b.Build(ctx, "value.use_vs_growth", f)
		if err != nil {
			t.Fatal(err)
		}
		if r.Suppressed-r.Complementary != 1 || r.Complementary == 0 || len(r.Chart.Series[0].Points) != len(b.Schools)-r.Suppressed {
			t.Fatalf("%d points, %d suppressed, of %d schools", len(r.Chart.Series[0].Points), r.Suppressed, len(b.Schools))
		}
		for _, p := range r.Chart.Series[0].Points {
			if p.Text == alternative(t, b).Name {
				t.Fatal("the suppressed school is on the plot")
			}
		}
		if !strings.Contains(strings.Join(r.Notes, " "), "not proof") {
			t.Fatalf("the scatter does not say it is correlation: %q", r.Notes)
		}
	})
	t.Run("a product chosen by the filter", func(t *testing.T) {
		r, err := b.Build(ctx, "value.cost_per_user", panel.Filter{Period: last12, Product: byName["Lumen LMS"].ID})
		if err != nil || !strings.HasPrefix(r.Scope, "Lumen LMS") {
			t.Fatalf("scope %q, %v", r.Scope, err)
		}
	})
}

func TestCostPerUserIsUndefinedWithoutUsers(t *testing.T) {
	c, err := cache.Open(ctx, filepath.Join(t.TempDir(), cache.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	src := cache.Source{Name: "test", Kind: "summaryapi", Priority: 50}
	err = c.Write(ctx, src, cache.Replace, func(w *cache.Writer) error {
		if err := w.SetProfile(district.Profile{Name: "Test USD"}); err != nil {
			return err
		}
		if err := w.PutProduct(district.Product{ID: "P1", Name: "Quiet", AnnualCost: 1200, Licences: 100}); err != nil {
			return err
		}
		for i, users := range []int{0, 40, 0} {
			period := end.AddDate(0, i-2, 0)
			if err := w.PutUsage(district.ProductUsage{Product: "P1", Period: period, ActiveUsers: users}); err != nil {
				return err
			}
			if err := w.PutObservation(district.Observation{Metric: district.TicketsOpen, Period: period, Value: 1}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	b := boardOf(t, c)
	r, err := b.Build(ctx, "value.cost_per_user", panel.Filter{Period: last12})
	if err != nil {
		t.Fatal(err)
	}
	pts := r.Chart.Series[0].Points
	if len(pts) != 3 || !pts[0].Gap || pts[1].Gap || pts[1].Y != 30 || !pts[2].Gap {
		t.Fatalf("points %+v; want gaps where nobody used it and $30 a year ($1,200 over 40 users) where 40 did", pts)
	}
	if !strings.Contains(strings.Join(r.Notes, " "), "2 months with no active users") {
		t.Fatalf("notes %q", r.Notes)
	}
	table, err := b.Products(ctx, panel.Filter{Period: last12})
	if err != nil || len(table.Rows) != 1 {
		t.Fatal(err)
	}
	if row := table.Rows[0]; row.CostPerUserOK || row.Verdict != "No active users; no renewal date on file" {
		t.Fatalf("row %+v", row)
	}
}
