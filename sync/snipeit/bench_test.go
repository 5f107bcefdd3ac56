package snipeit_test

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/sync/engine"
	"github.com/cabinetapp/cabinet/sync/snipeit"
	"github.com/cabinetapp/cabinet/sync/snipeit/snipeittest"
	"github.com/cabinetapp/cabinet/sync/synctest"
)

// BenchmarkSync100k summarises 100,000 assets (about 1.6 kB each, as
// Snipe-IT sends them) served on loopback in pages of 500: the whole path
// of HTTP, decoding, counting, mapping and writing the figures. It
// reports assets a second, the peak heap (the server's included) and the
// process's peak resident memory.
func BenchmarkSync100k(b *testing.B) {
	const assets = 100_000
	names := make([]string, len(schools))
	for i, s := range schools {
		names[i] = s.Name
	}
	hs := httptest.NewServer(snipeittest.Generated(token, assets, names))
	b.Cleanup(hs.Close)
	peak := synctest.WatchHeap(b)
	for b.Loop() {
		b.StopTimer()
		env := synctest.New(b, today, snipeit.Kind())
		env.Add(b, engine.SourceConfig{Name: "fleet", Kind: snipeit.KindName, URL: hs.URL, Options: map[string]string{snipeit.OptTechnicians: "40"}}, token)
		b.StartTimer()
		res := env.Sync(b, "fleet", cache.OutcomeOK)
		b.StopTimer()
		got, _, err := env.Cache.Recent(context.Background(), district.DevicesInService, district.WholeDistrict, march.AddDate(0, 1, 0), 1)
		if err != nil || len(got) != 1 || got[0].Value == 0 || res.Pages != 201 {
			b.Fatalf("after the sync: %+v, %v, %d pages", got, err, res.Pages)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(assets)*float64(b.N)/b.Elapsed().Seconds(), "assets/s")
	b.ReportMetric(float64(peak())/(1<<20), "MB-peak-heap")
	b.ReportMetric(float64(synctest.PeakRSS())/(1<<20), "MB-peak-RSS")
}
