package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district/demo"
	"github.com/cabinetapp/cabinet/sync/summaryapi/server"
	"github.com/cabinetapp/cabinet/sync/summaryapi/wire"
)

// TestSyncKeepsWhatTheServerStoppedSending syncs from districtd, then has
// it answer the budget and products collections with no items, as a
// warehouse does while it reloads its tables: `cabinet sync` changes
// nothing, fails and says what the server sent and how to accept it;
// `cabinet sync --accept-removals` then takes the removal.
func TestSyncKeepsWhatTheServerStoppedSending(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the test keeps the keyring out of reach through D-Bus, which only Linux uses")
	}
	store := server.NewStore(server.Demo(demo.Config{Seed: 5, Schools: 3, Years: 1, End: time.Date(2026, time.April, 1, 0, 0, 0, 0, time.UTC)}))
	h := &turncoat{good: server.Handler(store, server.Options{Token: "good-token"})}
	srv := httptest.NewServer(h)
	defer srv.Close()
	c := &cli{t: t, bin: cabinetBinary(t), data: t.TempDir(), env: []string{"RIVERSIDE_TOKEN=good-token"}}
	if code, _, stderr := c.run("", "source", "add", "riverside", "--url", srv.URL, "--token-env", "RIVERSIDE_TOKEN"); code != 0 {
		t.Fatal(stderr)
	}
	if code, _, stderr := c.run("", "sync"); code != 0 {
		t.Fatal(stderr)
	}
	held := c.status()
	if held.Counts.BudgetLines == 0 || held.Counts.Products == 0 {
		t.Fatalf("the first sync brought no budget lines or products: %+v", held.Counts)
	}

	empty := func(w http.ResponseWriter, r *http.Request, good http.Handler) bool {
		if r.URL.Path != wire.PathBudget && r.URL.Path != wire.PathProducts {
			return false
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("ETag", `"reloading"`)
		fmt.Fprint(w, `{"items": []}`)
		return true
	}
	h.bad.Store(&empty)
	for _, args := range [][]string{{"sync"}, {"sync", "--full"}} {
		code, stdout, stderr := c.run("", args...)
		want := fmt.Sprintf("riverside: the server sent no budget lines (the cache holds %d) and no products (the cache holds %d); nothing was changed. If the removal is meant, sync again with 'cabinet sync --accept-removals'",
			held.Counts.BudgetLines, held.Counts.Products)
		if code != 1 || !strings.Contains(stderr, want) || strings.Contains(stdout, "synced") {
			t.Fatalf("cabinet %s from a server sending empty collections: exit %d\nstdout: %s\nstderr: %s\nwant stderr to hold %q", strings.Join(args, " "), code, stdout, stderr, want)
		}
		after := c.status()
		if after.Counts != held.Counts || after.LastSuccess == nil || !after.LastSuccess.Equal(*held.LastSuccess) || after.LastAttempt.Outcome != cache.OutcomeFailed {
			t.Fatalf("cabinet %s: the refused sync changed the cache or its freshness:\nbefore %+v\nafter  %+v", strings.Join(args, " "), held, after)
		}
	}

	code, stdout, stderr := c.run("", "sync", "--accept-removals")
	if code != 0 || !strings.Contains(stdout, "riverside: synced changes") {
		t.Fatalf("sync --accept-removals: exit %d\n%s%s", code, stdout, stderr)
	}
	if n := c.status().Counts; n.BudgetLines != 0 || n.Products != 0 || n.Observations != held.Counts.Observations {
		t.Fatalf("after accepting the removal: %+v", n)
	}
}

// sourceStatus is one source's entry in `cabinet status --json`.
type sourceStatus struct {
	LastSuccess *time.Time `json:"last_success"`
	LastAttempt struct {
		Outcome string `json:"outcome"`
	} `json:"last_attempt"`
	Counts cache.Counts `json:"counts"`
}

// status reads the only source's status.
func (c *cli) status() sourceStatus {
	c.t.Helper()
	code, stdout, stderr := c.run("", "status", "--json")
	var st []sourceStatus
	if err := json.Unmarshal([]byte(stdout), &st); code != 0 || err != nil || len(st) != 1 {
		c.t.Fatalf("status --json: exit %d, %v\n%s%s", code, err, stdout, stderr)
	}
	return st[0]
}
