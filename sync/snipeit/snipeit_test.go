package snipeit_test

import (
	"context"
	"encoding/json"
	"math"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/sync/engine"
	"github.com/cabinetapp/cabinet/sync/snipeit"
	"github.com/cabinetapp/cabinet/sync/snipeit/snipeittest"
	"github.com/cabinetapp/cabinet/sync/synctest"
)

const token = "snipe-token-for-tests"

// today is when the tests sync: the fixture's dates are written around it.
var today = time.Date(2026, time.March, 15, 10, 0, 0, 0, time.UTC)

var march = district.Month(today)

// schools are Cabinet's, as a Summary API would supply them.
var schools = synctest.Schools

// options are the fixture district's settings.
var options = map[string]string{snipeit.OptBroken: "Cracked Screen", snipeit.OptRetired: "Lost/Stolen", snipeit.OptTechnicians: "2", snipeit.OptPageSize: "5"}

// identifying are things in the fixture that name or identify a person or
// a device: none may reach the cache.
var identifying = []string{
	"Maria Gonzalez", "maria.gonzalez@", "mgonzalez31", "S-20231187", "Jordan", "Patel", "Robert Chen", "robert.chen@", "E-1042",
	"Elena Alvarez", "Alvarez", "ealvarez", "E-2217", "Thanh Nguyen", "tnguyen", "S-20220415", "Dana Whitfield",
	"CB3110-7QX2K41", "LN100E-PF3ZT9Q8", "5440-HX7Q2M3", "DMPXK2LQ9F", "GG7TQ1XHJ2", "HP14G7-5CD1348XYZ", "T480-SPARE0001", "CB11-ANNEX-0114",
	"RUSD-000101", "RUSD-000119", "ADAMS-CB-02", "RHS-204-CB", "Hinge cracked", "F0:1F:AF:12:9C:41", "Room 204", "Returns Shelf",
}

// start serves the fixture fleet, with hook (if set) in front.
func start(t *testing.T, hook func(http.ResponseWriter, *http.Request, int) bool) (*snipeittest.Server, string) {
	t.Helper()
	srv := snipeittest.New(token)
	srv.Hook = hook
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	return srv, hs.URL
}

// newEnv is a cache holding Cabinet's schools, and an engine with the
// Snipe-IT source "fleet".
func newEnv(t *testing.T, url string, opts map[string]string) *synctest.Env {
	t.Helper()
	env := synctest.New(t, today, snipeit.Kind())
	err := env.Cache.Write(context.Background(), cache.Source{Name: "warehouse", Kind: "summaryapi", Priority: 100}, cache.Replace, func(w *cache.Writer) error {
		for _, s := range schools {
			if err := w.PutSchool(s); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	env.Add(t, engine.SourceConfig{Name: "fleet", Kind: snipeit.KindName, URL: url, Options: opts}, token)
	return env
}

// figure reads one value the dashboard would show, failing unless it
// comes from the source.
func figure(t *testing.T, c *cache.Cache, metric, school string) (district.Observation, bool) {
	t.Helper()
	got, prov, err := c.Recent(context.Background(), metric, school, march.AddDate(0, 1, 0), 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) == 0 || !got[0].Period.Equal(march) {
		return district.Observation{}, false
	}
	if prov.Source != "fleet" {
		t.Fatalf("%s at %q comes from %q", metric, school, prov.Source)
	}
	return got[0], true
}

type want struct {
	metric string
	school string
	value  float64
	n      int
}

// fixtureFigures are the fixture's figures on 15 March 2026, worked out by
// hand from testdata/hardware.json.
var fixtureFigures = []want{
	// 19 assets: one archived, one personal, one lost leave 16 in the
	// fleet; 3 broken (two undeployable, one "Cracked Screen"), 1 pending.
	{district.DevicesInService, "", 12, 0},
	{district.DevicesBroken, "", 18.75, 16},
	// 14 with readable purchase dates; 6 four years or older, one of them
	// bought exactly four years ago.
	{district.DevicesPastRefresh, "", 600.0 / 14, 14},
	{district.DevicesAge0to1, "", 3, 0},
	{district.DevicesAge1to2, "", 2, 0},
	{district.DevicesAge2to3, "", 3, 0},
	{district.DevicesAge3to4, "", 0, 0},
	{district.DevicesAge4Plus, "", 6, 0},
	{district.WarrantiesEnding, "", 2, 0},
	{district.DevicesPastEOL, "", 3, 0},
	{district.ChromebooksPastAUE, "", 2, 0},
	{district.DevicesPerTechnician, "", 6, 12},
	// Adams: two at the school, one on the library cart inside it.
	{district.DevicesInService, "S0001", 3, 0},
	{district.DevicesBroken, "S0001", 25, 4},
	{district.ChromebooksPastAUE, "S0001", 1, 0},
	{district.DevicesAge4Plus, "S0001", 1, 0},
	// Brookside's only fleet device has a cracked screen.
	{district.DevicesBroken, "S0002", 100, 1},
	{district.DevicesInService, "S0002", 0, 0},
	// Riverside: one in the building, one in a room inside it.
	{district.DevicesInService, "S0007", 2, 0},
	// Horizon's laptop has no location, but returns there.
	{district.DevicesInService, "S0008", 1, 0},
	{district.DevicesAge2to3, "S0008", 1, 0},
	// The fleet by kind, for the district, by fiscal year bought (FY2026
	// runs from July 2025): seven Chromebooks (three bought this year, one
	// in FY2024, one in FY2022, one in FY2021, and one whose date cannot be
	// read), six laptops (the one broken beyond repair still counts), an
	// iPad, a desktop and the asset with no category.
	{district.KindFleet(district.Chromebooks), "", 7, 0},
	{district.KindBought(district.Chromebooks, 0), "", 3, 0},
	{district.KindBought(district.Chromebooks, 2), "", 1, 0},
	{district.KindBought(district.Chromebooks, 4), "", 1, 0},
	{district.KindBought(district.Chromebooks, 5), "", 1, 0},
	{district.KindFleet(district.Laptops), "", 6, 0},
	{district.KindBought(district.Laptops, 1), "", 1, 0},
	{district.KindBought(district.Laptops, 6), "", 2, 0},
	{district.KindBought(district.Laptops, 7), "", 1, 0},
	{district.KindFleet(district.Tablets), "", 1, 0},
	{district.KindBought(district.Tablets, 4), "", 1, 0},
	{district.KindFleet(district.Desktops), "", 1, 0},
	{district.KindBought(district.Desktops, 1), "", 1, 0},
	{district.KindFleet(district.NetworkGear), "", 0, 0},
	{district.KindFleet(district.OtherDevices), "", 1, 0},
	{district.KindBought(district.OtherDevices, 0), "", 0, 0},
}

func checkFigures(t *testing.T, c *cache.Cache, figures []want) {
	t.Helper()
	for _, w := range figures {
		o, ok := figure(t, c, w.metric, w.school)
		if !ok || math.Abs(o.Value-w.value) > 1e-9 || o.N != w.n {
			t.Errorf("%s at %q = %v (n %d, found %t), want %v (n %d)", w.metric, w.school, o.Value, o.N, ok, w.value, w.n)
		}
	}
}

// TestFixture syncs the hand-written fleet and checks every figure, the
// school map, the notes, and that nothing naming a person or a device is
// in the cache.
func TestFixture(t *testing.T) {
	_, url := start(t, nil)
	env := newEnv(t, url, options)
	var last engine.Progress
	res := env.Engine.Sync(context.Background(), "fleet", engine.SyncOptions{Progress: func(p engine.Progress) { last = p }})
	if res.Outcome != cache.OutcomeOK {
		t.Fatalf("sync: %v", res.Err)
	}
	checkFigures(t, env.Cache, fixtureFigures)
	// Cedar Grove's one device has no purchase date: no ages for it.
	if o, ok := figure(t, env.Cache, district.DevicesAge0to1, "S0003"); ok {
		t.Errorf("Cedar Grove has ages though none is known: %+v", o)
	}
	// 19 assets in 4 pages of 5, after a page of locations.
	if last.Records != 19 || last.Total != 19 || last.Pages != 5 || last.Stage != "assets" {
		t.Errorf("progress %+v", last)
	}

	rows, err := env.Cache.SchoolMappings(context.Background(), "fleet")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, m := range rows {
		got[m.ID] = m.Name + " → " + m.School + " (" + string(m.How) + ")"
	}
	wantRows := map[string]string{
		"1": "Adams ES → S0001 (name)", "2": "Brookside Elem. → S0002 (name)", "3": "CEDAR GROVE ELEMENTARY SCHOOL → S0003 (name)",
		"4": "Delta View → S0004 (name)", "5": "Eastwood Elementary → S0005 (name)", "6": "Lincoln MS → S0006 (name)",
		"7": "Riverside H.S. → S0007 (name)", "8": "Horizon Alternative → S0008 (name)",
		"10": "Warehouse →  (none)", "11": "Lincoln Annex →  (none)",
	}
	if len(got) != len(wantRows) {
		t.Errorf("school map %v", got)
	}
	for id, w := range wantRows {
		if got[id] != w {
			t.Errorf("school map %s: %q, want %q", id, got[id], w)
		}
	}

	notes := strings.Join(res.Notes, "\n")
	for _, w := range []string{
		"Locations that match none of Cabinet's schools, so their devices count only toward the district: Lincoln Annex (1) and Warehouse (2). Map them in Settings or with 'cabinet source map fleet'.",
		"Devices with no location count only toward the district: 1.",
		"Dates that could not be read were left out: 1.",
	} {
		if !strings.Contains(notes, w) {
			t.Errorf("notes lack %q:\n%s", w, notes)
		}
	}
	if run, ok, _ := env.Cache.LastRun(context.Background(), "fleet"); !ok || !strings.Contains(run.Message, "Lincoln Annex (1)") {
		t.Errorf("the sync log does not report the unmatched locations: %+v", run)
	}
	if leaks := env.Leaks(t, identifying); len(leaks) > 0 {
		t.Errorf("the cache holds %q", leaks)
	}
}

// TestMonths keeps each month's figures: a sync in a later month adds its
// month, a full sync keeps the months before, and another sync in the
// same month replaces that month's figures.
func TestMonths(t *testing.T) {
	srv, url := start(t, nil)
	env := newEnv(t, url, options)
	env.Cache.Now = func() time.Time { return today.AddDate(0, -1, 0) }
	env.Sync(t, "fleet", cache.OutcomeOK)
	env.Cache.Now = func() time.Time { return today }
	env.Sync(t, "fleet", cache.OutcomeOK)
	if res := env.Engine.Sync(context.Background(), "fleet", engine.SyncOptions{Full: true}); res.Outcome != cache.OutcomeOK || !res.Full {
		t.Fatalf("full sync: %+v", res)
	}
	// Half the fleet goes (five in service remain, none at Horizon):
	// March's figures are the smaller fleet's alone.
	srv.SetAssets(snipeittest.Fixture()[:10])
	env.Sync(t, "fleet", cache.OutcomeOK)
	all := district.Range{From: march.AddDate(-1, 0, 0), To: march.AddDate(0, 1, 0)}
	got, _, err := env.Cache.Series(context.Background(), district.DevicesInService, district.WholeDistrict, all)
	if err != nil || len(got) != 2 || !got[0].Period.Equal(march.AddDate(0, -1, 0)) || got[0].Value != 12 || got[1].Value != 5 {
		t.Fatalf("devices in service by month: %+v, %v", got, err)
	}
	if o, ok := figure(t, env.Cache, district.DevicesInService, "S0008"); ok {
		t.Fatalf("Horizon keeps March's figure after its laptop left: %+v", o)
	}
}

// TestMappedByHand maps one unmatched location to a school and sets the
// other aside; the next sync counts them so and stops reporting them.
func TestMappedByHand(t *testing.T) {
	_, url := start(t, nil)
	env := newEnv(t, url, options)
	env.Sync(t, "fleet", cache.OutcomeOK)
	ctx := context.Background()
	if err := env.Cache.SetSchoolMapping(ctx, "fleet", "11", "S0006"); err != nil {
		t.Fatal(err)
	}
	if err := env.Cache.SetSchoolMapping(ctx, "fleet", "10", ""); err != nil {
		t.Fatal(err)
	}
	if err := env.Cache.SetSchoolMapping(ctx, "fleet", "11", "S9999"); err == nil || !strings.Contains(err.Error(), "not one of Cabinet's schools") {
		t.Fatalf("mapping to no school: %v", err)
	}
	if err := env.Cache.SetSchoolMapping(ctx, "fleet", "404", "S0001"); err == nil || !strings.Contains(err.Error(), "no such school in the source") {
		t.Fatalf("mapping a location the source never listed: %v", err)
	}
	res := env.Sync(t, "fleet", cache.OutcomeOK)
	if notes := strings.Join(res.Notes, " "); strings.Contains(notes, "match none") {
		t.Fatalf("still reported: %s", notes)
	}
	if o, _ := figure(t, env.Cache, district.DevicesInService, "S0006"); o.Value != 2 {
		t.Fatalf("Lincoln with its annex: %v devices in service, want 2", o.Value)
	}
	if err := env.Cache.ClearSchoolMapping(ctx, "fleet", "11"); err != nil {
		t.Fatal(err)
	}
	res = env.Sync(t, "fleet", cache.OutcomeOK)
	if notes := strings.Join(res.Notes, " "); !strings.Contains(notes, "Lincoln Annex (1).") {
		t.Fatalf("the annex, no longer mapped, is not reported: %s", notes)
	}
}

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

// TestNoSchools syncs with no source of Cabinet's schools: the district's
// figures are there, and a note says why no school's are.
func TestNoSchools(t *testing.T) {
	_, url := start(t, nil)
	env := synctest.New(t, today, snipeit.Kind())
	env.Add(t, engine.SourceConfig{Name: "fleet", Kind: snipeit.KindName, URL: url + "/api/v1/", Options: options}, token)
	res := env.Sync(t, "fleet", cache.OutcomeOK)
	if o, ok := figure(t, env.Cache, district.DevicesInService, ""); !ok || o.Value != 12 {
		t.Fatalf("district devices in service: %+v", o)
	}
	if notes := strings.Join(res.Notes, " "); !strings.Contains(notes, "No source supplies Cabinet's schools yet") {
		t.Fatalf("notes: %s", notes)
	}
}

// TestRefreshCycle uses a five-year cycle, and says so in the metric's
// definition.
func TestRefreshCycle(t *testing.T) {
	_, url := start(t, nil)
	opts := map[string]string{snipeit.OptRefresh: "5"}
	for k, v := range options {
		opts[k] = v
	}
	env := newEnv(t, url, opts)
	env.Sync(t, "fleet", cache.OutcomeOK)
	// Only the three devices bought in 2019 and 2020 are five or more.
	checkFigures(t, env.Cache, []want{{district.DevicesPastRefresh, "", 300.0 / 14, 14}})
	m, err := env.Cache.Metric(context.Background(), district.DevicesPastRefresh)
	if err != nil || !strings.Contains(m.Description, "5-year refresh cycle") {
		t.Fatalf("definition: %+v, %v", m, err)
	}
}

// TestTest checks the connection as the settings screen's button does.
func TestTest(t *testing.T) {
	_, url := start(t, nil)
	env := newEnv(t, url, options)
	cfg, err := env.Engine.Source("fleet")
	if err != nil {
		t.Fatal(err)
	}
	what, err := env.Engine.Test(context.Background(), cfg, "")
	if err != nil || what != "Snipe-IT answered, with 19 assets" {
		t.Fatalf("test: %q, %v", what, err)
	}
	if _, err := env.Engine.Test(context.Background(), cfg, "wrong-token"); err == nil || !strings.Contains(err.Error(), "401 Unauthorized; check the API token") {
		t.Fatalf("test with a wrong token: %v", err)
	}
}
