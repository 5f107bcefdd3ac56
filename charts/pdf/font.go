package pdf

import (
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode/utf16"

	"golang.org/x/image/math/fixed"
)

// fontUse is what a document set in one font: each glyph, the character
// it stands for and its advance per unit of type size.
type fontUse struct {
	glyphs map[uint16]rune
	adv    map[uint16]float64
}

func (u *fontUse) add(gid uint16, r rune, advance float64) {
	if u.glyphs == nil {
		u.glyphs, u.adv = map[uint16]rune{}, map[uint16]float64{}
	}
	if _, ok := u.glyphs[gid]; !ok {
		u.glyphs[gid], u.adv[gid] = r, advance
	}
}

// writeFont embeds font i of the set as a composite font (Type0 over a
// CIDFontType2 whose CIDs are the glyphs' numbers in the whole font)
// holding a subset of the TrueType file, with the glyphs' widths and a ToUnicode map, so text can
// be searched, copied and read aloud. It returns the Type0 font's object.
func (d *Document) writeFont(w *writer, i int) (int, error) {
	f, use := d.set.Fonts[i], &d.fonts[i]
	used := map[uint16]bool{}
	gids := make([]uint16, 0, len(use.glyphs))
	for g := range use.glyphs {
		used[g] = true
		gids = append(gids, g)
	}
	slices.Sort(gids)
	sub, renumber, err := subsetTTF(f.TTF, used)
	if err != nil {
		return 0, fmt.Errorf("embedding the font %s: %w", f.Name, err)
	}
	// A subset's name starts with a tag of six capitals, made here from
	// the glyphs it holds.
	h := fnv64(fmt.Sprint(gids))
	var tag strings.Builder
	for range 6 {
		tag.WriteByte(byte('A' + h%26))
		h /= 26
	}
	base := name(tag.String() + "+" + f.Name)

	type0, cid, desc, file, toUni, cidToGID := w.reserve(), w.reserve(), w.reserve(), w.reserve(), w.reserve(), w.reserve()
	w.object(type0, fmt.Sprintf("<</Type /Font /Subtype /Type0 /BaseFont %s /Encoding /Identity-H /DescendantFonts [%d 0 R] /ToUnicode %d 0 R>>", base, cid, toUni))

	var widths strings.Builder
	for _, g := range gids {
		fmt.Fprintf(&widths, "%d [%s] ", g, num(use.adv[g]*1000))
	}
	w.object(cid, fmt.Sprintf("<</Type /Font /Subtype /CIDFontType2 /BaseFont %s /CIDSystemInfo <</Registry (Adobe) /Ordering (Identity) /Supplement 0>> /FontDescriptor %d 0 R /DW 0 /W [%s] /CIDToGIDMap %d 0 R>>",
		base, desc, widths.String(), cidToGID))

	upm := float64(f.UnitsPerEm)
	b := f.TT.Bounds(fixed.Int26_6(f.UnitsPerEm))
	em := func(v fixed.Int26_6) string { return num(math.Round(float64(v) * 1000 / upm)) }
	// The set's cap height is its primary font's; the descriptor's is
	// informational, and a symbol font has no capitals to measure.
	capH := num(math.Round(d.set.CapHeight * 1000))
	w.object(desc, fmt.Sprintf("<</Type /FontDescriptor /FontName %s /Flags 32 /FontBBox [%s %s %s %s] /ItalicAngle 0 /Ascent %s /Descent %s /CapHeight %s /StemV 90 /FontFile2 %d 0 R>>",
		base, em(b.Min.X), em(b.Min.Y), em(b.Max.X), em(b.Max.Y), em(b.Max.Y), em(b.Min.Y), capH, file))
	w.stream(file, fmt.Sprintf(" /Length1 %d", len(sub)), sub)
	w.stream(toUni, "", toUnicode(gids, use.glyphs))
	cmap := make([]byte, 2*(int(gids[len(gids)-1])+1))
	for _, g := range gids {
		binary.BigEndian.PutUint16(cmap[2*int(g):], renumber[g])
	}
	w.stream(cidToGID, "", cmap)
	return type0, nil
}

// toUnicode is the CMap that maps each glyph back to its character.
func toUnicode(gids []uint16, runes map[uint16]rune) []byte {
	var b strings.Builder
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	for start := 0; start < len(gids); start += 100 {
		end := min(start+100, len(gids))
		fmt.Fprintf(&b, "%d beginbfchar\n", end-start)
		for _, g := range gids[start:end] {
			fmt.Fprintf(&b, "<%04X> <", g)
			for _, u := range utf16.Encode([]rune{runes[g]}) {
				fmt.Fprintf(&b, "%04X", u)
			}
			b.WriteString(">\n")
		}
		b.WriteString("endbfchar\n")
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
	return []byte(b.String())
}
