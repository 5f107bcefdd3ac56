package panel_test

import (
	"context"
	"strings"
	"testing"
	"time"

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
