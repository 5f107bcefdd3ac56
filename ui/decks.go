package ui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/cabinetapp/cabinet/charts"
	"github.com/cabinetapp/cabinet/deck"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/panel"
)

// decksTab is where a person makes the meeting's decks: the decks on the
// left, the chosen deck's slides in the middle, and the chosen slide's
// preview, headline, takeaway and notes on the right.
type decksTab struct {
	d     *dashboard
	names []string
	// deck is the deck shown: as the cache last gave it, with the edits
	// still on their way to the cache applied. Its Version is the cache's.
	deck  district.Deck
	slide int // the chosen slide, -1 for none
	// suggest is the takeaway written from the data for the chosen slide.
	suggest string
	// The readings of each kind are counted (the deck list, a deck, a
	// slide's preview), so an older one that arrives late never replaces a
	// newer one.
	listRead, deckRead, slideRead int
	// edits are the changes on their way to the cache, in order; the first
	// is being saved. Each is one transaction, made on the version the one
	// before it of the same deck saved (landed, by the deck's name folded).
	edits    []deckEdit
	landed   map[string]int64
	deckList *widget.List
	slides   *widget.List
	preview  *slideFrame
	headline *widget.Entry
	takeaway *widget.Entry
	notes    *widget.Entry
	status   *widget.Label
	edit     *fyne.Container
}

func (d *dashboard) newDecksTab() fyne.CanvasObject {
	t := &decksTab{d: d, slide: -1, landed: map[string]int64{}}
	d.decks = t
	t.deckList = widget.NewList(
		func() int { return len(t.names) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(t.names[i]) })
	t.deckList.OnSelected = func(i widget.ListItemID) { t.open(t.names[i]) }
	t.slides = widget.NewList(
		func() int { return len(t.deck.Slides) },
		func() fyne.CanvasObject {
			head, what := widget.NewLabel(""), newCaption("")
			head.Truncation, what.Truncation = fyne.TextTruncateEllipsis, fyne.TextTruncateEllipsis
			return container.New(tightVBox{}, head, what)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			lines := o.(*fyne.Container).Objects
			head, what := t.slideTitle(i)
			lines[0].(*widget.Label).SetText(head)
			lines[1].(*widget.Label).SetText(what)
		})
	t.slides.OnSelected = func(i widget.ListItemID) { t.pick(i) }

	t.preview = newSlideFrame(newSlideView(d.br, func() charts.Theme { return charts.Light }))
	t.headline = widget.NewEntry()
	t.headline.SetPlaceHolder("The chart's own title")
	t.takeaway = widget.NewMultiLineEntry()
	t.takeaway.Wrapping = fyne.TextWrapWord
	t.takeaway.SetMinRowsVisible(2)
	t.notes = widget.NewMultiLineEntry()
	t.notes.Wrapping = fyne.TextWrapWord
	t.notes.SetMinRowsVisible(4)
	t.status = newCaption("")
	t.status.Wrapping = fyne.TextWrapWord

	decks := container.NewBorder(bold("Decks"), container.NewGridWithColumns(3,
		widget.NewButtonWithIcon("New", theme.ContentAddIcon(), t.newDeck),
		widget.NewButtonWithIcon("Rename", theme.DocumentCreateIcon(), t.rename),
		widget.NewButtonWithIcon("Delete", theme.DeleteIcon(), t.remove)), nil, nil, t.deckList)
	slides := container.NewBorder(bold("Slides"), container.NewVBox(
		container.NewGridWithColumns(3,
			widget.NewButtonWithIcon("Up", theme.MoveUpIcon(), func() { t.move(-1) }),
			widget.NewButtonWithIcon("Down", theme.MoveDownIcon(), func() { t.move(1) }),
			widget.NewButtonWithIcon("Remove", theme.ContentRemoveIcon(), t.removeSlide)),
		container.NewGridWithColumns(2,
			widget.NewButtonWithIcon("Present", theme.MediaPlayIcon(), func() { t.present(0) }),
			widget.NewButtonWithIcon("Export PDF…", theme.DocumentSaveIcon(), t.exportPDF))), nil, nil, t.slides)
	form := widget.NewForm(
		widget.NewFormItem("Headline", t.headline),
		widget.NewFormItem("Takeaway", t.takeaway),
		widget.NewFormItem("Notes", t.notes))
	buttons := container.NewHBox(
		widget.NewButton("Use the suggested takeaway", t.useSuggested),
		widget.NewButtonWithIcon("Save slide", theme.DocumentSaveIcon(), t.save))
	t.edit = container.NewBorder(nil, container.NewVBox(form, buttons, t.status), nil, nil, t.preview)

	lists := container.NewHSplit(decks, slides)
	lists.Offset = 0.4
	split := container.NewHSplit(lists, container.NewPadded(t.edit))
	split.Offset = 0.42
	return split
}

func bold(s string) *widget.Label {
	return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// slideTitle names a slide in the list, on two lines so neither is cut:
// its number and headline, and the chart it shows.
func (t *decksTab) slideTitle(i int) (string, string) {
	s := t.deck.Slides[i]
	what := "Overview tiles"
	switch {
	case s.Kind == district.PlanSlide:
		what = "The replacement plan"
	case s.Kind == district.TilesSlide && s.Tiles != "":
		what = s.Tiles.Title() + " tiles"
	}
	if p, ok := panel.ByID(s.Panel); ok {
		what = p.Title
	}
	if s.Headline == "" {
		return fmt.Sprintf("%d. %s", i+1, what), what
	}
	return fmt.Sprintf("%d. %s", i+1, s.Headline), what
}

// load lists the decks and opens the one named, or the first.
func (t *decksTab) load(open string) {
	c := t.d.cache
	t.listRead++
	read := t.listRead
	background(t.d.br, func(ctx context.Context) ([]string, error) { return deck.Names(ctx, c) },
		func(names []string, err error) {
			if read != t.listRead {
				return // a newer list is on its way
			}
			if err != nil {
				t.say(err)
				return
			}
			t.names = names
			t.deckList.Refresh()
			if open == "" && len(names) > 0 {
				open = names[0]
			}
			for i, n := range names {
				if strings.EqualFold(n, open) {
					// Chosen afresh, so it is read again even when it was
					// the one chosen.
					t.deckList.UnselectAll()
					t.deckList.Select(i)
				}
			}
		})
}

// open reads a deck and shows its slides, keeping the slide chosen when it
// is the deck shown.
func (t *decksTab) open(name string) {
	c := t.d.cache
	t.deckRead++
	read := t.deckRead
	background(t.d.br, func(ctx context.Context) (district.Deck, error) { return deck.Load(ctx, c, name) },
		func(dk district.Deck, err error) {
			if read != t.deckRead || t.saving(dk.Name) {
				return // a newer reading, or the last edit's result, will show it
			}
			if err != nil {
				t.say(err)
				return
			}
			t.show(dk)
		})
}

// show puts a deck in the list of slides, and chooses the slide chosen
// before if it is the same deck, else the first.
func (t *decksTab) show(dk district.Deck) {
	keep := strings.EqualFold(dk.Name, t.deck.Name) && t.slide >= 0 && t.slide < len(dk.Slides)
	i := t.slide
	if !keep {
		i = 0
	}
	t.deck, t.slide = dk, -1
	t.slides.UnselectAll()
	t.slides.Refresh()
	if len(dk.Slides) > 0 {
		t.slides.Select(i)
	}
}

// pick shows a slide in the editor and its preview, with the takeaway the
// data suggest for it: only the newest preview asked for is shown, so a
// slow one for another slide never lands here.
func (t *decksTab) pick(i int) {
	if i < 0 || i >= len(t.deck.Slides) {
		return
	}
	t.slide = i
	s := t.deck.Slides[i]
	t.headline.SetText(s.Headline)
	t.takeaway.SetText(s.Takeaway)
	t.notes.SetText(s.Notes)
	t.suggest = ""
	t.takeaway.SetPlaceHolder("")
	t.slideRead++
	read := t.slideRead
	b, dk, opts := t.d.board.Hold(), t.deck, deck.Options{Now: t.d.opts.Now(), StaleAfter: t.d.opts.StaleAfter}
	background(t.d.br, func(ctx context.Context) (deck.View, error) {
		defer b.Release()
		return deck.Render(ctx, b, dk, i, opts)
	},
		func(v deck.View, err error) {
			if read != t.slideRead {
				return // drawn for a slide, or a deck, no longer shown
			}
			if err != nil {
				t.say(err)
				return
			}
			t.suggest = v.Suggested
			t.takeaway.SetPlaceHolder(v.Suggested)
			t.preview.show(prepared{view: v})
		})
}

// useSuggested puts the takeaway the data suggest for the chosen slide in
// its field, to save or change.
func (t *decksTab) useSuggested() {
	if t.suggest != "" {
		t.takeaway.SetText(t.suggest)
	}
}

// newDeck asks for a name and saves an empty deck under it.
func (t *decksTab) newDeck() {
	ask(t.d.win, "New deck", "Name", "", func(name string) {
		c := t.d.cache
		background(t.d.br, func(ctx context.Context) (struct{}, error) {
			return struct{}{}, deck.Create(ctx, c, district.Deck{Name: name})
		}, func(_ struct{}, err error) {
			if err != nil {
				t.say(err)
				return
			}
			t.load(name)
			t.status.SetText("Add charts to it with \"Add to deck\" on any chart.")
		})
	})
}

func (t *decksTab) rename() {
	from := t.deck.Name
	ask(t.d.win, "Rename deck", "Name", from, func(to string) {
		c := t.d.cache
		slides, saved := t.deck.Slides, t.deck.Version > 0
		background(t.d.br, func(ctx context.Context) (struct{}, error) {
			if !saved {
				// The built-in briefing was never saved: keep it, and save
				// its slides under the new name.
				return struct{}{}, deck.Create(ctx, c, district.Deck{Name: to, Slides: slides})
			}
			return struct{}{}, c.RenameDeck(ctx, from, to)
		}, func(_ struct{}, err error) {
			if err != nil {
				t.say(err)
				return
			}
			t.load(to)
		})
	})
}

func (t *decksTab) remove() {
	name := t.deck.Name
	dialog.ShowConfirm("Delete deck", fmt.Sprintf("Delete the deck %q? Its slides go with it; the charts stay on the dashboard.", name), func(ok bool) {
		if !ok {
			return
		}
		c := t.d.cache
		background(t.d.br, func(ctx context.Context) (struct{}, error) { return struct{}{}, c.DeleteDeck(ctx, name) },
			func(_ struct{}, err error) {
				if err != nil {
					t.say(err)
					return
				}
				t.load("")
			})
	}, t.d.win)
}

// present shows the deck from slide from.
func (t *decksTab) present(from int) {
	if len(t.deck.Slides) == 0 {
		t.status.SetText("This deck has no slides yet.")
		return
	}
	t.d.present(t.deck, from)
}

func (t *decksTab) say(err error) {
	t.status.SetText(sentence(err))
}

// ask shows a one-line question and passes on a non-empty answer.
func ask(w fyne.Window, title, label, value string, then func(string)) {
	e := widget.NewEntry()
	e.SetText(value)
	dialog.ShowForm(title, "OK", "Cancel", []*widget.FormItem{widget.NewFormItem(label, e)}, func(ok bool) {
		if ok && strings.TrimSpace(e.Text) != "" {
			then(strings.TrimSpace(e.Text))
		}
	}, w)
}

// addToDeck adds a dashboard chart, as filtered now, to a deck the person
// chooses or names.
func (d *dashboard) addToDeck(panelID string) {
	f := d.filter
	background(d.br, func(ctx context.Context) ([]string, error) { return deck.Names(ctx, d.cache) },
		func(names []string, err error) {
			if err != nil {
				d.showError("Cabinet could not list the decks", err)
				return
			}
			choice := widget.NewSelectEntry(names)
			choice.SetPlaceHolder("Choose a deck or type a new name")
			if d.decks != nil && d.decks.deck.Name != "" {
				choice.SetText(d.decks.deck.Name)
			}
			dlg := dialog.NewForm("Add to deck", "Add", "Cancel", []*widget.FormItem{widget.NewFormItem("Deck", choice)}, func(ok bool) {
				name := strings.TrimSpace(choice.Text)
				if ok && name != "" {
					d.addSlide(name, panelID, f)
				}
			}, d.win)
			// A form sizes its fields to their least, which cuts the hint.
			dlg.Resize(fyne.NewSize(max(460, dlg.MinSize().Width), dlg.MinSize().Height))
			dlg.Show()
		})
}

func (d *dashboard) addSlide(name, panelID string, f panel.Filter) {
	c := d.cache
	background(d.br, func(ctx context.Context) (int, error) {
		s, err := deck.ChartSlide(panelID, f)
		if err != nil {
			return 0, err
		}
		dk, err := deck.AddSlide(ctx, c, name, s)
		return len(dk.Slides), err
	}, func(n int, err error) {
		if err != nil {
			d.showError("Cabinet could not add the chart", err)
			return
		}
		d.status.SetText(fmt.Sprintf("Added to %q as slide %d.", name, n))
		d.lastDeck = name
		if d.decks != nil {
			d.decks.load(name)
		}
	})
}

// present opens the slide window and the presenter view.
func (d *dashboard) present(dk district.Deck, from int) {
	if d.board == nil {
		return
	}
	newPresentation(d.app, d.br, func() *panel.Board { return d.board }, dk, from, d.opts, func() { d.win.RequestFocus() })
}

// presentKey starts presenting from the main window as PowerPoint does: F5
// from the first slide of the deck open in the Decks tab (or the
// briefing), Shift+F5 from the slide chosen there.
func (d *dashboard) presentKey(fromCurrent bool) {
	t := d.decks
	if t == nil || len(t.deck.Slides) == 0 {
		dk := deck.Briefing()
		d.present(dk, 0)
		return
	}
	from := 0
	if fromCurrent && t.slide >= 0 {
		from = t.slide
	}
	d.present(t.deck, from)
}
