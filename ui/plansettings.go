package ui

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/cabinetapp/cabinet/district"
)

// planSettingsView is where the district sets the replacement plan's
// assumptions, under the plan's charts in Technology health: a price and
// a refresh cycle for each kind of device, the devices a technician looks
// after and the technicians it has. An empty field is Cabinet's figure,
// shown greyed in it; what is saved goes into the cache, so the window,
// the slides and every export work the plan out alike.
type planSettingsView struct {
	d            *dashboard
	prices       map[district.DeviceKind]*widget.Entry
	lives        map[district.DeviceKind]*widget.Entry
	ratio, techs *widget.Entry
	status       *widget.Label
}

// planAbout says what the settings do.
const planAbout = "Leave a field empty to use Cabinet's figure, shown greyed in it. The plan multiplies the devices due each year by these prices, " +
	"spreads each kind's fleet over its refresh cycle for the level amount, and divides the devices in service by the ratio for the technicians needed. " +
	"Every chart, slide and export of the plan prints the figures it used and says which are the district's."

func (d *dashboard) newPlanSettingsView() fyne.CanvasObject {
	v := &planSettingsView{d: d, prices: map[district.DeviceKind]*widget.Entry{}, lives: map[district.DeviceKind]*widget.Entry{},
		ratio: widget.NewEntry(), techs: widget.NewEntry(), status: newCaption("")}
	d.planSettings = v
	title := widget.NewLabelWithStyle("The replacement plan's assumptions", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	about := widget.NewLabel(planAbout)
	about.Wrapping = fyne.TextWrapWord
	v.status.Wrapping = fyne.TextWrapWord
	grid := container.New(layout.NewGridLayoutWithColumns(3), bold("Kind of device"), bold("Price each ($)"), bold("Refresh cycle (years)"))
	var settings district.PlanSettings
	for _, k := range district.DeviceKinds {
		p, _ := settings.Price(k)
		y, _ := settings.Life(k)
		v.prices[k], v.lives[k] = widget.NewEntry(), widget.NewEntry()
		v.prices[k].SetPlaceHolder(strings.TrimPrefix(district.Dollars(p), "$"))
		v.lives[k].SetPlaceHolder(strconv.Itoa(y))
		grid.Add(widget.NewLabel(k.Title()))
		grid.Add(v.prices[k])
		grid.Add(v.lives[k])
	}
	v.ratio.SetPlaceHolder(strconv.Itoa(district.DefaultDevicesPerTechnician))
	v.techs.SetPlaceHolder("not set")
	staff := container.New(layout.NewGridLayoutWithColumns(3),
		widget.NewLabel("Devices per technician"), v.ratio, widget.NewLabel(""),
		widget.NewLabel("Technicians the district has"), v.techs, widget.NewLabel(""))
	ratioNote := newCaption("Cabinet's ratio: " + district.RatioSource + ".")
	ratioNote.Wrapping = fyne.TextWrapWord
	save := widget.NewButton("Save the assumptions", v.save)
	save.Importance = widget.HighImportance
	reset := widget.NewButton("Use Cabinet's figures", v.reset)
	v.show()
	return container.NewVBox(widget.NewSeparator(), title, about, grid, staff, ratioNote, container.NewHBox(save, reset), v.status)
}

// show fills the fields with the district's own settings from the board.
func (v *planSettingsView) show() {
	if v.d.board == nil {
		return
	}
	s := v.d.board.PlanSettings
	for _, k := range district.DeviceKinds {
		v.prices[k].SetText("")
		if p, set := s.Price(k); set {
			v.prices[k].SetText(strings.TrimPrefix(district.Dollars(p), "$"))
		}
		v.lives[k].SetText("")
		if y, set := s.Life(k); set {
			v.lives[k].SetText(strconv.Itoa(y))
		}
	}
	v.ratio.SetText("")
	if r, set := s.Ratio(); set {
		v.ratio.SetText(strconv.Itoa(r))
	}
	v.techs.SetText("")
	if s.Technicians > 0 {
		v.techs.SetText(strconv.Itoa(s.Technicians))
	}
}

// read checks every field and returns the settings they say, or the
// first field's mistake as a sentence that names it.
func (v *planSettingsView) read() (district.PlanSettings, error) {
	s := district.PlanSettings{Prices: map[district.DeviceKind]float64{}, Lives: map[district.DeviceKind]int{}}
	for _, k := range district.DeviceKinds {
		if t := strings.TrimSpace(v.prices[k].Text); t != "" {
			p, err := district.ParsePrice(k, t)
			if err != nil {
				return s, fmt.Errorf("%s, price: %w", k.Title(), err)
			}
			s.Prices[k] = p
		}
		if t := strings.TrimSpace(v.lives[k].Text); t != "" {
			y, err := district.ParseLife(k, t)
			if err != nil {
				return s, fmt.Errorf("%s, refresh cycle: %w", k.Title(), err)
			}
			s.Lives[k] = y
		}
	}
	var err error
	if t := strings.TrimSpace(v.ratio.Text); t != "" {
		if s.DevicesPerTechnician, err = district.ParseRatio(t); err != nil {
			return s, fmt.Errorf("devices per technician: %w", err)
		}
	}
	if t := strings.TrimSpace(v.techs.Text); t != "" {
		if s.Technicians, err = district.ParseTechnicians(t); err != nil {
			return s, fmt.Errorf("technicians: %w", err)
		}
	}
	return s, nil
}

// save checks the fields and saves them, or says what is wrong and
// saves nothing.
func (v *planSettingsView) save() {
	s, err := v.read()
	if err != nil {
		v.status.Importance = widget.DangerImportance
		v.status.SetText(sentence(err) + " Nothing was saved.")
		return
	}
	v.store(s, "Saved: the plan, its slide and every export now use these figures.")
}

// reset goes back to Cabinet's figures.
func (v *planSettingsView) reset() {
	v.store(district.PlanSettings{}, "Saved: the plan uses Cabinet's figures again.")
}

// store saves settings in the background and reads the district again.
func (v *planSettingsView) store(s district.PlanSettings, done string) {
	background(v.d.br, func(ctx context.Context) (district.PlanSettings, error) {
		return v.d.cache.UpdatePlanSettings(ctx, func(cur *district.PlanSettings) error {
			*cur = s
			return nil
		})
	}, func(_ district.PlanSettings, err error) {
		if err != nil {
			v.status.Importance = widget.DangerImportance
			v.status.SetText(sentence(err))
			return
		}
		v.status.Importance = widget.MediumImportance
		v.status.SetText(done)
		v.d.dataChanged()
	})
}
