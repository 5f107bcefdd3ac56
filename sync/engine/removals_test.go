package engine_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/sync/engine"
	"github.com/cabinetapp/cabinet/sync/summaryapi/server"
	"github.com/cabinetapp/cabinet/sync/summaryapi/wire"
)

// keepItems answers a collection as districtd does, with only the first
// keep(n) of its n items.
func keepItems(path string, keep func(n int) int) func(w http.ResponseWriter, r *http.Request, next http.Handler) bool {
	return func(w http.ResponseWriter, r *http.Request, next http.Handler) bool {
		if r.URL.Path != path {
			return false
		}
		r.Header.Del("If-None-Match")
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		var body map[string]json.RawMessage
		var items []json.RawMessage
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
			panic(err)
		}
		if err := json.Unmarshal(body["items"], &items); err != nil {
			panic(err)
		}
		body["items"], _ = json.Marshal(items[:keep(len(items))])
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("ETag", `"cut"`)
		json.NewEncoder(w).Encode(body)
		return true
	}
}

// TestRemovalsAreHeld has districtd send empty collections, or delete most
// of what it sent, as a warehouse does while it reloads: the sync fails in
// a sentence that says what the server sent and how to accept it, and the
// cache keeps its data and their freshness. Accepted, the change goes
// through; a removal of less than half goes through unasked.
func TestRemovalsAreHeld(t *testing.T) {
	data := server.Demo(smallDistrict(4))
	store := server.NewStore(data)
	good := server.Handler(store, server.Options{Token: testToken})
	var bad atomic.Pointer[func(http.ResponseWriter, *http.Request, http.Handler) bool]
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if b := bad.Load(); b != nil && (*b)(w, r, good) {
			return
		}
		good.ServeHTTP(w, r)
	}))
	defer srv.Close()
	f := newFixture(t, srv.URL, engine.Options{})
	ctx := context.Background()
	f.sync(t, cache.OutcomeOK)
	held, _ := f.cache.Counts(ctx, "riverside")
	nobs := 0
	for range data.Observations(wire.ObservationKey{}) {
		nobs++
	}
	if held.Observations != nobs {
		t.Fatalf("the cache holds %d observations, the server %d", held.Observations, nobs)
	}
	none := func(int) int { return 0 }
	both := func(a, b func(http.ResponseWriter, *http.Request, http.Handler) bool) func(http.ResponseWriter, *http.Request, http.Handler) bool {
		return func(w http.ResponseWriter, r *http.Request, next http.Handler) bool {
			return a(w, r, next) || b(w, r, next)
		}
	}

	cases := []struct {
		name  string
		full  bool
		serve func(http.ResponseWriter, *http.Request, http.Handler) bool
		// edit changes the server's data for the case.
		edit func()
		want string
	}{
		{name: "budget and products sent empty", serve: both(keepItems(wire.PathBudget, none), keepItems(wire.PathProducts, none)),
			want: "riverside: the server sent no budget lines (the cache holds " + itoa(held.BudgetLines) + ") and no products (the cache holds 28); nothing was changed. If the removal is meant, sync again with 'cabinet sync --accept-removals'"},
		{name: "a full sync of empty products", full: true, serve: keepItems(wire.PathProducts, none),
			want: "riverside: the server sent no products (the cache holds 28); nothing was changed."},
		{name: "a third of the schools", serve: keepItems(wire.PathSchools, func(n int) int { return n / 3 }),
			want: "riverside: the server sent only 1 of the 4 schools the cache holds; nothing was changed."},
		{name: "most observations deleted", edit: func() {
			i := 0
			for o := range data.Observations(wire.ObservationKey{}) {
				if i%5 != 0 {
					store.DeleteObservation(o.Metric, o.School, o.Period)
				}
				i++
			}
		}, want: "riverside: the server sent deletions of " + itoa(nobs-(nobs+4)/5) + " of the " + itoa(nobs) + " observations; nothing was changed."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := dump(t, f.cache.Path())
			synced, _ := f.cache.SyncState("riverside")
			if tc.serve != nil {
				bad.Store(&tc.serve)
			}
			if tc.edit != nil {
				tc.edit()
			}
			res := f.engine.Sync(ctx, "riverside", engine.SyncOptions{Full: tc.full})
			var removal *cache.RemovalError
			if res.Outcome != cache.OutcomeFailed || !errors.As(res.Err, &removal) || !strings.Contains(res.Err.Error(), tc.want) {
				t.Fatalf("sync: %q, %v\nwant the error to hold %q", res.Outcome, res.Err, tc.want)
			}
			if dump(t, f.cache.Path()) != before {
				t.Fatal("the refused sync changed the cache")
			}
			if now, _ := f.cache.SyncState("riverside"); !now.SyncedAt.Equal(synced.SyncedAt) {
				t.Fatal("the refused sync marked the data fresh")
			}
			res = f.engine.Sync(ctx, "riverside", engine.SyncOptions{Full: tc.full, AcceptRemovals: true})
			if res.Outcome != cache.OutcomeOK {
				t.Fatalf("accepted: %q, %v", res.Outcome, res.Err)
			}
			if dump(t, f.cache.Path()) == before {
				t.Fatal("the accepted sync changed nothing")
			}
			// Back to the whole district for the next case.
			bad.Store(nil)
			if tc.edit != nil {
				for o := range data.Observations(wire.ObservationKey{}) {
					if err := store.PutObservation(o); err != nil {
						t.Fatal(err)
					}
				}
			}
			f.sync(t, cache.OutcomeOK)
			if n, _ := f.cache.Counts(ctx, "riverside"); n != held {
				t.Fatalf("after the server came back: %+v, want %+v", n, held)
			}
		})
	}

	// Less than half gone is an ordinary change.
	fewer := keepItems(wire.PathProducts, func(n int) int { return n - n/3 })
	bad.Store(&fewer)
	f.sync(t, cache.OutcomeOK)
	if n, _ := f.cache.Counts(ctx, "riverside"); n.Products != held.Products-held.Products/3 {
		t.Fatalf("a third of the products gone: the cache holds %d of %d", n.Products, held.Products)
	}
}

func itoa(n int) string { return district.Thousands(float64(n)) }
