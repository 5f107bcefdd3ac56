package engine_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/district/demo"
	"github.com/cabinetapp/cabinet/sync/engine"
	"github.com/cabinetapp/cabinet/sync/summaryapi/server"
	"github.com/cabinetapp/cabinet/sync/synctest"
)

// statusCounter counts the statuses the server answered with.
type statusCounter struct{ ok, notModified atomic.Int64 }

func (c *statusCounter) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(rec, r)
		switch rec.status {
		case http.StatusOK:
			c.ok.Add(1)
		case http.StatusNotModified:
			c.notModified.Add(1)
		}
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(s int) { w.status = s; w.ResponseWriter.WriteHeader(s) }

// TestEndToEnd syncs districtd's demo district into a cache and reads it
// back through the dashboard's queries, then syncs again with nothing
// changed (304s, nothing written) and after a change on the server.
func TestEndToEnd(t *testing.T) {
	cfg := smallDistrict(7)
	var counts statusCounter
	store, url := startServer(t, cfg, counts.wrap)
	f := newFixture(t, url, engine.Options{})
	ctx := context.Background()
	// The demo district shows until the first real sync replaces it.
	if err := f.cache.Write(ctx, cache.DemoSource, cache.Replace, func(w *cache.Writer) error { return demo.New(smallDistrict(99)).Put(w) }); err != nil {
		t.Fatal(err)
	}

	// Every report counts no more records than it expects: "1,515,469 of
	// 1,514,824 records" once counted the small collections' records
	// without expecting them.
	var final, over engine.Progress
	res := f.engine.Sync(ctx, "riverside", engine.SyncOptions{Progress: func(p engine.Progress) {
		final = p
		if p.Total > 0 && int64(p.Records) > p.Total && over.Total == 0 {
			over = p
		}
	}})
	if res.Outcome != cache.OutcomeOK {
		t.Fatalf("first sync: %v", res.Err)
	}
	if final.Records != res.Records || final.Pages != res.Pages || final.Total != int64(final.Records) || final.Fraction() != 1 {
		t.Fatalf("last progress %+v for %+v", final, res)
	}
	if over.Total != 0 {
		t.Errorf("a report counted more records than it expected: %+v", over)
	}
	for _, s := range f.cache.SyncStates() {
		if s.Kind == district.DemoKind {
			t.Fatal("the demo district outlived the first real sync")
		}
	}
	if !res.Full || res.Records == 0 || res.Bytes == 0 || res.Pages == 0 {
		t.Fatalf("first sync: %+v", res)
	}
	want := demo.New(cfg)
	p, prov, err := f.cache.Profile(ctx)
	if err != nil || p.Name != demo.Name || p.Demo || prov.Source != "riverside" {
		t.Fatalf("profile %+v from %+v: %v", p, prov, err)
	}
	schools, _, err := f.cache.Schools(ctx)
	if err != nil || len(schools) != len(want.Schools()) {
		t.Fatalf("schools: %d, %v; want %d", len(schools), err, len(want.Schools()))
	}
	months := want.Months()
	r := district.Range{From: months[0], To: months[len(months)-1].AddDate(0, 1, 0)}
	for _, s := range []string{district.WholeDistrict, want.Schools()[0].ID} {
		got, _, err := f.cache.Series(ctx, district.AttendanceRate, s, r)
		exp := want.Series(district.AttendanceRate, s)
		if err != nil || len(got) != len(exp) {
			t.Fatalf("attendance at %q: %d values, %v; want %d", s, len(got), err, len(exp))
		}
		for i := range got {
			if got[i] != exp[i] {
				t.Fatalf("attendance at %q, %d: %+v, want %+v", s, i, got[i], exp[i])
			}
		}
	}
	budget, _, err := f.cache.Budget(ctx, 0, 3000)
	if err != nil || len(budget) != len(want.Budget()) {
		t.Fatalf("budget: %d lines, %v; want %d", len(budget), err, len(want.Budget()))
	}
	products, _, err := f.cache.Products(ctx)
	if err != nil || len(products) != len(want.Products()) {
		t.Fatalf("products: %d, %v", len(products), err)
	}
	use, err := f.cache.Usage(ctx, want.Products()[0].ID, district.WholeDistrict, r)
	if err != nil || len(use) == 0 {
		t.Fatalf("district use of %s: %d months, %v", want.Products()[0].ID, len(use), err)
	}

	before := dump(t, f.cache.Path())
	okBefore := counts.ok.Load()
	res = f.sync(t, cache.OutcomeUnchanged)
	if res.Full || counts.ok.Load() != okBefore || counts.notModified.Load() != 7 {
		t.Fatalf("unchanged sync: %+v; %d answers 200, %d answers 304", res, counts.ok.Load()-okBefore, counts.notModified.Load())
	}
	if after := dump(t, f.cache.Path()); after != before {
		t.Fatal("an unchanged sync changed the cache")
	}

	// A correction, a new month and a deletion arrive by incremental sync.
	last := months[len(months)-1]
	fixed := district.Observation{Metric: district.AttendanceRate, School: district.WholeDistrict, Period: last, Value: 88.8, N: 100}
	added := district.Observation{Metric: district.AttendanceRate, School: district.WholeDistrict, Period: last.AddDate(0, 1, 0), Value: 91.5, N: 100}
	for _, o := range []district.Observation{fixed, added} {
		if err := store.PutObservation(o); err != nil {
			t.Fatal(err)
		}
	}
	gone := want.Series(district.MFACoverage, district.WholeDistrict)[0]
	store.DeleteObservation(gone.Metric, gone.School, gone.Period)
	res = f.sync(t, cache.OutcomeOK)
	if res.Full || res.Records != 3 {
		t.Fatalf("incremental sync: %+v, want 3 records", res)
	}
	got, _, err := f.cache.Recent(ctx, district.AttendanceRate, district.WholeDistrict, last.AddDate(0, 2, 0), 2)
	if err != nil || len(got) != 2 || got[0] != added || got[1] != fixed {
		t.Fatalf("after the change: %+v, %v", got, err)
	}
	mfa, _, _ := f.cache.Series(ctx, district.MFACoverage, district.WholeDistrict, r)
	if len(mfa) != len(months)-1 || mfa[0].Period.Equal(gone.Period) {
		t.Fatalf("deleted observation still there: %d values from %s", len(mfa), mfa[0].Period)
	}
	// And the next sync has nothing new again.
	f.sync(t, cache.OutcomeUnchanged)
}

// TestServerRestart syncs, restarts the server on the same data (so every
// cursor and ETag it gave out is void) and syncs again: the collections
// come again whole, the paged ones answer 410 Gone and are listed again,
// and the cache ends with the same data.
func TestServerRestart(t *testing.T) {
	data := server.Demo(smallDistrict(12))
	var current atomic.Pointer[http.Handler]
	serve := func() {
		h := server.Handler(server.NewStore(data), server.Options{Token: testToken})
		current.Store(&h)
	}
	serve()
	var gone atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		(*current.Load()).ServeHTTP(rec, r)
		if rec.status == http.StatusGone {
			gone.Add(1)
		}
	}))
	defer srv.Close()
	f := newFixture(t, srv.URL, engine.Options{})
	f.sync(t, cache.OutcomeOK)
	before := synctest.Dump(t, f.cache.Path(), false)
	serve()
	res := f.sync(t, cache.OutcomeOK)
	if res.Full || gone.Load() != 2 {
		t.Fatalf("after the restart: %+v, %d answers 410", res, gone.Load())
	}
	// Only the cursors and ETags differ: they name the new server.
	strip := func(s string) string { return s[strings.Index(s, "== profile"):] }
	if after := synctest.Dump(t, f.cache.Path(), false); strip(after) != strip(before) {
		t.Fatal("the data changed across a restart of the server")
	}
	f.sync(t, cache.OutcomeUnchanged)
}
