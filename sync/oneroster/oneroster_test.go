package oneroster_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/sync/engine"
	"github.com/cabinetapp/cabinet/sync/oneroster"
	"github.com/cabinetapp/cabinet/sync/oneroster/onerostertest"
	"github.com/cabinetapp/cabinet/sync/synctest"
)

const (
	clientID = "cabinet-test-client"
	// A strict server form-decodes the Basic credentials (RFC 6749, section
	// 2.3.1): a secret with +, % and : must be encoded to pass.
	secret = "oneroster+secret%for:tests"
)

var today = time.Date(2026, time.March, 15, 10, 0, 0, 0, time.UTC)

var march = district.Month(today)

// schools are Cabinet's, as a Summary API would supply them.
var schools = synctest.Schools

// identifying are the fixture's identifiers of people and their classes:
// none may reach the cache.
var identifying = []string{
	"3f6c1a7e-5b2d-4c11-9a0e-7e51a1c0aa01", "8b0d2f44-19a3-4e6b-b2c7-0c4be1d7aa02", "f19c6e3b-8a4d-4f27-b5e1-6c0a2d9faa06",
	"4e4a2b7d-7f5c-4e5b-8da9-f6b5c1a7dd01", "6a2c0d5f-9b3e-4a7d-8fcb-b8d7e3c9ee01", "teach-9a1b2c3d-0001", "admin-5e6f7a8b",
	"enr-0001-3f6c1a7e", "cls-adams-3a-math", "cls-rva-eng", "/users/",
}

func start(t *testing.T) (*onerostertest.Server, string) {
	t.Helper()
	srv := onerostertest.New(clientID, secret)
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	return srv, hs.URL
}

// newEnv is an engine with the OneRoster source "roster"; with cabinet
// set, the cache holds Cabinet's schools as a Summary API supplies them.
func newEnv(t *testing.T, url string, cabinet bool) *synctest.Env {
	t.Helper()
	env := synctest.New(t, today, oneroster.Kind())
	if cabinet {
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
	}
	env.Add(t, engine.SourceConfig{Name: "roster", Kind: oneroster.KindName, URL: url, Options: map[string]string{
		oneroster.OptTokenURL: url + onerostertest.TokenPath, oneroster.OptClientID: clientID, oneroster.OptPageSize: "4"}}, secret)
	return env
}

type count struct {
	metric, school string
	value          float64
}

func checkCounts(t *testing.T, c *cache.Cache, counts []count) {
	t.Helper()
	for _, w := range counts {
		got, prov, err := c.Recent(context.Background(), w.metric, w.school, march.AddDate(0, 1, 0), 1)
		if err != nil || len(got) != 1 || !got[0].Period.Equal(march) || got[0].Value != w.value || prov.Source != "roster" {
			t.Errorf("%s at %q: %+v from %q, %v; want %v from roster in March", w.metric, w.school, got, prov.Source, err, w.value)
		}
	}
}

// fixtureCounts are the fixture's counts on 15 March 2026, worked out by
// hand from testdata/enrollments.json.
var fixtureCounts = []count{
	// Eleven students: one in three classes, one at two schools; one
	// deleted, one left in January and one starting in April do not
	// count. Four teachers, one at two schools; the administrator does
	// not count.
	{district.StudentsEnrolled, "", 11},
	{district.TeachersEnrolled, "", 4},
	{district.StudentsEnrolled, "S0001", 3},
	{district.TeachersEnrolled, "S0001", 1},
	{district.StudentsEnrolled, "S0002", 2},
	{district.TeachersEnrolled, "S0002", 2},
	{district.StudentsEnrolled, "S0007", 3},
	{district.StudentsEnrolled, "S0006", 1},
	{district.StudentsEnrolled, "S0003", 0},
}

// TestFixture syncs the fixture roster beside a Summary API's schools:
// the counts go to Cabinet's schools, the schools stay the Summary API's,
// and no identifier of a person is kept.
func TestFixture(t *testing.T) {
	srv, url := start(t)
	env := newEnv(t, url, true)
	var last engine.Progress
	res := env.Engine.Sync(context.Background(), "roster", engine.SyncOptions{Progress: func(p engine.Progress) { last = p }})
	if res.Outcome != cache.OutcomeOK {
		t.Fatalf("sync: %v", res.Err)
	}
	checkCounts(t, env.Cache, fixtureCounts)
	if got, prov, _ := env.Cache.Schools(context.Background()); len(got) != len(schools) || prov.Source != "warehouse" {
		t.Fatalf("schools: %d from %s", len(got), prov.Source)
	}
	// 25 enrollments in pages of 4, after 3 pages of schools.
	if last.Records != 25 || last.Total != 25 || last.Pages != 10 {
		t.Errorf("progress %+v", last)
	}
	notes := strings.Join(res.Notes, "\n")
	for _, w := range []string{
		"Schools that match none of Cabinet's schools, so their students count only toward the district: Riverside Virtual Academy (2). Map them in Settings or with 'cabinet source map roster'.",
		"Current enrolments that name a school the service does not list count only toward the district: 1.",
	} {
		if !strings.Contains(notes, w) {
			t.Errorf("notes lack %q:\n%s", w, notes)
		}
	}
	if srv.TokensIssued() != 1 {
		t.Errorf("%d tokens for one sync", srv.TokensIssued())
	}
	if leaks := env.Leaks(t, append(identifying, secret, "access-1-")); len(leaks) > 0 {
		t.Errorf("the cache holds %q", leaks)
	}
}

// TestOwnSchools syncs the roster alone: its schools are Cabinet's, with
// their enrolments, and the deleted one is not among them.
func TestOwnSchools(t *testing.T) {
	_, url := start(t)
	env := newEnv(t, url, false)
	res := env.Sync(t, "roster", cache.OutcomeOK)
	got, prov, err := env.Cache.Schools(context.Background())
	if err != nil || prov.Source != "roster" || len(got) != 9 {
		t.Fatalf("schools: %+v from %s, %v", got, prov.Source, err)
	}
	byID := map[string]district.School{}
	for _, s := range got {
		byID[s.ID] = s
	}
	if s := byID["org-adams"]; s.Name != "Adams Elementary School" || s.Level != district.Elementary || s.Enrolment != 3 {
		t.Errorf("Adams: %+v", s)
	}
	if s := byID["org-riverside"]; s.Level != district.High || s.Enrolment != 3 {
		t.Errorf("Riverside: %+v", s)
	}
	if s := byID["org-virtual"]; s.Level != district.Alternative || s.Enrolment != 2 {
		t.Errorf("the virtual academy: %+v", s)
	}
	checkCounts(t, env.Cache, []count{{district.StudentsEnrolled, "org-virtual", 2}, {district.StudentsEnrolled, "", 11}})
	if strings.Contains(strings.Join(res.Notes, " "), "match none") {
		t.Errorf("its own schools reported as unmatched: %q", res.Notes)
	}
}

// TestIncremental syncs again: with nothing changed it asks two questions
// and writes nothing; a deletion, a new month, an enrolment ending by date
// or a change to the school map each mean counting again.
func TestIncremental(t *testing.T) {
	srv, url := start(t)
	env := newEnv(t, url, true)
	env.Sync(t, "roster", cache.OutcomeOK)

	before := srv.Requests()
	env.Sync(t, "roster", cache.OutcomeUnchanged)
	if n := srv.Requests() - before; n != 3 {
		t.Fatalf("an unchanged sync made %d requests, want 3: a token and two questions", n)
	}

	// F (enrolment 11) leaves Adams: OneRoster marks it tobedeleted.
	srv.Change(10, map[string]any{"status": "tobedeleted"})
	res := env.Sync(t, "roster", cache.OutcomeOK)
	if res.Full {
		t.Fatal("a change made a full sync")
	}
	checkCounts(t, env.Cache, []count{{district.StudentsEnrolled, "S0001", 2}, {district.StudentsEnrolled, "", 10}})

	// A student at Adams in three classes drops one: still one student.
	// The count starts a second later by the service's clock (its Date
	// header has whole seconds), so it has moved past the change and the
	// next sync does not see it again.
	srv.Change(0, map[string]any{"status": "tobedeleted"})
	srv.Advance(time.Second)
	env.Sync(t, "roster", cache.OutcomeOK)
	checkCounts(t, env.Cache, []count{{district.StudentsEnrolled, "S0001", 2}})
	env.Sync(t, "roster", cache.OutcomeUnchanged)

	// On 1 April E's enrolment begins, with no record changing; it is
	// also a new month, whose counts sit beside March's.
	env.Cache.Now = func() time.Time { return time.Date(2026, time.April, 1, 8, 0, 0, 0, time.UTC) }
	env.Sync(t, "roster", cache.OutcomeOK)
	april, _, _ := env.Cache.Recent(context.Background(), district.StudentsEnrolled, "S0001", time.Date(2026, time.May, 1, 0, 0, 0, 0, time.UTC), 2)
	if len(april) != 2 || april[0].Value != 3 || april[1].Value != 2 {
		t.Fatalf("Adams in April and March: %+v", april)
	}
	env.Sync(t, "roster", cache.OutcomeUnchanged)

	// Mapping the virtual academy to Riverside counts it again.
	if err := env.Cache.SetSchoolMapping(context.Background(), "roster", "org-virtual", "S0007"); err != nil {
		t.Fatal(err)
	}
	env.Sync(t, "roster", cache.OutcomeOK)
	got, _, _ := env.Cache.Recent(context.Background(), district.StudentsEnrolled, "S0007", time.Date(2026, time.May, 1, 0, 0, 0, 0, time.UTC), 1)
	if len(got) != 1 || got[0].Value != 5 {
		t.Fatalf("Riverside with the virtual academy: %+v", got)
	}
}

// TestFaults breaks the service the ways OneRoster services break.
func TestFaults(t *testing.T) {
	onPath := func(path string, nth int, serve func(w http.ResponseWriter)) func(http.ResponseWriter, *http.Request, int) bool {
		var n atomic.Int32
		return func(w http.ResponseWriter, r *http.Request, _ int) bool {
			if r.URL.Path != path || int(n.Add(1)) != nth {
				return false
			}
			serve(w)
			return true
		}
	}
	enrollments := onerostertest.Base + "/enrollments"
	cases := []struct {
		name   string
		setup  func(*onerostertest.Server)
		secret string
		want   string // "" means the sync succeeds with the fixture's counts
		// tokens is the least number of tokens the sync must fetch.
		tokens int
	}{
		// A token lasts a few more requests than the pages fetched at once,
		// so a token fetched again after a refusal cannot be used up by the
		// other pages in flight before its own request reaches the service.
		{name: "a token that expires in the middle", setup: func(s *onerostertest.Server) { s.TokenUses = 6 }, tokens: 2},
		{name: "tokens that last a second", setup: func(s *onerostertest.Server) { s.TokenLife = 1 }},
		{name: "429 then success", setup: func(s *onerostertest.Server) {
			s.Hook = onPath(enrollments, 3, func(w http.ResponseWriter) {
				w.Header().Set("Retry-After", "1")
				onerostertest.Error(w, http.StatusTooManyRequests, "server_busy", "Too many requests")
			})
		}},
		{name: "only X-Total-Count", setup: func(s *onerostertest.Server) { s.Paging = onerostertest.TotalOnly }},
		{name: "only Link", setup: func(s *onerostertest.Server) { s.Paging = onerostertest.LinkOnly }},
		{name: "a wrong secret", secret: "not-the-secret",
			want: "roster: getting an access token from 127.0.0.1:"},
		{name: "a token the service refuses twice", setup: func(s *onerostertest.Server) {
			s.Hook = func(w http.ResponseWriter, r *http.Request, _ int) bool {
				if r.URL.Path != enrollments {
					return false
				}
				onerostertest.Error(w, http.StatusUnauthorized, "unauthorized", "The access token is missing, expired or revoked.")
				return true
			}
		},
			want: "roster: server answered 401 Unauthorized; check the client ID and secret (The access token is missing, expired or revoked.)"},
		{name: "an error body with 200 OK", setup: func(s *onerostertest.Server) {
			s.Hook = func(w http.ResponseWriter, r *http.Request, _ int) bool {
				if r.URL.Path != enrollments || r.URL.Query().Get("offset") != "4" {
					return false
				}
				onerostertest.Error(w, http.StatusOK, "invalid_selection_field", "Invalid sort field")
				return true
			}
		}, want: "roster: /ims/oneroster/rostering/v1p2/enrollments page 2: the server answered with an error: Invalid sort field"},
		{name: "an enrolments page without enrolments", setup: func(s *onerostertest.Server) {
			s.Hook = onPath(enrollments, 1, func(w http.ResponseWriter) { w.Write([]byte(`{"users":[]}`)) })
		}, want: `the body has no "enrollments" list`},
		{name: "a bad total", setup: func(s *onerostertest.Server) {
			s.Hook = onPath(enrollments, 1, func(w http.ResponseWriter) {
				w.Header().Set("X-Total-Count", "lots")
				w.Write([]byte(`{"enrollments":[]}`))
			})
		}, want: `X-Total-Count "lots" is not a count`},
		{name: "a service that answers 500 every time", setup: func(s *onerostertest.Server) {
			s.Hook = func(w http.ResponseWriter, r *http.Request, _ int) bool {
				if r.URL.Path != enrollments {
					return false
				}
				onerostertest.Error(w, http.StatusInternalServerError, "internal", "database unavailable")
				return true
			}
		}, want: "server answered 500 Internal Server Error for /ims/oneroster/rostering/v1p2/enrollments 3 times; try again later (database unavailable)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv, url := start(t)
			env := newEnv(t, url, true)
			if tc.want != "" {
				env.Sync(t, "roster", cache.OutcomeOK)
			}
			if tc.secret != "" {
				env.Vars["ROSTER_SECRET"] = tc.secret
			}
			before, _, _ := env.Cache.Recent(context.Background(), district.StudentsEnrolled, "", march.AddDate(0, 1, 0), 1)
			if tc.setup != nil {
				tc.setup(srv)
			}
			issued := srv.TokensIssued()
			res := env.Engine.Sync(context.Background(), "roster", engine.SyncOptions{Full: true})
			if got := srv.TokensIssued() - issued; got < tc.tokens {
				t.Fatalf("the sync fetched %d tokens; the case needs at least %d to test anything", got, tc.tokens)
			}
			if tc.want == "" {
				if res.Outcome != cache.OutcomeOK {
					t.Fatalf("sync failed: %v", res.Err)
				}
				checkCounts(t, env.Cache, fixtureCounts)
				return
			}
			if res.Outcome != cache.OutcomeFailed || !strings.Contains(res.Err.Error(), tc.want) {
				t.Fatalf("sync ended %s: %v\nwant an error holding %q", res.Outcome, res.Err, tc.want)
			}
			for _, s := range []string{secret, "not-the-secret", "access-"} {
				if strings.Contains(res.Err.Error(), s) {
					t.Fatalf("the error holds %q: %v", s, res.Err)
				}
			}
			after, _, _ := env.Cache.Recent(context.Background(), district.StudentsEnrolled, "", march.AddDate(0, 1, 0), 1)
			if len(after) != 1 || after[0] != before[0] {
				t.Fatalf("a failed sync changed the counts: %+v, was %+v", after, before)
			}
		})
	}
}

// TestTest checks the connection as the settings screen's button does.
func TestTest(t *testing.T) {
	_, url := start(t)
	env := newEnv(t, url, false)
	cfg, err := env.Engine.Source("roster")
	if err != nil {
		t.Fatal(err)
	}
	if what, err := env.Engine.Test(context.Background(), cfg, ""); err != nil || what != "OneRoster answered, with 10 schools" {
		t.Fatalf("test: %q, %v", what, err)
	}
	if _, err := env.Engine.Test(context.Background(), cfg, "wrong"); err == nil || !strings.Contains(err.Error(), "401 Unauthorized; check the client ID and secret (Client authentication failed)") {
		t.Fatalf("test with a wrong secret: %v", err)
	}
}
