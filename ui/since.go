package ui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/cabinetapp/cabinet/deck"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/panel"
)

// sinceBar says what changed since the last meeting: the briefing's
// first slide in a line, at the right end of the tab bar, where it takes
// no room from the Overview's tiles; it lists every change.
type sinceBar struct {
	more   *widget.Button
	box    *fyne.Container
	line   string
	report deck.Report
}

// newSinceBar makes the line; it lies over the tabs, at the top right.
func (d *dashboard) newSinceBar() fyne.CanvasObject {
	d.since = &sinceBar{more: widget.NewButtonWithIcon("", theme.ListIcon(), d.showChanges)}
	d.since.more.Importance = widget.LowImportance
	d.since.more.Hide()
	d.since.box = container.New(&sinceLayout{bar: d.since, tabs: d.tabs}, d.since.more)
	return d.since.box
}

// sinceLayout puts the line at the right end of the tab bar, as high as a
// tab; where the tabs leave it too little room, the button keeps its icon
// alone rather than cover them.
type sinceLayout struct {
	bar  *sinceBar
	tabs *container.AppTabs
}

func (l *sinceLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	b := l.bar.more
	text := l.bar.line
	if tabsWidth(l.tabs)+fyne.MeasureText(text, theme.TextSize(), fyne.TextStyle{Bold: true}).Width+6*theme.Padding()+theme.IconInlineSize() > size.Width {
		text = ""
	}
	if b.Text != text {
		b.SetText(text)
	}
	min := b.MinSize()
	b.Resize(min)
	b.Move(fyne.NewPos(size.Width-min.Width, 0))
}

func (l *sinceLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.Size{} }

// tabsWidth is about how wide the tab bar's tabs are laid out.
func tabsWidth(tabs *container.AppTabs) float32 {
	var w float32
	for _, it := range tabs.Items {
		w += fyne.MeasureText(it.Text, theme.TextSize(), fyne.TextStyle{Bold: true}).Width + 4*theme.Padding()
		if it.Icon != nil {
			w += theme.IconInlineSize() + theme.Padding()
		}
	}
	return w
}

// loadSince reads what changed since the last meeting, up to and
// including today's, for the measures of the briefing, from board b.
func (d *dashboard) loadSince(b *panel.Board) {
	gen, c := d.boardGen, d.cache
	now := d.opts.Now()
	opts := deck.Options{Now: now, StaleAfter: d.opts.StaleAfter, Meeting: now.AddDate(0, 0, 1), Memory: c}
	b.Hold()
	background(d.br, func(ctx context.Context) (deck.Report, error) {
		defer b.Release()
		dk, err := deck.Load(ctx, c, deck.BriefingName)
		if err != nil {
			return deck.Report{}, err
		}
		return deck.WhatChanged(ctx, b, dk, opts)
	}, func(r deck.Report, err error) {
		if gen != d.boardGen {
			return
		}
		if err != nil {
			d.status.SetText("What changed since the last meeting cannot be read: " + sentence(err))
			return
		}
		d.since.report, d.since.line = r, sinceLine(r)
		d.since.more.Show()
		// The line came or changed: lay it out again.
		d.since.box.Refresh()
	})
}

// sinceLine is the report in a line: "What changed since 10 November: 6".
func sinceLine(r deck.Report) string {
	if len(r.Items) == 0 {
		return strings.Replace(r.Headline, "What changed", "Nothing changed", 1)
	}
	return r.Headline + ": " + district.Counted(float64(len(r.Items)), "changes")
}

// showChanges lists everything that changed, most important first.
func (d *dashboard) showChanges() {
	r := d.since.report
	lines := make([]string, len(r.Items))
	for i, it := range r.Items {
		lines[i] = "• " + it.String()
	}
	list := widget.NewLabel(strings.Join(lines, "\n"))
	list.Wrapping = fyne.TextWrapWord
	rules := newCaption(r.Scope + ". " + strings.Join(r.Notes, ". ") + ".")
	rules.Wrapping = fyne.TextWrapWord
	body := container.NewBorder(widget.NewLabel(r.Takeaway), rules, nil, nil, container.NewVScroll(list))
	dlg := dialog.NewCustom(r.Headline, "Close", body, d.win)
	size := d.win.Canvas().Size()
	dlg.Resize(fyne.NewSize(size.Width*0.75, size.Height*0.75))
	dlg.Show()
}
