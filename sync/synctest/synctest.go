// Package synctest is what the tests and benchmarks of sync sources share:
// an engine over a cache in a temporary folder with a fixed clock, secrets
// in memory, quick retries, and a watch on the heap's peak.
package synctest

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/sync/engine"
)

// MemKeyring keeps secrets in memory.
type MemKeyring map[string]string

// Get reads a secret.
func (k MemKeyring) Get(s string) (string, error) {
	v, ok := k[s]
	if !ok {
		return "", keyring.ErrNotFound
	}
	return v, nil
}

// Set stores a secret.
func (k MemKeyring) Set(s, v string) error { k[s] = v; return nil }

// Delete forgets a secret.
func (k MemKeyring) Delete(s string) error { delete(k, s); return nil }

// FastHTTP retries quickly so fault tests stay fast.
var FastHTTP = engine.HTTPOptions{Timeout: 5 * time.Second, Retries: 2, MinWait: 5 * time.Millisecond, MaxWait: 2 * time.Second}

// Env is an engine over a cache in a temporary data folder.
type Env struct {
	Dir    string
	Cache  *cache.Cache
	Engine *engine.Engine
	// Vars are the environment variables the engine reads secrets from.
	Vars map[string]string
}

// New opens a cache whose clock reads now and an engine over it that
// knows kinds.
func New(t testing.TB, now time.Time, kinds ...engine.Kind) *Env {
	t.Helper()
	dir := t.TempDir()
	c, err := cache.Open(context.Background(), filepath.Join(dir, cache.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	c.Now = func() time.Time { return now }
	env := &Env{Dir: dir, Cache: c, Vars: map[string]string{}}
	env.Engine = engine.New(dir, c, engine.Options{Kinds: kinds, Keyring: MemKeyring{}, HTTP: FastHTTP,
		Getenv: func(k string) string { return env.Vars[k] }})
	return env
}

// Add configures a source whose secret is in the environment variable
// named after it.
func (env *Env) Add(t testing.TB, cfg engine.SourceConfig, secret string) {
	t.Helper()
	cfg.SecretEnv = strings.ToUpper(strings.ReplaceAll(cfg.Name, "-", "_")) + "_SECRET"
	env.Vars[cfg.SecretEnv] = secret
	if err := env.Engine.SaveSource(cfg, ""); err != nil {
		t.Fatal(err)
	}
}

// Sync syncs a source and fails the test unless it ends with want.
func (env *Env) Sync(t testing.TB, name, want string) engine.Result {
	t.Helper()
	res := env.Engine.Sync(context.Background(), name, engine.SyncOptions{})
	if res.Outcome != want {
		t.Fatalf("sync of %s ended %q (%v), want %q", name, res.Outcome, res.Err, want)
	}
	return res
}

// Leaks returns those of words that appear in the cache's files (the
// database and its write-ahead log), matched as bytes.
func (env *Env) Leaks(t testing.TB, words []string) []string {
	t.Helper()
	var files [][]byte
	for _, suffix := range []string{"", "-wal", "-journal"} {
		b, err := os.ReadFile(env.Cache.Path() + suffix)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		files = append(files, b)
	}
	var out []string
	for _, w := range words {
		for _, b := range files {
			if bytes.Contains(b, []byte(w)) {
				out = append(out, w)
				break
			}
		}
	}
	return out
}

// WatchHeap samples the heap until the test or benchmark ends and
// returns a function that reports the largest it saw, in bytes.
func WatchHeap(t testing.TB) func() uint64 {
	var peak atomic.Uint64
	done := make(chan struct{})
	t.Cleanup(func() { close(done) })
	go func() {
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	return peak.Load
}

// PeakRSS is the process's largest resident set so far, in bytes, from
// /proc/self/status on Linux; 0 elsewhere.
func PeakRSS() uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			if f := strings.Fields(rest); len(f) > 0 {
				kb, _ := strconv.ParseUint(f[0], 10, 64)
				return kb << 10
			}
		}
	}
	return 0
}

// Schools are the eight schools of the connectors' fixtures, as a Summary
// API would supply them; the fixtures spell their names their own ways.
var Schools = []district.School{
	{ID: "S0001", Name: "Adams Elementary", Level: district.Elementary, Enrolment: 550},
	{ID: "S0002", Name: "Brookside Elementary", Level: district.Elementary, Enrolment: 433},
	{ID: "S0003", Name: "Cedar Grove Elementary", Level: district.Elementary, Enrolment: 417},
	{ID: "S0004", Name: "Delta View Elementary", Level: district.Elementary, Enrolment: 380},
	{ID: "S0005", Name: "Eastwood Elementary", Level: district.Elementary, Enrolment: 401},
	{ID: "S0006", Name: "Lincoln Middle School", Level: district.Middle, Enrolment: 820},
	{ID: "S0007", Name: "Riverside High School", Level: district.High, Enrolment: 1600},
	{ID: "S0008", Name: "Horizon Alternative School", Level: district.Alternative, Enrolment: 16},
}

// dataTables are the tables that hold what sources wrote: a failed sync
// must leave every one of them as it was.
var dataTables = []string{"sources", "profile", "schools", "metrics", "observations", "budget_lines",
	"products", "product_usage", "coverage", "school_map"}

// Observations reads a cache file's observations as a source sent them:
// source, metric, school, period ('2026-01-01'), value, n.
const Observations = `SELECT s.name AS source, m.name AS metric, k.name AS school, printf('%04d-%02d-01', o.period / 12, o.period % 12 + 1) AS period, o.value, o.n
	FROM observations AS o JOIN source_keys AS s ON s.id = o.source JOIN metric_keys AS m ON m.id = o.metric
	JOIN school_keys AS k ON k.id = o.school`

// namedFigures read the tables of figures as a source sent them: the
// cache keys them by numbers, which two caches given the same names in
// another order number differently.
var namedFigures = map[string]string{
	"observations": "SELECT * FROM (" + Observations + ") ORDER BY 1, 2, 3, 4",
	"product_usage": `SELECT s.name, p.name, k.name, printf('%04d-%02d-01', u.period / 12, u.period % 12 + 1), u.active_users, u.weekly_active
		FROM product_usage AS u JOIN source_keys AS s ON s.id = u.source JOIN product_keys AS p ON p.id = u.product
		JOIN school_keys AS k ON k.id = u.school ORDER BY 1, 2, 3, 4`,
}

// Dump writes a cache file's data tables as text, row by row in key order,
// to compare a cache before and after a write that must change nothing.
// Without withTimes it leaves out when each source last synced, which a
// rerun of the same sync changes.
func Dump(t testing.TB, path string, withTimes bool) string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var b strings.Builder
	for _, table := range dataTables {
		fmt.Fprintf(&b, "== %s\n", table)
		q := "SELECT * FROM " + table + " ORDER BY 1, 2, 3"
		if named, ok := namedFigures[table]; ok {
			q = named
		}
		if table == "sources" && !withTimes {
			q = "SELECT name, kind, priority, cursor, state FROM sources ORDER BY 1"
		}
		rows, err := db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintln(&b, vals...)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	return b.String()
}
