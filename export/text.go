package export

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/go-pdf/fpdf"
	"github.com/golang/freetype/truetype"
	"github.com/wcharczuk/go-chart/v2/roboto"
)

// fontName is the family the packet registers Roboto under. It is the
// font the charts lay their text out with, so chart labels measured by
// charts fit the same on paper.
const fontName = "Roboto"

// mmPerPt converts type sizes to page lengths.
const mmPerPt = 25.4 / 72

// leading is the distance between lines as a multiple of the type size.
const leading = 1.3

// lineH is the height of a line of text set at pt points, in millimetres.
func lineH(pt float64) float64 { return pt * mmPerPt * leading }

// robotoFont is the parsed font, for measuring and drawing image text and
// for knowing which runes it can draw.
var robotoFont = sync.OnceValues(func() (*truetype.Font, error) {
	f, err := truetype.Parse(roboto.Roboto)
	if err != nil {
		return nil, fmt.Errorf("reading the Roboto font: %w", err)
	}
	return f, nil
})

// cleanText makes text safe to set: runes Roboto lacks become "?", and so
// do those beyond the Basic Multilingual Plane, which fpdf's width tables
// cannot index (an emoji in a headline would otherwise crash the export).
// Tabs become spaces and other control characters go.
func cleanText(f *truetype.Font, s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case r == '\t':
			return ' '
		case unicode.IsControl(r):
			return -1
		case r > 0xFFFF || f.Index(r) == 0:
			return '?'
		}
		return r
	}, s)
}

// typesetter sets text on an fpdf document in Roboto.
type typesetter struct {
	pdf  *fpdf.Fpdf
	font *truetype.Font
}

func newTypesetter(pdf *fpdf.Fpdf) (*typesetter, error) {
	f, err := robotoFont()
	if err != nil {
		return nil, err
	}
	pdf.AddUTF8FontFromBytes(fontName, "", roboto.Roboto)
	return &typesetter{pdf: pdf, font: f}, nil
}

func (t *typesetter) clean(s string) string { return cleanText(t.font, s) }

// set selects Roboto at pt points in a colour.
func (t *typesetter) set(pt float64, c rgb) {
	t.pdf.SetFont(fontName, "", pt)
	t.pdf.SetTextColor(c.r, c.g, c.b)
}

// width measures cleaned text in the current font.
func (t *typesetter) width(s string) float64 { return t.pdf.GetStringWidth(s) }

// text writes one line with its baseline at y, starting at x.
func (t *typesetter) text(x, y, pt float64, c rgb, s string) {
	t.set(pt, c)
	t.pdf.Text(x, y, t.clean(s))
}

// textRight writes one line ending at x.
func (t *typesetter) textRight(x, y, pt float64, c rgb, s string) {
	t.set(pt, c)
	s = t.clean(s)
	t.pdf.Text(x-t.width(s), y, s)
}

// line writes one line, cut with an ellipsis to fit w.
func (t *typesetter) line(x, y, w, pt float64, c rgb, s string) {
	s = t.cut(s, w, pt)
	t.set(pt, c)
	t.pdf.Text(x, y, s)
}

// cut cleans text and cuts it with an ellipsis to fit w at pt points.
func (t *typesetter) cut(s string, w, pt float64) string {
	t.set(pt, rgb{})
	return t.ellipsize(t.clean(s), w)
}

func (t *typesetter) wrap(s string, w float64) []string { return wrapText(s, w, t.width) }

func (t *typesetter) ellipsize(s string, w float64) string { return ellipsize(s, w, t.width) }

// wrapText breaks text into lines no wider than w as width measures them,
// at spaces where it can and inside a word only when the word alone is too
// wide. Newlines start new lines.
func wrapText(s string, w float64, width func(string) float64) []string {
	var out []string
	for _, para := range strings.Split(s, "\n") {
		line := ""
		for _, word := range strings.Fields(para) {
			next := word
			if line != "" {
				next = line + " " + word
			}
			if width(next) <= w {
				line = next
				continue
			}
			if line != "" {
				out = append(out, line)
			}
			line = word
			for width(line) > w {
				cut := fitRunes(line, w, width)
				out = append(out, line[:cut])
				line = line[cut:]
			}
		}
		out = append(out, line)
	}
	return out
}

// fitRunes returns how many bytes of s fit in w, at least one rune's.
func fitRunes(s string, w float64, width func(string) float64) int {
	end := 0
	for end < len(s) {
		_, size := utf8.DecodeRuneInString(s[end:])
		if end > 0 && width(s[:end+size]) > w {
			break
		}
		end += size
	}
	return end
}

// ellipsize cuts text to fit w, ending it with "…".
func ellipsize(s string, w float64, width func(string) float64) string {
	if width(s) <= w {
		return s
	}
	const dots = "…"
	s = s[:fitRunes(s, w-width(dots), width)]
	return strings.TrimRightFunc(s, unicode.IsSpace) + dots
}

// fit sets text in a box w wide and h high at the largest size from max
// down to min (in half points) at which it fits; at min it keeps the lines
// that fit and ends the last with an ellipsis. It returns the size and the
// lines.
func (t *typesetter) fit(s string, w, h, max, min float64) (float64, []string) {
	s = t.clean(s)
	for pt := max; pt >= min; pt -= 0.5 {
		t.set(pt, rgb{})
		lines := t.wrap(s, w)
		if float64(len(lines))*lineH(pt) <= h+0.01 {
			return pt, lines
		}
	}
	t.set(min, rgb{})
	return min, t.keep(t.wrap(s, w), int(math.Max(1, math.Floor((h+0.01)/lineH(min)))), w)
}

// keep returns the first n lines, ending the last with an ellipsis when
// lines were left off, measured in the current font.
func (t *typesetter) keep(lines []string, n int, w float64) []string {
	if n >= len(lines) {
		return lines
	}
	if n <= 0 {
		return nil
	}
	out := slices.Clone(lines[:n])
	out[n-1] = t.ellipsize(out[n-1]+" …", w)
	return out
}
