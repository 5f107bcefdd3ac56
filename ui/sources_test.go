package ui

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district/demo"
	"github.com/cabinetapp/cabinet/sync/engine"
	"github.com/cabinetapp/cabinet/sync/snipeit"
	"github.com/cabinetapp/cabinet/sync/snipeit/snipeittest"
	"github.com/cabinetapp/cabinet/sync/summaryapi"
	"github.com/cabinetapp/cabinet/sync/summaryapi/server"
	"github.com/cabinetapp/cabinet/sync/synctest"
)

const testToken = "ui-test-token"

// newSyncingDashboard opens the dashboard with a sync engine and one
// Summary API source, "riverside", served on 127.0.0.1 by the reference
// server; the token it sends is token.
func newSyncingDashboard(t *testing.T, token string) *dashboard {
	t.Helper()
	end := time.Date(2026, time.November, 1, 0, 0, 0, 0, time.UTC)
	store := server.NewStore(server.Demo(demo.Config{Seed: 7, Schools: 6, Years: 2, End: end}))
	srv := httptest.NewServer(server.Handler(store, server.Options{Token: testToken}))
	t.Cleanup(srv.Close)

	return riversideDashboard(t, srv.URL, token, engine.HTTPOptions{})
}

// riversideDashboard opens the dashboard with a sync engine whose one
// Summary API source, "riverside", is at url and sends token.
func riversideDashboard(t *testing.T, url, token string, h engine.HTTPOptions) *dashboard {
	t.Helper()
	c := mustOpenCache(t)
	e := engine.New(filepath.Dir(c.Path()), c, engine.Options{
		Kinds:  []engine.Kind{summaryapi.Kind()},
		Getenv: func(k string) string { return map[string]string{"RIVERSIDE_TOKEN": token}[k] },
		HTTP:   h,
	})
	if err := e.SaveSource(engine.SourceConfig{Name: "riverside", Kind: "summaryapi", URL: url, SecretEnv: "RIVERSIDE_TOKEN"}, ""); err != nil {
		t.Fatal(err)
	}
	a := test.NewTempApp(t)
	test.ApplyTheme(t, lightTheme{theme.DefaultTheme()})
	w := test.NewTempWindow(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	d := newDashboard(ctx, a, w, c, Options{Now: func() time.Time { return fixedNow }, Engine: e})
	w.SetContent(d.content)
	w.Resize(laptop)
	d.start()
	settle(d, w)
	return d
}

func TestSyncNowReplacesTheDemo(t *testing.T) {
	d := newSyncingDashboard(t, testToken)
	if !d.demoBadge.Visible() {
		t.Fatal("before any sync the window should show the demo district")
	}
	act(d.br, func() { d.tabs.Select(d.sourcesItem) })
	settle(d, d.win)
	act(d.br, func() { d.sources.sync("") })
	settle(d, d.win)
	if d.demoBadge.Visible() || len(d.board.Schools) != 6 {
		t.Fatalf("after the sync: demo badge shown %v, %d schools", d.demoBadge.Visible(), len(d.board.Schools))
	}
	if !strings.HasPrefix(d.sources.summary.Text, "Synced 1 of 1 sources") {
		t.Fatalf("the sync panel says %q", d.sources.summary.Text)
	}
	if got := d.status.Text; !strings.Contains(got, "riverside, synced") {
		t.Fatalf("the status bar says %q", got)
	}
	row := d.sources.rows["riverside"]
	if row == nil || !strings.HasPrefix(row.state.Text, "Last good sync") {
		t.Fatalf("the source's row: %+v", row)
	}
}

func TestAFailedSyncSaysWhyAndKeepsTheData(t *testing.T) {
	d := newSyncingDashboard(t, "wrong-token")
	before := d.tiles[0].value.Text
	act(d.br, func() { d.tabs.Select(d.sourcesItem) })
	settle(d, d.win)
	act(d.br, func() { d.sources.sync("") })
	settle(d, d.win)
	if !d.demoBadge.Visible() || d.tiles[0].value.Text != before {
		t.Fatal("a failed sync changed what the window shows")
	}
	want := "riverside: server answered 401 Unauthorized; check the token"
	if !strings.Contains(d.sources.summary.Text, want) {
		t.Fatalf("the sync panel says %q, want it to say %q", d.sources.summary.Text, want)
	}
	if row := d.sources.rows["riverside"]; row == nil || !strings.Contains(row.attempt.Text, want) {
		t.Fatalf("the source's row does not show the error: %+v", row)
	}
	if strings.Contains(d.sources.summary.Text, "wrong-token") {
		t.Fatal("the token reached the window")
	}
}

// TestSyncSaysItWaitsForTheServer: while a server sends nothing the
// source's row says the sync waits for it, and once the server has sent
// next to nothing for the low-speed time the sync fails saying so.
func TestSyncSaysItWaitsForTheServer(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"name":`))
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}))
	t.Cleanup(srv.Close)
	d := riversideDashboard(t, srv.URL, testToken, engine.HTTPOptions{LowSpeedTime: 3 * time.Second, Retries: -1})
	act(d.br, func() { d.tabs.Select(d.sourcesItem) })
	settle(d, d.win)
	act(d.br, func() { d.sources.sync("") })
	row := d.sources.rows["riverside"]
	var shown string
	for start := time.Now(); !strings.Contains(shown, "waiting for the server") && time.Since(start) < 10*time.Second; time.Sleep(50 * time.Millisecond) {
		act(d.br, func() { shown = row.detail.Text })
	}
	if !strings.Contains(shown, "waiting for the server") {
		t.Fatalf("while the server sent nothing the row said %q", shown)
	}
	settle(d, d.win)
	want := "riverside: the server stopped sending while Cabinet fetched /v1/district"
	if !strings.Contains(d.sources.summary.Text, want) {
		t.Fatalf("the sync panel says %q, want it to say %q", d.sources.summary.Text, want)
	}
}

func TestReviewSchoolMappings(t *testing.T) {
	end := time.Date(2026, time.March, 1, 0, 0, 0, 0, time.UTC)
	env := synctest.New(t, fixedNow, summaryapi.Kind(), snipeit.Kind())
	store := server.NewStore(server.Demo(demo.Config{Seed: 7, Schools: 8, Years: 2, End: end}))
	summary := httptest.NewServer(server.Handler(store, server.Options{Token: testToken}))
	t.Cleanup(summary.Close)
	fleet := httptest.NewServer(snipeittest.New("snipe-token"))
	t.Cleanup(fleet.Close)
	env.Add(t, engine.SourceConfig{Name: "riverside", Kind: summaryapi.KindName, URL: summary.URL}, testToken)
	env.Add(t, engine.SourceConfig{Name: "fleet", Kind: snipeit.KindName, URL: fleet.URL}, "snipe-token")
	if _, err := env.Engine.SyncAll(context.Background(), engine.SyncOptions{}); err != nil {
		t.Fatal(err)
	}

	a := test.NewTempApp(t)
	test.ApplyTheme(t, lightTheme{theme.DefaultTheme()})
	w := test.NewTempWindow(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	d := newDashboard(ctx, a, w, env.Cache, Options{Now: func() time.Time { return fixedNow }, Engine: env.Engine})
	w.SetContent(d.content)
	w.Resize(laptop)
	d.start()
	settle(d, w)
	act(d.br, func() { d.tabs.Select(d.sourcesItem) })
	settle(d, w)

	var m *schoolMap
	act(d.br, func() { m = d.sources.mapSchools("fleet") })
	settle(d, w)
	if len(m.shown) == 0 || m.shown[0].How != cache.Unmatched || !strings.Contains(m.status.Text, "match none of Cabinet's") {
		t.Fatalf("the review lists %d schools, first %+v, and says %q", len(m.shown), m.shown, m.status.Text)
	}
	lost, school := m.shown[0], m.schools[0]
	act(d.br, func() { m.choose(lost, school.Name, school.ID) })
	settle(d, w)
	maps, err := env.Cache.SchoolMappings(context.Background(), "fleet")
	if err != nil {
		t.Fatal(err)
	}
	for _, mp := range maps {
		if mp.ID == lost.ID && (mp.School != school.ID || mp.How != cache.ByHand) {
			t.Fatalf("after choosing, %s maps to %q by %s", mp.Name, mp.School, mp.How)
		}
	}
}
