package ui

import (
	"context"
	"fmt"
	"image/color"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/charts"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/panel"
	"github.com/cabinetapp/cabinet/sync/engine"
)

// Options tune the dashboard.
type Options struct {
	Suppression district.Suppression
	// StaleAfter is the age at which synced data is marked stale.
	StaleAfter time.Duration
	// Now tells the time; tests fix it so captions are stable.
	Now func() time.Time
	// Size is the window's first size; zero opens it at the size it had
	// when the app last stopped, or at first one that fits a laptop.
	Size fyne.Size
	// WorkArea, if set, is the size in pixels of the screen's work area
	// (its size less the panels), or zero when the screen cannot say. It
	// is asked on the UI goroutine once the window is up: a size
	// remembered on a larger screen, a projector's, is made to fit it.
	WorkArea func() fyne.Size
	// Ready, if set, is called when the Overview first shows the figures
	// of each board: once the window is ready, then after each sync or
	// change by another program.
	Ready func()
	// Windowed keeps the slide window out of full screen when presenting.
	Windowed bool
	// Engine syncs the sources; nil leaves the window without syncing.
	Engine *engine.Engine
	// About, if set, is what Help > About Cabinet says: the build's version.
	About string
	// Seed, if set, fills an empty cache before its first board is read:
	// the app writes the demo district.
	Seed func(context.Context) error
	// Ticks, if set, takes the place of the clock that has the window ask
	// every few seconds whether another program changed the cache: tests
	// tick it themselves.
	Ticks <-chan time.Time
}

func (o Options) withDefaults() Options {
	if o.StaleAfter == 0 {
		o.StaleAfter = 7 * 24 * time.Hour
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Size.IsZero() {
		o.Size = laptopSize
	}
	return o
}

// dashboard is the main window's content and state. Its fields are touched
// only on the UI goroutine; the bridge carries results to it.
type dashboard struct {
	app   fyne.App
	win   fyne.Window
	cache *cache.Cache
	opts  Options
	br    *bridge
	keys  keyboard
	// showing is the presentation running, if one is.
	showing *presentation

	// board is the newest snapshot of the district, held by the dashboard
	// until a newer one replaces it; work that reads it takes a hold of its own.
	board  *panel.Board
	filter panel.Filter
	// gen counts data loads, so a slow load never overwrites a newer one;
	// boardGen counts snapshots of the district the same way.
	gen, boardGen int
	// watch tells when another program changed the cache; checking is set
	// while it is being asked.
	watch    *cache.Watcher
	checking bool
	// watching ends when the watcher's loop has closed its connection.
	watching sync.WaitGroup

	header    *fyne.Container
	heading   *widget.Label
	demoBadge *widget.Label
	school    *schoolFinder
	period    *widget.Select
	periods   []district.Period
	tabs      *container.AppTabs
	tiles     []*kpiTile
	value     *valueTab
	decks     *decksTab
	sources   *sourcesTab
	settings  *settingsView
	since     *sinceBar
	// planSettings are the plan's assumptions, under Technology health.
	planSettings *planSettingsView
	// unmade holds the tabs not yet shown, with what makes their content.
	unmade      map[*container.TabItem]func() fyne.CanvasObject
	decksItem   *container.TabItem
	sourcesItem *container.TabItem
	// last is what the latest load brought, for tabs made after it.
	last loaded
	// lastDeck is the deck a chart was last added to, for the Decks tab to open.
	lastDeck string
	// onBoard runs once the next board is in place.
	onBoard []func()
	// readyFor is the board whose figures Ready was last called for.
	readyFor *panel.Board
	cards    map[string]*chartCard
	status   *widget.Label
	content  fyne.CanvasObject
}

// tabOrder lists the dashboard's tabs after the Overview.
var tabOrder = district.Domains

func newDashboard(br *bridge, a fyne.App, w fyne.Window, c *cache.Cache, opts Options) *dashboard {
	d := &dashboard{
		app: a, win: w, cache: c, opts: opts.withDefaults(), br: br,
		filter: panel.Filter{Period: district.Period{Kind: district.Last12Months}},
		cards:  map[string]*chartCard{},
		unmade: map[*container.TabItem]func() fyne.CanvasObject{},
	}
	d.build()
	// Coming back to the window is when a person expects to see what a sync
	// elsewhere brought.
	a.Lifecycle().SetOnEnteredForeground(d.checkData)
	// A switch between light and dark redraws the charts in the new colours.
	a.Settings().AddListener(func(fyne.Settings) { go d.br.do(d.restyle) })
	return d
}

func (d *dashboard) restyle() {
	for _, c := range d.cards {
		c.view.restyle()
	}
}

func (d *dashboard) build() {
	d.heading = widget.NewLabelWithStyle("Cabinet", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	d.heading.SizeName = theme.SizeNameSubHeadingText
	d.demoBadge = widget.NewLabelWithStyle("DEMO DISTRICT", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	d.demoBadge.Importance = widget.WarningImportance
	d.demoBadge.Hide()
	d.school = newSchoolFinder(d.win, d.app.Preferences(), d.pickSchool)
	d.period = widget.NewSelect(nil, func(string) { d.pickPeriod() })
	d.period.PlaceHolder = "Last 12 months"
	d.status = widget.NewLabel("Opening the cache…")
	d.status.Truncation = fyne.TextTruncateEllipsis

	presentButton := widget.NewButtonWithIcon("Present", theme.MediaPlayIcon(), func() { d.presentKey(false) })
	syncButton := widget.NewButtonWithIcon("Sync", theme.ViewRefreshIcon(), func() {
		d.tabs.Select(d.sourcesItem)
		d.sources.sync("")
	})
	if d.opts.Engine == nil {
		syncButton.Disable()
	}
	pickers := container.NewHBox(
		widget.NewLabel("School"), container.NewGridWrap(fyne.NewSize(240, d.school.button.MinSize().Height), d.school.button),
		widget.NewLabel("Period"), container.NewGridWrap(fyne.NewSize(230, d.period.MinSize().Height), d.period),
		syncButton, presentButton,
	)
	d.header = container.NewBorder(nil, nil, container.NewHBox(d.heading, d.demoBadge), pickers)

	// Every tab is made here and handed to AppTabs at once: appending one
	// by one redraws the tab bar each time.
	items := []*container.TabItem{container.NewTabItemWithIcon("Overview", theme.HomeIcon(), d.overview())}
	for _, dom := range tabOrder {
		if dom == district.Value {
			items = append(items, d.lazyTab(dom.Title(), nil, d.newValueTab))
			continue
		}
		items = append(items, d.lazyTab(dom.Title(), nil, func() fyne.CanvasObject { return d.domainTab(dom) }))
	}
	d.decksItem = d.lazyTab("Decks", theme.MediaPlayIcon(), d.newDecksTab)
	d.sourcesItem = d.lazyTab("Sources", theme.StorageIcon(), d.newSourcesTab)
	d.tabs = container.NewAppTabs(append(items, d.decksItem, d.sourcesItem)...)
	d.tabs.OnSelected = func(item *container.TabItem) { d.make(item) }
	hint := newCaption(fmt.Sprintf("Ctrl+F finds a school · Ctrl+1 … Ctrl+%d switch tabs · F5 presents", len(d.tabs.Items)))
	statusBar := container.NewBorder(nil, nil, nil, hint, d.status)
	d.content = container.NewBorder(container.NewPadded(d.header), statusBar, nil, nil, container.NewStack(d.tabs, d.newSinceBar()))
	d.shortcuts()
}

// lazyTab makes a tab whose content is made the first time it is shown, so
// the window opens with the Overview alone to build.
func (d *dashboard) lazyTab(title string, icon fyne.Resource, content func() fyne.CanvasObject) *container.TabItem {
	item := container.NewTabItemWithIcon(title, icon, container.NewStack())
	d.unmade[item] = content
	return item
}

// make builds a tab's content if it has not been, and fills it with the
// data already loaded.
func (d *dashboard) make(item *container.TabItem) {
	content, ok := d.unmade[item]
	if !ok {
		return
	}
	delete(d.unmade, item)
	item.Content.(*fyne.Container).Objects = []fyne.CanvasObject{content()}
	item.Content.Refresh()
	if d.board != nil {
		d.showCharts(d.last)
		if item == d.decksItem {
			d.decks.load(d.lastDeck)
		}
		if item == d.sourcesItem {
			d.sources.refresh()
		}
	}
}

// overview lays the KPI tiles out four to a row.
func (d *dashboard) overview() fyne.CanvasObject {
	grid := container.NewGridWithColumns(4)
	for range 16 {
		t := newKPITile(d.openDetail)
		d.tiles = append(d.tiles, t)
		grid.Add(t)
	}
	return container.NewVScroll(container.NewPadded(grid))
}

// domainTab lays a domain's charts out two to a row.
func (d *dashboard) domainTab(dom district.Domain) fyne.CanvasObject {
	grid := container.NewGridWithColumns(2)
	for _, p := range panel.ForDomain(dom) {
		c := newChartCard(d, p)
		d.cards[p.ID] = c
		grid.Add(c)
	}
	if dom == district.TechHealth {
		return container.NewVScroll(container.NewPadded(container.NewVBox(grid, d.newPlanSettingsView())))
	}
	return container.NewVScroll(container.NewPadded(grid))
}

func (d *dashboard) shortcuts() {
	d.win.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault}, func(fyne.Shortcut) { d.school.open() })
	// F5, Shift+F5 and Escape have no modifier a shortcut needs: see
	// keyboard. Escape reaches the canvas when nothing has the focus.
	d.keys.typed = func(e *fyne.KeyEvent, shift bool) {
		switch e.Name {
		case fyne.KeyF5:
			d.presentKey(shift)
		case fyne.KeyEscape:
			d.closeTop()
		}
	}
	d.keys.listen(d.win)
	for i := range d.tabs.Items {
		key := fyne.KeyName(fmt.Sprint(i + 1))
		d.win.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault}, func(fyne.Shortcut) {
			d.tabs.SelectIndex(i)
		})
	}
}

// chartTheme follows the app's light or dark theme, on the same surface
// colour as the cards the charts sit on.
func (d *dashboard) chartTheme() charts.Theme {
	th := charts.Light
	if d.app.Settings().ThemeVariant() == theme.VariantDark {
		th = charts.Dark
	}
	r, g, b, _ := theme.Color(theme.ColorNameInputBackground).RGBA()
	th.Background = color.RGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: 0xFF}
	return th
}

// setBoard takes a freshly loaded board, and the dashboard's hold on it:
// it fills the pickers and reloads. The board it replaces is released;
// work still reading it keeps it open until that work is done.
func (d *dashboard) setBoard(b *panel.Board) {
	if d.board != nil {
		d.board.Release()
	}
	d.board = b
	name := b.Profile.Name
	if name == "" {
		name = "Cabinet"
	}
	d.heading.SetText(name)
	d.win.SetTitle("Cabinet: " + name)
	if b.Profile.Demo {
		d.demoBadge.Show()
		d.win.SetTitle("Cabinet: " + name + " (demo district)")
	} else {
		d.demoBadge.Hide()
	}
	d.header.Refresh()

	d.school.setSchools(b.Schools)
	d.filter.School = d.school.chosen

	d.periods = []district.Period{{Kind: district.Last12Months}}
	for _, fy := range b.FiscalYears() {
		d.periods = append(d.periods, district.Period{Kind: district.FiscalYearPeriod, FiscalYear: fy})
	}
	d.periods = append(d.periods, district.Period{Kind: district.AllHistory})
	labels := make([]string, len(d.periods))
	for i, p := range d.periods {
		labels[i] = p.Label(b.Calendar)
	}
	d.period.SetOptions(labels)
	d.reload()
	d.loadSince(b)
	if d.decks != nil {
		d.decks.load(d.decks.deck.Name)
	}
	if d.sources != nil {
		d.sources.refresh()
	}
	if d.settings != nil {
		d.settings.show()
	}
	if d.planSettings != nil {
		d.planSettings.show()
	}
	then := d.onBoard
	d.onBoard = nil
	for _, fn := range then {
		fn()
	}
}

// closeTop closes the topmost dialog or pop-up, as Escape does. The
// canvas holds a pop-up's backdrop, not the pop-up: the backdrop is
// removed, as the pop-up's own Hide removes it. Dialogs are made afresh
// each time they open, so none is shown again after this.
func (d *dashboard) closeTop() {
	if top := d.win.Canvas().Overlays().Top(); top != nil {
		d.win.Canvas().Overlays().Remove(top)
	}
}

func (d *dashboard) pickSchool(id string) {
	d.filter.School = id
	d.reload()
}

func (d *dashboard) pickPeriod() {
	if i := d.period.SelectedIndex(); i >= 0 && i < len(d.periods) {
		d.filter.Period = d.periods[i]
		d.reload()
	}
}

// loaded is every chart and the product table for one filter.
type loaded struct {
	results  map[string]panel.Result
	errs     map[string]error
	products panel.ProductTable
	renewals []panel.ProductRow
}

// renewalWindow is how far ahead the Value tab lists renewals.
const renewalWindow = 180 * 24 * time.Hour

// reload rebuilds every tile and chart for the current filter in the
// background: the Overview's tiles first, so they show at once, then every
// chart and the Value tab's table. A chart's image re-renders only if its
// chart changed.
func (d *dashboard) reload() {
	if d.board == nil {
		return
	}
	d.gen++
	gen, f, b := d.gen, d.filter, d.board
	// Each piece of work holds the board until it is done with it.
	b.Hold()
	background(d.br, func(ctx context.Context) ([]panel.Tile, error) {
		defer b.Release()
		return b.Tiles(ctx, f)
	},
		func(tiles []panel.Tile, err error) {
			if gen != d.gen {
				return
			}
			if err != nil {
				d.showError("Cabinet could not read its data", err)
				return
			}
			d.showTiles(tiles)
			if d.opts.Ready != nil && d.readyFor != b {
				d.readyFor = b
				d.opts.Ready()
			}
		})
	b.Hold()
	background(d.br, func(ctx context.Context) (loaded, error) {
		defer b.Release()
		l := loaded{results: map[string]panel.Result{}, errs: map[string]error{}}
		var err error
		if l.products, err = b.Products(ctx, f); err != nil {
			return l, err
		}
		l.renewals = b.Renewals(l.products, renewalWindow)
		for _, p := range panel.All() {
			r, err := b.Build(ctx, p.ID, f)
			if err != nil {
				l.errs[p.ID] = err
				continue
			}
			l.results[p.ID] = r
		}
		return l, nil
	}, func(l loaded, err error) {
		if gen != d.gen {
			return
		}
		if err != nil {
			d.showError("Cabinet could not read its data", err)
			return
		}
		d.last = l
		d.showCharts(l)
	})
}

func (d *dashboard) showTiles(tiles []panel.Tile) {
	now := d.opts.Now()
	main, _ := d.board.Data().Provenance("schools")
	for i, t := range d.tiles {
		if i >= len(tiles) {
			continue
		}
		source := ""
		if p := tiles[i].Provenance; p.Source != main.Source || d.stale(p, now) {
			source = panel.Freshness(p, now, d.opts.StaleAfter)
		}
		t.show(tiles[i], source)
	}
	d.showStatus(now)
}

// showCharts puts loaded charts on the cards made so far, and the product
// table on the Value tab if it is made.
func (d *dashboard) showCharts(l loaded) {
	if l.results == nil {
		return
	}
	now := d.opts.Now()
	for id, c := range d.cards {
		if err, ok := l.errs[id]; ok {
			c.showError(sentence(err))
			continue
		}
		r := l.results[id]
		c.show(r, r.Caption(now, d.opts.StaleAfter))
	}
	if d.value != nil {
		d.value.show(l.products, l.renewals, d.filter.School, now)
	}
}

// stale reports whether synced data are older than the dashboard allows.
func (d *dashboard) stale(p district.Provenance, now time.Time) bool {
	return !p.Demo() && p.Source != "" && now.Sub(p.SyncedAt) > d.opts.StaleAfter
}

// showStatus writes the status bar: where the data came from, how fresh it
// is and how much of it there is.
func (d *dashboard) showStatus(now time.Time) {
	b := d.board
	prov, _ := b.Data().Provenance("schools")
	text := fmt.Sprintf("%s · %s", district.Counted(float64(len(b.Schools)), "schools"), panel.Freshness(prov, now, d.opts.StaleAfter))
	if !b.Extent.From.IsZero() {
		text += " · data " + b.Extent.From.Format("Jan 2006") + " – " + b.Extent.Last().Format("Jan 2006")
	}
	d.status.Importance = widget.MediumImportance
	d.status.SetText(text)
}
