package engine_test

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/sync/engine"
	"github.com/cabinetapp/cabinet/sync/summaryapi"
	"github.com/cabinetapp/cabinet/sync/synctest"
)

// TestSecrets keeps a token in the keyring, syncs with it, and forgets it
// when the source goes; the settings file never holds it.
func TestSecrets(t *testing.T) {
	_, url := startServer(t, smallDistrict(4), nil)
	keys := synctest.MemKeyring{}
	f := newFixture(t, url, engine.Options{Keyring: keys})
	cfg := engine.SourceConfig{Name: "lakeside", Kind: summaryapi.KindName, URL: url}
	if err := f.engine.SaveSource(cfg, testToken); err != nil {
		t.Fatal(err)
	}
	if keys["lakeside"] != testToken {
		t.Fatalf("keyring: %v", keys)
	}
	b, err := os.ReadFile(filepath.Join(f.dir, engine.ConfigFile))
	if err != nil || strings.Contains(string(b), testToken) {
		t.Fatalf("settings file: %v\n%s", err, b)
	}
	// Editing without a new secret keeps the stored one.
	cfg.Options = map[string]string{"page_size": "100"}
	if err := f.engine.SaveSource(cfg, ""); err != nil {
		t.Fatal(err)
	}
	what, err := f.engine.Test(context.Background(), cfg, "")
	if err != nil || what != "Riverside Unified School District answered, with 4 schools" {
		t.Fatalf("test: %q, %v", what, err)
	}
	if res := f.engine.Sync(context.Background(), "lakeside", engine.SyncOptions{}); res.Outcome != cache.OutcomeOK {
		t.Fatalf("sync with the keyring's token: %v", res.Err)
	}
	if err := f.engine.RemoveSource(context.Background(), "lakeside"); err != nil {
		t.Fatal(err)
	}
	if _, ok := keys["lakeside"]; ok {
		t.Fatal("the token outlived its source")
	}
	if n, _ := f.cache.Counts(context.Background(), "lakeside"); n.Total() != 0 {
		t.Fatalf("the source's data outlived it: %+v", n)
	}
}

// brokenKeyring is a computer without a usable keyring.
type brokenKeyring struct{}

func (brokenKeyring) Get(string) (string, error) { return "", errors.New("no D-Bus session") }
func (brokenKeyring) Set(string, string) error   { return errors.New("no D-Bus session") }
func (brokenKeyring) Delete(string) error        { return errors.New("no D-Bus session") }

func TestSettingsRefused(t *testing.T) {
	_, url := startServer(t, smallDistrict(4), nil)
	f := newFixture(t, url, engine.Options{Keyring: brokenKeyring{}})
	cases := []struct {
		cfg    engine.SourceConfig
		secret string
		want   string
	}{
		{engine.SourceConfig{Name: "a", Kind: summaryapi.KindName, URL: url}, "tok", "a: no keyring is available on this computer (no D-Bus session)"},
		{engine.SourceConfig{Name: "Bad Name", Kind: summaryapi.KindName, URL: url}, "", `"Bad Name" is not a usable source name`},
		{engine.SourceConfig{Name: "demo", Kind: summaryapi.KindName, URL: url}, "", "the name of the demo district"},
		{engine.SourceConfig{Name: "b", Kind: "ftp", URL: url}, "", `the kind "ftp" is not one this Cabinet knows`},
		{engine.SourceConfig{Name: "b", Kind: summaryapi.KindName, URL: "http://data.example.org"}, "", "plain http is allowed only to this computer"},
		{engine.SourceConfig{Name: "b", Kind: summaryapi.KindName, URL: "https://user:pw@data.example.org"}, "", "holds a user name or password"},
		{engine.SourceConfig{Name: "b", Kind: summaryapi.KindName, URL: url, Options: map[string]string{"colour": "red"}}, "", "has no setting colour"},
		{engine.SourceConfig{Name: "b", Kind: summaryapi.KindName, URL: url, SecretEnv: "X"}, "tok", "not both"},
		{engine.SourceConfig{Name: "b", Kind: summaryapi.KindName, URL: url, Options: map[string]string{"page_size": "0"}}, "", `page_size "0" is not a whole number from 1 to 10000`},
	}
	for _, tc := range cases {
		err := f.engine.SaveSource(tc.cfg, tc.secret)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: %v, want %q", tc.cfg, err, tc.want)
		}
		if errors.Is(err, engine.ErrNoKeyring) != strings.Contains(tc.want, "keyring") {
			t.Errorf("%+v: errors.Is(ErrNoKeyring) wrong for %v", tc.cfg, err)
		}
	}
	if res := f.engine.Sync(context.Background(), "riverside", engine.SyncOptions{}); res.Outcome != cache.OutcomeOK {
		t.Fatalf("the refused settings broke the good source: %v", res.Err)
	}
	f.engine.SaveSource(engine.SourceConfig{Name: "unset", Kind: summaryapi.KindName, URL: url, SecretEnv: "NOT_SET"}, "")
	res := f.engine.Sync(context.Background(), "unset", engine.SyncOptions{})
	if res.Err == nil || res.Err.Error() != "unset: the environment variable NOT_SET, which should hold the token, is not set" {
		t.Fatalf("sync without its variable: %v", res.Err)
	}
}

// TestCancel stops a sync from its progress callback, as a Cancel button
// would, and checks that it is logged as cancelled and changed nothing.
func TestCancel(t *testing.T) {
	_, url := startServer(t, smallDistrict(6), nil)
	f := newFixture(t, url, engine.Options{})
	before := dump(t, f.cache.Path())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var seen []engine.Progress
	res := f.engine.Sync(ctx, "riverside", engine.SyncOptions{Progress: func(p engine.Progress) {
		seen = append(seen, p)
		if p.Stage == "observations" {
			cancel()
		}
	}})
	if res.Outcome != cache.OutcomeCancelled || !strings.Contains(res.Err.Error(), "riverside: the sync was cancelled; the last good data are kept") {
		t.Fatalf("cancelled sync: %q, %v", res.Outcome, res.Err)
	}
	if dump(t, f.cache.Path()) != before {
		t.Fatal("the cancelled sync changed the cache")
	}
	if len(seen) == 0 || seen[0].Source != "riverside" {
		t.Fatalf("progress: %+v", seen)
	}
	if run, found, _ := f.cache.LastRun(context.Background(), "riverside"); !found || run.Outcome != cache.OutcomeCancelled {
		t.Fatalf("sync log: %+v", run)
	}
}

// TestStatus reports a synced source and its freshness.
func TestStatus(t *testing.T) {
	_, url := startServer(t, smallDistrict(8), nil)
	f := newFixture(t, url, engine.Options{})
	st, err := f.engine.Status(context.Background())
	if err != nil || len(st) != 1 || !st[0].LastSuccess.IsZero() || st[0].LastAttempt != nil {
		t.Fatalf("before any sync: %+v, %v", st, err)
	}
	for _, want := range []string{cache.OutcomeOK, cache.OutcomeUnchanged} {
		results, err := f.engine.SyncAll(context.Background(), engine.SyncOptions{})
		if err != nil || len(results) != 1 || results[0].Outcome != want {
			t.Fatalf("sync all: %+v, %v; want %s", results, err, want)
		}
	}
	st, err = f.engine.Status(context.Background())
	if err != nil || len(st) != 1 {
		t.Fatal(st, err)
	}
	s := st[0]
	if s.LastSuccess.IsZero() || s.Stale || s.LastAttempt.Outcome != cache.OutcomeUnchanged || s.Counts.Observations == 0 || s.Counts.Schools != 4 {
		t.Fatalf("status: %+v", s)
	}
}

// TestDeadline stops a sync that outlasts the engine's deadline.
func TestDeadline(t *testing.T) {
	_, url := startServer(t, smallDistrict(6), func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			time.Sleep(30 * time.Millisecond)
			h.ServeHTTP(w, r)
		})
	})
	f := newFixture(t, url, engine.Options{Deadline: 100 * time.Millisecond})
	res := f.engine.Sync(context.Background(), "riverside", engine.SyncOptions{})
	if res.Outcome != cache.OutcomeFailed || res.Err.Error() != "riverside: the sync took longer than 100ms and was stopped; the last good data are kept; if the source needs longer, raise its deadline setting" {
		t.Fatalf("%q: %v", res.Outcome, res.Err)
	}
}

// TestAddressEdits edits a synced source's address. Written another way
// it is the same server: the next sync carries on from where the last one
// ended and every month stays. Pointed at another server, the sync is
// refused and changes nothing, until it is told to replace the history.
func TestAddressEdits(t *testing.T) {
	_, url := startServer(t, smallDistrict(1), nil)
	f := newFixture(t, url, engine.Options{})
	f.sync(t, cache.OutcomeOK)
	before := dump(t, f.cache.Path())
	save := func(u string) {
		t.Helper()
		if err := f.engine.SaveSource(engine.SourceConfig{Name: "riverside", Kind: summaryapi.KindName, URL: u, SecretEnv: "TOKEN", Options: map[string]string{"page_size": "500"}}, ""); err != nil {
			t.Fatal(err)
		}
	}
	host := strings.TrimPrefix(url, "http://")
	for _, same := range []string{url + "/", "HTTP://" + host, "http://" + host + "//"} {
		t.Run(same, func(t *testing.T) {
			save(same)
			if res := f.sync(t, cache.OutcomeUnchanged); res.Full {
				t.Fatal("the edited address was taken for a new server: everything was fetched again")
			}
			if dump(t, f.cache.Path()) != before {
				t.Fatal("the cache changed")
			}
		})
	}

	_, other := startServer(t, smallDistrict(2), nil)
	save(other)
	res := f.engine.Sync(context.Background(), "riverside", engine.SyncOptions{})
	if res.Outcome != cache.OutcomeFailed || !errors.Is(res.Err, engine.ErrServerChanged) || !strings.Contains(res.Err.Error(), "--replace-history") {
		t.Fatalf("a sync from another server ended %q: %v", res.Outcome, res.Err)
	}
	if dump(t, f.cache.Path()) != before {
		t.Fatal("the refused sync changed the cache")
	}
	res = f.engine.Sync(context.Background(), "riverside", engine.SyncOptions{ReplaceHistory: true})
	if res.Outcome != cache.OutcomeOK || !res.Full || dump(t, f.cache.Path()) == before {
		t.Fatalf("replacing the history: %q (full %v), %v", res.Outcome, res.Full, res.Err)
	}
}

// TestRemoveSourceCanBeRetried removes a synced source whose cache cannot
// be written: nothing of it goes, not its settings, nor its secret, so the
// removal can be tried again, and then everything goes.
func TestRemoveSourceCanBeRetried(t *testing.T) {
	_, url := startServer(t, smallDistrict(4), nil)
	keys := synctest.MemKeyring{}
	f := newFixture(t, url, engine.Options{Keyring: keys})
	if err := f.engine.SaveSource(engine.SourceConfig{Name: "lakeside", Kind: summaryapi.KindName, URL: url}, testToken); err != nil {
		t.Fatal(err)
	}
	if res := f.engine.Sync(context.Background(), "lakeside", engine.SyncOptions{}); res.Outcome != cache.OutcomeOK {
		t.Fatal(res.Err)
	}
	f.cache.Close()
	if err := f.engine.RemoveSource(context.Background(), "lakeside"); err == nil {
		t.Fatal("removing a source from a closed cache succeeded")
	}
	if _, err := f.engine.Source("lakeside"); err != nil || keys["lakeside"] != testToken {
		t.Fatalf("a removal that failed took away the settings (%v) or the secret (%v)", err, keys)
	}

	c, err := cache.Open(context.Background(), f.cache.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	e := engine.New(f.dir, c, engine.Options{Kinds: []engine.Kind{summaryapi.Kind()}, Keyring: keys})
	if err := e.RemoveSource(context.Background(), "lakeside"); err != nil {
		t.Fatal(err)
	}
	n, err := c.Counts(context.Background(), "lakeside")
	if _, serr := e.Source("lakeside"); !errors.Is(serr, engine.ErrNoSource) || len(keys) != 0 || err != nil || n.Observations != 0 {
		t.Fatalf("after the retry: settings %v, keyring %v, %d observations (%v)", serr, keys, n.Observations, err)
	}
}
