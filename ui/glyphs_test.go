package ui

import (
	"bytes"
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"

	"github.com/cabinetapp/cabinet/charts/typeset"
	"github.com/cabinetapp/cabinet/deck"
	"github.com/cabinetapp/cabinet/district/demo"
)

// faces is a font fallback list as Fyne's painter builds one, without the
// system's fonts: what a Windows machine without the glyph has.
type faces []*font.Face

func (f faces) ResolveFace(r rune) *font.Face {
	for _, face := range f {
		if _, ok := face.NominalGlyph(r); ok {
			return face
		}
	}
	return f[0]
}

func parseFace(t *testing.T, r fyne.Resource) *font.Face {
	t.Helper()
	f, err := font.ParseTTF(bytes.NewReader(r.Content()))
	if err != nil {
		t.Fatalf("reading the font %s: %v", r.Name(), err)
	}
	return f
}

// TestEveryGlyph sets every string Cabinet prints through the fonts it
// ships, and fails on a character drawn as the missing glyph: in the
// window, as Fyne sets text (the theme's font, then Fyne's Noto Sans of
// the style, then its symbol font; the Windows build has no emoji font and
// a system may have no fallback), split into runs and shaped as Fyne does,
// so a space shaped in a font without one counts too; and in charts,
// slides, exported images and the packet, through the text measure's
// fonts. The strings are every string literal in the packages that make
// what people read, and every headline, takeaway, tile, footer, table and
// chart label of the demo district's briefing.
func TestEveryGlyph(t *testing.T) {
	strs := sourceStrings(t, "../ui", "../panel", "../deck", "../district", "../charts", "../export")
	strs = append(strs, briefingStrings(t)...)
	th := newAppTheme()
	chains := map[string]faces{}
	for name, style := range map[string]fyne.TextStyle{"regular": {}, "bold": {Bold: true}, "italic": {Italic: true}} {
		fallback := theme.DefaultTextFont()
		switch {
		case style.Bold:
			fallback = theme.DefaultTextBoldFont()
		case style.Italic:
			fallback = theme.DefaultTextItalicFont()
		}
		chains[name] = faces{parseFace(t, th.Font(style)), parseFace(t, fallback), parseFace(t, theme.DefaultSymbolFont())}
	}
	set := typeset.Default()
	seen := map[string]bool{}
	var seg shaping.Segmenter
	var shaper shaping.HarfbuzzShaper
	for _, s := range strs {
		if seen[s] || !printable(s) {
			continue
		}
		seen[s] = true
		if m := set.Missing(s); len(m) > 0 {
			t.Errorf("charts, slides and the packet have no glyph for %q in %q", m, s)
		}
		// Fyne breaks lines and sets tabs itself, before shaping.
		runes := []rune(strings.Map(func(r rune) rune {
			if unicode.IsControl(r) {
				return ' '
			}
			return r
		}, s))
		for name, chain := range chains {
			in := shaping.Input{Text: runes, RunEnd: len(runes), Direction: di.DirectionLTR, Size: fixed.I(16), Language: language.NewLanguage("en")}
			for _, run := range seg.Split(in, chain) {
				out := shaper.Shape(run)
				for _, g := range out.Glyphs {
					if g.GlyphID == 0 {
						t.Errorf("the window (%s) draws %q in %q as the missing glyph", name, string(runes[g.TextIndex()]), s)
					}
				}
			}
		}
	}
	if len(seen) < 500 {
		t.Fatalf("only %d strings checked: the collection is broken", len(seen))
	}
}

// printable reports whether s has a character that is drawn: a string of
// format verbs, escapes and control characters alone has none.
func printable(s string) bool {
	for _, r := range s {
		if unicode.IsGraphic(r) && !unicode.IsSpace(r) {
			return true
		}
	}
	return false
}

// sourceStrings are the string literals of the non-test Go files in dirs.
func sourceStrings(t *testing.T, dirs ...string) []string {
	t.Helper()
	var out []string
	fset := token.NewFileSet()
	for _, dir := range dirs {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no Go files in %s: %v", dir, err)
		}
		for _, path := range files {
			if strings.HasSuffix(path, "_test.go") {
				continue
			}
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			f, err := parser.ParseFile(fset, path, src, parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(f, func(n ast.Node) bool {
				if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					if s, err := strconv.Unquote(lit.Value); err == nil {
						out = append(out, s)
					}
				}
				return true
			})
		}
	}
	return out
}

// briefingStrings is every text of the demo district's briefing: what its
// slides, tiles, tables and charts print.
func briefingStrings(t *testing.T) []string {
	t.Helper()
	ctx := context.Background()
	c := mustOpenCache(t)
	seedDemo(t, c, demo.Default(fixedNow))
	b := boardOf(t, c)
	d := deck.Briefing()
	var out []string
	for i := range d.Slides {
		v, err := deck.Render(ctx, b, d, i, deck.Options{Now: fixedNow})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, v.Headline, v.Takeaway, v.Scope, v.Footer.String(), v.Footer.Footnote(), v.Slide.Notes)
		out = append(out, v.Notes...)
		for _, tile := range v.Tiles {
			out = append(out, tile.Title, tile.Value, tile.Trend, tile.StatusText(), trendText(tile))
		}
		out = append(out, v.Result.Table.Columns...)
		for _, row := range v.Result.Table.Rows {
			out = append(out, row...)
		}
		ch := v.Result.Chart
		out = append(out, ch.Categories...)
		for _, s := range ch.Series {
			out = append(out, s.Name)
		}
	}
	return out
}
