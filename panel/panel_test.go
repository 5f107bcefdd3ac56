package panel_test

import (
	"context"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/panel"
)

var (
	ctx      = context.Background()
	end      = time.Date(2026, time.November, 1, 0, 0, 0, 0, time.UTC)
	today    = time.Date(2026, time.November, 29, 9, 0, 0, 0, time.UTC)
	last12   = district.Period{Kind: district.Last12Months}
	fy2026   = district.Period{Kind: district.FiscalYearPeriod, FiscalYear: 2026}
	allYears = district.Period{Kind: district.AllHistory}
)

// mustBoard opens a cache holding the default demo district and a board on it.
func mustBoard(t testing.TB) *panel.Board {
	t.Helper()
	return boardOf(t, demoCache(t))
}

// alternative is the demo's small school, whose assessments are suppressed.
func alternative(t testing.TB, b *panel.Board) district.School {
	t.Helper()
	for _, s := range b.Schools {
		if s.Level == district.Alternative {
			return s
		}
	}
	t.Fatal("no alternative school")
	return district.School{}
}

func TestEveryPanelBuilds(t *testing.T) {
	b := mustBoard(t)
	schools := []string{district.WholeDistrict, b.Schools[0].ID, alternative(t, b).ID}
	for _, p := range panel.All() {
		for _, school := range schools {
			for _, period := range []district.Period{last12, fy2026, allYears} {
				f := panel.Filter{School: school, Period: period}
				r, err := b.Build(ctx, p.ID, f)
				if err != nil {
					t.Fatalf("%s for %+v: %v", p.ID, f, err)
				}
				if len(r.Chart.Series) == 0 && school != alternative(t, b).ID {
					t.Errorf("%s for %+v has nothing to draw", p.ID, f)
				}
				if r.Provenance.Source == "" || r.Through.IsZero() {
					t.Errorf("%s for %+v does not say where its data came from or how fresh it is: %+v, %v", p.ID, f, r.Provenance, r.Through)
				}
				if len(r.Table.Rows) > 0 && len(r.Table.Rows[0]) != len(r.Table.Columns) {
					t.Errorf("%s: %d columns, rows of %d", p.ID, len(r.Table.Columns), len(r.Table.Rows[0]))
				}
			}
		}
	}
}

func TestSuppressedValuesNeverShow(t *testing.T) {
	b := mustBoard(t)
	alt := alternative(t, b)
	for _, id := range []string{"instruction.ela_by_school", "instruction.math_by_school", "instruction.ela_growth_by_school", "instruction.math_growth_by_school"} {
		t.Run(id, func(t *testing.T) {
			r, err := b.Build(ctx, id, panel.Filter{Period: last12})
			if err != nil {
				t.Fatal(err)
			}
			if r.Suppressed != 2 || r.Complementary != 1 || !strings.Contains(strings.Join(r.Notes, " "), "fewer than 10 students") ||
				!strings.Contains(strings.Join(r.Notes, " "), "cannot be worked out") {
				t.Fatalf("ranking hid %d values (%d complementary) with notes %q; want the alternative school hidden, one more beside it, and both said",
					r.Suppressed, r.Complementary, r.Notes)
			}
			marked := 0
			for _, row := range r.Table.Rows {
				if row[1] != district.ComplementaryMark {
					continue
				}
				marked++
				if row[2] != "" {
					t.Fatalf("the school hidden beside it reads %v", row)
				}
				if i := slices.Index(r.Chart.Categories, row[0]); i >= 0 {
					if v := r.Chart.Series[0].Values[i]; !v.Complementary || v.V != 0 {
						t.Fatalf("the school hidden beside it is drawn as %+v", v)
					}
				}
			}
			if marked != 1 {
				t.Fatalf("%d rows carry the complementary mark, want 1", marked)
			}
			found := false
			for _, row := range r.Table.Rows {
				if row[0] != alt.Name {
					continue
				}
				found = true
				if row[1] != district.SuppressedMark || row[2] != "" || row[3] != "" {
					t.Fatalf("the alternative school's row reads %v", row)
				}
			}
			if !found {
				t.Fatal("the alternative school is not in the ranking")
			}
			// The chart shows it as the mark, or counts it among the
			// rest: never a number, never cut silently.
			drawn := false
			for i, c := range r.Chart.Categories {
				v := r.Chart.Series[0].Values[i]
				if v.Suppressed && v.V != 0 {
					t.Fatalf("the chart carries the suppressed value %+v", v)
				}
				drawn = drawn || (c == alt.Name && v.Suppressed) || strings.Contains(c, "hidden "+district.SuppressedMark)
			}
			if !drawn {
				t.Fatalf("the chart neither marks nor counts the hidden school: %q", r.Chart.Categories)
			}
		})
	}

	f := panel.Filter{School: alt.ID, Period: allYears}
	t.Run("the school's proficiency over time", func(t *testing.T) {
		r, err := b.Build(ctx, "instruction.proficiency", f)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Table.Rows) == 0 || r.Suppressed != 2*len(r.Table.Rows) {
			t.Fatalf("%d values hidden in %d months; want every one", r.Suppressed, len(r.Table.Rows))
		}
		for _, row := range r.Table.Rows {
			for _, cell := range row[1:] {
				if cell != district.SuppressedMark && cell != "" {
					t.Fatalf("the table shows %q for the alternative school", cell)
				}
			}
		}
		for _, s := range r.Chart.Series {
			for _, p := range s.Points {
				if !p.Gap || p.Y != 0 {
					t.Fatalf("the chart carries the suppressed point %+v", p)
				}
			}
		}
	})

	t.Run("the school's tile", func(t *testing.T) {
		tiles, err := b.Tiles(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, tile := range tiles {
			if tile.Title != "ELA proficiency" {
				continue
			}
			if tile.Value != "Suppressed" || tile.Trend != "Fewer than 10 students" {
				t.Fatalf("the alternative school's ELA tile reads %q, %q", tile.Value, tile.Trend)
			}
			for _, v := range tile.Spark {
				if !math.IsNaN(v) {
					t.Fatalf("the tile's sparkline carries the suppressed value %v", v)
				}
			}
		}
	})
}

// TestPeriodsWithoutData builds every chart for fiscal years before and
// after the data: nothing fails, nothing claims a month it does not show,
// and the scope names the period asked for.
func TestPeriodsWithoutData(t *testing.T) {
	b := mustBoard(t)
	for _, fy := range []int{2000, 2035} {
		f := panel.Filter{Period: district.Period{Kind: district.FiscalYearPeriod, FiscalYear: fy}}
		for _, p := range panel.All() {
			r, err := b.Build(ctx, p.ID, f)
			if err != nil {
				t.Fatalf("%s in FY%d: %v", p.ID, fy, err)
			}
			if strings.Contains(r.Scope, "0001") {
				t.Errorf("%s in FY%d has the scope %q", p.ID, fy, r.Scope)
			}
			drawn := 0
			for _, s := range r.Chart.Series {
				drawn += len(s.Points) + len(s.Values)
			}
			if drawn == 0 && !r.Through.IsZero() {
				t.Errorf("%s in FY%d draws nothing but says its data run through %v", p.ID, fy, r.Through)
			}
		}
	}
}

func TestFiltersChangeWhatIsShown(t *testing.T) {
	b := mustBoard(t)
	district12, _ := b.Build(ctx, "tech.tickets", panel.Filter{Period: last12})
	school12, _ := b.Build(ctx, "tech.tickets", panel.Filter{School: b.Schools[0].ID, Period: last12})
	if district12.Table.Rows[0][1] == school12.Table.Rows[0][1] {
		t.Fatal("a school's tickets equal the district's")
	}
	fy, _ := b.Build(ctx, "tech.tickets", panel.Filter{Period: fy2026})
	if len(fy.Table.Rows) != 12 || fy.Table.Rows[0][0] != "2025-07" || fy.Table.Rows[11][0] != "2026-06" {
		t.Fatalf("FY2026 tickets cover %d months from %s", len(fy.Table.Rows), fy.Table.Rows[0][0])
	}
	all, _ := b.Build(ctx, "tech.tickets", panel.Filter{Period: allYears})
	if len(all.Table.Rows) != 60 {
		t.Fatalf("all history has %d months, want 60", len(all.Table.Rows))
	}
	ranking, _ := b.Build(ctx, "tech.broken_by_school", panel.Filter{School: b.Schools[3].ID, Period: last12})
	if h := ranking.Chart.Highlight; h < 0 || !strings.HasPrefix(ranking.Chart.Categories[h], b.Schools[3].Name+": ") {
		t.Fatalf("the ranking highlights %d, not %s", h, b.Schools[3].Name)
	}
}

func TestTiles(t *testing.T) {
	b := mustBoard(t)
	tiles, err := b.Tiles(ctx, panel.Filter{Period: last12})
	if err != nil {
		t.Fatal(err)
	}
	if len(tiles) != 16 {
		t.Fatalf("%d tiles, want 16", len(tiles))
	}
	for _, tile := range tiles {
		if tile.Value == "" || tile.Value == "No data" || tile.Through.IsZero() || tile.Panel == "" {
			t.Errorf("tile %q: value %q, through %v, panel %q", tile.Title, tile.Value, tile.Through, tile.Panel)
		}
		if _, ok := panel.ByID(tile.Panel); !ok {
			t.Errorf("tile %q opens %q, which is not a chart", tile.Title, tile.Panel)
		}
		if tile.StatusText() == "" {
			t.Errorf("tile %q says nothing of its status", tile.Title)
		}
	}
	if tiles[0].Title != "Broken or in repair" || !strings.Contains(tiles[0].Trend, "since October 2026") {
		t.Fatalf("first tile: %+v", tiles[0])
	}
	if ela := tiles[15]; !strings.Contains(ela.Trend, "on October 2025") {
		t.Fatalf("assessment windows compare with the same window a year before: %q", ela.Trend)
	}
}

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

func TestSmallCountsOfStudentsAreHidden(t *testing.T) {
	b := mustBoard(t)
	f := panel.Filter{School: alternative(t, b).ID, Period: last12}
	table, err := b.Products(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	hidden := 0
	for _, r := range table.Rows {
		if r.ActiveUsers > 0 && r.ActiveUsers < 10 {
			t.Fatalf("%s shows %d active users at the small school", r.Name, r.ActiveUsers)
		}
		for _, v := range r.Trend {
			if v > 0 && v < 10 {
				t.Fatalf("%s's trend shows a month of %v users", r.Name, v)
			}
		}
		if r.UseHidden {
			hidden++
		}
	}
	if hidden == 0 {
		t.Fatal("no product's use at a school of about 20 students was hidden; the demo should show it")
	}

	r, err := b.Build(ctx, "instruction.weekly_active", f)
	if err != nil {
		t.Fatal(err)
	}
	if r.Suppressed == 0 || !strings.Contains(strings.Join(r.Notes, " "), "fewer than 10 students") {
		t.Fatalf("the weekly-active chart hid %d values with notes %q", r.Suppressed, r.Notes)
	}
	for i, row := range r.Table.Rows {
		for _, cell := range row[1:] {
			if n, err := strconv.Atoi(cell); err == nil && n > 0 && n < 10 {
				t.Fatalf("row %v shows a count of %d", row, n)
			}
		}
		if v := r.Chart.Series[0].Values[i]; v.Suppressed && v.V != 0 {
			t.Fatalf("a suppressed bar carries %v", v.V)
		}
	}
}

// TestThresholdChangeAppliesEverywhere changes the district's threshold in
// the cache: a board read after it applies it to rankings and product
// charts at once.
// The demo's small school tests 6 or 7 students: hidden under 10, shown
// under 5; and some products have fewer than 30 users at a school.
func TestThresholdChangeAppliesEverywhere(t *testing.T) {
	c := demoCache(t)
	f := panel.Filter{Period: last12}
	build := func(threshold int, id string, f panel.Filter) panel.Result {
		t.Helper()
		if err := c.SetSuppressionThreshold(ctx, threshold); err != nil {
			t.Fatal(err)
		}
		b := readBoard(t, c)
		defer b.Release()
		r, err := b.Build(ctx, id, f)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	if r := build(5, "instruction.ela_by_school", f); r.Suppressed != 0 {
		t.Errorf("under a threshold of 5 the ranking hides %d values", r.Suppressed)
	}
	if r := build(10, "instruction.ela_by_school", f); r.Suppressed != 2 || !strings.Contains(strings.Join(r.Notes, " "), "fewer than 10 students") {
		t.Errorf("under a threshold of 10 the ranking hides %d values, notes %q", r.Suppressed, r.Notes)
	}
	schools := boardOf(t, c).Schools
	hidden := func(threshold int) (n int, rows [][]string) {
		for _, s := range schools {
			r := build(threshold, "instruction.weekly_active", panel.Filter{Period: last12, School: s.ID})
			n += r.Suppressed
			rows = append(rows, r.Table.Rows...)
		}
		return n, rows
	}
	low, _ := hidden(10)
	high, rows := hidden(30)
	if high <= low {
		t.Errorf("raising the threshold to 30 hides %d months of products' use at schools, as 10 did %d", high, low)
	}
	for _, row := range rows {
		if n, err := strconv.Atoi(row[2]); err == nil && n > 0 && n < 30 {
			t.Errorf("%s shows %d users under a threshold of 30", row[0], n)
		}
	}
}

func TestSummerIsMarkedAndLeftOut(t *testing.T) {
	b := mustBoard(t)
	f := panel.Filter{Period: last12}
	build := func(id string) panel.Result {
		t.Helper()
		r, err := b.Build(ctx, id, f)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	t.Run("school-year charts shade July and August", func(t *testing.T) {
		r := build("instruction.lms")
		if len(r.Chart.Shaded) != 1 || r.Chart.ShadeLabel != "Summer" {
			t.Fatalf("shaded %+v label %q; want one summer band", r.Chart.Shaded, r.Chart.ShadeLabel)
		}
		band := r.Chart.Shaded[0]
		for _, m := range []time.Month{time.July, time.August} {
			at := time.Date(2026, m, 1, 0, 0, 0, 0, time.UTC)
			if at.Before(band.From) || at.After(band.To) {
				t.Errorf("%s 2026 lies outside the band %s – %s", m, band.From.Format(time.DateOnly), band.To.Format(time.DateOnly))
			}
		}
		if jun := time.Date(2026, time.June, 1, 0, 0, 0, 0, time.UTC); !band.From.After(jun) {
			t.Errorf("the band starts %s, over June's point", band.From.Format(time.DateOnly))
		}
		if !strings.Contains(strings.Join(r.Notes, " "), "July and August are summer") {
			t.Errorf("notes %q do not state the rule", r.Notes)
		}
	})
	t.Run("all-year charts are not shaded", func(t *testing.T) {
		if r := build("tech.broken"); len(r.Chart.Shaded) != 0 {
			t.Fatalf("breakage shaded %+v", r.Chart.Shaded)
		}
	})
	t.Run("unused licences leave summer out", func(t *testing.T) {
		r := build("value.licence_use")
		if len(r.Chart.Categories) != 10 {
			t.Fatalf("%d months charted (%q); want the 10 in session", len(r.Chart.Categories), r.Chart.Categories)
		}
		for _, c := range r.Chart.Categories {
			if strings.HasPrefix(c, "Jul") || strings.HasPrefix(c, "Aug") {
				t.Fatalf("summer month %s is charted", c)
			}
		}
		if !strings.Contains(strings.Join(r.Notes, " "), "spread over the 10 months school is in session") {
			t.Fatalf("notes %q do not state the rule", r.Notes)
		}
	})
	t.Run("cost per user has no summer spike", func(t *testing.T) {
		r := build("value.cost_per_user")
		for _, p := range r.Chart.Series[0].Points {
			if !district.InSession(p.T) && !p.Gap {
				t.Fatalf("%s is plotted at %v; summer months are left out", p.T.Format("Jan 2006"), p.Y)
			}
		}
		if len(r.Chart.Shaded) == 0 {
			t.Fatal("summer is not shaded")
		}
	})
}

func TestScopeIsSaidWithASchoolPicked(t *testing.T) {
	b := mustBoard(t)
	school := panel.Filter{Period: last12, School: b.Schools[2].ID}
	name := b.School(school.School)
	for _, p := range panel.All() {
		t.Run(p.ID, func(t *testing.T) {
			r, err := b.Build(ctx, p.ID, school)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(strings.ToLower(r.Scope), "whole district") {
				t.Fatalf("scope %q: with a school picked, district figures read District-wide", r.Scope)
			}
			if !strings.Contains(r.Scope, name) && !strings.Contains(strings.ToLower(r.Scope), "district-wide") && !strings.HasPrefix(r.Scope, "All schools") && !strings.Contains(r.Scope, " schools · ") {
				t.Fatalf("scope %q names neither %s nor the district", r.Scope, name)
			}
		})
	}
	tiles, err := b.Tiles(ctx, school)
	if err != nil {
		t.Fatal(err)
	}
	for _, tile := range tiles {
		wide := tile.Title == "Technology spending per pupil" || strings.HasPrefix(tile.Title, "Spent in ") ||
			tile.Title == "MFA coverage of staff accounts" || tile.Title == "Phishing-simulation click rate" || tile.Title == "Security incidents"
		if says := strings.HasPrefix(tile.Trend, "District-wide"); says != wide {
			t.Errorf("tile %q trend %q: says district-wide %v, want %v", tile.Title, tile.Trend, says, wide)
		}
	}
	district, err := b.Tiles(ctx, panel.Filter{Period: last12})
	if err != nil {
		t.Fatal(err)
	}
	for _, tile := range district {
		if strings.Contains(tile.Trend, "District-wide") {
			t.Errorf("with the whole district picked, tile %q says %q", tile.Title, tile.Trend)
		}
	}
}
