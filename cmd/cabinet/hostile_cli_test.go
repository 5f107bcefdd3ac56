package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/district/demo"
	"github.com/cabinetapp/cabinet/sync/oneroster/onerostertest"
	"github.com/cabinetapp/cabinet/sync/snipeit/snipeittest"
	"github.com/cabinetapp/cabinet/sync/summaryapi/contract"
	"github.com/cabinetapp/cabinet/sync/summaryapi/server"
	"github.com/cabinetapp/cabinet/sync/summaryapi/wire"
	"github.com/cabinetapp/cabinet/sync/synctest"
)

// turncoat serves as good does until bad is set; then bad sees each
// request first and answers those it wants to.
type turncoat struct {
	good http.Handler
	bad  atomic.Pointer[func(w http.ResponseWriter, r *http.Request, good http.Handler) bool]
}

func (h *turncoat) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if bad := h.bad.Load(); bad != nil && (*bad)(w, r, h.good) {
		return
	}
	h.good.ServeHTTP(w, r)
}

// rewrite answers a request as good would, with change applied to the
// JSON body and the header.
func rewrite(w http.ResponseWriter, r *http.Request, good http.Handler, change func(body map[string]any, h http.Header)) {
	rec := httptest.NewRecorder()
	good.ServeHTTP(rec, r)
	var body map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		panic(err)
	}
	change(body, rec.Header())
	for k, v := range rec.Header() {
		if k != "Content-Length" {
			w.Header()[k] = v
		}
	}
	w.WriteHeader(rec.Code)
	json.NewEncoder(w).Encode(body)
}

// stall starts an answer and then sends a byte a second.
func stall(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Write([]byte(`{"items":[`))
	w.(http.Flusher).Flush()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-time.After(time.Second):
		}
		w.Write([]byte(" "))
		w.(http.Flusher).Flush()
	}
}

// echo answers 401 with an error body that gives back the request's
// credentials in every form, wrapped in terminal escape sequences and
// most of a megabyte of them more.
func echo(w http.ResponseWriter, r *http.Request, field string) {
	r.ParseForm()
	auth := r.Header.Get("Authorization")
	user, pass, _ := r.BasicAuth()
	said := fmt.Sprintf("\x1b]0;pwned\x07\x1b[31mrefused\x1b[0m Authorization: %s; you sent %s and %s, %s, %s\n%s",
		auth, strings.TrimPrefix(auth, "Bearer "), user+":"+pass, base64.StdEncoding.EncodeToString([]byte(user+":"+pass)),
		r.Form.Encode(), strings.Repeat("\x1b[2J\x1b[H", 40_000))
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusUnauthorized)
	json.NewEncoder(w).Encode(map[string]string{field: said})
}

type hostileCase struct {
	name string
	bad  func(w http.ResponseWriter, r *http.Request, good http.Handler) bool
	want string
}

// TestHostileServers syncs each connector from a server that turns
// hostile after a good sync: every case ends with exit 1, one clean
// sentence naming the source, no secret anywhere, the cache's tables as
// they were and its write-ahead log emptied, within two minutes (the
// stalls, at the real 20 s default, take the longest).
func TestHostileServers(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the test keeps the keyring out of reach through D-Bus, which only Linux uses")
	}
	bin := cabinetBinary(t)
	const (
		token    = "summary-token-0123456789"
		fleetTok = "snipe-token-0123456789"
		clientID = "cabinet"
		secret   = "roster+secret%with:odd/chars"
	)
	store := server.NewStore(server.Demo(demo.Config{Seed: 5, Schools: 3, Years: 1, End: time.Date(2026, time.April, 1, 0, 0, 0, 0, time.UTC)}))
	on := func(path string, then func(w http.ResponseWriter, r *http.Request, good http.Handler)) func(http.ResponseWriter, *http.Request, http.Handler) bool {
		return func(w http.ResponseWriter, r *http.Request, good http.Handler) bool {
			if !strings.HasSuffix(r.URL.Path, path) {
				return false
			}
			then(w, r, good)
			return true
		}
	}
	var cursors atomic.Int64
	connectors := []struct {
		kind  string
		good  func() http.Handler
		add   func(url string) []string
		cases []hostileCase
	}{
		{kind: "summaryapi", good: func() http.Handler { return contract.Handler(t, server.Handler(store, server.Options{Token: token})) },
			add: func(url string) []string { return []string{"--url", url, "--token-env", "SECRET"} },
			cases: []hostileCase{
				{name: "a total of a quadrillion", bad: on(wire.PathObservations, func(w http.ResponseWriter, r *http.Request, good http.Handler) {
					rewrite(w, r, good, func(b map[string]any, _ http.Header) { b["total"] = 1_000_000_000_000_000 })
				}), want: "/v1/observations page 1: the server says the listing holds 1000000000000000 items, more than the 20000000 Cabinet reads from one listing"},
				{name: "an unpaged collection past the limit", bad: on(wire.PathSchools, func(w http.ResponseWriter, r *http.Request, good http.Handler) {
					// Counted into the sync's progress only once bounded.
					rewrite(w, r, good, func(b map[string]any, _ http.Header) {
						first := b["items"].([]any)[0].(map[string]any)
						items := make([]any, wire.MaxCollection+1)
						for i := range items {
							item := maps.Clone(first)
							item["id"] = fmt.Sprintf("X%05d", i)
							items[i] = item
						}
						b["items"] = items
					})
				}), want: "/v1/schools: 10001 items is more than the 10000 the API allows"},
				{name: "two cursors in turn, with new rows", bad: on(wire.PathObservations, func(w http.ResponseWriter, r *http.Request, good http.Handler) {
					// Each page is the first, with its first row in a new month.
					q := r.URL.Query()
					q.Del("cursor")
					r.URL.RawQuery = q.Encode()
					rewrite(w, r, good, func(b map[string]any, _ http.Header) {
						n := cursors.Add(1)
						item := b["items"].([]any)[0].(map[string]any)
						item["period"] = fmt.Sprintf("%04d-%02d-01", 1900+n/12, n%12+1)
						b["items"], b["has_more"], b["cursor"] = []any{item}, true, []string{"A", "B"}[n%2]
					})
				}), want: "/v1/observations page 3: the server pointed back to a page Cabinet had already read, so the listing would never end"},
				{name: "a stall", bad: on(wire.PathObservations, func(w http.ResponseWriter, r *http.Request, _ http.Handler) { stall(w, r) }),
					want: "the server stopped sending while Cabinet fetched /v1/observations: less than 1024 bytes a second for 20s, so Cabinet gave up on it"},
				{name: "credentials echoed", bad: on(wire.PathDistrict, func(w http.ResponseWriter, r *http.Request, _ http.Handler) { echo(w, r, "detail") }),
					want: "server answered 401 Unauthorized; check the token (refused Authorization: Bearer [redacted]; you sent [redacted] and"},
			}},
		{kind: "snipeit", good: func() http.Handler { return snipeittest.New(fleetTok) },
			add: func(url string) []string {
				return []string{"--kind", "snipeit", "--url", url, "--token-env", "SECRET", "--page-size", "5"}
			},
			cases: []hostileCase{
				{name: "a total of a quadrillion", bad: on("/hardware", func(w http.ResponseWriter, r *http.Request, good http.Handler) {
					rewrite(w, r, good, func(b map[string]any, _ http.Header) { b["total"] = 1_000_000_000_000_000 })
				}), want: "/api/v1/hardware page 1: the server says the listing holds 1000000000000000 items"},
				{name: "the first page at every offset", bad: on("/hardware", func(w http.ResponseWriter, r *http.Request, good http.Handler) {
					q := r.URL.Query()
					q.Set("offset", "0")
					r.URL.RawQuery = q.Encode()
					good.ServeHTTP(w, r)
				}), want: "/api/v1/hardware page 2: the server sent the record"},
				{name: "a stall", bad: on("/hardware", func(w http.ResponseWriter, r *http.Request, _ http.Handler) { stall(w, r) }),
					want: "the server stopped sending while Cabinet fetched /api/v1/hardware: less than 1024 bytes a second for 20s"},
				{name: "credentials echoed", bad: on("/hardware", func(w http.ResponseWriter, r *http.Request, _ http.Handler) { echo(w, r, "messages") }),
					want: "server answered 401 Unauthorized; check the API token (refused Authorization: Bearer [redacted]"},
			}},
		{kind: "oneroster", good: func() http.Handler { return onerostertest.New(clientID, secret) },
			add: func(url string) []string {
				return []string{"--kind", "oneroster", "--url", url, "--token-url", url + onerostertest.TokenPath, "--client-id", clientID,
					"--client-secret-env", "SECRET", "--page-size", "4"}
			},
			cases: []hostileCase{
				{name: "an X-Total-Count of a quadrillion", bad: on("/enrollments", func(w http.ResponseWriter, r *http.Request, good http.Handler) {
					rewrite(w, r, good, func(_ map[string]any, h http.Header) { h.Set("X-Total-Count", "1000000000000000") })
				}), want: "/ims/oneroster/rostering/v1p2/enrollments page 1: the server says the listing holds 1000000000000000 items"},
				{name: "a next link one record on", bad: on("/enrollments", func(w http.ResponseWriter, r *http.Request, good http.Handler) {
					rewrite(w, r, good, func(_ map[string]any, h http.Header) {
						offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
						h.Set("Link", fmt.Sprintf(`<%s?limit=4&offset=%d>; rel="next"`, r.URL.Path, offset+1))
						h.Del("X-Total-Count")
					})
				}), want: "/ims/oneroster/rostering/v1p2/enrollments page 1: the server's next page starts at offset 1, inside the 4 items from offset 0 it just sent"},
				{name: "a stall", bad: on("/enrollments", func(w http.ResponseWriter, r *http.Request, _ http.Handler) { stall(w, r) }),
					want: "the server stopped sending while Cabinet fetched /ims/oneroster/rostering/v1p2/enrollments: less than 1024 bytes a second for 20s"},
				{name: "a stalled token endpoint", bad: on(onerostertest.TokenPath, func(w http.ResponseWriter, r *http.Request, _ http.Handler) {
					// With the body read, the server notices the client go.
					io.Copy(io.Discard, r.Body)
					<-r.Context().Done()
				}),
					want: "the server stopped sending while Cabinet fetched /oauth/token: less than 1024 bytes a second for 20s"},
				{name: "credentials echoed by the token endpoint", bad: on(onerostertest.TokenPath, func(w http.ResponseWriter, r *http.Request, _ http.Handler) { echo(w, r, "error_description") }),
					want: "server answered 401 Unauthorized; check the client ID and secret (refused Authorization: Basic [redacted]; you sent Basic [redacted] and cabinet:[redacted], [redacted], grant_type=client_"},
			}},
	}
	secrets := []string{token, fleetTok, secret, "access-"}
	for _, conn := range connectors {
		for _, tc := range conn.cases {
			t.Run(conn.kind+"/"+tc.name, func(t *testing.T) {
				t.Parallel()
				h := &turncoat{good: conn.good()}
				srv := httptest.NewServer(h)
				defer srv.Close()
				value := map[string]string{"summaryapi": token, "snipeit": fleetTok, "oneroster": secret}[conn.kind]
				c := &cli{t: t, bin: bin, data: t.TempDir(), env: []string{"SECRET=" + value}}
				name := "src-" + conn.kind
				if code, _, stderr := c.run("", append([]string{"source", "add", name}, conn.add(srv.URL)...)...); code != 0 {
					t.Fatalf("source add: exit %d: %s", code, stderr)
				}
				if code, _, stderr := c.run("", "sync"); code != 0 {
					t.Fatalf("the good sync: exit %d: %s", code, stderr)
				}
				db := filepath.Join(c.data, "cabinet.db")
				before := synctest.Dump(t, db, true)
				h.bad.Store(&tc.bad)
				start := time.Now()
				// In full, so that no collection is left alone as unchanged.
				code, stdout, stderr := c.run("", "sync", "--full")
				took := time.Since(start)
				lines := strings.Split(strings.TrimSpace(stderr), "\n")
				t.Logf("failed after %s: %s", took.Round(10*time.Millisecond), lines[len(lines)-1])
				if code != 1 || !strings.Contains(stderr, name+": ") || !strings.Contains(stderr, tc.want) {
					t.Fatalf("exit %d\nstderr: %s\nwant exit 1, the source's name and %q", code, stderr, tc.want)
				}
				if took > 2*time.Minute {
					t.Fatalf("took %s", took)
				}
				_, status, _ := c.run("", "status", "--json")
				for _, out := range []string{stdout, stderr, status} {
					if strings.ContainsRune(out, 0x1b) || len(out) > 10_000 {
						t.Fatalf("untamed output (%d bytes): %.300q", len(out), out)
					}
					for _, s := range secrets {
						if strings.Contains(out, s) || strings.Contains(out, base64.StdEncoding.EncodeToString([]byte(clientID+":"+s))) {
							t.Fatalf("%q leaked: %s", s, out)
						}
					}
				}
				if after := synctest.Dump(t, db, true); after != before {
					t.Fatal("the failed sync changed the cache's tables")
				}
				if st, err := os.Stat(db + "-wal"); err == nil && st.Size() != 0 {
					t.Fatalf("the write-ahead log holds %d bytes after the failed sync", st.Size())
				}
				for _, f := range []string{"sources.json", "cabinet.db", "cabinet.db-wal"} {
					b, _ := os.ReadFile(filepath.Join(c.data, f))
					for _, s := range secrets[:3] {
						if bytes.Contains(b, []byte(s)) {
							t.Fatalf("%s holds a secret", f)
						}
					}
				}
			})
		}
	}
}

// TestSecretInTheVariableField refuses, and stores nothing, when what is
// given as an environment variable's name is a secret.
func TestSecretInTheVariableField(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the test keeps the keyring out of reach through D-Bus, which only Linux uses")
	}
	c := &cli{t: t, bin: cabinetBinary(t), data: t.TempDir()}
	const typed = "sk-live-9f8e7d6c5b4a"
	for _, args := range [][]string{
		{"source", "add", "riverside", "--url", "http://127.0.0.1:1", "--token-env", typed},
		{"source", "add", "roster", "--kind", "oneroster", "--url", "http://127.0.0.1:1", "--token-url", "http://127.0.0.1:1/token",
			"--client-id", "x", "--client-secret-env", typed},
	} {
		code, stdout, stderr := c.run("", args...)
		if code != 1 || !strings.Contains(stderr, "is not a name (letters, digits and _, not starting with a digit); if it is the secret itself, put it in the secret field instead") {
			t.Fatalf("cabinet %s: exit %d\n%s", strings.Join(args, " "), code, stderr)
		}
		if strings.Contains(stdout+stderr, typed) {
			t.Fatalf("the secret was echoed: %s", stderr)
		}
	}
	if b, err := os.ReadFile(filepath.Join(c.data, "sources.json")); err == nil && bytes.Contains(b, []byte(typed)) {
		t.Fatal("sources.json holds the secret")
	}
}

// TestListingLimitsAreSettings: a source's max_items caps what one listing
// may hold, and says how to raise it; its deadline is a setting too.
func TestListingLimitsAreSettings(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the test keeps the keyring out of reach through D-Bus, which only Linux uses")
	}
	store := server.NewStore(server.Demo(demo.Config{Seed: 5, Schools: 3, Years: 1, End: time.Date(2026, time.April, 1, 0, 0, 0, 0, time.UTC)}))
	srv := httptest.NewServer(contract.Handler(t, server.Handler(store, server.Options{Token: "tok"})))
	defer srv.Close()
	c := &cli{t: t, bin: cabinetBinary(t), data: t.TempDir(), env: []string{"TOKEN=tok"}}
	steps := []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"source", "add", "small", "--url", srv.URL, "--token-env", "TOKEN", "--max-items", "none"}, 1, `max_items "none" is not a whole number of at least 1`},
		{[]string{"source", "add", "small", "--url", srv.URL, "--token-env", "TOKEN", "--max-items", "10"}, 0, ""},
		{[]string{"sync"}, 1, "small: /v1/observations page 1: the server says the listing holds 2404 items, more than the 10 Cabinet reads from one listing; if that is right, raise max_items in the source's settings"},
		{[]string{"source", "add", "slow", "--url", srv.URL, "--token-env", "TOKEN", "--deadline", "soon"}, 1, `slow: deadline "soon" is not a length of time from 1s to 24h, such as 90s, 20m or 1h`},
		{[]string{"source", "add", "slow", "--url", srv.URL, "--token-env", "TOKEN", "--deadline", "90s"}, 0, ""},
	}
	for _, s := range steps {
		if code, _, stderr := c.run("", s.args...); code != s.code || !strings.Contains(stderr, s.stderr) {
			t.Fatalf("cabinet %s: exit %d\n%s\nwant exit %d and %q", strings.Join(s.args, " "), code, stderr, s.code, s.stderr)
		}
	}
	if b, err := os.ReadFile(filepath.Join(c.data, "sources.json")); err != nil || !bytes.Contains(b, []byte(`"deadline": "90s"`)) {
		t.Fatalf("sources.json does not keep the deadline: %s %v", b, err)
	}
}
