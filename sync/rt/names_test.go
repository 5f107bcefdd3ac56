package rt_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/sync/engine"
	"github.com/cabinetapp/cabinet/sync/rt"
	"github.com/cabinetapp/cabinet/sync/synctest"
)

// queueServer serves tickets 1 to n in pages of 100 by id, each in the
// queue queue(id) names.
func queueServer(t *testing.T, n int, queue func(id int) string) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		after, _ := strconv.Atoi(strings.TrimPrefix(q.Get("query"), "id > "))
		per, _ := strconv.Atoi(q.Get("per_page"))
		from, to := after+1, min(after+per, n)
		if q.Get("order") == "DESC" {
			from, to = n, n
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"total":%d,"items":[`, n-after)
		for id := from; id <= to; id++ {
			if id > from {
				w.Write([]byte(","))
			}
			name, _ := json.Marshal(queue(id))
			fmt.Fprintf(w, `{"id":"%d","Status":"open","Created":"2026-10-01T09:00:00Z","LastUpdated":"2026-10-02T09:00:00Z","Priority":"0","Queue":{"Name":%s}}`, id, name)
		}
		w.Write([]byte("]}"))
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestHostileNames: queue names are tamed and cut before they are kept,
// and a server that names a queue of its own on every ticket, 10 KB
// each, fails the sync once it passes cache.MaxNames, in a sentence,
// changing nothing, with the heap held to a few megabytes.
func TestHostileNames(t *testing.T) {
	now := time.Date(2026, time.November, 20, 9, 0, 0, 0, time.UTC)
	t.Run("tamed and cut", func(t *testing.T) {
		long := strings.Repeat("Ω", 300)
		srv := queueServer(t, 3, func(id int) string {
			return []string{"\x1b]0;pwned\x07Adams\u202e ES\x1b[2J", "\u009b31mLincoln\r\nMS", long}[id-1]
		})
		env := synctest.New(t, now, rt.Kind())
		env.Add(t, engine.SourceConfig{Name: "helpdesk", Kind: rt.KindName, URL: srv.URL, Options: map[string]string{rt.OptSchoolsBy: "queue"}}, "a-token-for-tests")
		env.Sync(t, "helpdesk", cache.OutcomeOK)
		rows, err := env.Cache.SchoolMappings(context.Background(), "helpdesk")
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, m := range rows {
			names = append(names, m.Name)
			if strings.ContainsFunc(m.ID+m.Name, func(r rune) bool { return unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) }) ||
				utf8.RuneCountInString(m.Name) > district.MaxName {
				t.Errorf("kept %q (%d characters)", m.Name, utf8.RuneCountInString(m.Name))
			}
		}
		if want := "Adams ES|Lincoln MS|" + strings.Repeat("Ω", district.MaxName-1) + "…"; strings.Join(names, "|") != want {
			t.Errorf("kept %q, want %q", strings.Join(names, "|"), want)
		}
	})
	t.Run("a name of 10 KB on every ticket", func(t *testing.T) {
		n := cache.MaxNames + 500
		filler := strings.Repeat("q", 10<<10)
		srv := queueServer(t, n, func(id int) string { return fmt.Sprintf("%d %s", id, filler) })
		env := synctest.New(t, now, rt.Kind())
		env.Add(t, engine.SourceConfig{Name: "helpdesk", Kind: rt.KindName, URL: srv.URL, Options: map[string]string{rt.OptSchoolsBy: "queue"}}, "a-token-for-tests")
		before := synctest.Dump(t, env.Cache.Path(), false)
		runtime.GC()
		start := synctest.WatchHeap(t)()
		peak := synctest.WatchHeap(t)
		began := time.Now()
		res := env.Engine.Sync(context.Background(), "helpdesk", engine.SyncOptions{Full: true})
		took, grew := time.Since(began), int64(peak())-int64(start)
		t.Logf("%s after %s, the heap %+.1f MB at most: %v", res.Outcome, took.Round(time.Millisecond), float64(grew)/(1<<20), res.Err)
		if res.Outcome != cache.OutcomeFailed || res.Err == nil ||
			!strings.Contains(res.Err.Error(), "helpdesk: the source sent more than 20,000 different names (of schools, locations, queues, products or categories) in one sync") {
			t.Fatalf("the sync ended %s: %v", res.Outcome, res.Err)
		}
		if after := synctest.Dump(t, env.Cache.Path(), false); after != before {
			t.Fatal("the failed sync changed the cache")
		}
		if grew > 48<<20 {
			t.Fatalf("the heap grew by %.1f MB", float64(grew)/(1<<20))
		}
	})
}
