package ui

import (
	"context"
	"fmt"
	"image/color"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/cabinetapp/cabinet/deck"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/district/demo"
	"github.com/cabinetapp/cabinet/panel"
)

// driverKey sends a key to a window as Fyne's desktop driver routes it:
// to the widget that has the focus, or, when none has, to the canvas's
// typed-key handler.
func driverKey(br *bridge, w fyne.Window, keys ...fyne.KeyName) {
	for _, k := range keys {
		act(br, func() {
			ev := &fyne.KeyEvent{Name: k}
			if f := w.Canvas().Focused(); f != nil {
				f.TypedKey(ev)
			} else if h := w.Canvas().OnTypedKey(); h != nil {
				h(ev)
			}
		})
	}
}

// driverType types text into a window as the driver delivers characters:
// to the widget that has the focus, or to the canvas's rune handler.
func driverType(br *bridge, w fyne.Window, text string) {
	for _, r := range text {
		act(br, func() {
			if f := w.Canvas().Focused(); f != nil {
				f.TypedRune(r)
			} else if h := w.Canvas().OnTypedRune(); h != nil {
				h(r)
			}
		})
	}
}

// buttonOf finds the button under o whose text starts with text.
func buttonOf(t *testing.T, o fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	for _, obj := range test.LaidOutObjects(o) {
		if b, ok := obj.(*widget.Button); ok && strings.HasPrefix(b.Text, text) {
			return b
		}
	}
	t.Fatalf("no button %q", text)
	return nil
}

// entriesOf lists the entries under o, in layout order.
func entriesOf(o fyne.CanvasObject) []*widget.Entry {
	var out []*widget.Entry
	for _, obj := range test.LaidOutObjects(o) {
		if e, ok := obj.(*widget.Entry); ok {
			out = append(out, e)
		}
	}
	return out
}

// stageState is what the slide window shows: its slide, its headline, and
// whether it is blanked or full screen.
type stageState struct {
	index       int
	headline    string
	blank       blank
	full, ended bool
}

func stageOf(p *presentation) stageState {
	return stageState{p.index, p.slide.slide.headline.text, p.blank, p.stage.FullScreen(), p.ended}
}

// TestPresenterTypingStaysInTheForm types an action into the presenter
// view's form, keys and all (Space, arrows, Enter, B, W, F, Escape, digits:
// every key the slide window answers), as the driver delivers them: the
// slide window does not move, blank, leave full screen or end, with the
// form's entry focused or with nothing focused; the slide window still
// takes a clicker's keys meanwhile; the action is recorded on the slide's
// chart; and once the form closes the presenter's keys work again.
func TestPresenterTypingStaysInTheForm(t *testing.T) {
	p := newTestPresentation(t, laptop)
	act(p.br, func() { p.goTo(3) })
	settlePresentation(p)
	before := stageOf(p)
	act(p.br, func() { test.Tap(buttonOf(t, p.presenter.Content(), "Record action")) })
	settlePresentation(p)
	if p.action == nil || p.presenter.Canvas().Focused() != p.action.text {
		t.Fatal("the form did not open with its first field ready for typing")
	}
	keys := []fyne.KeyName{fyne.KeySpace, fyne.KeyRight, fyne.KeyDown, fyne.KeyPageDown, fyne.KeyReturn, fyne.KeyLeft, fyne.KeyHome,
		fyne.KeyEnd, fyne.KeyB, fyne.KeyW, fyne.KeyPeriod, fyne.KeyF, fyne.KeyF11, fyne.KeyF5, "3", fyne.KeyEscape}
	driverType(p.br, p.presenter, "Ask the vendor for 3 quotes before the board")
	driverKey(p.br, p.presenter, keys...)
	if got := stageOf(p); got != before {
		t.Fatalf("typing in the form changed the slide window: %+v, was %+v", got, before)
	}
	// Focus lost (a click on the form's background): the keys reach the
	// presenter view's canvas, and still not the slides.
	act(p.br, func() { p.presenter.Canvas().Unfocus() })
	driverType(p.br, p.presenter, "bw.f 12")
	driverKey(p.br, p.presenter, keys...)
	if got := stageOf(p); got != before {
		t.Fatalf("keys on the presenter view with the form open changed the slide window: %+v, was %+v", got, before)
	}
	// A clicker on the slide window still moves the slides.
	driverKey(p.br, p.stage, fyne.KeyPageDown)
	if p.index != before.index+1 {
		t.Fatalf("the slide window did not take the clicker's key while the form was open: slide %d", p.index+1)
	}
	driverKey(p.br, p.stage, fyne.KeyPageUp)
	settlePresentation(p)

	f := p.action
	act(p.br, func() {
		p.presenter.Canvas().Focus(f.text)
		f.owner.SetText("CTO")
		f.due.SetText("2027-01-15")
	})
	settlePresentation(p)
	test.AssertImageMatches(t, "presenter-action-form.png", p.presenter.Canvas().Capture())
	act(p.br, f.dialog.Submit)
	settlePresentation(p)
	if p.typing || p.action != nil {
		t.Fatal("the form is still taking the presenter's keys after it closed")
	}
	acts, err := p.cache.Actions(context.Background())
	if err != nil || len(acts) != 1 {
		t.Fatalf("actions %+v, %v", acts, err)
	}
	a := acts[0]
	if a.Text != "Ask the vendor for 3 quotes before the board" || a.Owner != "CTO" || a.About.Kind != district.OnChart || a.About.ID != p.deck.Slides[3].Panel || !a.Then.Keyed() {
		t.Fatalf("recorded %+v", a)
	}
	if !strings.HasPrefix(p.said.Text, "Recorded action 1: Ask the vendor") {
		t.Fatalf("the presenter view says %q", p.said.Text)
	}
	driverKey(p.br, p.presenter, fyne.KeyRight)
	if p.index != before.index+1 {
		t.Fatal("the presenter view's keys do not move the slides once the form is closed")
	}
}

// TestPresentingRecordsTheMeeting: presenting the briefing records today's
// meeting, every slide of it, and opens with what changed.
func TestPresentingRecordsTheMeeting(t *testing.T) {
	p := newTestPresentation(t, laptop)
	m, err := p.cache.Meeting(context.Background(), fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	if m.How != district.Presented || len(m.Slides) != len(p.deck.Slides) || m.Threshold != 10 {
		t.Fatalf("recorded %s with %d slides, threshold %d", m.How, len(m.Slides), m.Threshold)
	}
	if !strings.Contains(p.said.Text, "Recorded as the meeting of 29 November 2026") {
		t.Fatalf("the presenter view says %q", p.said.Text)
	}
	if h := p.slide.slide.headline.text; h != "What changed in the last 30 days" {
		t.Fatalf("the briefing opens with %q", h)
	}
}

// TestActionsFromAChartAndAProduct records an action from a chart's large
// view and one from a row of the Value table.
func TestActionsFromAChartAndAProduct(t *testing.T) {
	d, w := newTestDashboard(t, laptop)
	record := func(text string) {
		t.Helper()
		form := w.Canvas().Overlays().Top()
		entries := entriesOf(form)
		if len(entries) != 3 {
			t.Fatalf("the form has %d entries", len(entries))
		}
		act(d.br, func() {
			entries[0].SetText(text)
			entries[1].SetText("CAO")
			entries[2].SetText("2027-02-01")
			test.Tap(buttonOf(t, form, "Record"))
		})
		settle(d, w)
	}
	act(d.br, func() { d.showDetail("instruction.attendance") })
	settle(d, w)
	act(d.br, func() { test.Tap(buttonOf(t, w.Canvas().Overlays().Top(), "Record action")) })
	settle(d, w)
	record("Find out why attendance fell")

	act(d.br, func() { d.closeTop(); d.tabs.SelectIndex(5) })
	settle(d, w)
	if b := buttonOf(t, d.value.page, "Record action"); !b.Disabled() {
		t.Fatal("the Value table offers an action before a product is picked")
	}
	act(d.br, func() { test.Tap(d.value.rowViews[0]) })
	settle(d, w)
	product := d.value.rows[0]
	act(d.br, func() { test.Tap(buttonOf(t, d.value.page, "Record action on "+product.Name)) })
	settle(d, w)
	record("Renegotiate " + product.Name)

	acts, err := d.cache.Actions(context.Background())
	if err != nil || len(acts) != 2 {
		t.Fatalf("actions %+v, %v", acts, err)
	}
	october := time.Date(2026, time.October, 1, 0, 0, 0, 0, time.UTC)
	if a := acts[0]; a.About.Kind != district.OnChart || a.About.ID != "instruction.attendance" || !a.Then.Month.Equal(october) || a.Then.Metric != district.AttendanceRate {
		t.Fatalf("the chart's action: %+v", a)
	}
	if a := acts[1]; a.About.Kind != district.OnProduct || a.About.ID != product.ID || a.Product.AnnualCost != product.AnnualCost {
		t.Fatalf("the product's action: %+v", a)
	}
	if !strings.HasPrefix(d.status.Text, "Recorded action 2: Renegotiate") {
		t.Fatalf("the status bar says %q", d.status.Text)
	}
}

// TestOverviewSaysWhatChanged: with no meeting recorded, the Overview says
// so and what changed in the last 30 days, and lists it.
func TestOverviewSaysWhatChanged(t *testing.T) {
	d, w := newTestDashboard(t, laptop)
	r := d.since.report
	if len(r.Items) == 0 || !d.since.more.Visible() || d.since.more.Text != fmt.Sprintf("What changed in the last 30 days: %d changes", len(r.Items)) {
		t.Fatalf("the Overview says %q (%d changes, shown %v)", d.since.more.Text, len(r.Items), d.since.more.Visible())
	}
	// In a narrow window the line keeps its icon alone, clear of the tabs.
	act(d.br, func() { w.Resize(fyne.NewSize(1000, 700)) })
	settle(d, w)
	if d.since.more.Text != "" || d.since.more.Position().X < tabsWidth(d.tabs) {
		t.Fatalf("in a narrow window the line reads %q at x %v, over the tabs", d.since.more.Text, d.since.more.Position().X)
	}
	act(d.br, func() { w.Resize(laptop) })
	settle(d, w)
	act(d.br, func() { test.Tap(d.since.more) })
	settle(d, w)
	top := w.Canvas().Overlays().Top()
	if top == nil || !containsText(top, "No earlier meeting is on record") || !containsText(top, r.Items[0].String()) {
		t.Fatal("the list of changes does not say there was no meeting, or does not show the first change")
	}
}

// darkTheme is Fyne's default theme in its dark variant: a desktop in dark
// mode, as the slide window must not show it.
type darkTheme struct{ fyne.Theme }

func (t darkTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, theme.VariantDark)
}

// TestWhatChangedFitsItsCards opens the briefing, whose first slide is
// cards of sentences, on a desktop in dark mode at both sizes: each card
// takes the slide's light theme (it kept the desktop's dark one when the
// cards replaced a chart without the scale changing), and its words fit it.
func TestWhatChangedFitsItsCards(t *testing.T) {
	actions := district.Deck{Name: "Actions", Slides: []district.Slide{{Kind: district.ActionsSlide, Period: district.Period{Kind: district.Last12Months}}}}
	for _, tt := range []struct {
		name string
		size fyne.Size
		deck district.Deck
	}{
		{"briefing-" + sizeName(laptop), laptop, deck.Briefing()},
		{"briefing-" + sizeName(projector), projector, deck.Briefing()},
		// One card, in a frame whose scale it leaves as the chart's.
		{"one card-" + sizeName(projector), projector, actions},
	} {
		size := tt.size
		t.Run(tt.name, func(t *testing.T) {
			c := mustOpenCache(t)
			seedDemo(t, c, demo.Default(fixedNow))
			a := test.NewTempApp(t)
			a.Settings().SetTheme(darkTheme{theme.DefaultTheme()})
			b := boardOf(t, c)
			p := newPresentation(a, newTestBridge(t), c, func() *panel.Board { return b }, tt.deck, 0, Options{Now: func() time.Time { return fixedNow }, Size: size, Windowed: true}, nil)
			t.Cleanup(p.end)
			settlePresentation(p)
			if p.slide.slide.count == 0 {
				t.Fatal("the first slide shows no cards")
			}
			for _, tile := range p.slide.slide.tileWidgets[:p.slide.slide.count] {
				bg := test.WidgetRenderer(tile).(*panelRenderer).bg.FillColor
				if r, _, _, _ := bg.RGBA(); r < 0x8000 {
					t.Fatalf("card %q is drawn dark (%v) on the white slide", tile.title.Text, bg)
				}
				if need, has := tile.MinSize().Height, tile.Size().Height; need > has {
					t.Fatalf("card %q needs %.0f px and has %.0f: its words are cut", tile.title.Text, need, has)
				}
			}
		})
	}
}

// TestDecksTabNamesTheNewSlides: the Decks tab lists the briefing's first
// two slides by what they show.
func TestDecksTabNamesTheNewSlides(t *testing.T) {
	tab := &decksTab{deck: deck.Briefing()}
	for i, want := range []string{"1. What changed since the last meeting", "2. Actions from the last meeting", "3. The district at a glance"} {
		if got, _ := tab.slideTitle(i); got != want {
			t.Errorf("slide %d is listed as %q, want %q", i+1, got, want)
		}
	}
}
