package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/cabinetapp/cabinet/deck"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/export"
)

func TestExportPacketFromTheWindow(t *testing.T) {
	d, w := newTestDashboard(t, laptop)
	act(d.br, func() { d.tabs.Select(d.decksItem) })
	settle(d, w)
	act(d.br, func() { d.decks.load(deck.BriefingName) })
	settle(d, w)

	// form opens the export dialog and finds its fields.
	form := func() (labels string, date *textField, notes *keyedCheck, save *widget.Button) {
		act(d.br, d.decks.exportPDF)
		settle(d, w)
		var said []string
		for _, o := range test.LaidOutObjects(w.Canvas().Overlays().Top()) {
			switch o := o.(type) {
			case *widget.Label:
				said = append(said, o.Text)
			case *keyedCheck:
				said = append(said, o.Text)
				notes = o
			case *widget.RichText:
				said = append(said, o.String())
			case *textField:
				date = o
			case *widget.Button:
				if o.Text == "Choose where to save…" {
					save = o
				}
			}
		}
		return strings.Join(said, "|"), date, notes, save
	}
	t.Run("the dialog asks for the meeting date and the notes", func(t *testing.T) {
		all, date, notes, _ := form()
		if !strings.Contains(all, "Meeting date") || !strings.Contains(all, "speaker notes") || date == nil || notes == nil {
			t.Fatalf("the export dialog shows %q", all)
		}
		act(d.br, func() { test.Type(date, "15/12/2026") })
		if date.Validate() == nil {
			t.Fatal("15/12/2026 passed as a meeting date")
		}
		act(d.br, func() { d.closeTop() })
	})
	t.Run("speaker notes are left out unless this deck's last packet printed them", func(t *testing.T) {
		_, _, notes, save := form()
		if notes.Checked {
			t.Fatal("the packet, a public record, prints the speaker notes unasked")
		}
		act(d.br, func() {
			notes.SetChecked(true)
			test.Tap(save)
		})
		for w.Canvas().Overlays().Top() != nil {
			act(d.br, d.closeTop)
		}
		if _, _, notes, _ = form(); !notes.Checked {
			t.Error("the notes printed in this deck's last packet are not offered again")
		}
		act(d.br, d.closeTop)
		act(d.br, func() { d.decks.deck.Name = "Board prep" })
		if _, _, notes, _ = form(); notes.Checked {
			t.Error("another deck's packet prints the notes because this one's did")
		}
		act(d.br, d.closeTop)
		act(d.br, func() { d.decks.load(deck.BriefingName) })
		settle(d, w)
	})
	t.Run("the packet is written and offered to open", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "briefing.pdf")
		o := export.Options{MeetingDate: time.Date(2026, time.December, 15, 0, 0, 0, 0, time.UTC), Notes: true}
		o.Now = fixedNow
		act(d.br, func() { d.decks.writePacket(path, o) })
		settle(d, w)
		data, err := os.ReadFile(path)
		if err != nil || !strings.HasPrefix(string(data), "%PDF") {
			t.Fatalf("no PDF at %s (%v)", path, err)
		}
		var said []string
		for _, o := range test.LaidOutObjects(w.Canvas().Overlays().Top()) {
			if l, ok := o.(*widget.Label); ok {
				said = append(said, l.Text)
			}
		}
		if !strings.Contains(strings.Join(said, " "), "Open it now") {
			t.Fatalf("after saving the window says %q", said)
		}
		// A packet for a meeting's date records that meeting.
		if m, err := d.cache.Meeting(context.Background(), o.MeetingDate); err != nil || m.How != district.Packet || len(m.Slides) != len(d.decks.deck.Slides) {
			t.Fatalf("the meeting of 15 December: %+v, %v", m.How, err)
		}
		if !strings.Contains(d.decks.status.Text, "recorded the meeting of 15 December 2026") {
			t.Fatalf("the Decks tab says %q", d.decks.status.Text)
		}
	})
}

func TestFileURL(t *testing.T) {
	if got := fileURL("/tmp/board packet.pdf").String(); got != "file:///tmp/board%20packet.pdf" {
		t.Fatalf("fileURL = %s", got)
	}
}
