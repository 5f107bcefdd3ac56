package ui

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/deck"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/district/demo"
	"github.com/cabinetapp/cabinet/panel"
)

// newTestPresentation presents the built-in briefing on the demo district in
// test windows of the given size, and waits until its slides are ready.
func newTestPresentation(t testing.TB, size fyne.Size) *presentation {
	t.Helper()
	return presentDeck(t, size, demo.Default(fixedNow), deck.Briefing())
}

// presentDeck presents deck d on a demo district of cfg in test windows of
// the given size, and waits until its slides are ready.
func presentDeck(t testing.TB, size fyne.Size, cfg demo.Config, d district.Deck) *presentation {
	t.Helper()
	c := mustOpenCache(t)
	seedDemo(t, c, cfg)
	return presentOn(t, size, c, d)
}

// presentOn presents deck d on the district in c in test windows of the
// given size, and waits until its slides are ready.
func presentOn(t testing.TB, size fyne.Size, c *cache.Cache, d district.Deck) *presentation {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(lightTheme{newAppTheme()})
	b := boardOf(t, c)
	p := newPresentation(a, newTestBridge(t), c, func() *panel.Board { return b }, d, 0, Options{Now: func() time.Time { return fixedNow }, Size: size, Windowed: true}, nil)
	t.Cleanup(p.end)
	settlePresentation(p)
	return p
}

// settlePresentation lays the windows out and waits for the slides in hand.
func settlePresentation(p *presentation) { settleWindows(p.br, p.stage, p.presenter) }

// press sends keys to the slide window through the handler the driver
// calls for a typed key.
func press(p *presentation, keys ...fyne.KeyName) { pressOn(p.br, p.stage, keys...) }

func pressOn(br *bridge, w fyne.Window, keys ...fyne.KeyName) {
	for _, k := range keys {
		act(br, func() { w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: k}) })
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
			// The test driver keeps no record of the modifier keys held:
			// the test says whether Shift is, as the GLFW driver would.
			p.keys.held = func() fyne.KeyModifier {
				if tt.shift {
					return fyne.KeyModifierShift
				}
				return 0
			}
			press(p, tt.keys...)
			p.keys.held = nil
			if p.index != tt.want {
				t.Fatalf("slide %d, want %d", p.index+1, tt.want+1)
			}
			if got := p.position.Text; got != position(tt.want, len(p.deck.Slides)) {
				t.Fatalf("the presenter view says %q", got)
			}
		})
	}
}

func TestPositionWarnsOfTheLastSlide(t *testing.T) {
	for _, tt := range []struct {
		i, n int
		want string
	}{{0, 12, "Slide 1 of 12"}, {10, 12, "Slide 11 of 12"}, {11, 12, "Slide 12 of 12 · last slide"}, {0, 1, "Slide 1 of 1 · last slide"}} {
		if got := position(tt.i, tt.n); got != tt.want {
			t.Errorf("position(%d, %d) = %q, want %q", tt.i, tt.n, got, tt.want)
		}
	}
}

// TestBlankScreens presses B, . and W in either window and checks the
// slide window's own pixels, then that any key brings the same slide back.
func TestBlankScreens(t *testing.T) {
	p := newTestPresentation(t, laptop)
	act(p.br, func() { p.goTo(3) })
	settlePresentation(p)
	slide := p.stage.Canvas().Capture()
	for _, tt := range []struct {
		key   fyne.KeyName
		want  blank
		pixel color.Color
		note  string
	}{
		{fyne.KeyB, blackScreen, color.Black, "Screen is black — press any key"},
		{fyne.KeyPeriod, blackScreen, color.Black, "Screen is black — press any key"},
		{fyne.KeyW, whiteScreen, color.White, "Screen is white — press any key"},
	} {
		for _, w := range []fyne.Window{p.stage, p.presenter} {
			t.Run(string(tt.key)+" in "+w.Title(), func(t *testing.T) {
				pressOn(p.br, w, tt.key)
				img := p.stage.Canvas().Capture()
				for _, at := range []image.Point{{5, 5}, {img.Bounds().Dx() / 2, img.Bounds().Dy() / 2}, {img.Bounds().Dx() - 5, img.Bounds().Dy() - 5}} {
					if !sameColour(img.At(at.X, at.Y), tt.pixel) {
						t.Fatalf("the slide window at %v is %v, want %v", at, img.At(at.X, at.Y), tt.pixel)
					}
				}
				if !p.blankNote.Visible() || p.blankNote.Text != tt.note {
					t.Fatalf("the presenter view says %q (shown %v)", p.blankNote.Text, p.blankNote.Visible())
				}
				pressOn(p.br, w, fyne.KeyRight)
				if p.blank != notBlank || p.index != 3 || p.blankNote.Visible() {
					t.Fatalf("any key must bring back the same slide: blank %d, slide %d", p.blank, p.index+1)
				}
				if n := differentPixels(slide, p.stage.Canvas().Capture()); n != 0 {
					t.Fatalf("%d pixels differ from the slide before blanking", n)
				}
			})
		}
	}
}

func sameColour(a, b color.Color) bool {
	r1, g1, b1, _ := a.RGBA()
	r2, g2, b2, _ := b.RGBA()
	return r1>>8 == r2>>8 && g1>>8 == g2>>8 && b1>>8 == b2>>8
}

func differentPixels(a, b image.Image) int {
	n := 0
	for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
		for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
			if !sameColour(a.At(x, y), b.At(x, y)) {
				n++
			}
		}
	}
	return n
}

// fakeStage is a slide window that records where it was asked to go full
// screen; fakeDriver says whether a second display is there.
type fakeStage struct {
	fyne.Window
	secondary, primary bool
}

func (w *fakeStage) RequestFullScreenSecondary() { w.secondary = true }
func (w *fakeStage) SetFullScreen(full bool)     { w.primary = full }

type fakeDriver struct {
	fyne.Driver
	two bool
}

func (d fakeDriver) HasSecondaryDisplay() bool { return d.two }

func TestSlidesGoToTheProjector(t *testing.T) {
	a := test.NewTempApp(t)
	for _, tt := range []struct {
		name                 string
		two                  bool
		secondary, fullFirst bool
	}{
		{"two displays: full screen on the second", true, true, false},
		{"one display: full screen where it is", false, false, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := &fakeStage{Window: a.NewWindow("slides")}
			toProjector(fakeDriver{Driver: a.Driver(), two: tt.two}, w)
			if w.secondary != tt.secondary || w.primary != tt.fullFirst {
				t.Fatalf("secondary %v, primary full screen %v", w.secondary, w.primary)
			}
		})
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
			// The briefing opens with what changed, then the actions.
			test.AssertImageMatches(t, "slide-since-"+sizeName(size)+".png", p.stage.Canvas().Capture())
			press(p, fyne.KeyRight, fyne.KeyRight)
			settlePresentation(p)
			test.AssertImageMatches(t, "slide-tiles-"+sizeName(size)+".png", p.stage.Canvas().Capture())
			press(p, fyne.KeyRight)
			settlePresentation(p)
			test.AssertImageMatches(t, "slide-chart-"+sizeName(size)+".png", p.stage.Canvas().Capture())
			// The presenter view opens at presenterSize on any screen; a
			// presenter may make it the size of theirs.
			p.presenter.Resize(size)
			settlePresentation(p)
			img := p.presenter.Canvas().Capture()
			if got := img.Bounds().Size(); got.X != int(size.Width) || got.Y != int(size.Height) {
				t.Fatalf("the presenter view drew %v, not %s", got, sizeName(size))
			}
			test.AssertImageMatches(t, "presenter-"+sizeName(size)+".png", img)
		})
	}
}

func TestNextSlideIsReadyBeforeItIsAsked(t *testing.T) {
	// At laptop size: what is checked does not depend on the size, and the
	// software painter takes twice as long for 1920x1080.
	p := newTestPresentation(t, laptop)
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
	c := mustOpenCache(t)
	seedDemo(t, c, demo.Default(fixedNow))
	d := deck.Briefing()
	d.Slides = d.Slides[2:] // the district at a glance, then a chart
	p := presentOn(t, laptop, c, d)
	old, shown := p.board, p.ready[0].view
	opts := deck.Options{Now: fixedNow, StaleAfter: p.opts.StaleAfter}
	before, err := deck.Render(context.Background(), old, p.deck, 1, opts)
	if err != nil {
		t.Fatal(err)
	}
	seedDemo(t, c, demo.Config{Seed: 9, Schools: 5, Years: 2, End: fixedNow})
	fresh := boardOf(t, c)
	act(p.br, func() { p.latest = func() *panel.Board { return fresh } })
	settlePresentation(p)
	if p.board != old || drawn(p.ready[0].view) != drawn(shown) || p.slide.slide.takeaway.text != shown.Takeaway {
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

// TestMeetingSlidesGolden draws the slides a meeting turns on at a laptop's
// and a projector's size: a ranking of 24 schools with one chosen, the
// same ranking among the 1,800 schools of the largest districts, the
// spending story, and a line with its target. Nothing on them is cut.
func TestMeetingSlidesGolden(t *testing.T) {
	small := demo.Default(fixedNow)
	// The largest US districts have about 1,800 schools; a year of their
	// history is enough for a ranking of the latest month.
	large := demo.Config{Seed: 2026, Schools: 1800, Years: 1, End: fixedNow}
	chart := func(id, school string) district.Slide {
		return district.Slide{Kind: district.ChartSlide, Panel: id, School: school, Period: district.Period{Kind: district.Last12Months}}
	}
	for _, tt := range []struct {
		name  string
		cfg   demo.Config
		slide district.Slide
	}{
		{"ranking-24", small, chart("tech.broken_by_school", "S0003")},
		{"ranking-1800", large, chart("tech.broken_by_school", "S0003")},
		{"spending", small, chart("spending.to_date", "")},
		{"target", small, chart("instruction.attendance", "")},
	} {
		c := mustOpenCache(t)
		seedDemo(t, c, tt.cfg)
		for _, size := range []fyne.Size{laptop, projector} {
			t.Run(tt.name+"-"+sizeName(size), func(t *testing.T) {
				p := presentOn(t, size, c, district.Deck{Name: "Meeting", Slides: []district.Slide{tt.slide}})
				settlePresentation(p)
				assertSlideWhole(t, tt.name, p.stage, p.presenter)
				var img image.Image
				act(p.br, func() { img = p.stage.Canvas().Capture() })
				assertLooksLike(t, "meeting-"+tt.name+"-"+sizeName(size)+".png", img)
			})
		}
	}
}
