package ui

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/deck"
	"github.com/cabinetapp/cabinet/district/demo"
	"github.com/cabinetapp/cabinet/sync/engine"
	"github.com/cabinetapp/cabinet/sync/googleadmin"
	"github.com/cabinetapp/cabinet/sync/oneroster"
	"github.com/cabinetapp/cabinet/sync/snipeit"
	"github.com/cabinetapp/cabinet/sync/snipeit/snipeittest"
	"github.com/cabinetapp/cabinet/sync/summaryapi"
	"github.com/cabinetapp/cabinet/sync/summaryapi/server"
	"github.com/cabinetapp/cabinet/sync/summaryapi/wire"
	"github.com/cabinetapp/cabinet/sync/synctest"
)

const testToken = "ui-test-token"

// newSyncingDashboard opens the dashboard with a sync engine and one
// Summary API source, "riverside", served on 127.0.0.1 by the reference
// server; the token it sends is token.
func newSyncingDashboard(t *testing.T, token string) *dashboard {
	return newSyncingDashboardVia(t, token, server.Handler)
}

// newSyncingDashboardVia is newSyncingDashboard with the server's handler
// made by handler, so a test can put itself between client and server.
func newSyncingDashboardVia(t *testing.T, token string, handler func(server.Source, server.Options) http.Handler) *dashboard {
	t.Helper()
	end := time.Date(2026, time.November, 1, 0, 0, 0, 0, time.UTC)
	store := server.NewStore(server.Demo(demo.Config{Seed: 7, Schools: 6, Years: 2, End: end}))
	srv := httptest.NewServer(handler(store, server.Options{Token: testToken}))
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
	test.ApplyTheme(t, lightTheme{newAppTheme()})
	w := test.NewTempWindow(t, nil)
	d := newDashboard(newTestBridge(t), a, w, c, withEngine(testOptions(c), e))
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
	// A superintendent reads the kind's name, not the program's.
	if !strings.HasPrefix(row.title.Text, "riverside · District Summary API · http") {
		t.Fatalf("the source's row is titled %q", row.title.Text)
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

func withEngine(o Options, e *engine.Engine) Options {
	o.Engine = e
	return o
}

// openSourcesTab opens the dashboard on env's cache and engine, at laptop
// size, on the Sources tab.
func openSourcesTab(t *testing.T, env *synctest.Env) (*dashboard, fyne.Window) {
	t.Helper()
	a := test.NewTempApp(t)
	test.ApplyTheme(t, lightTheme{newAppTheme()})
	w := test.NewTempWindow(t, nil)
	d := newDashboard(newTestBridge(t), a, w, env.Cache, withEngine(testOptions(env.Cache), env.Engine))
	w.SetContent(d.content)
	w.Resize(laptop)
	d.start()
	settle(d, w)
	act(d.br, func() { d.tabs.Select(d.sourcesItem) })
	settle(d, w)
	return d, w
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

	d, w := openSourcesTab(t, env)

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

func TestAddSourceDialogIsKind(t *testing.T) {
	env := synctest.New(t, fixedNow, summaryapi.Kind(), snipeit.Kind(), oneroster.Kind(), googleadmin.Kind())
	d, w := openSourcesTab(t, env)
	var f *sourceForm
	act(d.br, func() { f = d.sources.edit(engine.SourceConfig{}, true) })

	t.Run("nothing is cut", func(t *testing.T) {
		settle(d, w)
		assertNoCut(t, "Add source", w)
	})
	t.Run("placeholders read as examples", func(t *testing.T) {
		for _, en := range []*textField{f.name, f.url, f.secretEnv} {
			if !strings.HasPrefix(en.PlaceHolder, "e.g. ") {
				t.Errorf("placeholder %q could pass for a value", en.PlaceHolder)
			}
		}
	})
	t.Run("a name is needed, said as a sentence, and the message goes when it is typed", func(t *testing.T) {
		act(d.br, f.test)
		settle(d, w)
		if got := f.result.Text; !strings.HasPrefix(got, "Give the source a name") || strings.ContainsAny(got, `"`) {
			t.Fatalf("with no name, Test connection says %q", got)
		}
		act(d.br, func() { test.Type(f.name, "Riverside Warehouse") })
		if f.result.Text != "" {
			t.Fatalf("the old message stays after the name is typed: %q", f.result.Text)
		}
	})
	t.Run("any display name makes an id", func(t *testing.T) {
		c, problem := f.read()
		if problem != "" || c.Name != "riverside-warehouse" || f.form.Items[0].HintText != "Saved as riverside-warehouse" {
			t.Fatalf("the name makes %q (%q), hint %q", c.Name, problem, f.form.Items[0].HintText)
		}
	})
	t.Run("each kind's fields carry that kind's descriptions", func(t *testing.T) {
		for i, k := range f.kinds {
			act(d.br, func() { f.kind.SetSelectedIndex(i) })
			usage := map[string]string{}
			for _, o := range k.Options {
				usage[optionLabel(o.Name)] = o.Usage
			}
			for _, item := range f.form.Items[5:] {
				if want, ok := usage[strings.TrimSuffix(item.Text, " (optional)")]; !ok || !strings.EqualFold(item.HintText, want) {
					t.Errorf("%s: field %q is described as %q; want %q", k.Title, item.Text, item.HintText, want)
				}
			}
			if len(f.form.Items)-5 != len(k.Options) {
				t.Errorf("%s: %d settings shown for %d", k.Title, len(f.form.Items)-5, len(k.Options))
			}
		}
	})
	t.Run("a cloud service's address is its own unless another is given", func(t *testing.T) {
		act(d.br, func() {
			f.kind.SetSelectedIndex(slices.IndexFunc(f.kinds, func(k engine.Kind) bool { return k.Name == googleadmin.KindName }))
			f.url.SetText("")
		})
		if c, _ := f.read(); c.URL != googleadmin.DefaultURL || !strings.HasSuffix(f.form.Items[2].HintText, "leave empty for "+googleadmin.DefaultURL) ||
			!strings.HasSuffix(f.form.Items[3].HintText, "or give its file below") {
			t.Fatalf("an empty address reads as %q; hints %q, %q", c.URL, f.form.Items[2].HintText, f.form.Items[3].HintText)
		}
		settle(d, w)
		assertNoCut(t, "Add source, Google Admin", w)
		act(d.br, func() { f.url.SetText("http://127.0.0.1:9") })
		if c, _ := f.read(); c.URL != "http://127.0.0.1:9" {
			t.Fatalf("a given address reads as %q", c.URL)
		}
	})
	t.Run("a connector's error reads as a sentence", func(t *testing.T) {
		act(d.br, func() {
			f.kind.SetSelectedIndex(slices.IndexFunc(f.kinds, func(k engine.Kind) bool { return k.Name == oneroster.KindName }))
		})
		act(d.br, func() { test.Type(f.url, "https://127.0.0.1:1") })
		act(d.br, f.test)
		settle(d, w)
		got := f.result.Text
		if got == "" || strings.ContainsAny(got, `"`) || strings.Contains(got, "token_url") || strings.Contains(got, "riverside-warehouse:") || !strings.HasSuffix(got, ".") {
			t.Fatalf("Test connection says %q", got)
		}
	})
}

func TestSourceID(t *testing.T) {
	tests := []struct{ name, want string }{
		{"Riverside Warehouse", "riverside-warehouse"},
		{"  Snipe-IT (fleet)  ", "snipe-it-fleet"},
		{"École Élan 2", "ecole-elan-2"},
		{"!!!", ""},
		{strings.Repeat("abcdefghij ", 6), "abcdefghij-abcdefghij-abcdefghij-abcdefg"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sourceID(tt.name); got != tt.want {
				t.Fatalf("sourceID(%q) = %q, want %q", tt.name, got, tt.want)
			}
		})
	}
}

// TestWorkWhileASyncIsHeld starts "Sync now" against a server that holds
// back its observations, and meanwhile goes through every tab and edits
// and saves a slide, as a person would while a slow sync runs. The edit
// must be saved while the sync is still fetching: the sync holds no lock
// on the cache until its short apply. Then the sync ends and the window
// shows the new district. Under -race this also checks that the progress
// reports, the chart builds and the edits never share what they change.
func TestWorkWhileASyncIsHeld(t *testing.T) {
	arrived, gate := make(chan struct{}), make(chan struct{})
	var once sync.Once
	end := time.Date(2026, time.November, 1, 0, 0, 0, 0, time.UTC)
	h := server.Handler(server.NewStore(server.Demo(demo.Config{Seed: 7, Schools: 6, Years: 2, End: end})), server.Options{Token: testToken})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == wire.PathObservations {
			once.Do(func() { close(arrived) })
			select {
			case <-gate:
			case <-r.Context().Done():
				return
			}
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	// The held request sends nothing until released: the client must not
	// give up on it (after 20 s by default) however slowly the machine
	// runs the work in between.
	d := riversideDashboard(t, srv.URL, testToken, engine.HTTPOptions{Timeout: time.Hour, LowSpeedTime: time.Hour})
	var released sync.Once
	release := func() { released.Do(func() { close(gate) }) }
	t.Cleanup(release)

	act(d.br, func() { d.tabs.Select(d.sourcesItem) })
	settle(d, d.win)
	act(d.br, func() { d.sources.sync("") })
	runUntil(t, d.br, "the sync to ask for observations", func() bool {
		select {
		case <-arrived:
			return true
		default:
			return false
		}
	})
	for _, item := range d.tabs.Items {
		act(d.br, func() { d.tabs.Select(item) })
		runUntil(t, d.br, "the tab "+item.Text, func() bool { return d.tabs.Selected() == item })
	}
	e := d.decks
	act(d.br, func() { d.tabs.Select(d.decksItem) })
	runUntil(t, d.br, "the briefing to open", func() bool { return e.deck.Name == deck.BriefingName })
	act(d.br, func() { e.slides.Select(1) })
	runUntil(t, d.br, "slide 2 to be picked", func() bool { return e.slide == 1 })
	act(d.br, func() {
		e.status.SetText("")
		e.headline.SetText("Saved during a sync")
		e.save()
	})
	runUntil(t, d.br, "the slide to be saved", func() bool { return e.status.Text != "" })
	if e.status.Text != "Slide 2 saved." || d.sources.stop == nil {
		t.Fatalf("while the sync runs (%v), saving a slide says %q", d.sources.stop != nil, e.status.Text)
	}
	saved, err := deck.Load(context.Background(), d.cache, deck.BriefingName)
	if err != nil || saved.Slides[1].Headline != "Saved during a sync" {
		t.Fatalf("the cache holds %+v, %v", saved.Slides[1], err)
	}

	release()
	settle(d, d.win)
	if d.demoBadge.Visible() || len(d.board.Schools) != 6 || !strings.HasPrefix(d.sources.summary.Text, "Synced 1 of 1 sources") {
		t.Fatalf("after the sync: demo badge %v, %d schools, %q", d.demoBadge.Visible(), len(d.board.Schools), d.sources.summary.Text)
	}
}

// runUntil plays the event loop until ok holds, for a test whose
// background work includes a sync that is not to end yet.
func runUntil(t *testing.T, br *bridge, what string, ok func() bool) {
	t.Helper()
	deadline := time.After(time.Minute)
	for !ok() {
		select {
		case fn := <-br.loop():
			fn()
		case <-time.After(10 * time.Millisecond):
		case <-deadline:
			t.Fatalf("waited a minute for %s", what)
		}
	}
}

// TestAnotherServerAsksFirst points a synced source at another server:
// "Sync now" keeps the data and asks before replacing the history, and
// "Replace" syncs from the new server.
func TestAnotherServerAsksFirst(t *testing.T) {
	d := newSyncingDashboard(t, testToken)
	act(d.br, func() { d.tabs.Select(d.sourcesItem) })
	settle(d, d.win)
	act(d.br, func() { d.sources.sync("") })
	settle(d, d.win)
	end := time.Date(2026, time.November, 1, 0, 0, 0, 0, time.UTC)
	other := httptest.NewServer(server.Handler(server.NewStore(server.Demo(demo.Config{Seed: 8, Schools: 4, Years: 2, End: end})), server.Options{Token: testToken}))
	t.Cleanup(other.Close)
	if err := d.opts.Engine.SaveSource(engine.SourceConfig{Name: "riverside", Kind: "summaryapi", URL: other.URL, SecretEnv: "RIVERSIDE_TOKEN"}, ""); err != nil {
		t.Fatal(err)
	}
	act(d.br, func() { d.sources.sync("") })
	settle(d, d.win)
	if len(d.board.Schools) != 6 || !strings.Contains(d.sources.summary.Text, "another server") {
		t.Fatalf("a sync from another server: %d schools, the panel says %q", len(d.board.Schools), d.sources.summary.Text)
	}
	overlay := d.win.Canvas().Overlays().Top()
	if overlay == nil || !containsText(overlay, "replaces the history") {
		t.Fatal("no question before replacing the history")
	}
	var replace *widget.Button
	for _, o := range test.LaidOutObjects(overlay) {
		if b, ok := o.(*widget.Button); ok && b.Text == "Replace" {
			replace = b
		}
	}
	if replace == nil {
		t.Fatal("the question has no Replace button")
	}
	act(d.br, func() { test.Tap(replace) })
	settle(d, d.win)
	if len(d.board.Schools) != 4 || !strings.HasPrefix(d.sources.summary.Text, "Synced 1 of 1 sources") {
		t.Fatalf("after Replace: %d schools, the panel says %q", len(d.board.Schools), d.sources.summary.Text)
	}
}

// TestAnOlderSourceListNeverReplacesANewer reads the sources' states twice,
// a source added between the readings, and has the driver run the newer
// result first: the older, arriving late, leaves the newer list shown.
func TestAnOlderSourceListNeverReplacesANewer(t *testing.T) {
	env := synctest.New(t, fixedNow, summaryapi.Kind())
	d, _ := openSourcesTab(t, env)
	t.Cleanup(func() { settle(d, d.win) })
	d.sources.refresh()
	older := <-d.br.loop() // read before the source was added
	env.Add(t, engine.SourceConfig{Name: "riverside", Kind: summaryapi.KindName, URL: "http://127.0.0.1:1"}, testToken)
	d.sources.refresh()
	newer := <-d.br.loop()
	newer()
	older()
	if _, ok := d.sources.rows["riverside"]; !ok || !slices.ContainsFunc(d.sources.statuses, func(s engine.Status) bool { return s.Name == "riverside" }) {
		t.Fatalf("the panel lists %d sources after the newer reading, then the older: the added source is gone", len(d.sources.statuses))
	}
}
