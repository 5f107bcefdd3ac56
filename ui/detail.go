package ui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/panel"
)

// detail is a chart opened large, with what it means and where it comes from.
type detail struct {
	dialog  dialog.Dialog
	view    *chartView
	scope   *widget.Label
	caption *widget.Label
	about   *widget.Label
}

// openDetail opens a panel's chart large for the current filter.
func (d *dashboard) openDetail(id string) {
	p, ok := panel.ByID(id)
	if !ok || d.board == nil {
		return
	}
	dt := &detail{
		view:    newChartView(d.br, d.chartTheme, 360),
		scope:   newCaption(""),
		caption: newCaption("Loading…"),
		about:   widget.NewLabel(p.About),
	}
	dt.about.Wrapping = fyne.TextWrapWord
	dt.caption.Wrapping = fyne.TextWrapWord
	body := container.NewBorder(container.NewVBox(dt.scope, dt.about), dt.caption, nil, nil, dt.view)
	dt.dialog = dialog.NewCustom(p.Title, "Close", body, d.win)
	size := d.win.Canvas().Size()
	dt.dialog.Resize(fyne.NewSize(size.Width*0.85, size.Height*0.85))
	dt.dialog.Show()

	f, b := d.filter, d.board
	background(d.br, func(ctx context.Context) (detailData, error) {
		r, err := b.Build(ctx, id, f)
		if err != nil || p.Metric == "" {
			return detailData{result: r}, err
		}
		m, err := b.Cache().Metric(ctx, p.Metric)
		return detailData{result: r, metric: m, hasMetric: err == nil}, nil
	}, func(data detailData, err error) {
		if err != nil {
			dt.caption.SetText(sentence(err))
			return
		}
		dt.scope.SetText(data.result.Scope)
		if data.hasMetric {
			dt.about.SetText(definition(p, data.metric))
		}
		dt.caption.SetText(data.result.Caption(d.opts.Now(), d.opts.StaleAfter))
		dt.view.SetChart(data.result.Chart)
	})
}

type detailData struct {
	result    panel.Result
	metric    district.Metric
	hasMetric bool
}

// definition explains a metric: what it counts, its target and where the
// target comes from.
func definition(p panel.Panel, m district.Metric) string {
	parts := []string{m.Description}
	if m.HasTarget {
		t := m.TargetText() + "."
		if m.Benchmark != "" {
			t = strings.TrimSuffix(t, ".") + " (" + m.Benchmark + ")."
		}
		parts = append(parts, t)
	}
	if m.StudentBased {
		parts = append(parts, "Values resting on too few students are hidden.")
	}
	if len(parts) == 1 && parts[0] == "" {
		return p.About
	}
	return strings.Join(parts, " ")
}
