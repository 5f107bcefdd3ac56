package deck_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/panel"
)

// tileOf finds the Overview's tile that opens a chart.
func tileOf(t *testing.T, tiles []panel.Tile, id string) panel.Tile {
	t.Helper()
	for _, tile := range tiles {
		if tile.Panel == id {
			return tile
		}
	}
	t.Fatalf("no tile opens %s", id)
	return panel.Tile{}
}

// TestTileAndSlideTellOneStory: a measure's tile and its chart's slide
// compare the same two months in the same words, whichever its season:
// the help-desk backlog and attendance with the same month a year
// earlier, phishing with the month before, incidents with the month
// before the one still running.
func TestTileAndSlideTellOneStory(t *testing.T) {
	b := demoBoard(t, 1)
	tiles := render(t, b, oneSlide(district.Slide{Kind: district.TilesSlide, Period: last12}), 0).Tiles
	for _, id := range []string{"tech.tickets", "instruction.attendance", "security.phishing", "security.incidents"} {
		t.Run(id, func(t *testing.T) {
			tile := tileOf(t, tiles, id)
			v := render(t, b, oneSlide(district.Slide{Kind: district.ChartSlide, Panel: id, Period: last12}), 0)
			if tile.Trend == "" {
				t.Fatalf("the tile compares with nothing: %+v", tile)
			}
			for _, part := range strings.Split(tile.Trend, "; ") {
				part = strings.TrimSuffix(strings.TrimSuffix(part, ", better"), ", worse")
				if !strings.Contains(v.Takeaway, part) {
					t.Errorf("the tile says %q; the slide does not: %q", part, v.Takeaway)
				}
			}
			if tile.SoFar && !strings.Contains(v.Takeaway, tile.Through.Format(district.MonthName)+" so far") {
				t.Errorf("the tile's %s is still running; the slide does not say so: %q", tile.Month(), v.Takeaway)
			}
			if number := strings.Fields(tile.Value)[0]; !strings.Contains(v.Takeaway, " "+number) {
				t.Errorf("the tile reads %s; the slide does not: %q", tile.Value, v.Takeaway)
			}
		})
	}
}

// TestSpendingTileAndSlideTellOneStory: the spending tile's status, its
// trend and the slide's takeaway give the same year-end figure and the
// same month still running, from one forecast along the plan.
func TestSpendingTileAndSlideTellOneStory(t *testing.T) {
	b := demoBoard(t, 1)
	tile := tileOf(t, render(t, b, oneSlide(district.Slide{Kind: district.TilesSlide, Period: last12}), 0).Tiles, "spending.to_date")
	v := render(t, b, oneSlide(district.Slide{Kind: district.ChartSlide, Panel: "spending.to_date", Period: last12}), 0)
	share := regexp.MustCompile(`forecast (\d+% (over|under))`).FindStringSubmatch(tile.StatusDetail)
	if share == nil {
		t.Fatalf("the tile gives no year-end figure: %q", tile.StatusText())
	}
	if !strings.Contains(v.Takeaway, "the year ends at ") || !strings.Contains(v.Takeaway, share[1]+" the ") {
		t.Errorf("the tile says the year ends %s; the slide says %q", share[1], v.Takeaway)
	}
	if !strings.Contains(v.Takeaway, "Spent "+tile.Value+" through ") {
		t.Errorf("the tile reads %s spent; the slide says %q", tile.Value, v.Takeaway)
	}
	if !strings.Contains(tile.Trend, "November 2026 so far: ") || !strings.Contains(v.Takeaway, "November 2026 so far: ") {
		t.Errorf("November is still running; tile %q, slide %q", tile.Trend, v.Takeaway)
	}
}

// TestAllHiddenSaysWhy: a slide whose every figure is hidden says why,
// not that there is no data: the lines of a small school's proficiency,
// and the bars of its products' use.
func TestAllHiddenSaysWhy(t *testing.T) {
	b := demoBoard(t, 2026)
	var alt string
	for _, s := range b.Schools {
		if s.Level == district.Alternative {
			alt = s.ID
		}
	}
	for _, id := range []string{"instruction.proficiency", "instruction.weekly_active"} {
		v := render(t, b, oneSlide(district.Slide{Kind: district.ChartSlide, Panel: id, School: alt, Period: last12}), 0)
		if v.Takeaway != "Every figure on this chart is hidden to protect students' privacy (hidden: fewer than 10 students)." {
			t.Errorf("%s: an all-hidden slide says %q", id, v.Takeaway)
		}
	}
}
