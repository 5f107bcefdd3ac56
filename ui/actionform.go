package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/deck"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/panel"
)

// actionForm is the short form that records a decision or an action:
// what is to be done, by whom and by when, about a chart, a measure or a
// product. The large view of a chart, a row of the Value table and the
// presenter view open it.
type actionForm struct {
	text, owner, due *widget.Entry
	dialog           *dialog.FormDialog
}

// askAction opens the form in window w for an action about about. It
// records the action from board's figures in c, then says what it did
// with said; closed runs when the form closes, recorded or not.
func askAction(w fyne.Window, br *bridge, c *cache.Cache, board *panel.Board, about district.About, now func() time.Time, said func(string), closed func()) *actionForm {
	f := &actionForm{text: widget.NewEntry(), owner: widget.NewEntry(), due: widget.NewEntry()}
	f.text.SetPlaceHolder("e.g. Renegotiate the licence count before renewal")
	f.text.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errors.New("say what is to be done")
		}
		if len([]rune(s)) > district.MaxActionText {
			return fmt.Errorf("at most %d characters", district.MaxActionText)
		}
		return nil
	}
	f.owner.SetPlaceHolder("e.g. CFO")
	f.owner.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errors.New("say who will do it")
		}
		if len([]rune(s)) > district.MaxOwner {
			return fmt.Errorf("at most %d characters", district.MaxOwner)
		}
		return nil
	}
	f.due.SetPlaceHolder("e.g. " + now().AddDate(0, 0, 28).Format(time.DateOnly))
	f.due.Validator = func(s string) error {
		_, err := district.ParseDay(s)
		return err
	}
	on := about.Name
	if on == "" {
		on = "Nothing on the dashboard"
	}
	items := []*widget.FormItem{
		{Text: "Action", Widget: f.text, HintText: "A decision, or what is to be done"},
		{Text: "Owner", Widget: f.owner},
		{Text: "Due", Widget: f.due, HintText: "Year-month-day"},
		{Text: "On", Widget: widget.NewLabel(on), HintText: "The next briefing says how it moved"},
	}
	b := board.Hold()
	f.dialog = dialog.NewForm("Record an action", "Record", "Cancel", items, func(ok bool) {
		if !ok {
			b.Release()
			return
		}
		due, _ := district.ParseDay(f.due.Text)
		a := district.Action{Text: f.text.Text, Owner: f.owner.Text, Due: due, About: about, Created: now()}
		background(br, func(ctx context.Context) (district.Action, error) {
			defer b.Release()
			a, err := deck.NewAction(ctx, b, a)
			if err != nil {
				return a, err
			}
			return c.AddAction(ctx, a)
		}, func(a district.Action, err error) {
			if err != nil {
				said(sentence(err))
				return
			}
			said(fmt.Sprintf("Recorded action %d: %s (%s, due %s).", a.ID, a.Text, a.Owner, a.Due.Format(district.DayName)))
		})
	}, w)
	if closed != nil {
		f.dialog.SetOnClosed(closed)
	}
	f.dialog.Resize(fyne.NewSize(560, f.dialog.MinSize().Height))
	f.dialog.Show()
	w.Canvas().Focus(f.text)
	return f
}
