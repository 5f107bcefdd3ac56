package engine_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/district/demo"
	"github.com/cabinetapp/cabinet/sync/engine"
	"github.com/cabinetapp/cabinet/sync/summaryapi"
	"github.com/cabinetapp/cabinet/sync/summaryapi/server"
	"github.com/cabinetapp/cabinet/sync/summaryapi/wire"
	"github.com/cabinetapp/cabinet/sync/synctest"
)

// injector sits between the client and districtd and, once armed, breaks
// the requests a fault names.
type injector struct {
	mu    sync.Mutex
	fault *fault
	hits  int
	url   string // the server's own address, for redirects
}

// fault breaks requests to path: the nth from `from` on, `times` of them
// (0: all).
type fault struct {
	name        string
	path        string
	from, times int
	serve       func(in *injector, w http.ResponseWriter, r *http.Request, next http.Handler)
	// opts adjusts the engine for the fault.
	opts func(*engine.Options)
	// want is part of the failed sync's message; "" means the sync must
	// succeed despite the fault.
	want string
}

func (in *injector) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		in.mu.Lock()
		f := in.fault
		hit := false
		if f != nil && r.URL.Path == f.path {
			in.hits++
			hit = in.hits >= f.from && (f.times == 0 || in.hits < f.from+f.times)
		}
		in.mu.Unlock()
		if hit {
			f.serve(in, w, r, next)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func status(code int, header ...string) func(*injector, http.ResponseWriter, *http.Request, http.Handler) {
	return func(_ *injector, w http.ResponseWriter, _ *http.Request, _ http.Handler) {
		for i := 0; i < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		w.Header().Set("Content-Type", wire.MediaProblem)
		w.WriteHeader(code)
		fmt.Fprintf(w, `{"type":"about:blank","title":%q,"status":%d,"detail":"the token %s was refused"}`, http.StatusText(code), code, testToken)
	}
}

// rewrite passes the real response through edit.
func rewrite(edit func([]byte) []byte) func(*injector, http.ResponseWriter, *http.Request, http.Handler) {
	return func(_ *injector, w http.ResponseWriter, r *http.Request, next http.Handler) {
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		body := edit(rec.Body.Bytes())
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.Header().Del("Content-Length")
		w.WriteHeader(rec.Code)
		w.Write(body)
	}
}

// replaceFirst edits the first match of re in a body.
func replaceFirst(re, with string) func([]byte) []byte {
	rx := regexp.MustCompile(re)
	return func(b []byte) []byte {
		loc := rx.FindIndex(b)
		if loc == nil {
			panic("fault pattern " + re + " not found")
		}
		return append(append(append([]byte{}, b[:loc[0]]...), rx.Expand(nil, []byte(with), b, rx.FindSubmatchIndex(b))...), b[loc[1]:]...)
	}
}

var faults = []fault{
	{name: "500 then success", path: wire.PathObservations, from: 2, times: 1, serve: status(500)},
	{name: "503 with Retry-After then success", path: wire.PathSchools, from: 1, times: 1, serve: status(503, "Retry-After", "1")},
	{name: "429 then success", path: wire.PathUsage, from: 1, times: 2, serve: status(429)},
	{name: "503 for good", path: wire.PathObservations, from: 3, serve: status(503),
		want: "server answered 503 Service Unavailable for /v1/observations 3 times; try again later (the token [redacted] was refused)"},
	{name: "429 for good", path: wire.PathMetrics, from: 1, serve: status(429),
		want: "server answered 429 Too Many Requests for /v1/metrics 3 times; try again later"},
	{name: "Retry-After too long", path: wire.PathBudget, from: 1, serve: status(503, "Retry-After", "3600"),
		want: "server answered 503 Service Unavailable for /v1/budget-lines; try again later (it asked Cabinet to wait 1h0m0s before trying again)"},
	{name: "timeout", path: wire.PathSchools, from: 1, serve: func(_ *injector, w http.ResponseWriter, r *http.Request, _ http.Handler) {
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	}, opts: func(o *engine.Options) { o.HTTP.Timeout = time.Second }, // long enough for the other requests under -race on a busy machine
		want: "the server did not answer /v1/schools within 1s, after 2 tries"}, // a timeout is tried again once
	{name: "connection reset mid-body", path: wire.PathObservations, from: 2, serve: func(_ *injector, w http.ResponseWriter, r *http.Request, next http.Handler) {
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			panic(err)
		}
		body := rec.Body.Bytes()
		fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", len(body))
		buf.Write(body[:len(body)/2])
		buf.Flush()
		conn.Close()
	}, want: "the connection broke while fetching /v1/observations (unexpected EOF), after 3 tries"},
	{name: "truncated JSON", path: wire.PathObservations, from: 3, serve: rewrite(func(b []byte) []byte { return b[:len(b)*2/3] }),
		want: "/v1/observations page 3: the body ends in the middle of the JSON"},
	{name: "wrong type", path: wire.PathObservations, from: 2, serve: rewrite(replaceFirst(`"value":[0-9.]+`, `"value":"high"`)),
		want: "/v1/observations page 2: items.value is a string where a finite number belongs"},
	{name: "NaN", path: wire.PathObservations, from: 2, serve: rewrite(replaceFirst(`"value":[0-9.]+`, `"value":NaN`)),
		want: "/v1/observations page 2: the body is not valid JSON at byte"},
	{name: "negative count", path: wire.PathObservations, from: 2, serve: rewrite(replaceFirst(`"n":[0-9]+`, `"n":-5`)),
		want: "n -5 is negative"},
	{name: "percentage over 100", path: wire.PathObservations, from: 1,
		serve: rewrite(replaceFirst(`("metric":"devices.broken_pct","period":"[0-9-]+","value":)[0-9.]+`, `${1}104`)),
		want:  "/v1/observations page 1, item 241 (devices.broken_pct at district, 2023-07-01): devices.broken_pct: 104% is outside 0 to 100"},
	{name: "unknown metric", path: wire.PathObservations, from: 2, serve: rewrite(replaceFirst(`"metric":"[a-z_.]+"`, `"metric":"made.up"`)),
		want: `unknown metric "made.up"`},
	{name: "duplicate key", path: wire.PathObservations, from: 1, serve: rewrite(func(b []byte) []byte {
		i := bytes.Index(b, []byte(`{"metric"`))
		j := bytes.Index(b[i:], []byte("},")) + i + 2
		return append(append(append([]byte{}, b[:j]...), b[i:j]...), b[j:]...)
	}), want: "/v1/observations page 1: item 2 repeats item 1"},
	{name: "duplicate across pages", path: wire.PathObservations, from: 2, times: 1, serve: func(_ *injector, w http.ResponseWriter, r *http.Request, next http.Handler) {
		// The second page starts with the first page's first item.
		first, r1 := httptest.NewRecorder(), r.Clone(r.Context())
		q := r1.URL.Query()
		q.Del("cursor")
		r1.URL.RawQuery = q.Encode()
		next.ServeHTTP(first, r1)
		item := regexp.MustCompile(`\{"metric"[^}]*\}`).Find(first.Body.Bytes())
		rewrite(replaceFirst(`\{"metric"[^}]*\}`, string(item)))(nil, w, r, next)
	}, want: "/v1/observations page 2: the server sent the record devices.age_0_1 at district, 2023-07-01 again"},
	// A limit of 1 MiB for the test, so 17 MiB are not written through a
	// loaded machine under the race detector within the 5 s timeout.
	{name: "body over the size limit", path: wire.PathObservations, from: 1, serve: rewrite(func(b []byte) []byte {
		pad := `{"padding":"` + strings.Repeat("x", 2<<20) + `",`
		return append([]byte(pad), b[1:]...)
	}), opts: func(o *engine.Options) { o.HTTP.MaxBody = 1 << 20 },
		want: "the server sent more than 1 MiB for /v1/observations, the most Cabinet accepts in one response"},
	{name: "401", path: wire.PathDistrict, from: 1, serve: status(401, "WWW-Authenticate", "Bearer"),
		want: "server answered 401 Unauthorized; check the token (the token [redacted] was refused)"},
	{name: "403", path: wire.PathBudget, from: 1, serve: status(403),
		want: "server answered 403 Forbidden for /v1/budget-lines; the token is not allowed to read it"},
	{name: "404", path: wire.PathProducts, from: 1, serve: status(404),
		want: "server answered 404 Not Found for /v1/products; check the address"},
	{name: "redirect to another host", path: wire.PathSchools, from: 1, serve: func(in *injector, w http.ResponseWriter, r *http.Request, _ http.Handler) {
		http.Redirect(w, r, strings.Replace(in.url, "127.0.0.1", "localhost", 1)+r.URL.Path, http.StatusFound)
	}, want: "the server redirected to another host (http://localhost:"},
}

// TestFaults breaks a full sync in each way a server or network can and
// checks the message and that the cache's data are exactly as before.
func TestFaults(t *testing.T) {
	cfg := demo.Config{Seed: 3, Schools: 3, Years: 1, End: time.Date(2024, time.June, 1, 0, 0, 0, 0, time.UTC)}
	for _, tc := range faults {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			in := &injector{}
			store, url := startServer(t, cfg, in.wrap)
			in.url = url
			opts := engine.Options{HTTP: synctest.FastHTTP}
			if tc.opts != nil {
				tc.opts(&opts)
			}
			f := newFixture(t, url, opts)
			f.sync(t, cache.OutcomeOK)
			// A change on the server, so a sync that went through would
			// change the cache.
			if err := store.PutObservation(district.Observation{Metric: district.InternetUptime, Period: district.Month(cfg.End), Value: 97.5}); err != nil {
				t.Fatal(err)
			}
			before := dump(t, f.cache.Path())
			in.mu.Lock()
			in.fault = &tc
			in.mu.Unlock()
			start := time.Now()
			res := f.engine.Sync(context.Background(), "riverside", engine.SyncOptions{Full: true})
			if tc.want == "" {
				if res.Outcome != cache.OutcomeOK {
					t.Fatalf("sync failed despite retries: %v", res.Err)
				}
				if in.hits == 0 {
					t.Fatal("the fault never struck")
				}
				if strings.Contains(tc.name, "Retry-After") && time.Since(start) < time.Second {
					t.Fatalf("retried after %s, before the server's Retry-After of 1s", time.Since(start))
				}
				return
			}
			if res.Outcome != cache.OutcomeFailed || res.Err == nil {
				t.Fatalf("sync ended %q, want failed", res.Outcome)
			}
			msg := res.Err.Error()
			if !strings.HasPrefix(msg, "riverside: ") || !strings.Contains(msg, tc.want) {
				t.Errorf("message %q\nwant it to contain %q", msg, tc.want)
			}
			if strings.Contains(msg, testToken) {
				t.Errorf("message %q holds the token", msg)
			}
			if after := dump(t, f.cache.Path()); after != before {
				t.Error("the failed sync changed the cache's data")
			}
			run, found, err := f.cache.LastRun(context.Background(), "riverside")
			if err != nil || !found || run.Outcome != cache.OutcomeFailed || run.Message != msg {
				t.Errorf("sync log: %+v, %v", run, err)
			}
		})
	}
}

// TestUntrustedCertificate points a synced source at a server whose
// certificate this computer does not trust.
func TestUntrustedCertificate(t *testing.T) {
	_, url := startServer(t, smallDistrict(1), nil)
	f := newFixture(t, url, engine.Options{})
	f.sync(t, cache.OutcomeOK)
	before := dump(t, f.cache.Path())
	tlsSrv := httptest.NewUnstartedServer(server.Handler(server.NewStore(server.Demo(smallDistrict(2))), server.Options{Token: testToken}))
	tlsSrv.Config.ErrorLog = log.New(io.Discard, "", 0)
	tlsSrv.StartTLS()
	defer tlsSrv.Close()
	if err := f.engine.SaveSource(engine.SourceConfig{Name: "riverside", Kind: summaryapi.KindName, URL: tlsSrv.URL, SecretEnv: "TOKEN"}, ""); err != nil {
		t.Fatal(err)
	}
	res := f.engine.Sync(context.Background(), "riverside", engine.SyncOptions{ReplaceHistory: true})
	want := "riverside: the server's TLS certificate is not trusted (it is signed by an authority this computer does not trust); Cabinet always checks certificates"
	if res.Outcome != cache.OutcomeFailed || res.Err == nil || res.Err.Error() != want {
		t.Fatalf("sync ended %q: %v\nwant %q", res.Outcome, res.Err, want)
	}
	if dump(t, f.cache.Path()) != before {
		t.Fatal("the failed sync changed the cache's data")
	}
}
