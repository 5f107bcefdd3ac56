package ui

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/cabinetapp/cabinet/sync/summaryapi/server"
	"github.com/cabinetapp/cabinet/sync/summaryapi/wire"
)

// TestEmptyCollectionsAskFirst has the server send no budget lines after
// a good sync: "Sync now" keeps them and asks, "Keep" keeps them, and
// "Accept the removal" syncs again and takes the removal.
func TestEmptyCollectionsAskFirst(t *testing.T) {
	var reloading atomic.Bool
	d := newSyncingDashboardVia(t, testToken, func(s server.Source, o server.Options) http.Handler {
		good := server.Handler(s, o)
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if reloading.Load() && r.URL.Path == wire.PathBudget {
				w.Header().Set("Content-Type", "application/json")
				w.Header().Set("ETag", `"reloading"`)
				fmt.Fprint(w, `{"items": []}`)
				return
			}
			good.ServeHTTP(w, r)
		})
	})
	budget := func() int {
		t.Helper()
		n, err := d.cache.Counts(context.Background(), "riverside")
		if err != nil {
			t.Fatal(err)
		}
		return n.BudgetLines
	}
	act(d.br, func() { d.tabs.Select(d.sourcesItem) })
	settle(d, d.win)
	act(d.br, func() { d.sources.sync("") })
	settle(d, d.win)
	held := budget()
	if held == 0 {
		t.Fatal("the first sync brought no budget lines")
	}

	reloading.Store(true)
	question := fmt.Sprintf("Riverside's server sent no budget lines (the cache holds %d). Keep the %d, or accept the removal?", held, held)
	answer := func(button string) {
		t.Helper()
		act(d.br, func() { d.sources.sync("") })
		settle(d, d.win)
		overlay := d.win.Canvas().Overlays().Top()
		if overlay == nil || !containsText(overlay, question) {
			t.Fatalf("no question %q; the panel says %q", question, d.sources.summary.Text)
		}
		if budget() != held {
			t.Fatalf("before the answer the budget has %d lines, not %d", budget(), held)
		}
		var b *widget.Button
		for _, o := range test.LaidOutObjects(overlay) {
			if x, ok := o.(*widget.Button); ok && x.Text == button {
				b = x
			}
		}
		if b == nil {
			t.Fatalf("the question has no %q button", button)
		}
		act(d.br, func() { test.Tap(b) })
		settle(d, d.win)
	}
	answer("Keep")
	if budget() != held || d.win.Canvas().Overlays().Top() != nil {
		t.Fatalf("after Keep: %d budget lines", budget())
	}
	answer("Accept the removal")
	if budget() != 0 || !strings.HasPrefix(d.sources.summary.Text, "Synced 1 of 1 sources") {
		t.Fatalf("after accepting: %d budget lines, the panel says %q", budget(), d.sources.summary.Text)
	}
}
