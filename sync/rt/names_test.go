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
func queueServer(t testing.TB, n int, queue func(id int) string) *httptest.Server {
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

// TestHostileNames: queue names are tamed and cut before they are kept; a
// server that names a queue of its own on every ticket fails the sync once
// it passes cache.MaxNames, in a sentence, changing nothing; and 10 KB
// names on every ticket cost the heap well under what they weigh, since
// only their first 200 characters are kept (BenchmarkTenKBNames sends them
// past the limit).
func TestHostileNames(t *testing.T) {
	now := time.Date(2026, time.November, 20, 9, 0, 0, 0, time.UTC)
	start := func(t *testing.T, n int, queue func(id int) string) *synctest.Env {
		srv := queueServer(t, n, queue)
		env := synctest.New(t, now, rt.Kind())
		env.Add(t, engine.SourceConfig{Name: "helpdesk", Kind: rt.KindName, URL: srv.URL, Options: map[string]string{rt.OptSchoolsBy: "queue"}}, "a-token-for-tests")
		return env
	}
	t.Run("tamed and cut", func(t *testing.T) {
		long := strings.Repeat("Ω", 300)
		env := start(t, 3, func(id int) string {
			return []string{"\x1b]0;pwned\x07Adams\u202e ES\x1b[2J", "\u009b31mLincoln\r\nMS", long}[id-1]
		})
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
	t.Run("more names than a district has", func(t *testing.T) {
		env := start(t, cache.MaxNames+500, func(id int) string { return fmt.Sprint("Queue ", id) })
		before := synctest.Dump(t, env.Cache.Path(), false)
		res := env.Engine.Sync(context.Background(), "helpdesk", engine.SyncOptions{Full: true})
		if res.Outcome != cache.OutcomeFailed || res.Err == nil ||
			!strings.Contains(res.Err.Error(), "helpdesk: the source sent more than 20,000 different names (of schools, locations, queues, products or categories) in one sync") {
			t.Fatalf("the sync ended %s: %v", res.Outcome, res.Err)
		}
		if after := synctest.Dump(t, env.Cache.Path(), false); after != before {
			t.Fatal("the failed sync changed the cache")
		}
	})
	t.Run("a name of 10 KB on every ticket", func(t *testing.T) {
		filler := strings.Repeat("q", 10<<10)
		env := start(t, 2500, func(id int) string { return fmt.Sprintf("%d %s", id, filler) })
		grew, res := heapGrowth(t, env)
		t.Logf("%s, the heap %+.1f MB at most for 25 MB of names: %v", res.Outcome, float64(grew)/(1<<20), res.Err)
		if res.Outcome != cache.OutcomeOK || grew > 32<<20 {
			t.Fatalf("the sync ended %s with the heap %+.1f MB: %v", res.Outcome, float64(grew)/(1<<20), res.Err)
		}
	})
}

// heapGrowth syncs env's help desk in full and returns how far the heap
// grew above where it began.
func heapGrowth(t testing.TB, env *synctest.Env) (int64, engine.Result) {
	runtime.GC()
	start := synctest.WatchHeap(t)()
	peak := synctest.WatchHeap(t)
	res := env.Engine.Sync(context.Background(), "helpdesk", engine.SyncOptions{Full: true})
	return int64(peak()) - int64(start), res
}

// BenchmarkTenKBNames is the flood the issue saw: a queue of its own, 10
// KB long, on each of 20,500 tickets. The sync fails at the 20,001st
// name; it reports how long that took and how far the heap grew.
func BenchmarkTenKBNames(b *testing.B) {
	now := time.Date(2026, time.November, 20, 9, 0, 0, 0, time.UTC)
	filler := strings.Repeat("q", 10<<10)
	for b.Loop() {
		srv := queueServer(b, cache.MaxNames+500, func(id int) string { return fmt.Sprintf("%d %s", id, filler) })
		env := synctest.New(b, now, rt.Kind())
		env.Add(b, engine.SourceConfig{Name: "helpdesk", Kind: rt.KindName, URL: srv.URL, Options: map[string]string{rt.OptSchoolsBy: "queue"}}, "a-token-for-tests")
		began := time.Now()
		grew, res := heapGrowth(b, env)
		if res.Outcome != cache.OutcomeFailed {
			b.Fatalf("the sync ended %s", res.Outcome)
		}
		b.ReportMetric(time.Since(began).Seconds(), "s-to-failure")
		b.ReportMetric(float64(grew)/(1<<20), "MB-heap-growth")
	}
}
