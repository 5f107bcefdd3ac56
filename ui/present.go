package ui

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/charts"
	"github.com/cabinetapp/cabinet/deck"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/panel"
)

// prepared is a slide made ready in the background: what it says, and for a
// chart slide its chart drawn at the slide window's size.
type prepared struct {
	view  deck.View
	image *image.RGBA
}

// blank is what the slide window shows instead of the slide.
type blank int

const (
	notBlank blank = iota
	blackScreen
	whiteScreen
)

// presentation shows a deck in a slide window, meant for the projector, and
// a presenter view with the notes, the next slide and a clock, meant for the
// laptop. Either window takes the keys a presenter or a clicker sends.
// With a second display the slide window goes full screen on it; with one,
// the presenter drags the slide window to the projector and presses F there.
type presentation struct {
	app fyne.App
	br  *bridge
	// cache keeps the meeting's record and the actions recorded.
	cache *cache.Cache
	// board is the snapshot the slides are drawn from, held until the
	// presentation moves on from it; latest gives the newest, which the
	// presentation takes when it moves to a slide.
	board  *panel.Board
	latest func() *panel.Board
	deck   district.Deck
	opts   Options
	// onEnd runs when the presentation ends.
	onEnd func()

	index  int
	blank  blank
	digits string
	keys   keyboard
	ended  bool
	// desk takes the presenter view's keys, which go nowhere while the
	// presenter types an action (typing): the slides stay as they are.
	desk   keyboard
	typing bool
	action *actionForm

	stage     fyne.Window
	slide     *slideFrame
	cover     *canvas.Rectangle
	presenter fyne.Window
	current   *slideFrame
	next      *slideFrame
	notes     *widget.Label
	clock     *widget.Label
	elapsed   *widget.Label
	position  *widget.Label
	blankNote *widget.Label
	said      *widget.Label
	status    *fyne.Container
	started   time.Time
	clockTick *fyne.Animation

	ready   map[int]prepared
	pending map[int]bool
}

// newPresentation opens the slide window and the presenter view on slide
// from (counted from 0). latest is called on the UI goroutine and returns
// the newest snapshot of the district.
func newPresentation(a fyne.App, br *bridge, c *cache.Cache, latest func() *panel.Board, d district.Deck, from int, opts Options, onEnd func()) *presentation {
	p := &presentation{
		app: a, br: br, cache: c, board: latest().Hold(), latest: latest, deck: d, opts: opts.withDefaults(), onEnd: onEnd,
		ready: map[int]prepared{}, pending: map[int]bool{},
	}
	p.keys.typed = p.typedKey
	p.desk.typed = func(e *fyne.KeyEvent, shift bool) {
		if !p.typing {
			p.typedKey(e, shift)
		}
	}
	p.buildPresenter()
	p.buildStage()
	p.started = p.opts.Now()
	p.goTo(from)
	p.startClock()
	p.record()
	return p
}

// deckOptions are the options every slide of the presentation is made
// with: today is the meeting's date.
func (p *presentation) deckOptions() deck.Options {
	return deck.Options{Now: p.opts.Now(), StaleAfter: p.opts.StaleAfter, Memory: p.cache}
}

// record keeps the record of today's meeting: every slide of the deck, as
// the presentation shows it.
func (p *presentation) record() {
	b, d, opts := p.board.Hold(), p.deck, p.deckOptions()
	background(p.br, func(ctx context.Context) (district.Meeting, error) {
		defer b.Release()
		return deck.KeepPresented(ctx, p.cache, b, d, opts)
	}, func(m district.Meeting, err error) {
		if err != nil {
			p.say("The meeting could not be recorded: " + sentence(err))
			return
		}
		p.say("Recorded as the meeting of " + m.Day.Format(district.DayName) + "; the next briefing says what changed since.")
	})
}

// say puts a line about the meeting's record or an action under the
// notes: one line always there, so the view's layout never shifts.
func (p *presentation) say(s string) { p.said.SetText(s) }

// askAction opens the short form that records an action about the slide
// shown, in the presenter view. What the presenter types there stays
// there: the slide window keeps its slide, and its keys still work.
func (p *presentation) askAction() {
	if p.typing || p.ended {
		return
	}
	p.typing = true
	p.action = askAction(p.presenter, p.br, p.cache, p.board, p.subject(), p.opts.Now, p.say, func() {
		p.typing = false
		p.action = nil
	})
}

// subject is what the slide shown is about, for an action recorded on it.
func (p *presentation) subject() district.About {
	s := p.deck.Slides[p.index]
	switch {
	case s.Kind != district.ChartSlide:
		return district.About{}
	case s.Product != "":
		return district.About{Kind: district.OnProduct, ID: s.Product, Name: s.Product}
	}
	name := s.Panel
	if pn, ok := panel.ByID(s.Panel); ok {
		name = pn.Title
	}
	return district.About{Kind: district.OnChart, ID: s.Panel, School: s.School, Name: name}
}

func (p *presentation) buildStage() {
	p.stage = p.app.NewWindow(p.deck.Name)
	p.slide = newSlideFrame(newSlideView(p.br, func() charts.Theme { return charts.Presentation }))
	// The cover is always drawn, clear until the screen is blanked: an
	// object hidden when the window was first laid out is not known to the
	// canvas, so showing it later paints nothing until something else does.
	p.cover = canvas.NewRectangle(color.Transparent)
	p.stage.SetContent(container.NewStack(p.slide, p.cover))
	// No frame of the app's theme around the slide: a blank screen is blank
	// to the edges.
	p.stage.SetPadded(false)
	p.keys.listen(p.stage)
	p.stage.SetOnClosed(p.end)
	p.stage.Resize(p.opts.Size)
	if !p.opts.Windowed {
		toProjector(p.app.Driver(), p.stage)
	}
	p.stage.Show()
	// Take the keys at once: a clicker's first press must not go to waste
	// on focusing the window.
	p.stage.RequestFocus()
}

func (p *presentation) buildPresenter() {
	p.presenter = p.app.NewWindow(p.deck.Name + ": presenter view")
	light := func() charts.Theme { return charts.Light }
	p.current = newSlideFrame(newSlideView(p.br, light))
	p.next = newSlideFrame(newSlideView(p.br, light))
	p.notes = widget.NewLabel("")
	p.notes.Wrapping = fyne.TextWrapWord
	p.notes.SizeName = theme.SizeNameSubHeadingText
	p.clock = widget.NewLabelWithStyle(p.opts.Now().Format("15:04"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true, Monospace: true})
	p.clock.SizeName = theme.SizeNameHeadingText
	p.elapsed = widget.NewLabelWithStyle("0:00 elapsed", fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	p.elapsed.SizeName = theme.SizeNameSubHeadingText
	p.blankNote = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.blankNote.Importance = widget.DangerImportance
	p.blankNote.SizeName = theme.SizeNameSubHeadingText
	p.blankNote.Hide()
	p.position = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.position.SizeName = theme.SizeNameHeadingText
	p.said = newCaption("Recording the meeting of " + p.opts.Now().Format(district.DayName) + "…")
	p.said.Truncation = fyne.TextTruncateEllipsis
	buttons := container.NewHBox(
		widget.NewButtonWithIcon("Record action…", theme.DocumentCreateIcon(), p.askAction),
		widget.NewButtonWithIcon("Previous", theme.NavigateBackIcon(), func() { p.goTo(p.index - 1) }),
		widget.NewButtonWithIcon("Next", theme.NavigateNextIcon(), func() { p.goTo(p.index + 1) }),
		widget.NewButton("Black screen", func() { p.setBlank(blackScreen) }),
		widget.NewButton("End", p.end),
	)
	p.status = container.NewHBox(p.position, widget.NewSeparator(), p.clock, p.elapsed, p.blankNote)
	top := container.NewBorder(nil, nil, p.status, buttons)
	nextBox := container.NewBorder(widget.NewLabelWithStyle("Next", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil, nil, nil, p.next)
	split := container.NewHSplit(p.current, nextBox)
	split.Offset = 0.62
	notes := container.New(tall(220), container.NewVScroll(p.notes))
	hint := newCaption("→ Space PgDn next · ← PgUp previous · number then Enter jumps · B black · W white · F full screen · Esc ends")
	p.presenter.SetContent(container.NewBorder(container.NewPadded(top), container.NewVBox(notes, p.said, hint), nil, nil, split))
	p.desk.listen(p.presenter)
	p.presenter.SetOnClosed(p.end)
	p.presenter.Resize(presenterSize)
	p.presenter.Show()
}

// presenterSize fits the presenter view inside the smallest laptop screen
// in use (1366x768, less a title bar and a panel); Fyne cannot tell a
// window its screen's size, and the content scales to whatever the
// presenter makes of it.
var presenterSize = fyne.NewSize(1280, 680)

// typedKey does what PowerPoint does with a key, so clickers and habits work.
func (p *presentation) typedKey(e *fyne.KeyEvent, shift bool) {
	if p.blank != notBlank {
		// Any key brings the slide back.
		p.setBlank(notBlank)
		return
	}
	if len(e.Name) == 1 && e.Name[0] >= '0' && e.Name[0] <= '9' {
		p.digits += string(e.Name)
		return
	}
	digits := p.digits
	p.digits = ""
	switch e.Name {
	case fyne.KeyRight, fyne.KeyDown, fyne.KeyPageDown, fyne.KeySpace:
		p.goTo(p.index + 1)
	case fyne.KeyReturn, fyne.KeyEnter:
		if n, err := strconv.Atoi(digits); err == nil {
			p.goTo(n - 1)
		} else {
			p.goTo(p.index + 1)
		}
	case fyne.KeyLeft, fyne.KeyUp, fyne.KeyPageUp, fyne.KeyBackspace:
		p.goTo(p.index - 1)
	case fyne.KeyHome:
		p.goTo(0)
	case fyne.KeyEnd:
		p.goTo(len(p.deck.Slides) - 1)
	case fyne.KeyF5:
		// F5 starts from the first slide; Shift+F5 from the current one.
		if !shift {
			p.goTo(0)
		}
	case fyne.KeyB, fyne.KeyPeriod:
		p.setBlank(blackScreen)
	case fyne.KeyW:
		p.setBlank(whiteScreen)
	case fyne.KeyF, fyne.KeyF11:
		p.stage.SetFullScreen(!p.stage.FullScreen())
	case fyne.KeyEscape:
		p.end()
	}
}

// setBlank blacks or whites the slide window, or shows the slide again,
// and says so on the presenter view. The slide window is repainted by name,
// so it changes even when the keys went to the presenter view.
func (p *presentation) setBlank(b blank) {
	p.blank = b
	switch b {
	case notBlank:
		p.cover.FillColor = color.Transparent
		p.blankNote.Hide()
	case blackScreen:
		p.cover.FillColor = color.Black
		p.blankNote.SetText("Screen is black — press any key")
		p.blankNote.Show()
	case whiteScreen:
		p.cover.FillColor = color.White
		p.blankNote.SetText("Screen is white — press any key")
		p.blankNote.Show()
	}
	p.cover.Resize(p.stage.Canvas().Size())
	p.stage.Canvas().Refresh(p.cover)
	p.status.Refresh()
}

// goTo shows slide i (from 0), clamped to the deck. A slide made ready in
// the background shows at once; its neighbours are then made ready.
func (p *presentation) goTo(i int) {
	if p.ended || len(p.deck.Slides) == 0 {
		return
	}
	if b := p.latest(); b != p.board {
		// New data since the last move: slides prepared from the old
		// snapshot go, and every slide from here on is drawn from the new.
		p.board.Release()
		p.board = b.Hold()
		clear(p.ready)
		clear(p.pending)
	}
	p.index = max(0, min(i, len(p.deck.Slides)-1))
	p.position.SetText(position(p.index, len(p.deck.Slides)))
	p.status.Refresh()
	if r, ok := p.ready[p.index]; ok {
		p.show(r)
	} else {
		p.prepare(p.index)
	}
	p.prepare(p.index + 1)
	p.prepare(p.index - 1)
	if r, ok := p.ready[p.index+1]; ok {
		p.next.show(r)
	} else if p.index+1 >= len(p.deck.Slides) {
		p.next.show(prepared{view: endOfDeck})
	}
}

// endOfDeck is what the presenter view shows as the next slide on the
// last: no slide, and what the keys do there.
var endOfDeck = deck.View{Headline: "End of the deck", Takeaway: "This is the last slide. Esc ends the presentation."}

// show puts a prepared slide on both windows.
func (p *presentation) show(r prepared) {
	p.slide.show(r)
	p.current.show(prepared{view: r.view})
	notes := r.view.Slide.Notes
	if notes == "" {
		notes = "No notes for this slide."
	}
	p.notes.SetText(notes)
}

// prepare renders slide i in the background: its data, its takeaway, and
// its chart at the slide window's size.
func (p *presentation) prepare(i int) {
	if i < 0 || i >= len(p.deck.Slides) || p.pending[i] {
		return
	}
	if _, ok := p.ready[i]; ok {
		return
	}
	p.pending[i] = true
	size, scale := p.slide.slide.chart.pixelSize(), float64(p.slide.slide.chart.scale())
	b, d, opts := p.board.Hold(), p.deck, p.deckOptions()
	background(p.br, func(ctx context.Context) (prepared, error) {
		defer b.Release()
		v, err := deck.Render(ctx, b, d, i, opts)
		if err != nil || v.Cards() || size.X <= 0 || size.Y <= 0 {
			return prepared{view: v}, err
		}
		img, err := charts.Render(v.Result.Chart, charts.Options{Width: size.X, Height: size.Y, Scale: scale, Theme: charts.Presentation})
		return prepared{view: v, image: img}, err
	}, func(r prepared, err error) {
		if b != p.board {
			return // drawn from a snapshot the presentation has moved on from
		}
		delete(p.pending, i)
		if err != nil {
			r = prepared{view: deck.View{Headline: "This slide cannot be shown", Takeaway: sentence(err)}}
		}
		p.ready[i] = r
		switch i {
		case p.index:
			p.show(r)
		case p.index + 1:
			p.next.show(prepared{view: r.view})
		}
	})
}

// startClock keeps the presenter's clock and elapsed time. An animation
// ticks on the UI goroutine, so the labels are never touched from another
// one; the text changes once a second.
func (p *presentation) startClock() {
	p.clockTick = fyne.NewAnimation(time.Second, func(float32) {
		now := p.opts.Now()
		if c := now.Format("15:04"); c != p.clock.Text {
			p.clock.SetText(c)
		}
		if e := elapsed(now.Sub(p.started)) + " elapsed"; e != p.elapsed.Text {
			p.elapsed.SetText(e)
			p.status.Refresh()
		}
	})
	p.clockTick.RepeatCount = fyne.AnimationRepeatForever
	p.clockTick.Curve = fyne.AnimationLinear
	p.clockTick.Start()
}

// position says where the presenter is, and warns on the last slide.
func position(i, n int) string {
	if i == n-1 {
		return fmt.Sprintf("Slide %d of %d · last slide", i+1, n)
	}
	return fmt.Sprintf("Slide %d of %d", i+1, n)
}

// elapsed writes a duration as a presenter's clock does: "4:07", "1:02:33".
func elapsed(d time.Duration) string {
	s := int(d.Round(time.Second).Seconds())
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// end closes both windows once.
func (p *presentation) end() {
	if p.ended {
		return
	}
	p.ended = true
	if p.action != nil {
		p.action.dialog.Hide() // it lets go of the board it holds
	}
	p.board.Release()
	p.clockTick.Stop()
	p.stage.Close()
	p.presenter.Close()
	if p.onEnd != nil {
		p.onEnd()
	}
}

// fullScreenSecondary is the part of desktop.Window (Fyne 2.8) that puts a
// window full screen on a display other than the primary.
type fullScreenSecondary interface{ RequestFullScreenSecondary() }

// secondaryDisplay is the part of desktop.Driver that says whether a second
// display is there.
type secondaryDisplay interface{ HasSecondaryDisplay() bool }

// toProjector makes the slide window full screen: on the second display if
// there is one, as PowerPoint does, leaving the presenter view on the
// laptop; otherwise on the only display, where the presenter view is
// reached with Alt+Tab.
func toProjector(drv fyne.Driver, w fyne.Window) {
	if d, ok := drv.(secondaryDisplay); ok && d.HasSecondaryDisplay() {
		if sw, ok := w.(fullScreenSecondary); ok {
			sw.RequestFullScreenSecondary()
			return
		}
	}
	w.SetFullScreen(true)
}
