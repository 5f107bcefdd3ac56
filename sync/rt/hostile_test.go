package rt_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/sync/engine"
	"github.com/cabinetapp/cabinet/sync/rt"
	"github.com/cabinetapp/cabinet/sync/synctest"
)

// TestHostileServer points the RT source at servers that lie: each sync
// must fail with a sentence naming the source after a request or two (the
// lie is seen on the page that tells it), change nothing in the cache, and
// never repeat the password in any form or a raw decoder's message.
func TestHostileServer(t *testing.T) {
	const password = "p+ss:w%rd-for-tests"
	ticket := func(id int) string {
		return fmt.Sprintf(`{"id":"%d","Status":"open","Created":"2026-10-01T09:00:00Z","LastUpdated":"2026-10-02T09:00:00Z","Resolved":"1970-01-01T00:00:00Z","Due":"1970-01-01T00:00:00Z","Priority":"0","Queue":{"Name":"General"},"CustomFields":""}`, id)
	}
	page := func(total int64, ids ...int) string {
		items := make([]string, len(ids))
		for i, id := range ids {
			items[i] = ticket(id)
		}
		return fmt.Sprintf(`{"total":%d,"page":1,"per_page":%d,"pages":1,"count":%d,"items":[%s]}`, total, len(ids), len(ids), strings.Join(items, ","))
	}
	// most is how many requests the sync may make before it gives up: it
	// ends at once, whatever the lie would have it fetch.
	tests := []struct {
		name  string
		serve func(w http.ResponseWriter, r *http.Request)
		want  string
		most  int32
	}{
		{"a total of a hundred billion", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, page(100_000_000_000, 1))
		}, "more than the 20000000 Cabinet reads from one listing", 2},
		{"the same tickets on every page", func(w http.ResponseWriter, r *http.Request) {
			ids := make([]int, 10)
			for i := range ids {
				ids[i] = i + 1
			}
			fmt.Fprint(w, page(1000, ids...))
		}, `/REST/2.0/tickets page 2: the server sent the record "1" again, which an earlier page held, so the listing would never end`, 3},
		{"a list of tickets that is text", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, `{"total":3,"items":"none"}`)
		}, "/REST/2.0/tickets: items is a string where a list belongs", 2},
		{"a ticket whose id is a list", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, `{"total":3,"items":[{"id":[1]}]}`)
		}, "/REST/2.0/tickets: ticket 1 of the page: its id is neither a number nor text", 2},
		{"a body cut short", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, `{"total":3,"items":[`)
		}, "/REST/2.0/tickets: the body ends in the middle of the JSON", 2},
		{"a refusal that echoes the credentials", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprintf(w, "\x1b[31mdenied\x1b[0m %s %s %s", r.Header.Get("Authorization"), password,
				base64.StdEncoding.EncodeToString([]byte("root:"+password)))
		}, "401 Unauthorized", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var requests atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				requests.Add(1)
				w.Header().Set("Content-Type", "application/json")
				tt.serve(w, r)
			}))
			t.Cleanup(srv.Close)
			env := synctest.New(t, time.Date(2026, time.November, 20, 9, 0, 0, 0, time.UTC), rt.Kind())
			env.Add(t, engine.SourceConfig{Name: "helpdesk", Kind: rt.KindName, URL: srv.URL,
				Options: map[string]string{rt.OptUser: "root", rt.OptSchoolsBy: "queue", rt.OptPageSize: "10"}}, password)
			before := synctest.Dump(t, env.Cache.Path(), false)
			res := env.Engine.Sync(context.Background(), "helpdesk", engine.SyncOptions{Full: true})
			if res.Outcome != cache.OutcomeFailed || res.Err == nil {
				t.Fatalf("the sync ended %s: %v", res.Outcome, res.Err)
			}
			msg := res.Err.Error()
			for _, secret := range []string{password, base64.StdEncoding.EncodeToString([]byte("root:" + password)), "\x1b", "json:", "Go value", "Go struct"} {
				if strings.Contains(msg, secret) {
					t.Fatalf("the failure repeats %q: %s", secret, msg)
				}
			}
			if !strings.HasPrefix(msg, "helpdesk: ") || !strings.Contains(msg, tt.want) {
				t.Fatalf("the failure says %q; want it to name the source and say %q", msg, tt.want)
			}
			if after := synctest.Dump(t, env.Cache.Path(), false); after != before {
				t.Fatalf("the failed sync changed the cache:\n%s\nwas\n%s", after, before)
			}
			if n := requests.Load(); n > tt.most {
				t.Fatalf("the sync made %d requests before it gave up, more than %d", n, tt.most)
			}
		})
	}
}
