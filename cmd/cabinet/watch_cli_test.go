package main

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/district/demo"
	"github.com/cabinetapp/cabinet/panel"
	"github.com/cabinetapp/cabinet/sync/summaryapi/server"
)

// TestAnotherProcessSyncIsNoticed holds the cache open as the app does (a
// board, and the watch for other writers) while `cabinet sync` runs in
// another process: the watch says the file changed, the board shown
// before still reads the demo district, and a board read now shows the
// synced one.
func TestAnotherProcessSyncIsNoticed(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the test keeps the keyring out of reach through D-Bus, which only Linux uses")
	}
	ctx := context.Background()
	c := &cli{t: t, bin: cabinetBinary(t), data: t.TempDir(), env: []string{"RIVERSIDE_TOKEN=tok"}}
	if code, _, stderr := c.run("", "demo", "--schools", "24", "--years", "2"); code != 0 {
		t.Fatalf("cabinet demo: exit %d: %s", code, stderr)
	}
	end := time.Date(2026, time.March, 1, 0, 0, 0, 0, time.UTC)
	srv := httptest.NewServer(server.Handler(server.NewStore(server.Demo(demo.Config{Seed: 3, Schools: 6, Years: 1, End: end})), server.Options{Token: "tok"}))
	defer srv.Close()
	if code, _, stderr := c.run("", "source", "add", "riverside", "--url", srv.URL, "--token-env", "RIVERSIDE_TOKEN"); code != 0 {
		t.Fatalf("cabinet source add: exit %d: %s", code, stderr)
	}

	app, err := cache.Open(ctx, filepath.Join(c.data, cache.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	watch, err := app.Watch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer watch.Close()
	shown := readBoard(t, app)
	defer shown.Release()

	if code, stdout, stderr := c.run("", "sync"); code != 0 || !strings.Contains(stdout, "riverside: synced") {
		t.Fatalf("cabinet sync in another process: exit %d\n%s%s", code, stdout, stderr)
	}
	if changed, err := watch.Changed(ctx); !changed || err != nil {
		t.Fatalf("after another process synced, the watch says %v, %v", changed, err)
	}
	if len(shown.Schools) != 24 || !shown.Profile.Demo {
		t.Fatalf("the board shown before the sync now has %d schools (demo %v)", len(shown.Schools), shown.Profile.Demo)
	}
	if r, err := shown.Build(ctx, "instruction.ela_by_school", panel.Filter{Period: district.Period{Kind: district.Last12Months}}); err != nil || len(r.Ranking.Rows) != 24 {
		t.Fatalf("the board shown before the sync ranks %v schools: %v", r.Ranking, err)
	}
	fresh := readBoard(t, app)
	defer fresh.Release()
	if len(fresh.Schools) != 6 || fresh.Profile.Demo {
		t.Fatalf("a board read after the sync has %d schools (demo %v), want the synced 6", len(fresh.Schools), fresh.Profile.Demo)
	}
	if st, ok := app.SyncState("riverside"); !ok || st.SyncedAt.IsZero() {
		t.Fatalf("the app's cache does not know riverside synced: %+v", st)
	}
}

// readBoard reads a board of c as it stands, for the caller to release.
func readBoard(t *testing.T, c *cache.Cache) *panel.Board {
	t.Helper()
	snap, err := c.Read(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	b, err := panel.NewBoard(context.Background(), snap, district.Suppression{})
	if err != nil {
		t.Fatal(err)
	}
	return b
}
