package ui

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/cabinetapp/cabinet/cache"
)

// sentence turns an error into something to show a person: a capitalised
// sentence with a full stop.
func sentence(err error) string {
	s := strings.TrimSpace(err.Error())
	if s == "" {
		return "Something went wrong."
	}
	r, n := utf8.DecodeRuneInString(s)
	s = string(unicode.ToUpper(r)) + s[n:]
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

// showError says what failed in the status bar.
func (d *dashboard) showError(what string, err error) {
	d.status.Importance = widget.DangerImportance
	d.status.SetText(what + ": " + sentence(err))
}

// showRecovery tells the person their old cache file was set aside.
func (d *dashboard) showRecovery(r *cache.Recovery) {
	dialog.ShowInformation("Cache file set aside", r.String(), d.win)
}
