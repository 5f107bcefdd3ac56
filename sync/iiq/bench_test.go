package iiq_test

import (
	"net/http/httptest"
	"testing"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/sync/engine"
	"github.com/cabinetapp/cabinet/sync/iiq"
	"github.com/cabinetapp/cabinet/sync/iiq/iiqtest"
	"github.com/cabinetapp/cabinet/sync/synctest"
)

// BenchmarkSync100k summarises 100,000 tickets served on loopback in pages
// of 100 with no pacing: HTTP, decoding, counting 18 months per school
// and writing the figures. It reports tickets a second, the peak heap
// (the fixture server's 100,000 tickets included) and the process's peak
// resident memory.
func BenchmarkSync100k(b *testing.B) {
	const tickets = 100_000
	srv := iiqtest.New(token, site, iiqtest.Generate(tickets, now, locations))
	hs := httptest.NewServer(srv)
	b.Cleanup(hs.Close)
	peak := synctest.WatchHeap(b)
	for b.Loop() {
		b.StopTimer()
		env := synctest.New(b, now, iiq.Kind())
		env.Add(b, engine.SourceConfig{Name: "helpdesk", Kind: iiq.KindName, URL: hs.URL, Options: map[string]string{iiq.OptSiteID: site, iiq.OptPace: "0"}}, token)
		b.StartTimer()
		res := env.Sync(b, "helpdesk", cache.OutcomeOK)
		if res.Pages != tickets/100+1 {
			b.Fatalf("%d pages, want %d", res.Pages, tickets/100+1)
		}
	}
	b.ReportMetric(float64(tickets)*float64(b.N)/b.Elapsed().Seconds(), "tickets/s")
	b.ReportMetric(float64(peak())/(1<<20), "MB-peak-heap")
	b.ReportMetric(float64(synctest.PeakRSS())/(1<<20), "MB-peak-RSS")
}
