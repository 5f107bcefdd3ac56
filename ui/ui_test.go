package ui

import (
	"context"
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/charts"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/district/demo"
	"github.com/cabinetapp/cabinet/panel"
)

// fixedNow is the moment every test lives in: the demo district's history
// ends in November 2026, and captions read the same on every run.
var fixedNow = time.Date(2026, time.November, 29, 9, 0, 0, 0, time.UTC)

var (
	laptop    = fyne.NewSize(1366, 768)
	projector = fyne.NewSize(1920, 1080)
)

// lightTheme is Fyne's default theme in its light variant, so golden images
// look like the app on a light desktop.
type lightTheme struct{ fyne.Theme }

func (t lightTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, theme.VariantLight)
}

// mustOpenCache opens an empty cache whose syncs are stamped with fixedNow.
func mustOpenCache(t testing.TB) *cache.Cache {
	t.Helper()
	c, err := cache.Open(context.Background(), filepath.Join(t.TempDir(), cache.FileName))
	if err != nil {
		t.Fatal(err)
	}
	c.Now = func() time.Time { return fixedNow }
	t.Cleanup(func() { c.Close() })
	return c
}

// seedDemo writes a demo district of cfg into c, in place of the one it held.
func seedDemo(t testing.TB, c *cache.Cache, cfg demo.Config) {
	t.Helper()
	if err := c.Write(context.Background(), cache.DemoSource, cache.Replace, func(w *cache.Writer) error { return demo.New(cfg).Put(w) }); err != nil {
		t.Fatal(err)
	}
}

// seedDefault fills an empty cache with the default demo district, as the
// app's Options.Seed does.
func seedDefault(c *cache.Cache) func(context.Context) error {
	return func(ctx context.Context) error {
		return c.Write(ctx, cache.DemoSource, cache.Replace, func(w *cache.Writer) error { return demo.New(demo.Default(fixedNow)).Put(w) })
	}
}

// testOptions are the dashboard's options in the tests: the clock fixed,
// an empty cache seeded with the default demo district, and the watch for
// other writers ticked only by a test that sends on Ticks.
func testOptions(c *cache.Cache) Options {
	return Options{Now: func() time.Time { return fixedNow }, Seed: seedDefault(c), Ticks: make(chan time.Time)}
}

// boardOf reads a board of c as it stands, released when the test ends.
func boardOf(t testing.TB, c *cache.Cache) *panel.Board {
	t.Helper()
	b, err := openBoard(context.Background(), c, Options{Now: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Release)
	return b
}

// newTestDashboard opens the dashboard on a new cache, which it seeds with
// the demo district, in a test window of the given size, and waits until
// everything on it is loaded and drawn.
func newTestDashboard(t *testing.T, size fyne.Size) (*dashboard, fyne.Window) {
	t.Helper()
	return openTestDashboard(t, mustOpenCache(t), size)
}

func openTestDashboard(t *testing.T, c *cache.Cache, size fyne.Size) (*dashboard, fyne.Window) {
	t.Helper()
	a := test.NewTempApp(t)
	test.ApplyTheme(t, lightTheme{newAppTheme()})
	w := test.NewTempWindow(t, nil)
	d := newDashboard(newTestBridge(t), a, w, c, testOptions(c))
	w.SetContent(d.content)
	w.Resize(size)
	d.start()
	settle(d, w)
	return d, w
}

// settle waits for background work, lays the window out and draws it, until
// drawing starts no more work: charts render only once laid out.
func settle(d *dashboard, w fyne.Window) { settleWindows(d.br, w) }

// newTestBridge is a bridge whose results the test's goroutine runs, in
// act and settle, as the driver's event loop would: only that goroutine
// touches widgets, so the tests run as the app does, with or without
// Fyne's fyneDo build tag, which drops Fyne's own locks.
func newTestBridge(t testing.TB) *bridge {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	return newBridge(ctx, &testLoop{results: make(chan func())})
}

// testLoop is the runner of the UI tests: results wait on a channel until
// the test's goroutine, playing the driver's event loop, runs them.
type testLoop struct{ results chan func() }

func (l *testLoop) run(ctx context.Context, fn func()) {
	done := make(chan struct{})
	select {
	case l.results <- func() { defer close(done); fn() }:
	case <-ctx.Done():
		return
	}
	select {
	case <-done:
	case <-ctx.Done():
	}
}

// loop is the test bridge's runner.
func (b *bridge) loop() chan func() { return b.runner.(*testLoop).results }

// act does what a person does, on the UI goroutine (the test's), then
// takes the results that arrived meanwhile.
func act(br *bridge, fn func()) {
	fn()
	br.drain()
}

// drain runs the results waiting for the UI goroutine.
func (b *bridge) drain() {
	for {
		select {
		case fn := <-b.loop():
			fn()
		default:
			return
		}
	}
}

// wait runs results as they arrive until all background work is applied.
func (b *bridge) wait() {
	idle := make(chan struct{})
	go func() {
		b.pending.Wait()
		close(idle)
	}()
	for {
		select {
		case fn := <-b.loop():
			fn()
		case <-idle:
			b.drain()
			return
		}
	}
}

// settleWindows waits for background work and draws the windows until
// drawing starts no more work.
func settleWindows(br *bridge, windows ...fyne.Window) {
	for range 10 {
		started := br.started.Load()
		br.wait()
		// Drawing lays widgets out: do it between results, as the UI
		// goroutine would, so no background result lands mid-layout.
		for _, w := range windows {
			act(br, func() { w.Canvas().Capture() })
		}
		br.wait()
		if br.started.Load() == started {
			return
		}
	}
}

func TestOverviewGolden(t *testing.T) {
	for _, size := range []fyne.Size{laptop, projector} {
		t.Run(sizeName(size), func(t *testing.T) {
			_, w := newTestDashboard(t, size)
			test.AssertImageMatches(t, "overview-"+sizeName(size)+".png", w.Canvas().Capture())
		})
	}
}

func TestTabsGolden(t *testing.T) {
	for _, size := range []fyne.Size{laptop, projector} {
		t.Run(sizeName(size), func(t *testing.T) {
			d, w := newTestDashboard(t, size)
			for i, dom := range tabOrder {
				act(d.br, func() { d.tabs.SelectIndex(i + 1) })
				settle(d, w)
				test.AssertImageMatches(t, "tab-"+string(dom)+"-"+sizeName(size)+".png", w.Canvas().Capture())
			}
		})
	}
}

func sizeName(s fyne.Size) string { return fmt.Sprintf("%.0fx%.0f", s.Width, s.Height) }

// chartOf returns the chart a card shows, opening its tab first.
func chartOf(t *testing.T, d *dashboard, id string) charts.Chart {
	t.Helper()
	if _, made := d.cards[id]; !made {
		p, _ := panel.ByID(id)
		for _, item := range d.tabs.Items {
			if item.Text == p.Domain.Title() {
				act(d.br, func() { d.tabs.Select(item) })
			}
		}
		settle(d, d.win)
	}
	c, ok := d.cards[id]
	if !ok || !c.view.hasChart {
		t.Fatalf("card %s shows no chart", id)
	}
	return c.view.chart
}

func TestSchoolPickerChangesWhatIsShown(t *testing.T) {
	d, w := newTestDashboard(t, laptop)
	district := chartOf(t, d, "tech.broken")
	districtTile := d.tiles[0].value.Text

	act(d.br, func() { d.school.choose(d.board.Schools[2].ID) })
	settle(d, w)
	name := d.school.name()
	school := chartOf(t, d, "tech.broken")
	if sameSeries(district, school) {
		t.Fatal("picking a school left the breakage chart as it was")
	}
	if got := d.cards["tech.broken"].scope.Text; !strings.HasPrefix(got, name) {
		t.Fatalf("the chart's scope reads %q; want it to name %s", got, name)
	}
	if d.tiles[0].value.Text == districtTile {
		t.Fatalf("the first tile still shows the district's %s", districtTile)
	}
	ranking := chartOf(t, d, "tech.broken_by_school")
	if ranking.Highlight < 0 || !strings.HasPrefix(ranking.Categories[ranking.Highlight], name+": ") {
		t.Fatalf("the ranking does not highlight %s", name)
	}
}

func TestPeriodPickerChangesWhatIsShown(t *testing.T) {
	d, w := newTestDashboard(t, laptop)
	before := chartOf(t, d, "tech.tickets")
	fy2025 := -1
	for i, p := range d.periods {
		if p.Kind == district.FiscalYearPeriod && p.FiscalYear == 2025 {
			fy2025 = i
		}
	}
	if fy2025 < 0 {
		t.Fatalf("FY2025 is not among the periods %v", d.period.Options)
	}
	act(d.br, func() { d.period.SetSelectedIndex(fy2025) })
	settle(d, w)
	after := chartOf(t, d, "tech.tickets")
	if sameSeries(before, after) {
		t.Fatal("picking FY2025 left the tickets chart as it was")
	}
	pts := after.Series[0].Points
	first, last := pts[0].T, pts[len(pts)-1].T
	if !first.Equal(time.Date(2024, time.July, 1, 0, 0, 0, 0, time.UTC)) || !last.Equal(time.Date(2025, time.June, 1, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("FY2025 chart spans %v to %v", first, last)
	}
	chartOf(t, d, "spending.by_category")
	if !strings.Contains(d.cards["spending.by_category"].scope.Text, "FY2025") {
		t.Fatalf("the budget chart shows %q, not FY2025", d.cards["spending.by_category"].scope.Text)
	}
}

func sameSeries(a, b charts.Chart) bool {
	if len(a.Series) != len(b.Series) {
		return false
	}
	for i := range a.Series {
		pa, pb := a.Series[i].Points, b.Series[i].Points
		if len(pa) != len(pb) {
			return false
		}
		for j := range pa {
			if pa[j] != pb[j] {
				return false
			}
		}
	}
	return true
}

func TestSmallSchoolIsSuppressed(t *testing.T) {
	d, w := newTestDashboard(t, laptop)
	alt := ""
	for _, s := range d.board.Schools {
		if s.Level == district.Alternative {
			alt = s.ID
		}
	}
	act(d.br, func() { d.school.choose(alt) })
	settle(d, w)
	ela := d.tiles[len(d.tiles)-1]
	if ela.title.Text != "ELA proficiency" || ela.value.Text != "Suppressed" {
		t.Fatalf("the small school's ELA tile reads %q: %q", ela.title.Text, ela.value.Text)
	}
	chart := chartOf(t, d, "instruction.proficiency")
	for _, s := range chart.Series {
		for _, p := range s.Points {
			if !p.Gap || p.Y != 0 {
				t.Fatalf("a suppressed value reached the chart: %+v", p)
			}
		}
	}
	if caption := d.cards["instruction.proficiency"].caption.Text; !strings.Contains(caption, "fewer than 10 students") {
		t.Fatalf("the caption does not say why values are missing: %q", caption)
	}
}

func TestTileOpensItsChart(t *testing.T) {
	d, w := newTestDashboard(t, laptop)
	act(d.br, func() { test.Tap(d.tiles[2]) })
	settle(d, w)
	overlay := w.Canvas().Overlays().Top()
	if overlay == nil {
		t.Fatal("tapping a tile opened nothing")
	}
	if !containsText(overlay, "Open help-desk tickets") {
		t.Fatal("the dialog is not the tickets chart")
	}
	test.AssertImageMatches(t, "detail-tickets-"+sizeName(laptop)+".png", w.Canvas().Capture())
}

// containsText reports whether a label under o shows text.
func containsText(o fyne.CanvasObject, text string) bool {
	for _, obj := range test.LaidOutObjects(o) {
		if l, ok := obj.(*widget.Label); ok && strings.Contains(l.Text, text) {
			return true
		}
		if l, ok := obj.(*widget.RichText); ok && strings.Contains(l.String(), text) {
			return true
		}
	}
	return false
}

func TestShortcutsSwitchTabs(t *testing.T) {
	d, w := newTestDashboard(t, laptop)
	for i := len(tabOrder); i >= 0; i-- {
		key := fyne.KeyName(string(rune('1' + i)))
		act(d.br, func() {
			typeShortcut(t, w.Canvas(), &desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault})
		})
		if got := d.tabs.SelectedIndex(); got != i {
			t.Fatalf("Ctrl+%s selected tab %d, want %d", key, got, i)
		}
	}
}

// typeShortcut hands s to the canvas's shortcut handler, as the GLFW driver
// does with a key press no focused widget takes. Fyne 2.8's test canvas wraps
// the software canvas in an interface that hides TypedShortcut, so it is
// reached through the exported embedded field.
func typeShortcut(t *testing.T, c fyne.Canvas, s fyne.Shortcut) {
	t.Helper()
	inner := reflect.ValueOf(c).Elem().FieldByName("WindowlessCanvas")
	h, ok := inner.Interface().(fyne.Shortcutable)
	if !ok {
		t.Fatalf("the test canvas %T takes no shortcuts", c)
	}
	h.TypedShortcut(s)
}

func TestUnreadableCacheIsSetAsideAndSaid(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, cache.FileName)
	if err := os.WriteFile(path, []byte(strings.Repeat("garbage", 1000)), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := cache.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	c.Now = func() time.Time { return fixedNow }
	t.Cleanup(func() { c.Close() })
	_, w := openTestDashboard(t, c, laptop)
	found := false
	for _, o := range w.Canvas().Overlays().List() {
		found = found || containsText(o, "could not be used")
	}
	if !found {
		t.Fatal("the person was not told their cache file was set aside")
	}
}

// TestMain fixes the time zone: captions give dates in local time, and the
// golden images must not depend on where the tests run.
func TestMain(m *testing.M) {
	time.Local = time.UTC
	os.Exit(m.Run())
}

func TestAnUnchangedChartIsNotDrawnAgain(t *testing.T) {
	d, w := newTestDashboard(t, laptop)
	chartOf(t, d, "tech.tickets")
	chartOf(t, d, "spending.by_category")
	budget, tickets := d.cards["spending.by_category"].view, d.cards["tech.tickets"].view
	budgetBefore, ticketsBefore := budget.version, tickets.version
	act(d.br, func() { d.school.choose(d.board.Schools[1].ID) })
	settle(d, w)
	if budget.version != budgetBefore {
		t.Fatal("the budget, which is the same for every school, was drawn again for a school")
	}
	if tickets.version == ticketsBefore {
		t.Fatal("the tickets chart was not drawn again for the school")
	}
}
