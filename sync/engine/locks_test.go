package engine_test

import (
	"context"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/sync/engine"
	"github.com/cabinetapp/cabinet/sync/summaryapi"
	"github.com/cabinetapp/cabinet/sync/synctest"
)

// slowKeyring is a keyring whose D-Bus service takes its time: once armed,
// a Set or Delete says it has begun and waits to be released.
type slowKeyring struct {
	synctest.MemKeyring
	armed   bool
	entered chan struct{}
	release chan struct{}
}

func (k *slowKeyring) wait() {
	if k.armed {
		k.entered <- struct{}{}
		<-k.release
	}
}

func (k *slowKeyring) Set(s, v string) error { k.wait(); return k.MemKeyring.Set(s, v) }
func (k *slowKeyring) Delete(s string) error { k.wait(); return k.MemKeyring.Delete(s) }

// TestKeyringWaitHoldsNoLock saves and removes a source while the keyring
// is slow to answer: meanwhile another source syncs and the status is read,
// neither waiting for the keyring.
func TestKeyringWaitHoldsNoLock(t *testing.T) {
	_, url := startServer(t, smallDistrict(4), nil)
	keys := &slowKeyring{MemKeyring: synctest.MemKeyring{}, entered: make(chan struct{}), release: make(chan struct{})}
	f := newFixture(t, url, engine.Options{Keyring: keys})
	lakeside := engine.SourceConfig{Name: "lakeside", Kind: summaryapi.KindName, URL: url}
	ctx := context.Background()

	for _, step := range []struct {
		name string
		do   func() error
	}{
		{"saving a source's secret", func() error { return f.engine.SaveSource(lakeside, testToken) }},
		{"removing a source's secret", func() error { return f.engine.RemoveSource(ctx, "lakeside") }},
	} {
		keys.armed = true
		done := make(chan error, 1)
		go func() { done <- step.do() }()
		<-keys.entered

		other := make(chan string, 1)
		go func() {
			if _, err := f.engine.Status(ctx); err != nil {
				other <- err.Error()
				return
			}
			res := f.engine.Sync(ctx, "riverside", engine.SyncOptions{})
			if res.Outcome != cache.OutcomeOK && res.Outcome != cache.OutcomeUnchanged {
				other <- res.Err.Error()
				return
			}
			other <- ""
		}()
		select {
		case msg := <-other:
			if msg != "" {
				t.Fatalf("%s: another source's sync failed: %s", step.name, msg)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: another source's status and sync waited for the keyring", step.name)
		}
		close(keys.release)
		if err := <-done; err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		keys.armed, keys.release = false, make(chan struct{})
	}
	if _, ok := keys.MemKeyring["lakeside"]; ok {
		t.Fatal("the removed source's secret is still in the keyring")
	}
}
