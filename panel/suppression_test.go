package panel_test

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/panel"
)

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
