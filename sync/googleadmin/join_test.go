package googleadmin_test

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/panel"
	"github.com/cabinetapp/cabinet/sync/engine"
	"github.com/cabinetapp/cabinet/sync/googleadmin"
	"github.com/cabinetapp/cabinet/sync/snipeit"
	"github.com/cabinetapp/cabinet/sync/snipeit/snipeittest"
	"github.com/cabinetapp/cabinet/sync/synctest"
)

// TestWithSnipeIT: Google Admin's Chromebooks reach the fleet charts of
// Technology health on their own, and beside Snipe-IT each device counts
// once for each measure: the auto-update expiration is Google's, devices
// in service (laptops and tablets too) are Snipe-IT's.
func TestWithSnipeIT(t *testing.T) {
	ctx := context.Background()
	f := start(t, nil)
	env := synctest.New(t, today, googleadmin.Kind(), snipeit.Kind())
	putSchools(t, env.Cache)
	if err := env.Engine.SaveSource(f.config(nil), ""); err != nil {
		t.Fatal(err)
	}
	env.Sync(t, "fleet", cache.OutcomeOK)

	// shown checks what a fleet chart shows for the district this month,
	// and where it comes from.
	shown := func(id, source, value string) {
		t.Helper()
		snap, err := env.Cache.Read(ctx)
		if err != nil {
			t.Fatal(err)
		}
		b, err := panel.NewBoard(ctx, snap, district.Suppression{})
		if err != nil {
			t.Fatal(err)
		}
		defer b.Release()
		p, _ := panel.ByID(id)
		if p.Domain != district.TechHealth {
			t.Fatalf("%s is not on Technology health", id)
		}
		res, err := b.Build(ctx, id, panel.Filter{Period: district.Period{Kind: district.Last12Months}})
		if err != nil {
			t.Fatal(err)
		}
		rows := res.Table.Rows
		if len(rows) == 0 || rows[len(rows)-1][0] != march.Format("2006-01") || rows[len(rows)-1][1] != value || res.Provenance.Source != source {
			t.Errorf("%s shows %v from %q, want %s for %s from %s", id, rows, res.Provenance.Source, value, march.Format("2006-01"), source)
		}
	}
	shown("tech.aue", "fleet", "2")
	shown("tech.devices", "fleet", "14")

	snipe := httptest.NewServer(snipeittest.New("snipe-token"))
	t.Cleanup(snipe.Close)
	// Named to sort after "fleet", so only the ranks decide.
	env.Add(t, engine.SourceConfig{Name: "snipe", Kind: snipeit.KindName, URL: snipe.URL, Options: map[string]string{
		snipeit.OptBroken: "Cracked Screen", snipeit.OptRetired: "Lost/Stolen", snipeit.OptPageSize: "5"}}, "snipe-token")
	env.Sync(t, "snipe", cache.OutcomeOK)
	env.Sync(t, "fleet", cache.OutcomeOK)
	for _, w := range []struct {
		metric, school, source string
		value                  float64
	}{
		{district.ChromebooksPastAUE, "", "fleet", 2},
		{district.ChromebooksPastAUE, "S0001", "fleet", 1},
		{district.DevicesInService, "", "snipe", 12},
		{district.DevicesInService, "S0001", "snipe", 3},
		{district.DevicesBroken, "", "snipe", 18.75},
		{district.ChromebooksInService, "", "fleet", 14},
		{district.ChromebooksReachingAUE(2), "", "fleet", 3},
	} {
		got, prov, err := env.Cache.Recent(ctx, w.metric, w.school, march.AddDate(0, 1, 0), 1)
		if err != nil || len(got) != 1 || got[0].Value != w.value || prov.Source != w.source {
			t.Errorf("%s at %q: %+v from %q, %v; want %v from %s", w.metric, w.school, got, prov.Source, err, w.value, w.source)
		}
	}
	shown("tech.aue", "fleet", "2")
	shown("tech.devices", "snipe", "12")
}
