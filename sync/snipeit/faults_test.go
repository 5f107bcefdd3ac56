package snipeit_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/sync/engine"
	"github.com/cabinetapp/cabinet/sync/snipeit/snipeittest"
	"github.com/cabinetapp/cabinet/sync/synctest"
)

// TestFaults breaks the server in the ways Snipe-IT breaks, and checks
// that each ends in a sync that succeeds with the right figures or in one
// sentence naming the source, with the cache as it was.
func TestFaults(t *testing.T) {
	// hardware breaks the first request for a page of assets (of five).
	hardware := func(page int, serve func(w http.ResponseWriter)) func(*snipeittest.Server) func(http.ResponseWriter, *http.Request, int) bool {
		return func(*snipeittest.Server) func(http.ResponseWriter, *http.Request, int) bool {
			var once atomic.Bool
			return func(w http.ResponseWriter, r *http.Request, _ int) bool {
				if r.URL.Path != "/api/v1/hardware" || r.URL.Query().Get("offset") != strconv.Itoa((page-1)*5) || once.Swap(true) {
					return false
				}
				serve(w)
				return true
			}
		}
	}
	cases := []struct {
		name string
		hook func(*snipeittest.Server) func(http.ResponseWriter, *http.Request, int) bool
		// want is part of the failure; "" means the sync succeeds with
		// the fixture's figures.
		want string
		// note is part of a note of a sync that succeeds.
		note string
		// districtOnly checks only the district's figures.
		districtOnly bool
	}{
		{name: "429 then success", hook: hardware(2, func(w http.ResponseWriter) { snipeittest.Throttled(w, 1) })},
		{name: "500 then success", hook: hardware(1, func(w http.ResponseWriter) { snipeittest.Error(w, http.StatusInternalServerError, "Server Error") })},
		{name: "an error body with 200 OK", hook: hardware(3, func(w http.ResponseWriter) { snipeittest.Error(w, http.StatusOK, "Invalid sort column") }),
			want: "fleet: /api/v1/hardware page 3: the server answered with an error: Invalid sort column"},
		{name: "error messages by field", hook: hardware(1, func(w http.ResponseWriter) {
			w.Write([]byte(`{"status":"error","messages":{"limit":["The limit must not be greater than 500."]},"payload":null}`))
		}), want: `the server answered with an error: {"limit":["The limit must not be greater than 500."]}`},
		{name: "a login page instead of JSON", hook: hardware(1, func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte("<!DOCTYPE html><html><body>Login</body></html>"))
		}), want: "fleet: /api/v1/hardware page 1: the body is a web page, not JSON; check the address"},
		{name: "truncated JSON", hook: hardware(2, func(w http.ResponseWriter) { w.Write([]byte(`{"total":19,"rows":[{"id":106,"name":"x"`)) }),
			want: "fleet: /api/v1/hardware page 2: the body ends in the middle of the JSON"},
		{name: "no rows", hook: hardware(1, func(w http.ResponseWriter) { w.Write([]byte(`{"total":19}`)) }), want: `the body has no "rows" list`},
		{name: "a wrong type", hook: hardware(1, func(w http.ResponseWriter) { w.Write([]byte(`{"total":"many","rows":[]}`)) }), want: "total is a string where a whole number belongs"},
		{name: "a token that stops working", hook: hardware(2, func(w http.ResponseWriter) {
			snipeittest.Error(w, http.StatusUnauthorized, "Unauthorized or unauthenticated.")
		}),
			want: "fleet: server answered 401 Unauthorized; check the API token (Unauthorized or unauthenticated.)"},
		{name: "locations the token may not read", hook: func(*snipeittest.Server) func(http.ResponseWriter, *http.Request, int) bool {
			return func(w http.ResponseWriter, r *http.Request, _ int) bool {
				if r.URL.Path != "/api/v1/locations" {
					return false
				}
				snipeittest.Error(w, http.StatusForbidden, "You do not have permission")
				return true
			}
		}, note: "The API token may not read locations", districtOnly: true},
		{name: "an asset deleted between pages", hook: func(srv *snipeittest.Server) func(http.ResponseWriter, *http.Request, int) bool {
			var once atomic.Bool
			return func(w http.ResponseWriter, r *http.Request, _ int) bool {
				if r.URL.Path == "/api/v1/hardware" && r.URL.Query().Get("offset") == "10" && !once.Swap(true) {
					// The archived laptop goes: every later asset moves up
					// one place, and without starting over one would be
					// skipped.
					assets := snipeittest.Fixture()
					srv.SetAssets(append(assets[:4:4], assets[5:]...))
				}
				return false
			}
		}},
		{name: "an asset listed twice", hook: func(srv *snipeittest.Server) func(http.ResponseWriter, *http.Request, int) bool {
			var once atomic.Bool
			return func(w http.ResponseWriter, r *http.Request, _ int) bool {
				if r.URL.Path == "/api/v1/hardware" && !once.Swap(true) {
					assets := snipeittest.Fixture()
					// Asset 105 appears a second time at the end of a
					// listing sorted by id: a server that repeats itself,
					// which must not be counted twice or read forever.
					srv.SetAssets(append(assets, assets[4]))
				}
				return false
			}
		}, want: `fleet: /api/v1/hardware page 4: the server sent the record "105" again, which an earlier page held`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv, url := start(t, nil)
			env := newEnv(t, url, options)
			if tc.want != "" {
				env.Sync(t, "fleet", cache.OutcomeOK)
			}
			before := dump(t, env)
			srv.Hook = tc.hook(srv)
			res := env.Engine.Sync(context.Background(), "fleet", engine.SyncOptions{})
			if tc.want == "" {
				if res.Outcome != cache.OutcomeOK {
					t.Fatalf("sync failed: %v", res.Err)
				}
				figures := fixtureFigures
				if tc.districtOnly {
					figures = nil
					for _, w := range fixtureFigures {
						if w.school == district.WholeDistrict {
							figures = append(figures, w)
						}
					}
				}
				checkFigures(t, env.Cache, figures)
				if !strings.Contains(strings.Join(res.Notes, " "), tc.note) {
					t.Fatalf("notes %q lack %q", res.Notes, tc.note)
				}
				return
			}
			if res.Outcome != cache.OutcomeFailed || res.Err == nil || !strings.Contains(res.Err.Error(), tc.want) {
				t.Fatalf("sync ended %s: %v\nwant an error holding %q", res.Outcome, res.Err, tc.want)
			}
			if strings.Contains(res.Err.Error(), token) || strings.Contains(res.Err.Error(), "\n") {
				t.Fatalf("the error is not one clean sentence: %q", res.Err)
			}
			if after := dump(t, env); after != before {
				t.Fatal("a failed sync changed the cache")
			}
		})
	}
}

// dump is the source's figures and school map, as text.
func dump(t *testing.T, env *synctest.Env) string {
	t.Helper()
	var b strings.Builder
	rows, err := env.Cache.SchoolMappings(context.Background(), "fleet")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range rows {
		b.WriteString(m.ID + m.School + string(m.How) + "\n")
	}
	for _, id := range []string{district.DevicesInService, district.DevicesBroken, district.DevicesAge4Plus} {
		for _, s := range append([]district.School{{}}, schools...) {
			o, _, _ := env.Cache.Recent(context.Background(), id, s.ID, march.AddDate(0, 1, 0), 3)
			b.WriteString(strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(jsonText(o), "\n", ""), " ", "")) + "\n")
		}
	}
	return b.String()
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// TestCancel stops a sync while it waits for a page: it ends cancelled,
// saying so, and the cache keeps the last good figures.
func TestCancel(t *testing.T) {
	release := make(chan struct{})
	srv, url := start(t, nil)
	env := newEnv(t, url, options)
	env.Sync(t, "fleet", cache.OutcomeOK)
	before := dump(t, env)
	ctx, cancel := context.WithCancel(context.Background())
	srv.Hook = func(w http.ResponseWriter, r *http.Request, _ int) bool {
		if r.URL.Query().Get("offset") == "10" {
			cancel()
			<-release
		}
		return false
	}
	defer close(release)
	res := env.Engine.Sync(ctx, "fleet", engine.SyncOptions{})
	if res.Outcome != cache.OutcomeCancelled || !strings.Contains(res.Err.Error(), "fleet: the sync was cancelled") {
		t.Fatalf("cancelled sync: %s, %v", res.Outcome, res.Err)
	}
	if after := dump(t, env); after != before {
		t.Fatal("a cancelled sync changed the cache")
	}
}
