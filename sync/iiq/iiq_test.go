package iiq_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/sync/engine"
	"github.com/cabinetapp/cabinet/sync/helpdesk/helpdesktest"
	"github.com/cabinetapp/cabinet/sync/iiq"
	"github.com/cabinetapp/cabinet/sync/iiq/iiqtest"
	"github.com/cabinetapp/cabinet/sync/synctest"
)

const (
	token = "iiq-token-for-tests"
	site  = "6b7f2f5e-0000-4000-8000-00000000a11d"
)

// now is when the tests sync.
var now = time.Date(2026, time.November, 20, 9, 30, 0, 0, time.UTC)

// locations are the fixture's; the last matches none of Cabinet's schools.
var locations = [][2]string{
	{"5a1f0c1e-0000-4000-8000-000000000001", "Adams Elementary"},
	{"5a1f0c1e-0000-4000-8000-000000000006", "Lincoln Middle School"},
	{"5a1f0c1e-0000-4000-8000-000000000007", "Riverside High School"},
	{"5a1f0c1e-0000-4000-8000-0000000000ff", "Warehouse"},
}

var schoolOf = map[string]string{"Adams Elementary": "S0001", "Lincoln Middle School": "S0006", "Riverside High School": "S0007"}

// targets are the source's service levels by priority, as its setting
// writes them.
const targets = "high=1,medium=3,*=7"

var targetOf = map[string]time.Duration{"High": 24 * time.Hour, "Medium": 72 * time.Hour, "Low": 7 * 24 * time.Hour}

// expected works the figures out from the server's tickets.
func expected(tickets []iiqtest.Ticket) map[string]float64 {
	var list []helpdesktest.Ticket
	for _, t := range tickets {
		if t.Deleted {
			continue
		}
		h := helpdesktest.Ticket{Created: t.Created, Done: t.IsClosed, Closed: t.Closed, Resolved: t.IsClosed, Due: t.Due, School: schoolOf[t.LocationName]}
		if h.Due.IsZero() {
			h.Due = t.Created.Add(targetOf[t.Priority])
		}
		list = append(list, h)
	}
	return helpdesktest.Figures(list, now)
}

// start serves tickets and returns the server and an engine with
// Cabinet's schools and the Incident IQ source "helpdesk".
func start(t *testing.T, tickets []iiqtest.Ticket, opts map[string]string) (*iiqtest.Server, *synctest.Env) {
	t.Helper()
	srv := iiqtest.New(token, site, tickets)
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	env := synctest.New(t, now, iiq.Kind())
	err := env.Cache.Write(context.Background(), cache.Source{Name: "warehouse", Kind: "summaryapi", Priority: 100}, cache.Replace, func(w *cache.Writer) error {
		for _, s := range synctest.Schools {
			if err := w.PutSchool(s); err != nil {
				return err
			}
		}
		// The Summary API's help-desk history reaches back before the
		// help desk's first ticket, and overlaps its months.
		for m := time.Date(2024, time.January, 1, 0, 0, 0, 0, time.UTC); m.Before(now); m = m.AddDate(0, 1, 0) {
			if err := w.PutObservation(district.Observation{Metric: district.TicketsOpen, Period: m, Value: 999}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	o := map[string]string{iiq.OptSiteID: site, iiq.OptPace: "0", "sla_days": targets}
	for k, v := range opts {
		o[k] = v
	}
	env.Add(t, engine.SourceConfig{Name: "helpdesk", Kind: iiq.KindName, URL: hs.URL, Options: o}, token)
	return srv, env
}

func stored(t *testing.T, env *synctest.Env) map[string]float64 {
	return helpdesktest.Stored(t, env.Cache.Path(), "helpdesk")
}

// TestSync counts the fixture's tickets and checks every month's figures,
// that nothing naming a person or a ticket is kept, and what the sync says
// of tickets with no location or no ClosedDate.
func TestSync(t *testing.T) {
	tickets := iiqtest.Generate(260, now, locations)
	srv, env := start(t, tickets, map[string]string{iiq.OptPageSize: "9"})
	res := env.Sync(t, "helpdesk", cache.OutcomeOK)
	helpdesktest.Compare(t, expected(tickets), stored(t, env))

	// Paging: one request for the newest ticket, then pages of 9 from 0.
	pages := srv.Pages[1:]
	if want := (len(tickets) + 8) / 9; len(pages) != want {
		t.Errorf("%d pages asked for, want %d", len(pages), want)
	}
	for i, p := range pages {
		if p != [2]int{i, 9} {
			t.Fatalf("page %d asked for as $p=%d&$s=%d", i, p[0], p[1])
		}
	}
	notes := strings.Join(res.Notes, " ")
	for _, want := range []string{"Warehouse", "Tickets with no location count only toward the district", "no ClosedDate"} {
		if !strings.Contains(notes, want) {
			t.Errorf("the notes do not say %q: %s", want, notes)
		}
	}
	if leaks := env.Leaks(t, []string{"will not charge", "Avery Student", "avery.student@", "Casey Technician", tickets[0].ID, "In Progress"}); len(leaks) > 0 {
		t.Errorf("the cache holds %q", leaks)
	}

	// The help desk wins its measures; the Summary API fills the months
	// before its first ticket.
	first := district.Month(now)
	for _, tk := range tickets {
		if m := district.Month(tk.Created); m.Before(first) {
			first = m
		}
	}
	obs, _, err := env.Cache.Series(context.Background(), district.TicketsOpen, district.WholeDistrict, district.Range{From: time.Date(2024, time.January, 1, 0, 0, 0, 0, time.UTC), To: now})
	if err != nil {
		t.Fatal(err)
	}
	want := expected(tickets)
	for _, o := range obs {
		switch {
		case o.Period.Before(first) && o.Value != 999:
			t.Errorf("%s: %g, want the Summary API's 999", o.Period.Format("2006-01"), o.Value)
		case !o.Period.Before(first) && o.Value != want[helpdesktest.Key(district.TicketsOpen, "", o.Period)]:
			t.Errorf("%s: %g, want the help desk's %g", o.Period.Format("2006-01"), o.Value, want[helpdesktest.Key(district.TicketsOpen, "", o.Period)])
		}
	}
}

// TestIncremental: nothing changed writes nothing; a changed ticket or a
// deleted one makes a full recount.
func TestIncremental(t *testing.T) {
	tickets := iiqtest.Generate(120, now, locations)
	srv, env := start(t, tickets, nil)
	env.Sync(t, "helpdesk", cache.OutcomeOK)
	before := srv.Requests()
	env.Sync(t, "helpdesk", cache.OutcomeUnchanged)
	if n := srv.Requests() - before; n != 1 {
		t.Errorf("an unchanged sync sent %d requests, want 1", n)
	}
	for _, step := range []struct {
		name   string
		change func([]iiqtest.Ticket) []iiqtest.Ticket
	}{
		{"a ticket closed", func(l []iiqtest.Ticket) []iiqtest.Ticket {
			for i := range l {
				if !l[i].IsClosed {
					l[i].IsClosed, l[i].Closed, l[i].Modified = true, now.Add(-time.Hour), now
					break
				}
			}
			return l
		}},
		{"a ticket deleted", func(l []iiqtest.Ticket) []iiqtest.Ticket {
			l[0].Deleted = true
			return l
		}},
	} {
		srv.Update(step.change)
		env.Sync(t, "helpdesk", cache.OutcomeOK)
		var current []iiqtest.Ticket
		srv.Update(func(l []iiqtest.Ticket) []iiqtest.Ticket { current = append(current, l...); return l })
		helpdesktest.Compare(t, expected(current), stored(t, env))
	}
}

// TestFaults: throttling is waited out, with or without Retry-After; an
// expired token fails the sync in one sentence and keeps the last data.
func TestFaults(t *testing.T) {
	tickets := iiqtest.Generate(50, now, locations)
	t.Run("429 with Retry-After", func(t *testing.T) {
		srv, env := start(t, tickets, map[string]string{iiq.OptPageSize: "10"})
		var mu sync.Mutex
		var refused, retried time.Time
		srv.Hook = func(w http.ResponseWriter, r *http.Request, n int) bool {
			mu.Lock()
			defer mu.Unlock()
			switch n {
			case 3:
				refused = time.Now()
				w.Header().Set("Retry-After", "1")
				w.WriteHeader(http.StatusTooManyRequests)
				return true
			case 4:
				retried = time.Now()
			}
			return false
		}
		env.Sync(t, "helpdesk", cache.OutcomeOK)
		if gap := retried.Sub(refused); gap < time.Second {
			t.Errorf("retried %s after a 429 that asked for a second", gap)
		}
		helpdesktest.Compare(t, expected(tickets), stored(t, env))
	})
	t.Run("429 without Retry-After", func(t *testing.T) {
		srv, env := start(t, tickets, map[string]string{iiq.OptPageSize: "10"})
		srv.Hook = func(w http.ResponseWriter, r *http.Request, n int) bool {
			if n == 2 || n == 5 {
				w.WriteHeader(http.StatusTooManyRequests)
				return true
			}
			return false
		}
		env.Sync(t, "helpdesk", cache.OutcomeOK)
		helpdesktest.Compare(t, expected(tickets), stored(t, env))
	})
	t.Run("expired token", func(t *testing.T) {
		srv, env := start(t, tickets, map[string]string{iiq.OptPageSize: "10"})
		env.Sync(t, "helpdesk", cache.OutcomeOK)
		good := stored(t, env)
		srv.Update(func(l []iiqtest.Ticket) []iiqtest.Ticket { l[1].Modified = now; return l })
		srv.Hook = func(w http.ResponseWriter, r *http.Request, n int) bool {
			if n >= 10 {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusUnauthorized)
				w.Write([]byte(`{"Message":"The token has expired."}`))
				return true
			}
			return false
		}
		res := env.Sync(t, "helpdesk", cache.OutcomeFailed)
		msg := res.Err.Error()
		if !strings.Contains(msg, "401 Unauthorized; check the API token") || strings.Contains(msg, token) || strings.Contains(msg, "\n") {
			t.Errorf("the failure says %q", msg)
		}
		helpdesktest.Compare(t, good, stored(t, env))
	})
	t.Run("a total of a hundred billion", func(t *testing.T) {
		srv, env := start(t, tickets, map[string]string{iiq.OptPageSize: "10"})
		env.Sync(t, "helpdesk", cache.OutcomeOK)
		good := stored(t, env)
		srv.Hook = func(w http.ResponseWriter, r *http.Request, n int) bool {
			if !strings.HasSuffix(r.URL.Path, "/tickets") {
				return false
			}
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"Items":[],"Paging":{"TotalRows":100000000000,"PageCount":10000000000,"PageSize":10,"PageIndex":0}}`))
			return true
		}
		res := env.Engine.Sync(context.Background(), "helpdesk", engine.SyncOptions{Full: true})
		if res.Outcome != cache.OutcomeFailed || !strings.Contains(res.Err.Error(), "helpdesk: /api/v1.0/tickets page 1: the server says the listing holds 100000000000 items, more than the 20000000 Cabinet reads from one listing") {
			t.Fatalf("sync ended %s: %v", res.Outcome, res.Err)
		}
		helpdesktest.Compare(t, good, stored(t, env))
	})
	t.Run("wrong site", func(t *testing.T) {
		_, env := start(t, tickets, map[string]string{iiq.OptSiteID: "not-the-site"})
		res := env.Sync(t, "helpdesk", cache.OutcomeFailed)
		if !strings.Contains(res.Err.Error(), "400 Bad Request") {
			t.Errorf("the failure says %q", res.Err)
		}
	})
}

// TestTest is the Sources tab's Test connection.
func TestTest(t *testing.T) {
	_, env := start(t, iiqtest.Generate(42, now, locations), nil)
	cfg, err := env.Engine.Source("helpdesk")
	if err != nil {
		t.Fatal(err)
	}
	got, err := env.Engine.Test(context.Background(), cfg, "")
	if err != nil || got != "Incident IQ answered, with 42 tickets" {
		t.Errorf("Test said %q, %v", got, err)
	}
	if _, err := env.Engine.Test(context.Background(), cfg, "wrong-token"); err == nil || !strings.Contains(err.Error(), "check the API token") {
		t.Errorf("a wrong token tested as %v", err)
	}
}
