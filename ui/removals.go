package ui

import (
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/sync/engine"
)

// confirmRemovals asks, for a sync held because it would empty a dataset
// or remove most of it, whether to keep what the cache holds or accept the
// removal, and syncs the source again with o and the removal accepted if
// so. It reports whether r was such a sync.
func (t *sourcesTab) confirmRemovals(r engine.Result, o engine.SyncOptions) bool {
	var held *cache.RemovalError
	if !errors.As(r.Err, &held) {
		return false
	}
	label := widget.NewLabel(removalQuestion(r.Source, held))
	label.Wrapping = fyne.TextWrapWord
	dlg := dialog.NewCustomConfirm("Keep "+r.Source+"'s data?", "Accept the removal", "Keep", label, func(accept bool) {
		if accept {
			o.AcceptRemovals = true
			t.run(r.Source, o)
		}
	}, t.d.win)
	dlg.Resize(fyne.NewSize(480, 0))
	dlg.Show()
	return true
}

// removalQuestion is "Riverside's server sent no budget lines (the cache
// holds 32). Keep the 32, or accept the removal?"
func removalQuestion(source string, held *cache.RemovalError) string {
	keep := "what the cache holds"
	if len(held.Removals) == 1 {
		keep = "the " + district.Thousands(float64(held.Removals[0].Held))
	}
	return fmt.Sprintf("%s's server sent %s. Keep %s, or accept the removal?", strings.ToUpper(source[:1])+source[1:], held.Sent(), keep)
}
