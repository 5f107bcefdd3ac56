package googleadmin_test

import (
	"bytes"
	"context"
	"io/fs"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/sync/engine"
	"github.com/cabinetapp/cabinet/sync/googleadmin"
	"github.com/cabinetapp/cabinet/sync/googleadmin/googleadmintest"
	"github.com/cabinetapp/cabinet/sync/rest"
	"github.com/cabinetapp/cabinet/sync/synctest"
)

// today is when the tests sync: the fixture's dates are written around
// it. The district's fiscal year starts in July, so the current one is
// FY2026 (July 2025 to June 2026).
var today = time.Date(2026, time.March, 15, 10, 0, 0, 0, time.UTC)

var march = district.Month(today)

// identifying are things in the fixture that identify a device or a
// person, or name a teacher's cart: none may reach the data folder.
var identifying = []string{
	"PF3ZT001Q8", "PF3ZT017Q8", "PF3ZT0", "b7c2e001-4f1a", "4f1a-4c3e-9d2b", "maria.gonzalez", "robert.chen", "thanh.nguyen", "dana.whitfield",
	"student001@", "students.riverside.example", "a81d166701f7", "00e04c680101", "00E04C680102", "10.12.4.51", "203.0.113.", "RUSD-CB-0001",
	"Library cart", "help desk ticket", "ORD-2291", "35209900176", "id:03ph8a2z1", "Okafor", "MediaTek",
}

// fleet is a fake Google on 127.0.0.1 with its service account's key in a
// file only its owner may read.
type fleet struct {
	srv *googleadmintest.Server
	url string
	key string // the key file's path
}

// start serves the fixture, with hook (if set) in front.
func start(t *testing.T, hook func(http.ResponseWriter, *http.Request, int) bool) *fleet {
	t.Helper()
	srv := googleadmintest.New()
	srv.Hook = hook
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	f := &fleet{srv: srv, url: hs.URL, key: filepath.Join(t.TempDir(), "key.json")}
	if err := os.WriteFile(f.key, srv.Key(hs.URL), 0o600); err != nil {
		t.Fatal(err)
	}
	return f
}

// config is the source "fleet" reading f with the key file, acting for
// the domain's administrator.
func (f *fleet) config(opts map[string]string) engine.SourceConfig {
	o := map[string]string{googleadmin.OptKeyFile: f.key, googleadmin.OptSubject: googleadmintest.Admin}
	for k, v := range opts {
		o[k] = v
	}
	return engine.SourceConfig{Name: "fleet", Kind: googleadmin.KindName, URL: f.url, Options: o}
}

// newEnv is a cache holding Cabinet's schools, as a Summary API supplies
// them, and an engine with the Google Admin source "fleet".
func newEnv(t *testing.T, f *fleet, opts map[string]string) *synctest.Env {
	t.Helper()
	env := synctest.New(t, today, googleadmin.Kind())
	putSchools(t, env.Cache)
	if err := env.Engine.SaveSource(f.config(opts), ""); err != nil {
		t.Fatal(err)
	}
	return env
}

func putSchools(t *testing.T, c *cache.Cache) {
	t.Helper()
	err := c.Write(context.Background(), cache.Source{Name: "warehouse", Kind: "summaryapi", Priority: 100}, cache.Replace, func(w *cache.Writer) error {
		for _, s := range synctest.Schools {
			if err := w.PutSchool(s); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// figure reads one value the dashboard would show, failing unless it
// comes from the source.
func figure(t *testing.T, c *cache.Cache, metric, school string) (float64, bool) {
	t.Helper()
	got, prov, err := c.Recent(context.Background(), metric, school, march.AddDate(0, 1, 0), 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) == 0 || !got[0].Period.Equal(march) {
		return 0, false
	}
	if prov.Source != "fleet" {
		t.Fatalf("%s at %q comes from %q", metric, school, prov.Source)
	}
	return got[0].Value, true
}

type want struct {
	metric string
	school string
	value  float64
}

// reaching is the metric of the Chromebooks reaching their auto-update
// expiration k fiscal years ahead.
func reaching(k int) string { return district.ChromebooksReachingAUE(k) }

// fixtureFigures are the fixture's figures on 15 March 2026, worked out by
// hand from googleadmintest/testdata/devices.json.
var fixtureFigures = []want{
	// 17 devices: one disabled, one deprovisioned and one pre-provisioned
	// leave 14 in service.
	{district.DevicesInService, "", 14},
	{district.ChromebooksInService, "", 14},
	// Not synced for 30 days: 2 (42 days), 3 (134), 7 (never), 12 (104);
	// 17's date cannot be read. For 90 days: 3, 7 and 12.
	{district.ChromebooksUnsynced30, "", 4},
	{district.ChromebooksUnsynced90, "", 3},
	// Past: 1 (June 2025) and 9 (the day before); 8's is today, so it is
	// still updated. 12 has no date and 14's cannot be read.
	{district.ChromebooksPastAUE, "", 2},
	// This fiscal year, to June 2026: 2 and 8. FY2027: 3. FY2028: 4 (by
	// the deprecated field alone), 11 and 13 (31 December 2027). FY2029:
	// 17. FY2030: 5 (1 August 2029). FY2031: 6. 7's (2033) is beyond.
	{reaching(0), "", 2}, {reaching(1), "", 1}, {reaching(2), "", 3}, {reaching(3), "", 1}, {reaching(4), "", 1}, {reaching(5), "", 1},
	// Adams: the school's unit, the Grade 3 unit inside it, and the staff
	// unit that names it.
	{district.ChromebooksInService, "S0001", 4},
	{district.DevicesInService, "S0001", 4},
	{district.ChromebooksUnsynced30, "S0001", 2},
	{district.ChromebooksUnsynced90, "S0001", 1},
	{district.ChromebooksPastAUE, "S0001", 1},
	{reaching(0), "S0001", 1}, {reaching(1), "S0001", 1}, {reaching(2), "S0001", 1}, {reaching(3), "S0001", 0},
	{district.ChromebooksInService, "S0002", 1},
	{reaching(4), "S0002", 1},
	// Lincoln: the school's unit and a teacher's cart inside it.
	{district.ChromebooksInService, "S0006", 2},
	{district.ChromebooksUnsynced90, "S0006", 1},
	{reaching(5), "S0006", 1},
	{district.ChromebooksInService, "S0007", 3},
	{district.ChromebooksPastAUE, "S0007", 1},
	{reaching(0), "S0007", 1}, {reaching(3), "S0007", 1},
	// Horizon's one device has a date that cannot be read: no past AUE
	// for it, but a zero, as the district has dates.
	{district.ChromebooksInService, "S0008", 1},
	{district.ChromebooksPastAUE, "S0008", 0},
}

func checkFigures(t *testing.T, c *cache.Cache, figures []want) {
	t.Helper()
	for _, w := range figures {
		v, ok := figure(t, c, w.metric, w.school)
		if !ok || math.Abs(v-w.value) > 1e-9 {
			t.Errorf("%s at %q = %v (found %t), want %v", w.metric, w.school, v, ok, w.value)
		}
	}
}

// leaks returns those of words found in any file of the data folder dir:
// the cache, its write-ahead log, the sources' settings.
func leaks(t *testing.T, dir string, words []string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, w := range words {
			if bytes.Contains(b, []byte(w)) {
				out = append(out, filepath.Base(path)+": "+w)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// secrets are the key's private key in every piece, for leak checks.
func (f *fleet) secrets(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile(f.key)
	if err != nil {
		t.Fatal(err)
	}
	return append([]string{string(b)}, rest.KeyPieces(string(b))...)
}

// TestFixture syncs the hand-written fleet and checks every figure, the
// school map, the notes, what was asked for, and that nothing that
// identifies a device or a person, nor the key, is in the data folder.
func TestFixture(t *testing.T) {
	f := start(t, nil)
	f.srv.PageCap = 5
	env := newEnv(t, f, nil)
	var last engine.Progress
	res := env.Engine.Sync(context.Background(), "fleet", engine.SyncOptions{Progress: func(p engine.Progress) { last = p }})
	if res.Outcome != cache.OutcomeOK {
		t.Fatalf("sync: %v", res.Err)
	}
	checkFigures(t, env.Cache, fixtureFigures)
	for _, school := range []string{"S0003", "S0004", "S0005"} {
		if v, ok := figure(t, env.Cache, district.ChromebooksInService, school); ok {
			t.Errorf("%s has %v Chromebooks though no unit names it", school, v)
		}
	}
	// 17 devices in 4 pages of at most 5.
	if last.Records != 17 || last.Pages != 4 || last.Stage != "devices" {
		t.Errorf("progress %+v", last)
	}
	for _, q := range f.srv.Queries() {
		if q.Get("fields") != googleadmin.Fields || q.Get("maxResults") != "300" || q.Get("projection") != "FULL" {
			t.Errorf("asked with %v", q)
		}
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
		"/Students/Adams ES": "Adams ES → S0001 (name)", "/Staff/Adams Elementary": "Adams Elementary → S0001 (name)",
		"/Students/Brookside Elem": "Brookside Elem → S0002 (name)", "/Students/Lincoln MS": "Lincoln MS → S0006 (name)",
		"/Students/Riverside H.S.": "Riverside H.S. → S0007 (name)", "/Students/Horizon Alternative": "Horizon Alternative → S0008 (name)",
		"/Students": "Students →  (none)", "/Staff": "Staff →  (none)", "/Warehouse": "Warehouse →  (none)",
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
		"Organizational units that match none of Cabinet's schools, so their Chromebooks count only toward the district: Students (1) and Warehouse (1). Map them in Settings or with 'cabinet source map fleet'.",
		"Chromebooks in the top-level organizational unit count only toward the district: 1.",
		"Chromebooks with no auto-update expiration date are not counted past it or by the year they reach it: 2.",
		"Devices that are disabled, deprovisioned or not yet enrolled are not counted: 3.",
		"Dates that could not be read were left out: 2.",
	} {
		if !strings.Contains(notes, w) {
			t.Errorf("notes lack %q:\n%s", w, notes)
		}
	}
	if l := leaks(t, env.Dir, append(identifying, f.secrets(t)...)); len(l) > 0 {
		t.Errorf("the data folder holds %q", l)
	}
}

// TestFieldsIgnored: a server that sends every field, the fields mask
// notwithstanding, gets the same figures, and none of what it should not
// have sent is kept.
func TestFieldsIgnored(t *testing.T) {
	f := start(t, nil)
	f.srv.IgnoreFields = true
	env := newEnv(t, f, nil)
	env.Sync(t, "fleet", cache.OutcomeOK)
	checkFigures(t, env.Cache, fixtureFigures)
	if l := leaks(t, env.Dir, identifying); len(l) > 0 {
		t.Errorf("the data folder holds %q", l)
	}
}

// TestMonths keeps each month's figures: a sync in a later month adds its
// month, and another sync in the same month replaces that month's.
func TestMonths(t *testing.T) {
	f := start(t, nil)
	env := newEnv(t, f, nil)
	env.Cache.Now = func() time.Time { return today.AddDate(0, -1, 0) }
	env.Sync(t, "fleet", cache.OutcomeOK)
	env.Cache.Now = func() time.Time { return today }
	env.Sync(t, "fleet", cache.OutcomeOK)
	// Adams's four leave: March is counted again without them.
	f.srv.SetDevices(googleadmintest.Fixture()[4:])
	env.Sync(t, "fleet", cache.OutcomeOK)
	all := district.Range{From: march.AddDate(-1, 0, 0), To: march.AddDate(0, 1, 0)}
	got, _, err := env.Cache.Series(context.Background(), district.ChromebooksInService, district.WholeDistrict, all)
	if err != nil || len(got) != 2 || !got[0].Period.Equal(march.AddDate(0, -1, 0)) || got[0].Value != 14 || got[1].Value != 10 {
		t.Fatalf("Chromebooks in service by month: %+v, %v", got, err)
	}
	if v, ok := figure(t, env.Cache, district.ChromebooksInService, "S0001"); ok {
		t.Fatalf("Adams keeps March's figure after its Chromebooks left: %v", v)
	}
	// February looked ahead from February: 9's date, the day before
	// 15 March, had not passed.
	feb, _, _ := env.Cache.Recent(context.Background(), district.ChromebooksPastAUE, "", march, 1)
	if len(feb) != 1 || feb[0].Value != 1 {
		t.Fatalf("past AUE in February: %+v", feb)
	}
}

// TestFiscalYear counts the years ahead by the district's own fiscal
// calendar: with years starting in October, 1 August 2029 falls in
// FY2029, three years ahead, not four.
func TestFiscalYear(t *testing.T) {
	f := start(t, nil)
	env := newEnv(t, f, nil)
	err := env.Cache.Write(context.Background(), cache.Source{Name: "warehouse", Kind: "summaryapi", Priority: 100}, cache.Change, func(w *cache.Writer) error {
		return w.SetProfile(district.Profile{Name: "Riverside", FiscalYearStart: time.October})
	})
	if err != nil {
		t.Fatal(err)
	}
	env.Sync(t, "fleet", cache.OutcomeOK)
	checkFigures(t, env.Cache, []want{{reaching(0), "", 2}, {reaching(1), "", 1}, {reaching(2), "", 3}, {reaching(3), "", 2}, {reaching(4), "", 0}, {reaching(5), "", 1}})
}

// TestTest reads one device with the key, writing nothing.
func TestTest(t *testing.T) {
	f := start(t, nil)
	env := newEnv(t, f, map[string]string{googleadmin.OptCustomer: googleadmintest.CustomerID})
	cfg, err := env.Engine.Source("fleet")
	if err != nil {
		t.Fatal(err)
	}
	what, err := env.Engine.Test(context.Background(), cfg, "")
	if err != nil || what != "Google Admin answered, and the service account may read the domain's ChromeOS devices" {
		t.Fatalf("test: %q, %v", what, err)
	}
	f.srv.SetDevices(nil)
	if what, err := env.Engine.Test(context.Background(), cfg, ""); err != nil || !strings.Contains(what, "lists no ChromeOS devices") {
		t.Fatalf("test of an empty domain: %q, %v", what, err)
	}
	cfg.Options[googleadmin.OptCustomer] = "C0other"
	_, err = env.Engine.Test(context.Background(), cfg, "")
	if err == nil || !strings.Contains(err.Error(), "404 Not Found for /admin/directory/v1/customer/C0other/devices/chromeos") || !strings.Contains(err.Error(), "Check the customer ID") {
		t.Fatalf("another customer: %v", err)
	}
}
