package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/cabinetapp/cabinet/panel"
)

// chartCard is one chart on a dashboard tab: its title and scope, the chart,
// and a caption saying how fresh it is and what was suppressed. Tapping it
// opens the chart large.
type chartCard struct {
	widget.BaseWidget
	panel   panel.Panel
	title   *widget.Label
	scope   *widget.Label
	view    *chartView
	caption *widget.Label
	onTap   func()
	// addToDeck adds the chart, as filtered, to a deck.
	addToDeck func()
	// result is the chart shown, for Show data; shown is false until one is.
	result   panel.Result
	shown    bool
	showData func(panel.Result)
	dataBtn  *widget.Button
	// stripe marks the card as the one just chosen, with the scope's
	// words saying what it shows.
	stripe *canvas.Rectangle
}

// chartHeight is a card's chart height: two cards of it fit one above the
// other on a 1366x768 laptop screen.
const chartHeight = 250

func newChartCard(d *dashboard, p panel.Panel) *chartCard {
	c := &chartCard{
		panel:     p,
		title:     widget.NewLabelWithStyle(p.Title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		scope:     newCaption(""),
		view:      newChartView(d.br, d.chartTheme, chartHeight),
		caption:   newCaption("Loading…"),
		onTap:     func() { d.openDetail(p.ID) },
		addToDeck: func() { d.addToDeck(p.ID) },
		showData:  func(r panel.Result) { d.showData(r) },
	}
	c.dataBtn = widget.NewButtonWithIcon("Show data", theme.GridIcon(), func() {
		if c.shown {
			c.showData(c.result)
		}
	})
	c.dataBtn.Importance = widget.LowImportance
	c.dataBtn.Disable()
	c.stripe = canvas.NewRectangle(color.Transparent)
	c.title.Wrapping = fyne.TextWrapWord
	c.caption.Wrapping = fyne.TextWrapWord
	c.ExtendBaseWidget(c)
	return c
}

// show puts a built result on the card.
func (c *chartCard) show(r panel.Result, caption string) {
	c.result, c.shown = r, true
	c.dataBtn.Enable()
	c.scope.SetText(r.Scope)
	c.caption.SetText(caption)
	c.view.SetChart(r.Chart)
	c.Refresh()
}

func (c *chartCard) showError(msg string) {
	c.caption.SetText(msg)
}

// Tapped opens the chart large.
func (c *chartCard) Tapped(*fyne.PointEvent) { c.onTap() }

// Cursor shows the card can be clicked.
func (c *chartCard) Cursor() desktop.Cursor { return desktop.PointerCursor }

func (c *chartCard) CreateRenderer() fyne.WidgetRenderer {
	add := widget.NewButtonWithIcon("Add to deck", theme.ContentAddIcon(), func() { c.addToDeck() })
	add.Importance = widget.LowImportance
	head := container.NewBorder(nil, nil, nil, container.NewHBox(c.dataBtn, add), container.New(tightVBox{}, c.title, c.scope))
	body := container.NewBorder(head, c.caption, nil, nil, c.view)
	r := newPanelRenderer(c, container.NewPadded(body))
	r.accent = c.stripe
	return r
}

// highlight marks the card, or clears the mark.
func (c *chartCard) highlight(on bool) {
	c.stripe.FillColor = color.Transparent
	c.title.Importance = widget.MediumImportance
	if on {
		c.stripe.FillColor = theme.Color(theme.ColorNamePrimary)
		c.title.Importance = widget.HighImportance
	}
	c.stripe.Refresh()
	c.title.Refresh()
}
