package engine_test

import (
	"context"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/district/demo"
	"github.com/cabinetapp/cabinet/panel"
	"github.com/cabinetapp/cabinet/sync/engine"
	"github.com/cabinetapp/cabinet/sync/oneroster"
	"github.com/cabinetapp/cabinet/sync/oneroster/onerostertest"
	"github.com/cabinetapp/cabinet/sync/snipeit"
	"github.com/cabinetapp/cabinet/sync/snipeit/snipeittest"
	"github.com/cabinetapp/cabinet/sync/summaryapi"
	"github.com/cabinetapp/cabinet/sync/synctest"
)

// TestConnectors syncs a Summary API, Snipe-IT and OneRoster into one
// cache, as a district running all three would: the Summary API's schools
// are Cabinet's, the connectors' locations and schools map to them by
// name, the device-fleet figures come from Snipe-IT and the enrolment
// behind per-pupil spending from OneRoster, and nothing that identifies a
// person or a device is anywhere in the cache's files.
func TestConnectors(t *testing.T) {
	now := time.Date(2026, time.March, 15, 10, 0, 0, 0, time.UTC)
	march := district.Month(now)
	// Eight schools: Adams, Brookside, Cedar Grove, Delta View and Eastwood
	// Elementary, Lincoln Middle, Riverside High and Horizon Alternative,
	// whose names the Snipe-IT and OneRoster fixtures spell their own ways.
	_, summaryURL := startServer(t, demo.Config{Seed: 7, Schools: 8, Years: 2, End: march}, nil)
	fleet := httptest.NewServer(snipeittest.New("snipe-token"))
	t.Cleanup(fleet.Close)
	roster := onerostertest.New("cabinet", "roster-secret")
	rosterSrv := httptest.NewServer(roster)
	t.Cleanup(rosterSrv.Close)

	env := synctest.New(t, now, summaryapi.Kind(), snipeit.Kind(), oneroster.Kind())
	ctx := context.Background()
	if err := env.Cache.Write(ctx, cache.DemoSource, cache.Replace, func(w *cache.Writer) error { return demo.New(smallDistrict(99)).Put(w) }); err != nil {
		t.Fatal(err)
	}
	env.Add(t, engine.SourceConfig{Name: "fleet", Kind: snipeit.KindName, URL: fleet.URL, Options: map[string]string{
		snipeit.OptBroken: "Cracked Screen", snipeit.OptRetired: "Lost/Stolen", snipeit.OptTechnicians: "2", snipeit.OptPageSize: "5"}}, "snipe-token")
	env.Add(t, engine.SourceConfig{Name: "riverside", Kind: summaryapi.KindName, URL: summaryURL}, testToken)
	env.Add(t, engine.SourceConfig{Name: "roster", Kind: oneroster.KindName, URL: rosterSrv.URL, Options: map[string]string{
		oneroster.OptTokenURL: rosterSrv.URL + onerostertest.TokenPath, oneroster.OptClientID: "cabinet", oneroster.OptPageSize: "4"}}, "roster-secret")

	results, err := env.Engine.SyncAll(ctx, engine.SyncOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, r := range results {
		if r.Outcome != cache.OutcomeOK {
			t.Fatalf("%s: %v", r.Source, r.Err)
		}
		order = append(order, r.Source)
	}
	// The schools come first, then the roster that maps to them, then the
	// fleet.
	if strings.Join(order, " ") != "riverside roster fleet" {
		t.Fatalf("synced in the order %v", order)
	}
	for _, s := range env.Cache.SyncStates() {
		if s.Kind == district.DemoKind {
			t.Fatal("the demo district outlived the first real sync")
		}
	}

	schools, prov, err := env.Cache.Schools(ctx)
	if err != nil || len(schools) != 8 || prov.Source != "riverside" {
		t.Fatalf("schools: %d from %q, %v", len(schools), prov.Source, err)
	}
	figures := []struct {
		metric, school, source string
		value                  float64
	}{
		{district.DevicesInService, "", "fleet", 12},
		{district.DevicesInService, "S0001", "fleet", 3},
		{district.DevicesBroken, "", "fleet", 18.75},
		{district.DevicesAge4Plus, "", "fleet", 6},
		{district.DevicesPerTechnician, "", "fleet", 6},
		{district.ChromebooksPastAUE, "", "fleet", 2},
		{district.StudentsEnrolled, "", "roster", 11},
		{district.StudentsEnrolled, "S0001", "roster", 3},
		{district.TeachersEnrolled, "S0002", "roster", 2},
	}
	for _, f := range figures {
		got, prov, err := env.Cache.Recent(ctx, f.metric, f.school, march.AddDate(0, 1, 0), 1)
		if err != nil || len(got) != 1 || !got[0].Period.Equal(march) || got[0].Value != f.value || prov.Source != f.source {
			t.Errorf("%s at %q: %+v from %q, %v; want %v from %s", f.metric, f.school, got, prov.Source, err, f.value, f.source)
		}
	}
	// Metrics only the Summary API supplies still come from it.
	if _, prov, _ := env.Cache.Recent(ctx, district.AttendanceRate, "", march.AddDate(0, 1, 0), 1); prov.Source != "riverside" {
		t.Errorf("attendance from %q", prov.Source)
	}

	// The dashboard: the device tiles show Snipe-IT's figures, and
	// spending per pupil divides by OneRoster's students.
	snap, err := env.Cache.Read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	b, err := panel.NewBoard(ctx, snap, district.Suppression{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Release()
	tiles, err := b.Tiles(ctx, panel.Filter{Period: district.Period{Kind: district.Last12Months}})
	if err != nil {
		t.Fatal(err)
	}
	shown := map[string]float64{"tech.broken": 18.75, "tech.refresh": 600.0 / 14}
	for _, tile := range tiles {
		v, ok := shown[tile.Panel]
		if !ok {
			continue
		}
		delete(shown, tile.Panel)
		p, _ := panel.ByID(tile.Panel)
		m, _ := district.Lookup(p.Metrics()[0])
		if tile.Value != m.Format(v) || tile.Provenance.Source != "fleet" || !tile.Through.Equal(march) {
			t.Errorf("%s tile: %q through %s from %q, want %q from fleet", tile.Panel, tile.Value, tile.Through, tile.Provenance.Source, m.Format(v))
		}
	}
	if len(shown) > 0 {
		t.Errorf("no tiles for %v", shown)
	}
	pp, err := b.Build(ctx, "spending.per_pupil", panel.Filter{})
	if err != nil || len(pp.Table.Rows) == 0 {
		t.Fatalf("per pupil: %+v, %v", pp.Table, err)
	}
	row := pp.Table.Rows[len(pp.Table.Rows)-1]
	spent, _ := strconv.ParseFloat(row[1], 64)
	perPupil, _ := strconv.ParseFloat(row[3], 64)
	if row[2] != "11" || spent == 0 || perPupil != float64(int(spent/11*100+0.5))/100 {
		t.Errorf("per pupil for %s: %v, want spending over OneRoster's 11 students", row[0], row)
	}

	// Unmatched schools are said after the sync and kept in the log.
	for _, r := range results {
		var want string
		switch r.Source {
		case "fleet":
			want = "Lincoln Annex (1) and Warehouse (2)"
		case "roster":
			want = "Riverside Virtual Academy (2)"
		default:
			continue
		}
		if !strings.Contains(strings.Join(r.Notes, " "), want) {
			t.Errorf("%s's notes %q lack %q", r.Source, r.Notes, want)
		}
		if run, _, _ := env.Cache.LastRun(ctx, r.Source); !strings.Contains(run.Message, want) {
			t.Errorf("%s's sync log %q lacks %q", r.Source, run.Message, want)
		}
	}

	identifying := []string{
		// Snipe-IT: people, serial numbers, asset tags, a room named for a teacher.
		"Maria Gonzalez", "maria.gonzalez@", "Robert Chen", "Elena Alvarez", "Alvarez", "Thanh Nguyen", "Jordan Patel", "Dana Whitfield",
		"S-20231187", "E-2217", "CB3110-7QX2K41", "LN100E-PF3ZT9Q8", "GG7TQ1XHJ2", "HP14G7-5CD1348XYZ", "RUSD-000102", "Room 204",
		// OneRoster: people's and enrolments' identifiers, classes.
		"3f6c1a7e-5b2d-4c11-9a0e-7e51a1c0aa01", "8b0d2f44-19a3-4e6b-b2c7-0c4be1d7aa02", "teach-9a1b2c3d", "admin-5e6f7a8b",
		"enr-0001", "cls-adams-3a-math", "/users/",
		// Secrets.
		"snipe-token", "roster-secret", testToken,
	}
	if leaks := env.Leaks(t, identifying); len(leaks) > 0 {
		t.Errorf("the cache's files hold %q", leaks)
	}

	// Again: the Summary API and the roster have nothing new; Snipe-IT,
	// which reports no changes, is counted again.
	results, err = env.Engine.SyncAll(ctx, engine.SyncOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"riverside": cache.OutcomeUnchanged, "roster": cache.OutcomeUnchanged, "fleet": cache.OutcomeOK}
	for _, r := range results {
		if r.Outcome != want[r.Source] {
			t.Errorf("second sync of %s: %s (%v), want %s", r.Source, r.Outcome, r.Err, want[r.Source])
		}
	}
	if got := env.Leaks(t, identifying); len(got) > 0 {
		t.Errorf("after the second sync the cache's files hold %q", got)
	}
}
