package ui

import (
	"image/color"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/panel"
)

// kpiTile is one figure on the Overview: its name, value, trend, status in
// colour and in words, and how fresh it is. Tapping it opens its chart.
type kpiTile struct {
	widget.BaseWidget
	title, month, value, trend, status, source *widget.Label
	stripe                                     *canvas.Rectangle
	spark                                      *sparkline
	tile                                       panel.Tile
	onTap                                      func(panel string)
}

func newKPITile(onTap func(panel string)) *kpiTile {
	t := &kpiTile{
		title:  widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		month:  newCaption(""),
		value:  widget.NewLabel("…"),
		trend:  newCaption(""),
		status: newCaption(""),
		source: newCaption(""),
		stripe: canvas.NewRectangle(color.Transparent),
		spark:  newSparkline(),
		onTap:  onTap,
	}
	t.source.Importance = widget.WarningImportance
	// The stripe carries the status colour; the words stay in the text
	// colour, readable on any theme and projector.
	t.status.TextStyle = fyne.TextStyle{Bold: true}
	t.value.SizeName = theme.SizeNameHeadingText
	t.value.TextStyle = fyne.TextStyle{Bold: true}
	// Every line wraps rather than lose its end: a trend may say its scope
	// ("District-wide: …"), a status its forecast.
	for _, l := range []*widget.Label{t.title, t.trend, t.status, t.source} {
		l.Wrapping = fyne.TextWrapWord
	}
	t.ExtendBaseWidget(t)
	return t
}

// show puts a tile's figures on the widget. The month the figure describes
// stands beside its value; where the figure came from is said only when it
// differs from the status bar's account of the data, or is stale.
func (t *kpiTile) show(tile panel.Tile, source string) {
	t.tile = tile
	t.title.SetText(tile.Title)
	t.month.SetText(tile.Month())
	t.value.SetText(tile.Value)
	setOptional(t.trend, trendText(tile))
	t.status.SetText(tile.StatusText())
	setOptional(t.source, source)
	t.spark.SetValues(tile.Spark)
	// Lines came and went: lay the tile out again.
	t.Refresh()
	t.stripe.FillColor = statusColor(tile.Status)
	t.stripe.Refresh()
}

// trendText prefixes a trend with an arrow, so direction reads at a glance.
// A trend that says its scope keeps the scope first: "District-wide: ▲ up …".
func trendText(t panel.Tile) string {
	const wide = "District-wide: "
	scope := ""
	trend, found := strings.CutPrefix(t.Trend, wide)
	if found {
		scope = wide
	}
	switch {
	case t.Trend == "":
		return ""
	case t.Up:
		return scope + "▲ " + trend
	case t.Down:
		return scope + "▼ " + trend
	}
	return t.Trend
}

// statusColor is the stripe colour of a status, from the Okabe–Ito palette
// so it holds for colour-blind readers; the words say it too.
func statusColor(s district.Status) color.Color {
	switch s {
	case district.OnTarget:
		return color.NRGBA{R: 0x00, G: 0x9E, B: 0x73, A: 0xFF} // bluish green
	case district.NearTarget:
		return color.NRGBA{R: 0xE6, G: 0x9F, B: 0x00, A: 0xFF} // orange
	case district.OffTarget:
		return color.NRGBA{R: 0xD5, G: 0x5E, B: 0x00, A: 0xFF} // vermillion
	}
	return color.NRGBA{R: 0x99, G: 0x99, B: 0x99, A: 0xFF}
}

// Tapped opens the tile's chart.
func (t *kpiTile) Tapped(*fyne.PointEvent) {
	if t.tile.Panel != "" {
		t.onTap(t.tile.Panel)
	}
}

// Cursor shows the tile can be clicked.
func (t *kpiTile) Cursor() desktop.Cursor { return desktop.PointerCursor }

func monthText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("Jan 2006")
}

// CreateRenderer lays the figures out at the top of the tile and gives the
// sparkline whatever height is left below them: a sliver on a laptop, a
// real trend line on a large screen.
func (t *kpiTile) CreateRenderer() fyne.WidgetRenderer {
	// The month stands beside the value, not the title, so the title has
	// the tile's whole width: "MFA coverage of staff accounts" fits a
	// laptop's quarter of the screen.
	value := container.NewBorder(nil, nil, nil, container.NewVBox(t.month), t.value)
	figures := container.New(tightVBox{}, t.title, value, t.trend, t.status, t.source)
	body := container.NewBorder(figures, nil, nil, nil, container.New(sparkRoom{t}, t.spark))
	r := newPanelRenderer(t, container.NewPadded(body))
	r.accent = t.stripe
	return r
}

// sparkRoom gives a tile's sparkline the room below the figures, keeping a
// margin in proportion to the type and never asking for height of its own.
type sparkRoom struct{ owner fyne.Widget }

func (r sparkRoom) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := theme.SizeForWidget(theme.SizeNameInnerPadding, r.owner)
	for _, o := range objs {
		o.Move(fyne.NewPos(0, pad/2))
		o.Resize(fyne.NewSize(size.Width, max(0, size.Height-pad)))
	}
}

func (r sparkRoom) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.Size{} }
