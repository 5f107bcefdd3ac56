// Package typeset is Cabinet's one text measure. It loads the fonts that
// charts, slides, exported images and the board packet print with, once,
// and measures, wraps and fits text for all of them, so the same string at
// the same size wraps at the same word on screen, in a PNG, in an SVG and
// on paper.
//
// Sizes are in any unit (pixels, points, millimetres): a width comes back in
// the unit its size was given in, computed exactly from the fonts' design
// units, with no rounding that depends on the unit.
//
// The fonts are Roboto (go-chart's, the Medium weight) and, for the
// characters Roboto lacks, Cabinet Symbols (package assets). A character
// neither holds is set as "?", on every backend alike; tabs are spaces and
// other control characters are dropped.
package typeset

import (
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/golang/freetype/truetype"
	"github.com/wcharczuk/go-chart/v2/roboto"
	"golang.org/x/image/math/fixed"

	"github.com/cabinetapp/cabinet/assets"
)

// Ellipsis ends text that was cut.
const Ellipsis = "…"

// Font is one font of the set.
type Font struct {
	// Name is the font's PostScript name, for documents that embed it.
	Name string
	// Family is the family name SVG text asks for.
	Family string
	// TTF is the TrueType file.
	TTF []byte
	// TT is the parsed font.
	TT *truetype.Font
	// UnitsPerEm is the size of the em in the font's design units.
	UnitsPerEm int
}

// Set is the fonts text is set in, tried in order for each character.
type Set struct {
	Fonts []*Font
	// CapHeight, Ascent and Descent are the primary font's, per unit of
	// type size; Descent is positive.
	CapHeight, Ascent, Descent float64

	// glyphs caches each rune's font, glyph and advance.
	mu     sync.RWMutex
	glyphs map[rune]Glyph
}

// Glyph is how one rune is set.
type Glyph struct {
	// Rune is the character drawn: the one asked for, or '?'.
	Rune rune
	// Font indexes Set.Fonts.
	Font int
	// Index is the glyph in that font.
	Index truetype.Index
	// Advance is the width per unit of type size.
	Advance float64
}

// Default is the set Cabinet prints with, loaded once. The fonts are part
// of the binary, so failing to read them is a broken build: it panics.
var Default = sync.OnceValue(func() *Set {
	s, err := newSet(
		fontSpec{"Roboto-Medium", "Roboto", roboto.Roboto},
		fontSpec{"CabinetSymbols", "Cabinet Symbols", assets.SymbolsTTF},
	)
	if err != nil {
		panic(err)
	}
	return s
})

type fontSpec struct {
	name, family string
	ttf          []byte
}

// newSet parses fonts into a set; the first is the primary font.
func newSet(specs ...fontSpec) (*Set, error) {
	s := &Set{glyphs: map[rune]Glyph{}}
	for _, sp := range specs {
		tt, err := truetype.Parse(sp.ttf)
		if err != nil {
			return nil, fmt.Errorf("reading the font %s: %w", sp.name, err)
		}
		s.Fonts = append(s.Fonts, &Font{Name: sp.name, Family: sp.family, TTF: sp.ttf, TT: tt, UnitsPerEm: int(tt.FUnitsPerEm())})
	}
	primary := s.Fonts[0]
	upm := float64(primary.UnitsPerEm)
	var g truetype.GlyphBuf
	if err := g.Load(primary.TT, fixed.Int26_6(primary.UnitsPerEm), primary.TT.Index('H'), 0); err != nil {
		return nil, fmt.Errorf("measuring the font %s: %w", primary.Name, err)
	}
	s.CapHeight = float64(g.Bounds.Max.Y) / upm
	b := primary.TT.Bounds(fixed.Int26_6(primary.UnitsPerEm))
	s.Ascent, s.Descent = float64(b.Max.Y)/upm, -float64(b.Min.Y)/upm
	return s, nil
}

// Glyph says how r is set: in the first font that has it, or as '?'.
// Control characters other than a tab have no glyph (ok is false).
func (s *Set) Glyph(r rune) (g Glyph, ok bool) {
	if r == '\t' {
		r = ' '
	}
	if unicode.IsControl(r) {
		return Glyph{}, false
	}
	s.mu.RLock()
	g, ok = s.glyphs[r]
	s.mu.RUnlock()
	if ok {
		return g, true
	}
	g = s.lookup(r)
	s.mu.Lock()
	s.glyphs[r] = g
	s.mu.Unlock()
	return g, true
}

func (s *Set) lookup(r rune) Glyph {
	for i, f := range s.Fonts {
		if idx := f.TT.Index(r); idx != 0 {
			m := f.TT.HMetric(fixed.Int26_6(f.UnitsPerEm), idx)
			return Glyph{Rune: r, Font: i, Index: idx, Advance: float64(m.AdvanceWidth) / float64(f.UnitsPerEm)}
		}
	}
	if r == '?' {
		// Unreachable with Roboto, which has '?'; guards the recursion.
		return Glyph{Rune: r}
	}
	return s.lookup('?')
}

// Has reports whether a font of the set holds r, so it is drawn as itself.
func (s *Set) Has(r rune) bool {
	g, ok := s.Glyph(r)
	return !ok || g.Rune == r || r == '\t'
}

// Missing lists the characters of text that no font of the set holds.
func (s *Set) Missing(text string) []rune {
	var out []rune
	for _, r := range text {
		if !s.Has(r) {
			out = append(out, r)
		}
	}
	return out
}

// Measure is the width of text set at size.
func (s *Set) Measure(text string, size float64) float64 {
	w := 0.0
	for _, r := range text {
		if g, ok := s.Glyph(r); ok {
			w += g.Advance
		}
	}
	return w * size
}

// Run is a stretch of text set in one font, with the characters as they
// are drawn ('?' for those no font holds, spaces for tabs).
type Run struct {
	Font int
	Text string
	// Glyphs are the run's glyphs, one per rune of Text.
	Glyphs []Glyph
	// Advance is the run's width per unit of type size.
	Advance float64
}

// Runs splits text into runs of one font each, for drawing.
func (s *Set) Runs(text string) []Run {
	var out []Run
	var b strings.Builder
	cur := Run{Font: -1}
	flush := func() {
		if len(cur.Glyphs) > 0 {
			cur.Text = b.String()
			out = append(out, cur)
		}
		b.Reset()
	}
	for _, r := range text {
		g, ok := s.Glyph(r)
		if !ok {
			continue
		}
		if g.Font != cur.Font {
			flush()
			cur = Run{Font: g.Font}
		}
		b.WriteRune(g.Rune)
		cur.Glyphs = append(cur.Glyphs, g)
		cur.Advance += g.Advance
	}
	flush()
	return out
}

// within reports whether a width w fits in width, allowing for the
// rounding of sums: a box made as wide as its text, less what was added to
// it, must still hold the text.
func within(w, width float64) bool { return w <= width*(1+1e-9)+1e-9 }

// Fit is text on one line no wider than width at size, cut with an
// ellipsis where it must be; "" when not even the ellipsis fits.
func (s *Set) Fit(text string, size, width float64) string {
	if within(s.Measure(text, size), width) {
		return text
	}
	if !within(s.Measure(Ellipsis, size), width) {
		return ""
	}
	// The longest prefix that fits with the ellipsis, by binary search on
	// the number of runes kept.
	runes := []rune(text)
	lo, hi := 0, len(runes)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if within(s.Measure(strings.TrimRightFunc(string(runes[:mid]), unicode.IsSpace)+Ellipsis, size), width) {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return strings.TrimRightFunc(string(runes[:lo]), unicode.IsSpace) + Ellipsis
}

// Wrap breaks text into lines no wider than width at size: at spaces, and
// inside a word only when the word alone is wider than a line. A newline
// starts a new line. With maxLines above zero, at most that many lines
// come back, the last ending in an ellipsis when text was left off.
func (s *Set) Wrap(text string, size, width float64, maxLines int) []string {
	var lines []string
	for _, para := range strings.Split(text, "\n") {
		line := ""
		for _, word := range strings.Fields(para) {
			next := word
			if line != "" {
				next = line + " " + word
			}
			if within(s.Measure(next, size), width) {
				line = next
				continue
			}
			if line != "" {
				lines = append(lines, line)
			}
			line = word
			for utf8.RuneCountInString(line) > 1 && !within(s.Measure(line, size), width) {
				cut := s.fitRunes(line, size, width)
				lines = append(lines, line[:cut])
				line = line[cut:]
			}
		}
		lines = append(lines, line)
	}
	if maxLines > 0 && len(lines) > maxLines {
		lines = lines[:maxLines]
		lines[maxLines-1] = s.Fit(strings.TrimRightFunc(lines[maxLines-1], unicode.IsSpace)+" "+Ellipsis, size, width)
	}
	return lines
}

// Lines breaks text as Wrap does into at most maxLines lines (any number
// when maxLines is not above zero) and reports whether they hold it whole:
// broken at spaces only, with nothing left off. When they cannot, whole is
// false and text is cut instead, saying so: a word wider than a line ends
// in an ellipsis (it is never broken inside), and so does the last line
// when there are more than maxLines.
func (s *Set) Lines(text string, size, width float64, maxLines int) (lines []string, whole bool) {
	whole = true
	paras := strings.Split(text, "\n")
	for i, para := range paras {
		words := strings.Fields(para)
		for j, word := range words {
			if !within(s.Measure(word, size), width) {
				words[j], whole = s.Fit(word, size, width), false
			}
		}
		paras[i] = strings.Join(words, " ")
	}
	if !whole {
		text = strings.Join(paras, "\n")
	}
	lines = s.Wrap(text, size, width, 0)
	if maxLines > 0 && len(lines) > maxLines {
		lines, whole = s.Wrap(text, size, width, maxLines), false
	}
	return lines, whole
}

// fitRunes is how many bytes of text fit in width, at least one rune's.
func (s *Set) fitRunes(text string, size, width float64) int {
	end, w := 0, 0.0
	for end < len(text) {
		r, n := utf8.DecodeRuneInString(text[end:])
		if g, ok := s.Glyph(r); ok {
			w += g.Advance * size
		}
		if end > 0 && !within(w, width) {
			break
		}
		end += n
	}
	return end
}

// FitBox sets text in a box width wide and height high at the largest size
// from maxSize down to minSize, in steps of step, at which its lines fit,
// each line taking leading times its size. At minSize it keeps the lines
// that fit, the last ending in an ellipsis. It returns the size and lines.
func (s *Set) FitBox(text string, width, height, maxSize, minSize, step, leading float64) (float64, []string) {
	for size := maxSize; size >= minSize; size -= step {
		lines := s.Wrap(text, size, width, 0)
		if float64(len(lines))*size*leading <= height*(1+1e-9) {
			return size, lines
		}
	}
	n := max(1, int(height*(1+1e-9)/(minSize*leading)))
	return minSize, s.Wrap(text, minSize, width, n)
}

// Measure, Fit, Wrap and FitBox use the Default set.
func Measure(text string, size float64) float64 { return Default().Measure(text, size) }

// Fit is Default().Fit.
func Fit(text string, size, width float64) string { return Default().Fit(text, size, width) }

// Wrap is Default().Wrap.
func Wrap(text string, size, width float64, maxLines int) []string {
	return Default().Wrap(text, size, width, maxLines)
}

// Lines is Default().Lines.
func Lines(text string, size, width float64, maxLines int) ([]string, bool) {
	return Default().Lines(text, size, width, maxLines)
}

// FitBox is Default().FitBox.
func FitBox(text string, width, height, maxSize, minSize, step, leading float64) (float64, []string) {
	return Default().FitBox(text, width, height, maxSize, minSize, step, leading)
}
