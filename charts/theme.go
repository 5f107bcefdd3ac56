package charts

import (
	"image/color"
	"math"
)

// Theme is the look of a chart: colours, type size and line weights. Sizes
// are in logical pixels; Options.Scale turns them into device pixels.
//
// The exported themes share their Series slices: copy a theme and give it a
// new slice before changing its palette.
type Theme struct {
	Background color.RGBA
	// Text colours category labels, legends and values; Muted colours axis
	// ticks, notes and the "no data" message.
	Text, Muted color.RGBA
	Grid, Axis  color.RGBA
	// Series colours are used in order. A line series beyond the palette
	// reuses its colours dashed, so lines stay distinct without colour.
	Series []color.RGBA
	// Target colours the dashed goal line and its label.
	Target color.RGBA
	// Annotation colours the dotted date markers and their notes.
	Annotation color.RGBA
	// Highlight fills the emphasised bar of an HBars ranking (the chosen
	// school, also marked with a triangle); the other bars use Series[0].
	// It is reddish purple, a colour no status uses (the UI's are bluish
	// green, orange and vermillion), so it never reads as "off target".
	Highlight color.RGBA
	// Neutral draws suppressed markers and the donut's "Other" slice.
	Neutral color.RGBA

	// FontSize is the size of all chart text; the "no data" message is a
	// little larger.
	FontSize float64
	// LineWidth is the width of series lines; targets are as wide, dashed.
	LineWidth float64
	GridWidth float64
	DotRadius float64
	Padding   float64
}

// The Okabe–Ito palette: distinguishable with the common colour-vision
// deficiencies.
var (
	okOrange        = rgb(0xE69F00)
	okSkyBlue       = rgb(0x56B4E9)
	okBluishGreen   = rgb(0x009E73)
	okYellow        = rgb(0xF0E442)
	okBlue          = rgb(0x0072B2)
	okVermillion    = rgb(0xD55E00)
	okReddishPurple = rgb(0xCC79A7)
	okBlack         = rgb(0x000000)
)

// Light is the default theme for a laptop screen. Its palette leaves out
// yellow (too faint on white) and black (kept for targets and text) and puts
// the darker colours first, since most charts have one to three series.
var Light = Theme{
	Background: rgb(0xFFFFFF),
	Text:       rgb(0x1F1F1F),
	Muted:      rgb(0x595959),
	Grid:       rgb(0xE3E3E3),
	Axis:       rgb(0x8C8C8C),
	Series:     []color.RGBA{okBlue, okVermillion, okBluishGreen, okReddishPurple, okOrange, okSkyBlue},
	Target:     okBlack,
	Annotation: rgb(0x4A4A4A),
	Highlight:  okReddishPurple,
	Neutral:    rgb(0x8F8F8F),
	FontSize:   12,
	LineWidth:  2,
	GridWidth:  1,
	DotRadius:  3.5,
	Padding:    10,
}

// Dark is for a dark desktop. Its palette leads with the light Okabe–Ito
// colours; blue, weak on a dark ground, comes last and black is left out.
var Dark = Theme{
	Background: rgb(0x16181C),
	Text:       rgb(0xEDEDED),
	Muted:      rgb(0xB0B0B0),
	Grid:       rgb(0x30343A),
	Axis:       rgb(0x7A8088),
	Series:     []color.RGBA{okSkyBlue, okOrange, okBluishGreen, okYellow, okReddishPurple, okVermillion, okBlue},
	Target:     rgb(0xFFFFFF),
	Annotation: rgb(0xC4C4C4),
	Highlight:  okReddishPurple,
	Neutral:    rgb(0x80868E),
	FontSize:   12,
	LineWidth:  2,
	GridWidth:  1,
	DotRadius:  3.5,
	Padding:    10,
}

// Presentation is for a projector at 1920x1080 read from the back of a
// room: black on white (projectors wash out dark themes and light-on-dark
// thin lines), type more than twice the desktop size, heavy lines.
var Presentation = Theme{
	Background: rgb(0xFFFFFF),
	Text:       rgb(0x111111),
	Muted:      rgb(0x2E2E2E),
	Grid:       rgb(0xCFCFCF),
	Axis:       rgb(0x4D4D4D),
	Series:     []color.RGBA{okBlue, okVermillion, okBluishGreen, okReddishPurple, okOrange, okSkyBlue},
	Target:     okBlack,
	Annotation: rgb(0x333333),
	Highlight:  okReddishPurple,
	Neutral:    rgb(0x7A7A7A),
	FontSize:   28,
	LineWidth:  5,
	GridWidth:  2,
	DotRadius:  8,
	Padding:    24,
}

func rgb(v uint32) color.RGBA {
	return color.RGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 0xFF}
}

// mix blends a towards b by t (0..1). Charts blend instead of using alpha
// because SVG consumers differ in how they treat rgba() fills.
func mix(a, b color.RGBA, t float64) color.RGBA {
	f := func(x, y uint8) uint8 { return uint8(float64(x) + (float64(y)-float64(x))*t + 0.5) }
	return color.RGBA{R: f(a.R, b.R), G: f(a.G, b.G), B: f(a.B, b.B), A: 0xFF}
}

// onColor is black or white, whichever contrasts more with fill.
func onColor(fill color.RGBA) color.RGBA {
	black, white := rgb(0x000000), rgb(0xFFFFFF)
	if Contrast(black, fill) >= Contrast(white, fill) {
		return black
	}
	return white
}

// Contrast is the WCAG 2.1 contrast ratio of two opaque colours, from 1
// to 21: text needs 4.5 against its ground (level AA).
func Contrast(a, b color.RGBA) float64 {
	la, lb := luminance(a), luminance(b)
	return (math.Max(la, lb) + 0.05) / (math.Min(la, lb) + 0.05)
}

// luminance is WCAG 2.1's relative luminance of an sRGB colour.
func luminance(c color.RGBA) float64 {
	lin := func(v uint8) float64 {
		x := float64(v) / 255
		if x <= 0.04045 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}
