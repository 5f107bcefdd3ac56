package ui

import (
	"context"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/cabinetapp/cabinet/charts"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/panel"
)

// detail is a chart opened large, with what it means, where it comes from,
// and, on a time series, the notes pinned to its dates.
type detail struct {
	d       *dashboard
	p       panel.Panel
	dialog  dialog.Dialog
	view    *chartView
	scope   *widget.Label
	caption *widget.Label
	about   *widget.Label
	// Notes on a time series: the pinned ones, and a form to pin another.
	notes   *fyne.Container
	month   *widget.Select
	text    *widget.Entry
	months  []time.Time
	pinned  []district.Annotation
	pinArea *fyne.Container
	foot    *fyne.Container
	// data opens the table of result, the chart as shown.
	data   *widget.Button
	result panel.Result
}

// openDetail opens a panel's chart large for the current filter.
func (d *dashboard) openDetail(id string) { d.showDetail(id) }

func (d *dashboard) showDetail(id string) *detail {
	p, ok := panel.ByID(id)
	if !ok || d.board == nil {
		return nil
	}
	dt := &detail{
		d: d, p: p,
		view:    newChartView(d.br, d.chartTheme, 220),
		scope:   newCaption(""),
		caption: newCaption("Loading…"),
		about:   widget.NewLabel(p.About),
		notes:   container.NewVBox(),
		month:   widget.NewSelect(nil, nil),
		text:    widget.NewEntry(),
	}
	dt.about.Wrapping = fyne.TextWrapWord
	dt.caption.Wrapping = fyne.TextWrapWord
	dt.text.SetPlaceHolder("What happened then, e.g. New help-desk system went live")
	dt.text.Validator = func(s string) error {
		return district.Annotation{Panel: p.ID, Date: time.Now(), Text: s}.Validate()
	}
	dt.month.PlaceHolder = "Month"
	pin := widget.NewButtonWithIcon("Pin note", theme.ContentAddIcon(), dt.pin)
	dt.pinArea = container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSize(140, dt.month.MinSize().Height), dt.month), pin, dt.text)
	dt.pinArea.Hide()
	add := widget.NewButtonWithIcon("Add to deck", theme.ContentAddIcon(), func() { d.addToDeck(p.ID) })
	dt.data = widget.NewButtonWithIcon("Show data", theme.GridIcon(), func() { d.showData(dt.result) })
	dt.data.Disable()
	dt.foot = container.NewVBox(dt.caption, dt.notes, dt.pinArea, container.NewHBox(dt.data, add))
	body := container.NewBorder(container.NewVBox(dt.scope, dt.about), dt.foot, nil, nil, dt.view)
	dt.dialog = dialog.NewCustom(p.Title, "Close", body, d.win)
	size := d.win.Canvas().Size()
	dt.dialog.Resize(fyne.NewSize(size.Width*0.85, size.Height*0.9))
	dt.dialog.Show()
	dt.load()
	return dt
}

type detailData struct {
	result  panel.Result
	metrics []district.Metric
	pinned  []district.Annotation
}

// load builds the chart and reads its notes.
func (dt *detail) load() {
	d, p := dt.d, dt.p
	f, b := d.filter, d.board.Hold()
	background(d.br, func(ctx context.Context) (detailData, error) {
		defer b.Release()
		r, err := b.Build(ctx, p.ID, f)
		if err != nil {
			return detailData{}, err
		}
		data := detailData{result: r}
		if data.pinned, err = b.Data().Annotations(ctx, p.ID); err != nil {
			return data, err
		}
		for _, id := range p.Metrics() {
			m, err := b.Metric(ctx, id)
			if err != nil {
				return data, err
			}
			data.metrics = append(data.metrics, m)
		}
		return data, nil
	}, func(data detailData, err error) {
		if err != nil {
			dt.caption.SetText(sentence(err))
			return
		}
		dt.scope.SetText(data.result.Scope)
		if len(data.metrics) > 0 {
			dt.about.SetText(definitions(data.metrics))
		}
		dt.caption.SetText(data.result.Caption(d.opts.Now(), d.opts.StaleAfter))
		dt.view.SetChart(data.result.Chart)
		dt.result = data.result
		dt.data.Enable()
		dt.showNotes(data)
	})
}

// showNotes lists the chart's notes and, on a time series, offers the
// months of the chart to pin a new one to.
func (dt *detail) showNotes(data detailData) {
	chart := data.result.Chart
	if chart.Kind != charts.Line || len(chart.Series) == 0 {
		return
	}
	dt.months = dt.months[:0]
	var labels []string
	for _, pt := range chart.Series[0].Points {
		dt.months = append(dt.months, pt.T)
		labels = append(labels, pt.T.Format("Jan 2006"))
	}
	dt.month.SetOptions(labels)
	if len(labels) > 0 && dt.month.Selected == "" {
		dt.month.SetSelectedIndex(len(labels) - 1)
	}
	dt.pinArea.Show()
	dt.pinned = data.pinned
	dt.notes.RemoveAll()
	for _, a := range dt.pinned {
		a := a
		// No pin emoji: the Windows build has no emoji font to draw it.
		line := widget.NewLabel("Note on " + a.Date.Format("Jan 2006") + ": " + a.Text)
		line.Truncation = fyne.TextTruncateEllipsis
		remove := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { dt.unpin(a.ID) })
		remove.Importance = widget.LowImportance
		dt.notes.Add(container.NewBorder(nil, nil, nil, remove, line))
	}
	// Lines came and went: lay the foot of the dialog out again.
	dt.foot.Refresh()
}

// pin stores a note on the chosen month and redraws the chart with it.
func (dt *detail) pin() {
	i := dt.month.SelectedIndex()
	if i < 0 || i >= len(dt.months) || dt.text.Validate() != nil {
		dt.caption.SetText("Choose a month and write a short note first.")
		return
	}
	a := district.Annotation{Panel: dt.p.ID, Date: dt.months[i], Text: strings.TrimSpace(dt.text.Text)}
	c := dt.d.cache
	background(dt.d.br, func(ctx context.Context) (district.Annotation, error) { return c.AddAnnotation(ctx, a) },
		func(_ district.Annotation, err error) {
			if err != nil {
				dt.caption.SetText(sentence(err))
				return
			}
			dt.text.SetText("")
			dt.d.afterWrite(dt.load)
		})
}

func (dt *detail) unpin(id int64) {
	c := dt.d.cache
	background(dt.d.br, func(ctx context.Context) (struct{}, error) { return struct{}{}, c.DeleteAnnotation(ctx, id) },
		func(_ struct{}, err error) {
			if err != nil {
				dt.caption.SetText(sentence(err))
				return
			}
			dt.d.afterWrite(dt.load)
		})
}

// definitions explain the metrics a chart shows: what each counts, its
// target and where the target comes from.
func definitions(ms []district.Metric) string {
	var parts []string
	for _, m := range ms {
		part := m.Description
		if len(ms) > 1 {
			part = m.Name + ": " + part
		}
		if m.HasTarget {
			part += " " + m.TargetText()
			if m.Benchmark != "" {
				part += " (" + m.Benchmark + ")"
			}
			part += "."
		}
		parts = append(parts, part)
	}
	if ms[0].StudentBased {
		parts = append(parts, "Values resting on too few students are hidden.")
	}
	return strings.Join(parts, " ")
}
