package engine_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district/demo"
	"github.com/cabinetapp/cabinet/sync/engine"
	"github.com/cabinetapp/cabinet/sync/summaryapi"
	"github.com/cabinetapp/cabinet/sync/summaryapi/contract"
	"github.com/cabinetapp/cabinet/sync/summaryapi/server"
	"github.com/cabinetapp/cabinet/sync/synctest"
)

const testToken = "s3cret-token-for-tests"

// smallDistrict is a demo district that syncs in well under a second, and
// in a few under the race detector: a year of four schools, still several
// pages at the fixture's page size.
func smallDistrict(seed uint64) demo.Config {
	return demo.Config{Seed: seed, Schools: 4, Years: 1, End: time.Date(2026, time.March, 1, 0, 0, 0, 0, time.UTC)}
}

// startServer serves a demo district on a free 127.0.0.1 port, with wrap
// (if set) between the client and the handler to inject faults. Every
// answer the handler gives is checked against the contract.
func startServer(t testing.TB, cfg demo.Config, wrap func(http.Handler) http.Handler) (*server.Store, string) {
	t.Helper()
	store := server.NewStore(server.Demo(cfg))
	h := contract.Handler(t, server.Handler(store, server.Options{Token: testToken}))
	if wrap != nil {
		h = wrap(h)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return store, srv.URL
}

type fixture struct {
	dir    string
	cache  *cache.Cache
	engine *engine.Engine
}

// newFixture opens a cache in a temporary data folder with one Summary API
// source, "riverside", whose token is in the environment variable TOKEN.
func newFixture(t testing.TB, url string, opts engine.Options) *fixture {
	t.Helper()
	dir := t.TempDir()
	c, err := cache.Open(context.Background(), filepath.Join(dir, cache.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if opts.Kinds == nil {
		opts.Kinds = []engine.Kind{summaryapi.Kind()}
	}
	if opts.Keyring == nil {
		opts.Keyring = synctest.MemKeyring{}
	}
	if opts.Getenv == nil {
		opts.Getenv = func(k string) string {
			if k == "TOKEN" {
				return testToken
			}
			return ""
		}
	}
	if opts.HTTP == (engine.HTTPOptions{}) {
		opts.HTTP = synctest.FastHTTP
	}
	e := engine.New(dir, c, opts)
	if err := e.SaveSource(engine.SourceConfig{Name: "riverside", Kind: summaryapi.KindName, URL: url, SecretEnv: "TOKEN",
		// Small pages, so every test pages through several.
		Options: map[string]string{"page_size": "500"}}, ""); err != nil {
		t.Fatal(err)
	}
	return &fixture{dir: dir, cache: c, engine: e}
}

// sync runs one sync and fails the test unless it ends with want.
func (f *fixture) sync(t testing.TB, want string) engine.Result {
	t.Helper()
	res := f.engine.Sync(context.Background(), "riverside", engine.SyncOptions{})
	if res.Outcome != want {
		t.Fatalf("sync ended %q (%v), want %q", res.Outcome, res.Err, want)
	}
	return res
}

// dump writes the cache's data tables as text, row by row in key order.
func dump(t testing.TB, path string) string { return synctest.Dump(t, path, true) }
