package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/cabinetapp/cabinet/deck"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/export"
)

// exportPDF asks for the meeting's date and whether to print the speaker
// notes, then where to save the board packet; it writes it and offers to
// open it in the system's viewer, to print.
func (t *decksTab) exportPDF() {
	date := newTextField()
	date.SetPlaceHolder("e.g. " + t.d.opts.Now().AddDate(0, 0, 14).Format(time.DateOnly))
	date.Validator = func(s string) error {
		if _, err := meetingDate(s); err != nil {
			return err
		}
		return nil
	}
	// A packet is a public record: the notes are left out unless they were
	// printed in this deck's packet the last time it was made.
	notes := newKeyedCheck("Print each slide's speaker notes beside it")
	notes.SetChecked(t.d.app.Preferences().Bool(notesKey(t.deck.Name)))
	items := []*widget.FormItem{
		{Text: "Meeting date", Widget: date, HintText: "Printed on the cover, and the meeting recorded; empty for today, unrecorded"},
		{Text: "Notes", Widget: notes},
	}
	dialog.ShowForm("Export the board packet", "Choose where to save…", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		when, _ := meetingDate(date.Text)
		t.d.app.Preferences().SetBool(notesKey(t.deck.Name), notes.Checked)
		t.savePacket(export.Options{Options: deck.Options{Now: t.d.opts.Now(), StaleAfter: t.d.opts.StaleAfter, Memory: t.d.cache}, MeetingDate: when, Notes: notes.Checked})
	}, t.d.win)
}

// notesKey is the preference that says whether a deck's packet printed
// its speaker notes when it was last made.
func notesKey(deck string) string { return "packet.notes." + strings.ToLower(deck) }

// meetingDate reads a meeting date typed as 2026-12-15; empty is none.
func meetingDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, errors.New("write the date as year-month-day, e.g. 2026-12-15")
	}
	return d, nil
}

// savePacket asks where to save the packet, then writes it there.
func (t *decksTab) savePacket(o export.Options) {
	save := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		// The dialog opened the file; the packet is written beside it and
		// renamed over it, so a failed export leaves nothing half-written.
		path := w.URI().Path()
		w.Close()
		t.writePacket(path, o)
	}, t.d.win)
	save.SetFileName(strings.ReplaceAll(strings.ToLower(t.deck.Name), " ", "-") + ".pdf")
	save.Show()
}

// writePacket writes the deck's packet to path and offers to open it.
// A packet for a meeting's date records that meeting, from what its
// slides drew.
func (t *decksTab) writePacket(path string, o export.Options) {
	dk, b, c := t.deck, t.d.board.Hold(), t.d.cache
	rec := deck.NewRecorder()
	o.Seen, o.Meeting = rec.Saw, o.MeetingDate
	t.status.SetText("Writing the board packet…")
	background(t.d.br, func(ctx context.Context) (bool, error) {
		defer b.Release()
		replaced, err := export.WriteFile(path, func(w io.Writer) error { return export.PDF(ctx, w, b, dk, o) })
		if err == nil && !o.MeetingDate.IsZero() {
			_, err = rec.Keep(ctx, c, b, dk, o.Options, district.Packet)
		}
		return replaced, err
	}, func(replaced bool, err error) {
		if err != nil {
			t.say(err)
			return
		}
		said := "Saved the board packet to " + path
		if replaced {
			said += ", in place of the file that was there"
		}
		if !o.MeetingDate.IsZero() {
			said += "; recorded the meeting of " + o.MeetingDate.Format(district.DayName)
		}
		t.status.SetText(said + ".")
		dialog.ShowConfirm("Board packet saved", "Saved to "+path+".\nOpen it now, to read or print?", func(open bool) {
			if open {
				t.openFile(path)
			}
		}, t.d.win)
	})
}

// openFile shows a file in the system's viewer.
func (t *decksTab) openFile(path string) {
	if err := t.d.app.OpenURL(fileURL(path)); err != nil {
		t.say(fmt.Errorf("opening %s: %w", path, err))
	}
}

// fileURL is the file: URL of a local path.
func fileURL(path string) *url.URL {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	return &url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}
}
