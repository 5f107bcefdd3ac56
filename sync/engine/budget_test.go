package engine_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/sync/engine"
	"github.com/cabinetapp/cabinet/sync/rt"
	"github.com/cabinetapp/cabinet/sync/summaryapi"
	"github.com/cabinetapp/cabinet/sync/synctest"
)

// TestSourceDeadline: a source's deadline setting bounds its sync, and a
// setting that is not a length of time is refused in a sentence.
func TestSourceDeadline(t *testing.T) {
	_, url := startServer(t, smallDistrict(6), func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/v1/schools" {
				// A server that holds the request, neither answering nor
				// closing, as long as the client waits.
				<-r.Context().Done()
				return
			}
			h.ServeHTTP(w, r)
		})
	})
	f := newFixture(t, url, engine.Options{})
	cfg, err := f.engine.Source("riverside")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Options[engine.OptDeadline] = "soon"
	if err := f.engine.SaveSource(cfg, ""); err == nil || err.Error() != `riverside: deadline "soon" is not a length of time from 1s to 24h, such as 90s, 20m or 1h` {
		t.Fatalf("saving a deadline of soon: %v", err)
	}
	cfg.Options[engine.OptDeadline] = "1s"
	if err := f.engine.SaveSource(cfg, ""); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	res := f.engine.Sync(context.Background(), "riverside", engine.SyncOptions{})
	took := time.Since(start)
	if res.Outcome != cache.OutcomeFailed || res.Err == nil ||
		res.Err.Error() != "riverside: the sync took longer than 1 second and was stopped; the last good data are kept; if the source needs longer, raise its deadline setting" {
		t.Fatalf("after %s: %s %v", took, res.Outcome, res.Err)
	}
	if took > 5*time.Second {
		t.Fatalf("stopped after %s", took)
	}
	t.Logf("stopped after %s", took.Round(10*time.Millisecond))
}

// TestSourcesSyncSideBySide: one slow server does not hold the others.
// Summary API sources sync side by side while one of them waits for its
// server; the help desk, whose queues map to the schools they supply,
// starts only once they are all done.
func TestSourcesSyncSideBySide(t *testing.T) {
	release := make(chan struct{})
	_, slow := startServer(t, smallDistrict(7), func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/v1/district" {
				<-release
			}
			h.ServeHTTP(w, r)
		})
	})
	_, fast1 := startServer(t, smallDistrict(8), nil)
	_, fast2 := startServer(t, smallDistrict(9), nil)
	var districtsDone atomic.Int32
	var helpdeskEarly atomic.Bool
	helpdesk := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if districtsDone.Load() < 3 {
			helpdeskEarly.Store(true)
		}
		w.Write([]byte(`{"total":0,"items":[]}`))
	}))
	t.Cleanup(helpdesk.Close)
	// The slow server's request waits until the others are done, which on
	// a busy machine under -race takes longer than the fast tests' 5 s
	// timeout: this test is about order, so its requests may wait a minute.
	hopts := synctest.FastHTTP
	hopts.Timeout = time.Minute
	f := newFixture(t, slow, engine.Options{Kinds: []engine.Kind{summaryapi.Kind(), rt.Kind()}, HTTP: hopts})
	for name, url := range map[string]string{"sa-fast": fast1, "sb-fast": fast2} {
		if err := f.engine.SaveSource(engine.SourceConfig{Name: name, Kind: summaryapi.KindName, URL: url, SecretEnv: "TOKEN"}, ""); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.engine.SaveSource(engine.SourceConfig{Name: "a-helpdesk", Kind: rt.KindName, URL: helpdesk.URL, SecretEnv: "TOKEN",
		Options: map[string]string{rt.OptSchoolsBy: "queue"}}, ""); err != nil {
		t.Fatal(err)
	}
	finished := make(chan engine.Result, 4)
	all := make(chan []engine.Result, 1)
	go func() {
		results, err := f.engine.SyncAll(context.Background(), engine.SyncOptions{Finished: func(r engine.Result) {
			if r.Source != "a-helpdesk" {
				districtsDone.Add(1)
			}
			finished <- r
		}})
		if err != nil {
			t.Error(err)
		}
		all <- results
	}()
	var order []string
	for range 2 {
		select {
		case r := <-finished:
			order = append(order, r.Source)
		case <-time.After(20 * time.Second):
			close(release)
			t.Fatalf("the fast sources did not finish while the slow one waited (finished: %v)", order)
		}
	}
	close(release)
	results := <-all
	for len(finished) > 0 {
		order = append(order, (<-finished).Source)
	}
	var outcomes []string
	for _, r := range results {
		outcomes = append(outcomes, r.Source+" "+r.Outcome)
		if r.Err != nil {
			t.Logf("%s: %v", r.Source, r.Err)
		}
	}
	if got := strings.Join(outcomes, ", "); got != "riverside ok, sa-fast ok, sb-fast ok, a-helpdesk ok" {
		t.Fatalf("results %s, finished in the order %v", got, order)
	}
	if helpdeskEarly.Load() {
		t.Fatal("the help desk synced before the sources that supply the schools finished")
	}
	if strings.Join(order[:2], " ") != "sa-fast sb-fast" && strings.Join(order[:2], " ") != "sb-fast sa-fast" {
		t.Fatalf("finished in the order %v", order)
	}
}
