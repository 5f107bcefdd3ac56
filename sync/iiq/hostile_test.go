package iiq_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/sync/engine"
	"github.com/cabinetapp/cabinet/sync/iiq"
	"github.com/cabinetapp/cabinet/sync/synctest"
)

// TestHostileServer points the Incident IQ source at servers that lie:
// each sync must fail with a sentence naming the source, within seconds,
// change nothing in the cache, and never repeat the token or a raw
// decoder's message.
func TestHostileServer(t *testing.T) {
	ticket := func(id int) string {
		return fmt.Sprintf(`{"TicketId":"t%d","CreatedDate":"2026-10-01T09:00:00Z","ModifiedDate":"2026-10-02T09:00:00Z","IsClosed":false,"LocationId":"loc-1","Location":{"LocationId":"loc-1","Name":"Adams Elementary"}}`, id)
	}
	page := func(total int64, from, n int) string {
		items := make([]string, n)
		for i := range items {
			items[i] = ticket(from + i)
		}
		return fmt.Sprintf(`{"Items":[%s],"Paging":{"TotalRows":%d,"PageSize":%d}}`, strings.Join(items, ","), total, n)
	}
	// repeating answers every page with its first hundred tickets.
	repeating := func(total int64) func(w http.ResponseWriter, r *http.Request) {
		return func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Query().Get("$s") == "1" {
				fmt.Fprint(w, page(total, 1, 1))
				return
			}
			fmt.Fprint(w, page(total, 1, 100))
		}
	}
	tests := []struct {
		name  string
		serve func(w http.ResponseWriter, r *http.Request)
		want  string
	}{
		{"the same 100 tickets on every page under a total of 300", repeating(300),
			`/api/v1.0/tickets page 2: the server sent the record "t1" again, which an earlier page held, so the listing would never end`},
		{"the same 100 tickets under a total of ten million", repeating(10_000_000),
			`/api/v1.0/tickets page 2: the server sent the record "t1" again`},
		{"a total of a hundred billion", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, page(100_000_000_000, 1, 1))
		}, "more than the 20000000 Cabinet reads from one listing"},
		{"a list of tickets that is text", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, `{"Items":"none","Paging":{"TotalRows":3}}`)
		}, "/api/v1.0/tickets page 1: Items is a string where a list belongs"},
		{"a body cut short", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, `{"Items":[`)
		}, "/api/v1.0/tickets page 1: the body ends in the middle of the JSON"},
		{"a refusal that echoes the token", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprintf(w, `{"Message":"\u001b[31mdenied\u001b[0m","detail":"you sent %s"}`, r.Header.Get("Authorization"))
		}, "server answered 401 Unauthorized; check the API token (you sent Bearer [redacted])"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				tt.serve(w, r)
			}))
			t.Cleanup(srv.Close)
			env := synctest.New(t, now, iiq.Kind())
			env.Add(t, engine.SourceConfig{Name: "helpdesk", Kind: iiq.KindName, URL: srv.URL,
				Options: map[string]string{iiq.OptSiteID: site, iiq.OptPace: "0"}}, token)
			before := synctest.Dump(t, env.Cache.Path(), false)
			// A listing that would page for an hour is stopped here, and
			// the test fails: the source must stop it itself.
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			start := time.Now()
			res := env.Engine.Sync(ctx, "helpdesk", engine.SyncOptions{Full: true})
			took := time.Since(start)
			if res.Outcome != cache.OutcomeFailed || res.Err == nil {
				t.Fatalf("the sync ended %s after %s: %v", res.Outcome, took, res.Err)
			}
			msg := res.Err.Error()
			for _, bad := range []string{token, "\x1b", "json:", "Go value", "Go struct"} {
				if strings.Contains(msg, bad) {
					t.Fatalf("the failure repeats %q: %s", bad, msg)
				}
			}
			if !strings.HasPrefix(msg, "helpdesk: ") || !strings.Contains(msg, tt.want) {
				t.Fatalf("the failure says %q; want it to name the source and say %q", msg, tt.want)
			}
			if after := synctest.Dump(t, env.Cache.Path(), false); after != before {
				t.Fatalf("the failed sync changed the cache:\n%s\nwas\n%s", after, before)
			}
			t.Logf("failed in %s: %s", took.Round(time.Millisecond), msg)
		})
	}
}
