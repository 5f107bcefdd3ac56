package panel_test

import (
	"strings"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/panel"
)

// TestMonthStillRunning reads one cache at two times: on 29 November the
// demo's November is still running, on 2 December it has closed. A
// running month is "so far" on the tile and in the caption; a count that
// accumulates through the month (incidents) waits for it to close and
// says what it holds so far.
func TestMonthStillRunning(t *testing.T) {
	c := demoCache(t)
	at := func(clock time.Time) (map[string]panel.Tile, panel.Result, panel.Result) {
		b := boardOf(t, c)
		b.Now = func() time.Time { return clock }
		tiles, err := b.Tiles(ctx, panel.Filter{Period: last12})
		if err != nil {
			t.Fatal(err)
		}
		byPanel := map[string]panel.Tile{}
		for _, tile := range tiles {
			byPanel[tile.Panel] = tile
		}
		tickets, err := b.Build(ctx, "tech.tickets", panel.Filter{Period: last12})
		if err != nil {
			t.Fatal(err)
		}
		incidents, err := b.Build(ctx, "security.incidents", panel.Filter{Period: last12})
		if err != nil {
			t.Fatal(err)
		}
		return byPanel, tickets, incidents
	}
	notes := func(r panel.Result) string { return strings.Join(r.Notes, " · ") }

	tiles, tickets, incidents := at(today)
	b := boardOf(t, c)
	b.Now = func() time.Time { return today }
	if budget := build(t, b, "spending.by_category", panel.Filter{Period: last12}); !strings.Contains(notes(budget), "Spent to date includes November 2026 so far") {
		t.Errorf("the budget's spending to date holds November so far, and does not say so: %q", notes(budget))
	}
	if tile := tiles["tech.tickets"]; !tile.SoFar || tile.Month() != "Nov 2026 so far" || !strings.Contains(tile.Trend, "on November 2025") {
		t.Errorf("on 29 November the help-desk tile reads %q for %q: %q", tile.Value, tile.Month(), tile.Trend)
	}
	if !strings.Contains(notes(tickets), "Compared with the same month a year earlier") || !strings.Contains(notes(tickets), "November 2026 is still running: its figures are the month so far") {
		t.Errorf("the help-desk chart's caption does not state the rule: %q", notes(tickets))
	}
	tile := tiles["security.incidents"]
	if tile.SoFar || !tile.Through.Equal(end.AddDate(0, -1, 0)) || !strings.Contains(tile.Trend, "since September 2026") || !strings.Contains(tile.Trend, "; November 2026 so far: ") {
		t.Errorf("on 29 November the incidents tile compares %s: %q", tile.Month(), tile.Trend)
	}
	if !strings.Contains(notes(incidents), "November 2026 is still running: its count is left uncompared until the month closes") {
		t.Errorf("the incidents chart's caption does not say November waits: %q", notes(incidents))
	}
	if cats := incidents.Chart.Categories; cats[len(cats)-1] != "Nov 26 so far" {
		t.Errorf("the running month's bar is labelled %q", cats[len(cats)-1])
	}
	if rows := tickets.Table.Rows; rows[len(rows)-1][0] != "2026-11 so far" || rows[len(rows)-2][0] != "2026-10" {
		t.Errorf("the table's last months read %q and %q", rows[len(rows)-2][0], rows[len(rows)-1][0])
	}

	tiles, tickets, incidents = at(time.Date(2026, time.December, 2, 8, 0, 0, 0, time.UTC))
	if tile := tiles["tech.tickets"]; tile.SoFar || tile.Month() != "Nov 2026" {
		t.Errorf("on 2 December November has closed, but the help-desk tile reads %q", tile.Month())
	}
	if cats := incidents.Chart.Categories; cats[len(cats)-1] != "Nov 26" {
		t.Errorf("a closed month's bar is labelled %q", cats[len(cats)-1])
	}
	if strings.Contains(notes(tickets)+notes(incidents), "still running") {
		t.Errorf("a closed month is called running: %q / %q", notes(tickets), notes(incidents))
	}
	if tile := tiles["security.incidents"]; !tile.Through.Equal(end) || !strings.Contains(tile.Trend, "since October 2026") || strings.Contains(tile.Trend, "so far") {
		t.Errorf("on 2 December the incidents tile compares %s: %q", tile.Month(), tile.Trend)
	}
	if c := incidents.Compared; len(c) != 1 || !c[0].Cur.Period.Equal(end) || c[0].Base.Period.Format(district.MonthName) != "October 2026" {
		t.Errorf("the incidents chart compares %+v", c)
	}
}
