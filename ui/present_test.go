package ui

import (
	"context"
	"fmt"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/cabinetapp/cabinet/deck"
	"github.com/cabinetapp/cabinet/district/demo"
	"github.com/cabinetapp/cabinet/panel"
)

// newTestPresentation presents the built-in briefing on the demo district in
// test windows of the given size, and waits until its slides are ready.
func newTestPresentation(t testing.TB, size fyne.Size) *presentation {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(lightTheme{theme.DefaultTheme()})
	c := mustOpenCache(t)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	if err := c.SeedDemo(ctx, demo.New(demo.Default(fixedNow))); err != nil {
		t.Fatal(err)
	}
	b, err := panel.NewBoard(ctx, c, Options{}.Suppression)
	if err != nil {
		t.Fatal(err)
	}
	b.Now = func() time.Time { return fixedNow }
	p := newPresentation(a, newTestBridge(t), func() *panel.Board { return b }, deck.Briefing(), 0, Options{Now: func() time.Time { return fixedNow }, Size: size, Windowed: true}, nil)
	t.Cleanup(p.end)
	settlePresentation(p)
	return p
}

// settlePresentation lays the windows out and waits for the slides in hand.
func settlePresentation(p *presentation) { settleWindows(p.br, p.stage, p.presenter) }

func press(p *presentation, keys ...fyne.KeyName) {
	for _, k := range keys {
		act(p.br, func() { p.typedKey(&fyne.KeyEvent{Name: k}) })
	}
}

func TestSlideKeys(t *testing.T) {
	p := newTestPresentation(t, laptop)
	last := len(p.deck.Slides) - 1
	tests := []struct {
		name  string
		from  int
		keys  []fyne.KeyName
		want  int
		shift bool
	}{
		{"Right goes forward", 2, []fyne.KeyName{fyne.KeyRight}, 3, false},
		{"Down goes forward", 2, []fyne.KeyName{fyne.KeyDown}, 3, false},
		{"Page Down (a clicker) goes forward", 2, []fyne.KeyName{fyne.KeyPageDown}, 3, false},
		{"Space goes forward", 2, []fyne.KeyName{fyne.KeySpace}, 3, false},
		{"Enter goes forward", 2, []fyne.KeyName{fyne.KeyReturn}, 3, false},
		{"Left goes back", 2, []fyne.KeyName{fyne.KeyLeft}, 1, false},
		{"Up goes back", 2, []fyne.KeyName{fyne.KeyUp}, 1, false},
		{"Page Up (a clicker) goes back", 2, []fyne.KeyName{fyne.KeyPageUp}, 1, false},
		{"Backspace goes back", 2, []fyne.KeyName{fyne.KeyBackspace}, 1, false},
		{"Home goes to the first slide", 5, []fyne.KeyName{fyne.KeyHome}, 0, false},
		{"End goes to the last slide", 2, []fyne.KeyName{fyne.KeyEnd}, last, false},
		{"a number then Enter jumps", 0, []fyne.KeyName{"7", fyne.KeyReturn}, 6, false},
		{"two digits then Enter jump", 0, []fyne.KeyName{"1", "0", fyne.KeyEnter}, 9, false},
		{"a number past the end stops at the last", 0, []fyne.KeyName{"9", "9", fyne.KeyReturn}, last, false},
		{"F5 starts from the first slide", 4, []fyne.KeyName{fyne.KeyF5}, 0, false},
		{"Shift+F5 starts from the current slide", 4, []fyne.KeyName{fyne.KeyF5}, 4, true},
		{"forward at the end stays there", last, []fyne.KeyName{fyne.KeyRight}, last, false},
		{"back at the start stays there", 0, []fyne.KeyName{fyne.KeyLeft}, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			act(p.br, func() { p.goTo(tt.from) })
			p.shift = tt.shift
			press(p, tt.keys...)
			p.shift = false
			if p.index != tt.want {
				t.Fatalf("slide %d, want %d", p.index+1, tt.want+1)
			}
			if got := p.position.Text; got != fmtPosition(tt.want, len(p.deck.Slides)) {
				t.Fatalf("the presenter view says %q", got)
			}
		})
	}
}

func fmtPosition(i, n int) string { return fmt.Sprintf("Slide %d of %d", i+1, n) }

func TestBlankScreens(t *testing.T) {
	p := newTestPresentation(t, laptop)
	act(p.br, func() { p.goTo(3) })
	for _, tt := range []struct {
		key  fyne.KeyName
		want blank
	}{{fyne.KeyB, blackScreen}, {fyne.KeyPeriod, blackScreen}, {fyne.KeyW, whiteScreen}} {
		press(p, tt.key)
		if p.blank != tt.want || !p.cover.Visible() {
			t.Fatalf("%s: blank %d, cover shown %v", tt.key, p.blank, p.cover.Visible())
		}
		press(p, fyne.KeyRight)
		if p.blank != notBlank || p.cover.Visible() || p.index != 3 {
			t.Fatalf("after %s, any key must bring back the same slide: blank %d, slide %d", tt.key, p.blank, p.index+1)
		}
	}
}

func TestFullScreenAndEscape(t *testing.T) {
	p := newTestPresentation(t, laptop)
	full := p.stage.FullScreen()
	press(p, fyne.KeyF)
	if p.stage.FullScreen() == full {
		t.Fatal("F did not toggle full screen")
	}
	press(p, fyne.KeyF11)
	if p.stage.FullScreen() != full {
		t.Fatal("F11 did not toggle full screen back")
	}
	ended := false
	p.onEnd = func() { ended = true }
	press(p, fyne.KeyEscape)
	if !ended || !p.ended {
		t.Fatal("Escape did not end the presentation")
	}
	press(p, fyne.KeyRight)
}

func TestSlideGolden(t *testing.T) {
	for _, size := range []fyne.Size{laptop, projector} {
		t.Run(sizeName(size), func(t *testing.T) {
			p := newTestPresentation(t, size)
			test.AssertImageMatches(t, "slide-tiles-"+sizeName(size)+".png", p.stage.Canvas().Capture())
			press(p, fyne.KeyRight)
			settlePresentation(p)
			test.AssertImageMatches(t, "slide-chart-"+sizeName(size)+".png", p.stage.Canvas().Capture())
			test.AssertImageMatches(t, "presenter-"+sizeName(size)+".png", p.presenter.Canvas().Capture())
		})
	}
}

func TestNextSlideIsReadyBeforeItIsAsked(t *testing.T) {
	p := newTestPresentation(t, projector)
	for i := 0; i < len(p.deck.Slides)-1; i++ {
		if _, ok := p.ready[i+1]; !ok {
			t.Fatalf("on slide %d the next slide is not ready", i+1)
		}
		press(p, fyne.KeyRight)
		if img := p.slide.slide.chart.img.Image; p.deck.Slides[i+1].Kind == "chart" && img == nil {
			t.Fatalf("slide %d showed no chart at once", i+2)
		}
		settlePresentation(p)
	}
}

// BenchmarkNextSlide measures moving on to a slide that is already
// rendered, up to the new slide laid out in the window: what the app does
// after a clicker press before the driver paints. Painting is the GPU's
// under the real driver; the test driver's software painter would take
// about 200 ms for 1920x1080, so it is left out.
func BenchmarkNextSlide(b *testing.B) {
	p := newTestPresentation(b, projector)
	n := len(p.deck.Slides)
	for i := range n {
		act(p.br, func() { p.goTo(i) })
		settlePresentation(p)
	}
	i := 0
	for b.Loop() {
		i = (i + 1) % n
		act(p.br, func() {
			p.goTo(i)
			p.stage.Content().Resize(p.stage.Canvas().Size())
		})
	}
}

// TestPresentationKeepsItsSnapshotUntilTheNextSlide lands a sync while a
// deck is shown: the slide on the screen stays as drawn, from the snapshot
// the presentation started with, and the move to the next slide takes the
// new one for it and every slide after.
func TestPresentationKeepsItsSnapshotUntilTheNextSlide(t *testing.T) {
	p := newTestPresentation(t, laptop)
	old, shown := p.board, p.ready[0].view
	opts := deck.Options{Now: fixedNow, StaleAfter: p.opts.StaleAfter}
	before, err := deck.Render(context.Background(), old, p.deck, 1, opts)
	if err != nil {
		t.Fatal(err)
	}
	c := old.Cache()
	if err := c.SeedDemo(context.Background(), demo.New(demo.Config{Seed: 9, Schools: 5, Years: 2, End: fixedNow})); err != nil {
		t.Fatal(err)
	}
	fresh, err := panel.NewBoard(context.Background(), c, Options{}.Suppression)
	if err != nil {
		t.Fatal(err)
	}
	fresh.Now = old.Now
	act(p.br, func() { p.latest = func() *panel.Board { return fresh } })
	settlePresentation(p)
	if p.board != old || drawn(p.ready[0].view) != drawn(shown) || p.slide.slide.takeaway.Text != shown.Takeaway {
		t.Fatal("the slide on the screen changed before the presenter moved on")
	}
	press(p, fyne.KeyRight)
	settlePresentation(p)
	want, err := deck.Render(context.Background(), fresh, p.deck, 1, opts)
	if err != nil {
		t.Fatal(err)
	}
	if drawn(before) == drawn(want) {
		t.Fatal("the new district draws slide 2 as the old did; the test cannot tell them apart")
	}
	if p.board != fresh || drawn(p.ready[1].view) != drawn(want) {
		t.Fatal("slide 2 was not drawn from the new snapshot")
	}
}

// drawn is what a slide shows in words and figures. (Views are not compared
// whole: a chart's gaps are NaN, never equal to themselves.)
func drawn(v deck.View) string {
	return fmt.Sprintf("%s|%s|%v|%+v", v.Headline, v.Takeaway, v.Result.Table, v.Tiles)
}
