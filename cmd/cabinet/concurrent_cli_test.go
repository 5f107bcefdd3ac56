package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/district/demo"
	"github.com/cabinetapp/cabinet/sync/summaryapi/contract"
	"github.com/cabinetapp/cabinet/sync/summaryapi/server"
	"github.com/cabinetapp/cabinet/sync/summaryapi/wire"
)

// stalled serves a demo district whose observations wait until release is
// called: a sync from it stays in flight for as long as a test needs.
type stalled struct {
	URL     string
	arrived chan struct{} // closed when the first request for observations arrives
	gate    chan struct{}
	once    sync.Once
}

func newStalled(t *testing.T, cfg demo.Config, token string) *stalled {
	s := &stalled{arrived: make(chan struct{}), gate: make(chan struct{})}
	h := contract.Handler(t, server.Handler(server.NewStore(server.Demo(cfg)), server.Options{Token: token}))
	var first sync.Once
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == wire.PathObservations {
			first.Do(func() { close(s.arrived) })
			select {
			case <-s.gate:
			case <-r.Context().Done():
				return
			}
		}
		h.ServeHTTP(w, r)
	}))
	s.URL = srv.URL
	t.Cleanup(func() { s.release(); srv.Close() })
	return s
}

func (s *stalled) release() { s.once.Do(func() { close(s.gate) }) }

// TestWorkDuringALongSync holds one source's sync in the middle of its
// observations and meanwhile saves a deck in this process and runs
// `cabinet status` and a sync of another source in others. Each must
// succeed: a sync fetches into a staging file and holds the cache's write
// lock only for the short apply at its end.
func TestWorkDuringALongSync(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the test keeps the keyring out of reach through D-Bus, which only Linux uses")
	}
	bin := cabinetBinary(t)
	end := time.Date(2026, time.April, 1, 0, 0, 0, 0, time.UTC)
	slow := newStalled(t, demo.Config{Seed: 5, Schools: 3, Years: 1, End: end}, "slow-token")
	other := httptest.NewServer(contract.Handler(t, server.Handler(server.NewStore(server.Demo(demo.Config{Seed: 6, Schools: 3, Years: 1, End: end})), server.Options{Token: "other-token"})))
	defer other.Close()
	c := &cli{t: t, bin: bin, data: t.TempDir(), env: []string{"SLOW_TOKEN=slow-token", "OTHER_TOKEN=other-token"}}
	for _, add := range [][]string{
		{"source", "add", "slow", "--url", slow.URL, "--token-env", "SLOW_TOKEN"},
		{"source", "add", "other", "--url", other.URL, "--token-env", "OTHER_TOKEN"},
	} {
		if code, _, stderr := c.run("", add...); code != 0 {
			t.Fatalf("cabinet %s: exit %d: %s", strings.Join(add, " "), code, stderr)
		}
	}

	long := exec.Command(bin, "sync", "--source", "slow", "--data", c.data)
	long.Env = append([]string{"HOME=" + c.data, "LANG=en_US.UTF-8", "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent", "PATH=/nonexistent"}, c.env...)
	var longOut, longErr bytes.Buffer
	long.Stdout, long.Stderr = &longOut, &longErr
	if err := long.Start(); err != nil {
		t.Fatal(err)
	}
	defer long.Process.Kill()
	select {
	case <-slow.arrived:
	case <-time.After(time.Minute):
		t.Fatal("the slow sync never asked for its observations")
	}

	t.Run("deck save", func(t *testing.T) {
		ctx := context.Background()
		app, err := cache.Open(ctx, filepath.Join(c.data, cache.FileName))
		if err != nil {
			t.Fatal(err)
		}
		defer app.Close()
		deck := district.Deck{Name: "Board", Slides: []district.Slide{{Kind: district.ChartSlide, Panel: "tech.tickets", Period: district.Period{Kind: district.Last12Months}}}}
		if err := app.CreateDeck(ctx, deck); err != nil {
			t.Fatalf("saving a deck during a sync: %v", err)
		}
	})
	t.Run("status", func(t *testing.T) {
		if code, stdout, stderr := c.run("", "status"); code != 0 || !strings.Contains(stdout, "other") {
			t.Fatalf("cabinet status during a sync: exit %d\n%s%s", code, stdout, stderr)
		}
	})
	t.Run("sync of another source", func(t *testing.T) {
		if code, stdout, stderr := c.run("", "sync", "--source", "other"); code != 0 || !strings.Contains(stdout, "other: synced everything") {
			t.Fatalf("cabinet sync --source other during a sync: exit %d\n%s%s", code, stdout, stderr)
		}
	})

	slow.release()
	if err := long.Wait(); err != nil {
		t.Fatalf("the slow sync: %v\n%s%s", err, longOut.String(), longErr.String())
	}
	if !strings.Contains(longOut.String(), "slow: synced everything") {
		t.Fatalf("the slow sync said: %s%s", longOut.String(), longErr.String())
	}
	code, stdout, stderr := c.run("", "status", "--json")
	for _, want := range []string{`"name": "slow"`, `"name": "other"`} {
		if code != 0 || !strings.Contains(stdout, want) {
			t.Fatalf("status after both syncs lacks %s: exit %d\n%s%s", want, code, stdout, stderr)
		}
	}
	staged, _ := filepath.Glob(filepath.Join(c.data, cache.FileName+".staging-*"))
	if len(staged) != 0 {
		t.Fatalf("staging files left behind: %v", staged)
	}
}
