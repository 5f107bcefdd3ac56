package deck_test

import (
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
