package ui

import (
	"context"
	"fmt"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/cabinetapp/cabinet/district"
)

// settingsView is where the district's settings are changed. Its one
// setting so far is the privacy threshold, kept in the cache so that every
// chart, slide and export made from it applies the same.
type settingsView struct {
	d         *dashboard
	threshold *widget.Select
	status    *widget.Label
	// overlaps says where the schools count some students twice, and is
	// hidden where they never do.
	overlaps *widget.Label
}

// privacyAbout says in plain words what the threshold does.
const privacyAbout = "Cabinet never shows a figure about students that rests on fewer students than this number, nor how many students it rests on: " +
	"it shows * instead. Where a district total stands beside its schools, it hides one more school (**) so that the small one cannot be " +
	"worked out by subtraction. The rule applies at once to every chart, slide and export, and every export says so. " +
	"States ask for between 5 and 30 students; 10 is the most common rule."

func (d *dashboard) newSettingsView() fyne.CanvasObject {
	v := &settingsView{d: d}
	d.settings = v
	title := widget.NewLabelWithStyle("Student privacy", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	about := widget.NewLabel(privacyAbout)
	about.Wrapping = fyne.TextWrapWord
	var options []string
	for n := district.MinSuppressionThreshold; n <= district.MaxSuppressionThreshold; n++ {
		options = append(options, strconv.Itoa(n))
	}
	v.threshold = widget.NewSelect(options, nil)
	v.status = newCaption("")
	v.overlaps = newCaption("")
	v.overlaps.Wrapping = fyne.TextWrapWord
	v.overlaps.Hide()
	v.show()
	v.threshold.OnChanged = v.change
	row := container.NewHBox(widget.NewLabel("Hide values resting on fewer than"), v.threshold, widget.NewLabel("students"))
	return container.NewVBox(widget.NewSeparator(), title, about, row, v.status, v.overlaps)
}

// show sets the picker to the threshold the board applies, and says
// whether the board's schools count some students twice.
func (v *settingsView) show() {
	b := v.d.board
	if b == nil {
		return
	}
	b.Hold()
	background(v.d.br, func(ctx context.Context) (string, error) {
		defer b.Release()
		return b.OverlapNote(ctx)
	}, func(note string, err error) {
		if v.d.board != b {
			return // a newer board's note is on its way
		}
		if err != nil {
			note = sentence(err)
		}
		setOptional(v.overlaps, note)
	})
	n := strconv.Itoa(v.d.board.Suppression.MinStudents())
	if v.threshold.Selected != n {
		change := v.threshold.OnChanged
		v.threshold.OnChanged = nil
		v.threshold.SetSelected(n)
		v.threshold.OnChanged = change
	}
}

// change saves a new threshold and redraws everything with it.
func (v *settingsView) change(text string) {
	n, err := strconv.Atoi(text)
	if err != nil {
		return
	}
	background(v.d.br, func(ctx context.Context) (int, error) { return n, v.d.cache.SetSuppressionThreshold(ctx, n) },
		func(n int, err error) {
			if err != nil {
				v.status.SetText(sentence(err))
				v.show()
				return
			}
			v.status.SetText(fmt.Sprintf("Saved: values resting on fewer than %d students are now hidden everywhere.", n))
			v.d.dataChanged()
		})
}
