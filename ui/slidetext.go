package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/cabinetapp/cabinet/deck"
)

// setText is text on a slide broken into lines by a rule of its own
// rather than by Fyne's measure: a headline or takeaway where deck's box
// breaks it, the same as in the packet, or a footer between its parts. It
// draws the lines at the theme's size for sizeName, or smaller when the
// widest line would not fit its width (Fyne's Noto Sans is a little wider
// than the Roboto the lines were measured in), so no line is cut.
type setText struct {
	widget.BaseWidget
	sizeName fyne.ThemeSizeName
	style    fyne.TextStyle
	colour   fyne.ThemeColorName
	// lines breaks the text for a width, at a full type size, and says
	// what share of that size to set it at.
	lines func(width, full float32) (scale float32, lines []string)
	texts []*canvas.Text
	// text is the text as given, whole.
	text string
}

func newSetText(sizeName fyne.ThemeSizeName, style fyne.TextStyle, colour fyne.ThemeColorName) *setText {
	t := &setText{sizeName: sizeName, style: style, colour: colour}
	t.ExtendBaseWidget(t)
	return t
}

// setBoxed sets text as deck's box breaks it; empty text hides it.
func (t *setText) setBoxed(box deck.Box, text string) {
	scale, lines := box.Set(text)
	t.text = text
	t.lines = func(float32, float32) (float32, []string) { return float32(scale), lines }
	t.shown(text != "")
}

// setParts sets parts joined by " · ", breaking lines only between parts.
func (t *setText) setParts(parts []string) { t.setJoined(parts, " · ") }

// setWords sets text broken between its words, as a label wraps it.
func (t *setText) setWords(text string) { t.setJoined(strings.Fields(text), " ") }

// setJoined sets parts joined by sep, breaking lines only between parts.
func (t *setText) setJoined(parts []string, sep string) {
	t.text = strings.Join(parts, sep)
	t.lines = func(width, full float32) (float32, []string) {
		var out []string
		line := ""
		for _, p := range parts {
			next := p
			if line != "" {
				next = line + sep + p
			}
			if line != "" && fyne.MeasureText(next, full, t.style).Width > width {
				out = append(out, line)
				next = p
			}
			line = next
		}
		if line != "" {
			out = append(out, line)
		}
		return 1, out
	}
	t.shown(len(parts) > 0)
}

func (t *setText) shown(show bool) {
	if show {
		t.Show()
	} else {
		t.Hide()
	}
	t.Refresh()
}

// layout is the type size and lines for a width.
func (t *setText) layout(width float32) (float32, []string) {
	if t.lines == nil {
		return 0, nil
	}
	pad := theme.SizeForWidget(theme.SizeNameInnerPadding, t)
	room := width - 2*pad
	full := theme.SizeForWidget(t.sizeName, t)
	scale, lines := t.lines(room, full)
	size := full * scale
	for _, l := range lines {
		// Measured at a large size, where Fyne's rounding is small.
		if w := fyne.MeasureText(l, 100, t.style).Width / 100; w*size > room && w > 0 {
			size = room / w
		}
	}
	return size, lines
}

// lineHeight is the distance between lines set at size.
func (t *setText) lineHeight(size float32) float32 {
	return fyne.MeasureText("Mg", size, t.style).Height
}

func (t *setText) CreateRenderer() fyne.WidgetRenderer { return &setTextRenderer{t: t} }

type setTextRenderer struct{ t *setText }

func (r *setTextRenderer) Layout(size fyne.Size) {
	t := r.t
	typeSize, lines := t.layout(size.Width)
	for len(t.texts) < len(lines) {
		t.texts = append(t.texts, canvas.NewText("", nil))
	}
	t.texts = t.texts[:len(lines)]
	pad := theme.SizeForWidget(theme.SizeNameInnerPadding, t)
	for i, l := range lines {
		c := t.texts[i]
		c.Text, c.TextSize, c.TextStyle = l, typeSize, t.style
		c.Color = theme.ColorForWidget(t.colour, t)
		c.Move(fyne.NewPos(pad, pad+float32(i)*t.lineHeight(typeSize)))
		c.Resize(fyne.NewSize(size.Width-2*pad, t.lineHeight(typeSize)))
		c.Refresh()
	}
}

// MinSize is the height the lines take at the width the text has now: the
// layout that holds it sets its width before asking (see slideLayout).
func (r *setTextRenderer) MinSize() fyne.Size {
	t := r.t
	typeSize, lines := t.layout(t.Size().Width)
	pad := theme.SizeForWidget(theme.SizeNameInnerPadding, t)
	return fyne.NewSize(2*pad, float32(len(lines))*t.lineHeight(typeSize)+2*pad)
}

func (r *setTextRenderer) Refresh() { r.Layout(r.t.Size()) }

func (r *setTextRenderer) Objects() []fyne.CanvasObject {
	objs := make([]fyne.CanvasObject, len(r.t.texts))
	for i, c := range r.t.texts {
		objs[i] = c
	}
	return objs
}

func (r *setTextRenderer) Destroy() {}
