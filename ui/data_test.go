package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/deck"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/district/demo"
)

// TestAnotherWritersChangesShow has a second handle on the cache file, as a
// `cabinet sync` in another process has, replace the district while the
// window is open: at the next tick of the window's watch the dashboard
// shows the new district, and when the window gains the focus, a deck the
// other saved is listed. A tick with nothing new reads no new board.
func TestAnotherWritersChangesShow(t *testing.T) {
	c := mustOpenCache(t)
	ticks := make(chan time.Time)
	d, w := openWatchedDashboard(t, c, ticks)
	tick := func() {
		ticks <- fixedNow
		act(d.br, func() { (<-d.br.loop())() }) // the watch's nudge
		settle(d, w)
	}
	act(d.br, func() { d.tabs.Select(d.decksItem) })
	settle(d, w)
	if len(d.board.Schools) != 24 {
		t.Fatalf("the dashboard opened on %d schools", len(d.board.Schools))
	}
	boards := d.boardGen
	tick()
	if d.boardGen != boards {
		t.Fatal("a tick with nothing written read a new board")
	}

	other, err := cache.Open(context.Background(), c.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	seedDemo(t, other, demo.Config{Seed: 5, Schools: 6, Years: 2, End: fixedNow})
	if len(d.board.Schools) != 24 {
		t.Fatal("the board changed before the watch looked")
	}
	tick()
	if len(d.board.Schools) != 6 || !strings.HasPrefix(d.status.Text, "6 schools") {
		t.Fatalf("after another program's sync and a tick: %d schools, the status bar says %q", len(d.board.Schools), d.status.Text)
	}

	if err := other.CreateDeck(context.Background(), district.Deck{Name: "Board prep"}); err != nil {
		t.Fatal(err)
	}
	focus := d.app.Lifecycle().(interface{ OnEnteredForeground() func() }).OnEnteredForeground()
	act(d.br, focus)
	settle(d, w)
	if got := strings.Join(d.decks.names, ", "); got != deck.BriefingName+", Board prep" {
		t.Fatalf("after another program saved a deck and the window gained the focus, the Decks tab lists %s", got)
	}
}

// openWatchedDashboard opens the dashboard on c, seeded with the demo
// district, whose watch for other writers ticks when the test sends.
func openWatchedDashboard(t *testing.T, c *cache.Cache, ticks chan time.Time) (*dashboard, fyne.Window) {
	t.Helper()
	a := test.NewTempApp(t)
	test.ApplyTheme(t, lightTheme{theme.DefaultTheme()})
	w := test.NewTempWindow(t, nil)
	o := testOptions(c)
	o.Ticks = ticks
	d := newDashboard(newTestBridge(t), a, w, c, o)
	w.SetContent(d.content)
	w.Resize(laptop)
	d.start()
	settle(d, w)
	return d, w
}
