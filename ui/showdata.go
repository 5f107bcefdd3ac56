package ui

import (
	"io"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/export"
	"github.com/cabinetapp/cabinet/panel"
)

// dataView is the numbers behind a chart: the table the chart was drawn
// from, suppressed values marked as they are on the chart, with Copy and
// Save CSV. It is also the chart's readable form for anyone who cannot
// read the picture; the table takes the keyboard's arrows.
type dataView struct {
	d      *dashboard
	result panel.Result
	dialog dialog.Dialog
	table  *dataTable
	status *widget.Label
}

// dataTable is the data view's table: it keeps the keyboard's focus for
// its arrows, so it closes the view on Escape itself.
type dataTable struct {
	widget.Table
	onEscape func()
}

func (t *dataTable) TypedKey(k *fyne.KeyEvent) {
	switch {
	case k.Name == fyne.KeyEscape:
		t.onEscape()
	case !windowKey(t, k):
		t.Table.TypedKey(k)
	}
}

// dataColumnMax caps a column's width, wide enough for every school and
// product name seen so far; anything longer ends in an ellipsis.
const dataColumnMax = 480

// showData opens the table behind a built chart.
func (d *dashboard) showData(r panel.Result) *dataView {
	v := &dataView{d: d, result: r, status: newCaption("")}
	v.status.Wrapping = fyne.TextWrapWord
	rows := append([][]string{r.Table.Columns}, r.Table.Rows...)
	v.table = &dataTable{onEscape: d.closeTop}
	v.table.Length = func() (int, int) { return len(rows), len(r.Table.Columns) }
	v.table.CreateCell = func() fyne.CanvasObject {
		l := widget.NewLabel("")
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}
	v.table.UpdateCell = func(id widget.TableCellID, o fyne.CanvasObject) {
		l := o.(*widget.Label)
		l.TextStyle = fyne.TextStyle{Bold: id.Row == 0}
		text := ""
		if id.Col < len(rows[id.Row]) {
			text = rows[id.Row][id.Col]
		}
		l.SetText(text)
	}
	v.table.ExtendBaseWidget(v.table)
	v.table.StickyRowCount = 1
	for col := range r.Table.Columns {
		width := float32(0)
		for i, row := range rows {
			if col < len(row) {
				l := widget.NewLabel(row[col])
				l.TextStyle.Bold = i == 0
				width = max(width, l.MinSize().Width)
			}
		}
		// Slack as in the product table: a real display rounds text wider.
		v.table.SetColumnWidth(col, min(width+4*theme.Padding(), dataColumnMax))
	}
	copyButton := widget.NewButtonWithIcon("Copy", theme.ContentCopyIcon(), v.copy)
	saveButton := widget.NewButtonWithIcon("Save CSV…", theme.DocumentSaveIcon(), v.askSave)
	head := container.NewVBox(newCaption(r.Scope), v.status)
	v.status.SetText(strings.Join(append([]string{"Each row is one point or bar of the chart."}, r.Notes...), " "))
	foot := container.NewHBox(copyButton, saveButton)
	body := container.NewBorder(head, foot, nil, nil, v.table)
	v.dialog = dialog.NewCustom("Data: "+r.Panel.Title, "Close", body, d.win)
	size := d.win.Canvas().Size()
	v.dialog.Resize(fyne.NewSize(min(size.Width*0.9, 900), size.Height*0.85))
	v.dialog.Show()
	d.win.Canvas().Focus(v.table)
	return v
}

// copy puts the table on the clipboard as tab-separated text, which a
// spreadsheet pastes as cells.
func (v *dataView) copy() {
	fyne.CurrentApp().Clipboard().SetContent(export.TableTSV(v.result.Table))
	v.status.SetText("Copied " + rowsText(len(v.result.Table.Rows)) + ": paste into a spreadsheet.")
}

func rowsText(n int) string { return district.Counted(float64(n), "rows") }

// askSave asks where to save the table as CSV.
func (v *dataView) askSave() {
	save := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		// The dialog opened the file; it is written afresh beside it and
		// renamed over it, so a failed write leaves nothing half-written.
		path := w.URI().Path()
		w.Close()
		v.save(path)
	}, v.d.win)
	save.SetFileName(fileName(v.result.Panel.Title) + ".csv")
	save.Show()
}

// save writes the table as CSV to path and says how it went.
func (v *dataView) save(path string) {
	data := export.TableCSV(v.result.Table)
	replaced, err := export.WriteFile(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
	if err != nil {
		v.status.SetText(sentence(err))
		return
	}
	said := "Saved " + rowsText(len(v.result.Table.Rows)) + " to " + path
	if replaced {
		said += ", replacing the file that was there"
	}
	v.status.SetText(said + ".")
}

// fileName makes a title into a file name: "Cost per active user" → "cost-per-active-user".
func fileName(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(title) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}
