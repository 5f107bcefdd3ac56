package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// keyboard takes a window's keys as Fyne's GLFW driver delivers them. The
// driver makes a shortcut only of a key with Ctrl, Alt or Super held
// (triggersShortcut in internal/driver/glfw/window.go, v2.8.1), so F5, B,
// the arrows and Shift+F5 reach the canvas as typed keys; whether Shift is
// held the driver keeps track of whatever has the focus. With a widget
// focused the driver sends every key to the widget instead: the widgets
// that take the focus (below) hand F5 on to their window, so it presents
// whatever has the focus, and keep every other key.
type keyboard struct {
	typed func(e *fyne.KeyEvent, shift bool)
	// held says which modifier keys are held; nil asks the driver (tests,
	// whose driver keeps no such record, say it themselves).
	held func() fyne.KeyModifier
}

// listen sends a window's keys to k.
func (k *keyboard) listen(w fyne.Window) {
	w.Canvas().SetOnTypedKey(func(e *fyne.KeyEvent) { k.typed(e, k.modifiers()&fyne.KeyModifierShift != 0) })
}

func (k *keyboard) modifiers() fyne.KeyModifier {
	if k.held != nil {
		return k.held()
	}
	if d, ok := fyne.CurrentApp().Driver().(desktop.Driver); ok {
		return d.CurrentKeyModifiers()
	}
	return 0
}

// windowKey hands a key that a focused widget o received to o's window
// when the window acts on it whatever has the focus (F5 and Shift+F5
// present), and reports whether it did.
func windowKey(o fyne.CanvasObject, e *fyne.KeyEvent) bool {
	if e.Name != fyne.KeyF5 {
		return false
	}
	c := fyne.CurrentApp().Driver().CanvasForObject(o)
	if c == nil || c.OnTypedKey() == nil {
		return false
	}
	c.OnTypedKey()(e)
	return true
}

// textField is a text entry that keeps every key but the window's (see
// windowKey): letters and digits stay in the field.
type textField struct{ widget.Entry }

// newTextField is a one-line field, as widget.NewEntry.
func newTextField() *textField {
	f := &textField{}
	f.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	f.ExtendBaseWidget(f)
	return f
}

// newTextArea is a field of several lines, as widget.NewMultiLineEntry.
func newTextArea() *textField {
	f := &textField{}
	f.MultiLine, f.Wrapping = true, fyne.TextWrap(fyne.TextTruncateClip)
	f.ExtendBaseWidget(f)
	return f
}

// newSecretField is a field whose text is hidden until its eye is
// clicked, as widget.NewPasswordEntry.
func newSecretField() *textField {
	f := newTextField()
	f.Password = true
	reveal := widget.NewButtonWithIcon("", theme.VisibilityOffIcon(), nil)
	reveal.Importance = widget.LowImportance
	reveal.OnTapped = func() {
		f.Password = !f.Password
		reveal.SetIcon(theme.VisibilityOffIcon())
		if !f.Password {
			reveal.SetIcon(theme.VisibilityIcon())
		}
		f.Refresh()
	}
	f.ActionItem = reveal
	return f
}

func (f *textField) TypedKey(e *fyne.KeyEvent) {
	if !windowKey(f, e) {
		f.Entry.TypedKey(e)
	}
}

// choiceField is a text entry with a list of choices, as
// widget.NewSelectEntry, that hands the window its keys.
type choiceField struct{ widget.SelectEntry }

func newChoiceField(options []string) *choiceField {
	f := &choiceField{}
	f.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	f.ExtendBaseWidget(f)
	f.SetOptions(options)
	return f
}

func (f *choiceField) TypedKey(e *fyne.KeyEvent) {
	if !windowKey(f, e) {
		f.SelectEntry.TypedKey(e)
	}
}

// keyedList is a list that hands the window its keys.
type keyedList struct{ widget.List }

func newKeyedList(length func() int, create func() fyne.CanvasObject, update func(widget.ListItemID, fyne.CanvasObject)) *keyedList {
	l := &keyedList{}
	l.Length, l.CreateItem, l.UpdateItem = length, create, update
	l.ExtendBaseWidget(l)
	return l
}

func (l *keyedList) TypedKey(e *fyne.KeyEvent) {
	if !windowKey(l, e) {
		l.List.TypedKey(e)
	}
}

// keyedCheck is a check box that hands the window its keys.
type keyedCheck struct{ widget.Check }

func newKeyedCheck(label string) *keyedCheck {
	c := &keyedCheck{}
	c.Text = label
	c.ExtendBaseWidget(c)
	return c
}

func (c *keyedCheck) TypedKey(e *fyne.KeyEvent) {
	if !windowKey(c, e) {
		c.Check.TypedKey(e)
	}
}
