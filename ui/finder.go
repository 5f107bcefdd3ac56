package ui

import (
	"image/color"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/cabinetapp/cabinet/district"
)

// recentKey is the preference holding the schools chosen lately, newest first.
const recentKey = "finder.recent"

// recentMax is how many recent choices the finder offers.
const recentMax = 5

// schoolFinder picks a school from any number of them: a button naming the
// choice opens a search box over a list grouped by level, worked by
// keyboard alone (type, arrows, Enter, Escape) or by mouse.
type schoolFinder struct {
	win    fyne.Window
	prefs  fyne.Preferences
	onPick func(id string)

	finder *district.Finder
	names  map[string]string
	chosen string

	button *widget.Button
	popup  *widget.PopUp
	entry  *finderEntry
	list   *keyedList
	rows   []district.FinderRow
	// cur is the row Enter picks.
	cur int
}

func newSchoolFinder(win fyne.Window, prefs fyne.Preferences, onPick func(id string)) *schoolFinder {
	f := &schoolFinder{win: win, prefs: prefs, onPick: onPick, finder: district.NewFinder(nil)}
	f.button = widget.NewButtonWithIcon(district.WholeDistrictName, theme.SearchIcon(), f.open)
	f.button.Alignment = widget.ButtonAlignLeading
	f.entry = &finderEntry{f: f}
	f.entry.ExtendBaseWidget(f.entry)
	f.entry.SetPlaceHolder("Type part of a school's name")
	f.entry.OnChanged = func(string) { f.search() }
	f.list = newKeyedList(func() int { return len(f.rows) }, newFinderRow, f.updateRow)
	f.list.OnSelected = func(i widget.ListItemID) {
		f.list.UnselectAll()
		f.cur = i
		f.pickCurrent()
	}
	return f
}

// setSchools takes the district's schools; a chosen school that is gone
// falls back to the whole district.
func (f *schoolFinder) setSchools(schools []district.School) {
	f.finder = district.NewFinder(schools)
	f.names = make(map[string]string, len(schools))
	for _, s := range schools {
		f.names[s.ID] = s.Name
	}
	if _, ok := f.names[f.chosen]; !ok {
		f.chosen = district.WholeDistrict
	}
	f.button.SetText(f.name())
}

// name is the chosen school's name.
func (f *schoolFinder) name() string {
	if n, ok := f.names[f.chosen]; ok {
		return n
	}
	return district.WholeDistrictName
}

// choose picks a school by id, as a person choosing it would.
func (f *schoolFinder) choose(id string) {
	f.chosen = id
	f.button.SetText(f.name())
	if id != district.WholeDistrict {
		recent := slices.DeleteFunc(f.recent(), func(r string) bool { return r == id })
		recent = append([]string{id}, recent...)
		f.prefs.SetStringList(recentKey, recent[:min(len(recent), recentMax)])
	}
	f.onPick(id)
}

func (f *schoolFinder) recent() []string { return f.prefs.StringList(recentKey) }

// open shows the search box and list under the button, with the box focused.
func (f *schoolFinder) open() {
	if f.popup == nil {
		hint := newCaption("Arrow keys move · Enter chooses · Esc closes")
		content := container.NewBorder(container.NewVBox(f.entry, hint), nil, nil, nil, f.list)
		f.popup = widget.NewPopUp(content, f.win.Canvas())
	}
	f.entry.SetText("")
	f.search()
	// Escape with the focus outside the box takes the pop-up off the
	// window without hiding it (see closeTop): hidden first, it shows.
	f.popup.Hide()
	f.popup.ShowAtPosition(f.popupPosition())
	f.fit()
	f.win.Canvas().Focus(f.entry)
}

func (f *schoolFinder) popupPosition() fyne.Position {
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(f.button)
	pos.Y += f.button.Size().Height
	return pos
}

// fit sizes the pop-up to its rows, up to what the window has room for,
// so a short list does not trail an empty box.
func (f *schoolFinder) fit() {
	if f.popup == nil || !f.popup.Visible() {
		return
	}
	row := newFinderRow().MinSize().Height + theme.SeparatorThicknessSize()
	content := f.popup.Content.MinSize().Height - f.list.MinSize().Height
	// Half a row of slack: the list's own padding and separators.
	want := content + (float32(len(f.rows))+0.5)*row + 2*theme.Padding()
	room := f.win.Canvas().Size().Height - f.popupPosition().Y - theme.Padding()
	f.popup.Resize(fyne.NewSize(max(f.button.Size().Width, 380), min(want, room, 480)))
}

func (f *schoolFinder) close() {
	if f.popup != nil {
		f.popup.Hide()
	}
}

// search lists the choices for what is typed, with the first school (or
// the district when nothing else matches) ready for Enter.
func (f *schoolFinder) search() {
	f.rows = f.finder.Find(f.entry.Text, f.recent())
	f.cur = 0
	if f.entry.Text != "" {
		for i, r := range f.rows[1:] {
			if r.Pickable() {
				f.cur = i + 1
				break
			}
		}
	}
	f.list.Refresh()
	f.list.ScrollToTop()
	f.fit()
}

// move steps the highlighted row by n pickable rows, skipping headings.
func (f *schoolFinder) move(n int) {
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	i := f.cur
	for ; n > 0; n-- {
		next := i + step
		for next >= 0 && next < len(f.rows) && !f.rows[next].Pickable() {
			next += step
		}
		if next < 0 || next >= len(f.rows) {
			break
		}
		i = next
	}
	f.cur = i
	f.list.Refresh()
	f.list.ScrollTo(f.cur)
}

func (f *schoolFinder) pickCurrent() {
	if f.cur < 0 || f.cur >= len(f.rows) || !f.rows[f.cur].Pickable() {
		return
	}
	f.close()
	f.choose(f.rows[f.cur].ID)
}

func newFinderRow() fyne.CanvasObject {
	bg := canvas.NewRectangle(color.Transparent)
	label := widget.NewLabel("Template school name")
	label.Truncation = fyne.TextTruncateEllipsis
	return container.NewStack(bg, label)
}

func (f *schoolFinder) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	stack := o.(*fyne.Container)
	bg, label := stack.Objects[0].(*canvas.Rectangle), stack.Objects[1].(*widget.Label)
	r := f.rows[i]
	bg.FillColor = color.Transparent
	if i == f.cur {
		bg.FillColor = theme.Color(theme.ColorNameSelection)
	}
	bg.Refresh()
	if r.Pickable() {
		label.TextStyle = fyne.TextStyle{}
		label.SizeName = theme.SizeNameText
		label.SetText(r.Name)
		return
	}
	label.TextStyle = fyne.TextStyle{Bold: true}
	label.SizeName = theme.SizeNameCaptionText
	label.SetText(r.Heading)
}

// finderEntry is the finder's search box: arrows, Page Up/Down, Enter and
// Escape work the list while the box keeps the focus for typing.
type finderEntry struct {
	widget.Entry
	f *schoolFinder
}

func (e *finderEntry) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyDown:
		e.f.move(1)
	case fyne.KeyUp:
		e.f.move(-1)
	case fyne.KeyPageDown:
		e.f.move(10)
	case fyne.KeyPageUp:
		e.f.move(-10)
	case fyne.KeyReturn, fyne.KeyEnter:
		e.f.pickCurrent()
	case fyne.KeyEscape:
		e.f.close()
	default:
		if !windowKey(e, k) {
			e.Entry.TypedKey(k)
		}
	}
}
