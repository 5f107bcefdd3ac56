package engine_test

import (
	"context"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district/demo"
	"github.com/cabinetapp/cabinet/sync/engine"
	"github.com/cabinetapp/cabinet/sync/summaryapi"
	"github.com/cabinetapp/cabinet/sync/synctest"
)

// millionDistrict is a demo district of about a million observations.
var millionDistrict = demo.Config{Seed: 11, Schools: 365, Years: 10, End: time.Date(2026, time.June, 1, 0, 0, 0, 0, time.UTC)}

// BenchmarkFullSync syncs about a million observations from districtd on
// loopback into an empty cache: the whole path of HTTP, decoding, checking
// and SQLite. It reports observations a second and the process's peak heap,
// server included.
func BenchmarkFullSync(b *testing.B) {
	_, url := startServer(b, millionDistrict, nil)
	peak := synctest.WatchHeap(b)
	var obs int
	for b.Loop() {
		b.StopTimer()
		f := newFixture(b, url, engine.Options{})
		setPageSize(b, f, url)
		b.StartTimer()
		f.sync(b, cache.OutcomeOK)
		b.StopTimer()
		n, err := f.cache.Counts(context.Background(), "riverside")
		if err != nil {
			b.Fatal(err)
		}
		obs = n.Observations
		f.cache.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(obs)*float64(b.N)/b.Elapsed().Seconds(), "obs/s")
	b.ReportMetric(float64(peak())/(1<<20), "MB-peak-heap")
}

// BenchmarkUnchangedSync is the sync that finds nothing new: seven
// requests answered 304.
func BenchmarkUnchangedSync(b *testing.B) {
	_, url := startServer(b, millionDistrict, nil)
	f := newFixture(b, url, engine.Options{})
	setPageSize(b, f, url)
	f.sync(b, cache.OutcomeOK)
	for b.Loop() {
		f.sync(b, cache.OutcomeUnchanged)
	}
}

// setPageSize uses the client's default page size, as a real sync does.
func setPageSize(b *testing.B, f *fixture, url string) {
	if err := f.engine.SaveSource(engine.SourceConfig{Name: "riverside", Kind: summaryapi.KindName, URL: url, SecretEnv: "TOKEN"}, ""); err != nil {
		b.Fatal(err)
	}
}
