package ui

import (
	"context"
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"reflect"
	"slices"
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
	"github.com/cabinetapp/cabinet/deck"
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

func TestValueTable(t *testing.T) {
	d, w := newTestDashboard(t, laptop)
	act(d.br, func() { d.tabs.SelectIndex(len(tabOrder)) })
	settle(d, w)
	v := d.value
	names := func() []string {
		var out []string
		for _, r := range v.rows {
			out = append(out, r.Name)
		}
		return out
	}
	if len(v.rows) < 25 || v.rows[0].AnnualCost < v.rows[len(v.rows)-1].AnnualCost {
		t.Fatalf("the table opens with %d rows, not costliest first: %v", len(v.rows), names())
	}

	t.Run("sorting by a column, and back", func(t *testing.T) {
		col := slices.IndexFunc(v.columns, func(c productColumn) bool { return c.title == "Product" })
		act(d.br, func() { v.sortBy(col) })
		if !slices.IsSorted(names()) || v.heading(col) != "Product ▲" {
			t.Fatalf("sorted by name: %v, heading %q", names(), v.heading(col))
		}
		act(d.br, func() { v.sortBy(col) })
		got := names()
		slices.Reverse(got)
		if !slices.IsSorted(got) || v.heading(col) != "Product ▼" {
			t.Fatalf("sorted by name, descending: %v", names())
		}
	})

	t.Run("filtering by category", func(t *testing.T) {
		act(d.br, func() { v.category.SetSelected("Math practice") })
		if len(v.rows) == 0 || len(v.rows) == len(v.all) {
			t.Fatalf("%d of %d rows after filtering", len(v.rows), len(v.all))
		}
		for _, r := range v.rows {
			if r.Category != "Math practice" {
				t.Fatalf("%s (%s) survived the filter", r.Name, r.Category)
			}
		}
		act(d.br, func() { v.category.SetSelected("All categories") })
		if len(v.rows) != len(v.all) {
			t.Fatal("clearing the filter did not bring every product back")
		}
	})

	t.Run("choosing a product charts it", func(t *testing.T) {
		want := v.rows[3]
		act(d.br, func() { v.page.ScrollToTop() })
		drv := fyne.CurrentApp().Driver()
		inside := drv.AbsolutePositionForObject(d.cards["value.cost_per_user"]).Y - drv.AbsolutePositionForObject(v.page.Content).Y
		act(d.br, func() { test.Tap(v.rowViews[3]) })
		settle(d, w)
		card := d.cards["value.cost_per_user"]
		if card.stripe.FillColor != theme.Color(theme.ColorNamePrimary) || v.page.Offset.Y <= 0 {
			t.Fatalf("after choosing %s the page is at %.0f and the chart is not marked", want.Name, v.page.Offset.Y)
		}
		if top := inside - v.page.Offset.Y; top < 0 || top > v.page.Size().Height/2 {
			t.Fatalf("the product's chart starts %.0f below the top of the page's view; want it in the upper half", top)
		}
		for _, id := range []string{"value.cost_per_user"} {
			if scope := d.cards[id].scope.Text; !strings.HasPrefix(scope, want.Name) {
				t.Fatalf("%s shows %q after choosing %s", id, scope, want.Name)
			}
		}
	})

	t.Run("the school filter shows use at that school", func(t *testing.T) {
		before := map[string]int{}
		for _, r := range v.all {
			before[r.ID] = r.ActiveUsers
		}
		act(d.br, func() { d.school.choose(d.board.Schools[0].ID) })
		settle(d, w)
		changed := 0
		for _, r := range v.all {
			if r.ActiveUsers > before[r.ID] {
				t.Fatalf("%s has more users at one school than district-wide", r.Name)
			}
			if r.ActiveUsers != before[r.ID] {
				changed++
			}
		}
		if changed == 0 || !strings.Contains(v.summary.Text, d.school.name()) {
			t.Fatalf("%d products changed; summary %q", changed, v.summary.Text)
		}
		// The school's own columns come first, after the product; every
		// other figure stands under the district-wide heading.
		var groups []string
		for i, c := range v.columns[1:] {
			groups = append(groups, c.group)
			if c.group != "At "+d.school.name() && c.group != districtWide {
				t.Errorf("column %q mixes into a school's row without saying whose figure it is", c.title)
			}
			if i > 0 && c.group != groups[i-1] && c.group != districtWide {
				t.Errorf("the school's own %q comes after district-wide columns", c.title)
			}
		}
		if v.columns[1].title != "Active users" || v.columns[1].group == districtWide {
			t.Fatalf("the school's own users are not the first figure: %+v", v.columns[1])
		}
	})

	t.Run("no product name is cut", func(t *testing.T) {
		for _, r := range v.all {
			if need := widget.NewLabel(r.Name).MinSize().Width; need > v.columns[0].width {
				t.Fatalf("%q needs %.0f but the column is %.0f wide", r.Name, need, v.columns[0].width)
			}
		}
	})

	t.Run("the wheel scrolls the page, not the table", func(t *testing.T) {
		act(d.br, func() { v.page.ScrollToTop() })
		before := v.page.Offset.Y
		act(d.br, func() {
			test.Scroll(w.Canvas(), fyne.CurrentApp().Driver().AbsolutePositionForObject(v.rowViews[1]).AddXY(20, 20), 0, -120)
		})
		if v.page.Offset.Y <= before {
			t.Fatalf("the page stayed at %.0f after a wheel turn over the table", v.page.Offset.Y)
		}
		if v.tableArea.MinSize().Height < float32(len(v.rows))*widget.NewLabel("").MinSize().Height {
			t.Fatalf("the table is %.0f tall for %d rows: some lie behind its own scroll", v.tableArea.MinSize().Height, len(v.rows))
		}
	})

	t.Run("the heading stays in sight while the table scrolls", func(t *testing.T) {
		act(d.br, func() { v.scrollTo(0) })
		settle(d, w)
		if v.sticky.Visible() {
			t.Fatal("the heading's copy shows while the heading itself is in sight")
		}
		act(d.br, func() {
			test.Scroll(w.Canvas(), fyne.CurrentApp().Driver().AbsolutePositionForObject(v.rowViews[1]).AddXY(20, 20), 0, -400)
		})
		settle(d, w)
		drv := fyne.CurrentApp().Driver()
		if !v.sticky.Visible() || drv.AbsolutePositionForObject(v.sticky).Y != drv.AbsolutePositionForObject(v.page).Y {
			t.Fatalf("scrolled %.0f down the page, the heading is not at its top (shown %v at %v, page at %v)",
				v.page.Offset.Y, v.sticky.Visible(), drv.AbsolutePositionForObject(v.sticky), drv.AbsolutePositionForObject(v.page))
		}
		if drv.AbsolutePositionForObject(v.sticky).X != drv.AbsolutePositionForObject(v.head).X {
			t.Error("the heading's copy does not stand over the table's columns")
		}
		widths := make([]float32, len(v.columns))
		for i, c := range v.columns {
			widths[i] = c.width
		}
		act(d.br, func() {
			test.Scroll(w.Canvas(), drv.AbsolutePositionForObject(v.rowViews[10]).AddXY(20, 20), 0, -200)
		})
		settle(d, w)
		for i, c := range v.columns {
			if c.width != widths[i] {
				t.Errorf("column %q went from %.0f to %.0f wide while scrolling", c.title, widths[i], c.width)
			}
		}
		act(d.br, func() { v.scrollTo(v.page.Content.MinSize().Height) })
		settle(d, w)
		if v.sticky.Visible() {
			t.Fatal("the heading's copy stays after the table has scrolled out of sight")
		}
	})
}

func TestAddToDeckAndPresentFromTheWindow(t *testing.T) {
	d, w := newTestDashboard(t, laptop)
	act(d.br, func() { d.school.choose(d.board.Schools[1].ID) })
	settle(d, w)
	act(d.br, func() { d.addSlide("Board update", "tech.tickets", d.filter) })
	settle(d, w)
	dk, err := deck.Load(context.Background(), d.cache, "board update")
	if err != nil || len(dk.Slides) != 1 {
		t.Fatalf("deck after adding: %+v, %v", dk, err)
	}
	if s := dk.Slides[0]; s.Panel != "tech.tickets" || s.School != d.filter.School {
		t.Fatalf("the slide does not keep the chart's filter: %+v", s)
	}
	act(d.br, func() { d.tabs.Select(d.decksItem) })
	settle(d, w)
	act(d.br, func() { d.decks.load("Board update") })
	settle(d, w)
	if !slices.Contains(d.decks.names, "Board update") || d.decks.deck.Name != "Board update" {
		t.Fatalf("the Decks tab lists %v and shows %q", d.decks.names, d.decks.deck.Name)
	}
	// F5 reaches the canvas as a typed key: the driver builds no shortcut
	// for a key without Ctrl, Alt or Super.
	pressOn(d.br, w, fyne.KeyF5)
	settle(d, w)
	var titles []string
	for _, win := range fyne.CurrentApp().Driver().AllWindows() {
		titles = append(titles, win.Title())
	}
	if !slices.Contains(titles, "Board update") {
		t.Fatalf("F5 did not open the slide window; windows: %v", titles)
	}
}

func TestPinANoteToAChart(t *testing.T) {
	d, w := newTestDashboard(t, laptop)
	var dt *detail
	act(d.br, func() { dt = d.showDetail("tech.tickets") })
	settle(d, w)
	act(d.br, func() { dt.month.SetSelectedIndex(3) })
	act(d.br, func() { dt.text.SetText("New help-desk system went live") })
	act(d.br, func() { dt.pin() })
	settle(d, w)
	chart := chartOf(t, d, "tech.tickets")
	if len(chart.Annotations) != 1 || chart.Annotations[0].Text != "New help-desk system went live" || !chart.Annotations[0].T.Equal(dt.months[3]) {
		t.Fatalf("the dashboard chart carries %+v", chart.Annotations)
	}
	if len(dt.pinned) != 1 {
		t.Fatalf("the detail lists %d notes", len(dt.pinned))
	}
	act(d.br, func() { dt.unpin(dt.pinned[0].ID) })
	settle(d, w)
	if n := len(chartOf(t, d, "tech.tickets").Annotations); n != 0 {
		t.Fatalf("%d notes after removing the only one", n)
	}
}

func TestDeckEditor(t *testing.T) {
	d, w := newTestDashboard(t, laptop)
	act(d.br, func() { d.tabs.Select(d.decksItem) })
	settle(d, w)
	e := d.decks
	if e.deck.Name != deck.BriefingName || len(e.deck.Slides) != len(deck.Briefing().Slides) || e.slide != 0 {
		t.Fatalf("the Decks tab opens on %q with %d slides, slide %d", e.deck.Name, len(e.deck.Slides), e.slide)
	}
	titleOf := func(i int) string { head, _ := e.slideTitle(i); return head }
	second, third := e.deck.Slides[1], e.deck.Slides[2]

	t.Run("move a slide down", func(t *testing.T) {
		act(d.br, func() { e.slides.Select(1) })
		settle(d, w)
		act(d.br, func() { e.move(1) })
		settle(d, w)
		if e.deck.Slides[2] != second || e.deck.Slides[1] != third || e.slide != 2 {
			t.Fatalf("after moving slide 2 down: %s / %s", titleOf(1), titleOf(2))
		}
	})

	t.Run("edit the headline, takeaway and notes", func(t *testing.T) {
		act(d.br, func() {
			e.slides.Select(2)
		})
		settle(d, w)
		act(d.br, func() {
			e.headline.SetText("Tickets after the new help desk")
			e.takeaway.SetText("Backlog is down a quarter since January.")
			e.notes.SetText("Thank the help-desk team.")
			e.save()
		})
		settle(d, w)
		s := e.deck.Slides[2]
		if s.Headline != "Tickets after the new help desk" || s.Takeaway != "Backlog is down a quarter since January." || s.Notes != "Thank the help-desk team." {
			t.Fatalf("slide after editing: %+v", s)
		}
		if e.preview.slide.headline.text != "Tickets after the new help desk" {
			t.Fatalf("the preview shows %q", e.preview.slide.headline.text)
		}
	})

	t.Run("remove a slide", func(t *testing.T) {
		act(d.br, func() { e.slides.Select(0) })
		settle(d, w)
		act(d.br, func() { e.removeSlide() })
		settle(d, w)
		if len(e.deck.Slides) != len(deck.Briefing().Slides)-1 || e.deck.Slides[0] != third {
			t.Fatalf("after removing the first slide: %d slides, first %s", len(e.deck.Slides), titleOf(0))
		}
	})

	t.Run("the edits are saved in the cache", func(t *testing.T) {
		saved, err := deck.Load(context.Background(), d.cache, deck.BriefingName)
		if err != nil || len(saved.Slides) != len(deck.Briefing().Slides)-1 || saved.Slides[1].Headline != "Tickets after the new help desk" {
			t.Fatalf("saved deck: %d slides, %v", len(saved.Slides), err)
		}
	})
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
