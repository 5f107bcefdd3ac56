package engine_test

import (
	"context"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/sync/engine"
	"github.com/cabinetapp/cabinet/sync/summaryapi"
)

// buggy is a Summary API source that, once armed, panics after it has
// written everything: a bug in a connector.
type buggy struct {
	engine.Source
	armed *atomic.Bool
}

func (b buggy) Sync(ctx context.Context, w *cache.Writer, req engine.Request) (engine.Position, error) {
	pos, err := b.Source.Sync(ctx, w, req)
	if b.armed.Load() {
		var rows []int
		_ = rows[w.Records()] // out of range: a bug
	}
	return pos, err
}

// TestPanicFailsTheSync turns a connector's panic into a failed sync that
// says so in a sentence, keeps the last good data, and empties the
// write-ahead log of what it wrote.
func TestPanicFailsTheSync(t *testing.T) {
	_, url := startServer(t, smallDistrict(3), nil)
	var armed atomic.Bool
	kind := summaryapi.Kind()
	open := kind.Open
	kind.Open = func(s engine.Settings) (engine.Source, error) {
		src, err := open(s)
		return buggy{Source: src, armed: &armed}, err
	}
	f := newFixture(t, url, engine.Options{Kinds: []engine.Kind{kind}})
	f.sync(t, cache.OutcomeOK)
	before := dump(t, f.cache.Path())
	if st, err := os.Stat(f.cache.Path() + "-wal"); err != nil || st.Size() == 0 {
		t.Fatalf("the good sync left no write-ahead log to empty: %v", err)
	}
	armed.Store(true)
	res := f.engine.Sync(context.Background(), "riverside", engine.SyncOptions{Full: true})
	start, end := "riverside: Cabinet hit an internal error while syncing (runtime error: index out of range [", "] with length 0) and stopped; the last good data are kept; please report this"
	if res.Outcome != cache.OutcomeFailed || res.Err == nil || !strings.HasPrefix(res.Err.Error(), start) || !strings.HasSuffix(res.Err.Error(), end) {
		t.Fatalf("sync ended %s: %v\nwant %q...%q", res.Outcome, res.Err, start, end)
	}
	if after := dump(t, f.cache.Path()); after != before {
		t.Fatal("the failed sync changed the cache")
	}
	if st, err := os.Stat(f.cache.Path() + "-wal"); err == nil && st.Size() != 0 {
		t.Fatalf("the write-ahead log holds %d bytes after the failed sync", st.Size())
	}
	// The engine is still of use: the next sync, without the bug, works.
	armed.Store(false)
	if res := f.engine.Sync(context.Background(), "riverside", engine.SyncOptions{Full: true}); res.Outcome != cache.OutcomeOK {
		t.Fatalf("the sync after ended %s: %v", res.Outcome, res.Err)
	}
}

// TestVariableNames refuses a secret typed where a variable's name goes,
// without repeating it.
func TestVariableNames(t *testing.T) {
	f := newFixture(t, "http://127.0.0.1:1", engine.Options{})
	for _, name := range []string{"TOKEN", "_x", "Riverside_Token_2"} {
		if err := f.engine.SaveSource(engine.SourceConfig{Name: "ok", Kind: summaryapi.KindName, URL: "http://127.0.0.1:1", SecretEnv: name}, ""); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	for _, typed := range []string{"sk-live-9f8e7d", "2TOKEN", "tok en", "abc=="} {
		err := f.engine.SaveSource(engine.SourceConfig{Name: "bad", Kind: summaryapi.KindName, URL: "http://127.0.0.1:1", SecretEnv: typed}, "")
		if err == nil || strings.Contains(err.Error(), typed) || !strings.Contains(err.Error(), "put it in the secret field instead") {
			t.Errorf("%q: %v", typed, err)
		}
	}
	if _, err := f.engine.Source("bad"); err == nil {
		t.Error("a refused source was saved")
	}
}
