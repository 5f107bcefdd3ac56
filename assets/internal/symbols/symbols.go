// Package symbols builds Cabinet Symbols, the small TrueType font that holds
// the few characters Cabinet prints that neither Roboto (charts, slides,
// exports) nor Fyne's Noto Sans (the window) has: the trend triangles and
// the arrows of the key hints. Its glyphs are plain polygons drawn here, so
// the font is Cabinet's own work and a few hundred bytes. Its line metrics
// are Noto Sans's, so a line of the window's text that uses it is as tall
// as one that does not.
//
// go generate in assets writes it to assets/symbols.ttf.
package symbols

import (
	"bytes"
	"encoding/binary"
	"slices"

	"github.com/cabinetapp/cabinet/internal/sfnt"
)

// glyph is one character's outline: closed polygons, clockwise (the
// TrueType winding for filled shapes), in font units of a 1000-unit em.
type glyph struct {
	r       rune
	advance int
	shapes  [][][2]int
}

// The vertical metrics of Noto Sans, Fyne's text font.
const (
	unitsPerEm = 1000
	ascender   = 1069
	descender  = -293
	capHeight  = 714
	xHeight    = 536
	// spaceAdvance is Noto Sans's space: a space that follows an arrow is
	// set in this font, and must be as wide as any other.
	spaceAdvance = 260
)

// axis is the height of an arrow's shaft: the middle of a lower-case letter.
const axis = 280

// Glyphs are the characters the font holds.
var glyphs = []glyph{
	{r: ' ', advance: spaceAdvance},
	{r: '▲', advance: 640, shapes: [][][2]int{{{70, 0}, {320, 560}, {570, 0}}}},
	{r: '▼', advance: 640, shapes: [][][2]int{{{70, 560}, {570, 560}, {320, 0}}}},
	{r: '→', advance: 840, shapes: [][][2]int{horizontal(false)}},
	{r: '←', advance: 840, shapes: [][][2]int{horizontal(true)}},
	{r: '↑', advance: 600, shapes: [][][2]int{vertical(false)}},
	{r: '↓', advance: 600, shapes: [][][2]int{vertical(true)}},
}

// horizontal is an arrow pointing right (or left) along the axis.
func horizontal(left bool) [][2]int {
	const shaft, head, x0, neck, tip = 38, 190, 70, 470, 770
	p := [][2]int{{x0, axis + shaft}, {neck, axis + shaft}, {neck, axis + head}, {tip, axis}, {neck, axis - head}, {neck, axis - shaft}, {x0, axis - shaft}}
	if left {
		for i := range p {
			p[i][0] = 840 - p[i][0]
		}
		// Mirroring reverses the winding; turn it back.
		slices.Reverse(p)
	}
	return p
}

// vertical is an arrow pointing up (or down), as tall as a capital.
func vertical(down bool) [][2]int {
	const mid, shaft, head, y0, neck, tip = 300, 38, 190, -10, 430, capHeight
	p := [][2]int{{mid - shaft, y0}, {mid - shaft, neck}, {mid - head, neck}, {mid, tip}, {mid + head, neck}, {mid + shaft, neck}, {mid + shaft, y0}}
	if down {
		for i := range p {
			p[i][1] = tip + y0 - p[i][1]
		}
		slices.Reverse(p)
	}
	return p
}

// Runes are the characters the font holds, besides the space.
func Runes() []rune {
	var out []rune
	for _, g := range glyphs[1:] {
		out = append(out, g.r)
	}
	return out
}

// Font is the TrueType file.
func Font() []byte {
	// Glyph 0 is .notdef, empty as a space is.
	all := append([]glyph{{advance: 500}}, glyphs...)
	var glyf, loca, hmtx bytes.Buffer
	be := func(b *bytes.Buffer, vs ...any) {
		for _, v := range vs {
			// Writing to a bytes.Buffer cannot fail.
			_ = binary.Write(b, binary.BigEndian, v)
		}
	}
	maxPoints, maxContours := 0, 0
	xMin, yMin, xMax, yMax := 0, 0, 0, 0
	for _, g := range all {
		be(&loca, uint32(glyf.Len()))
		lsb := 0
		if len(g.shapes) > 0 {
			gx0, gy0, gx1, gy1 := bounds(g.shapes)
			lsb = gx0
			xMin, yMin, xMax, yMax = min(xMin, gx0), min(yMin, gy0), max(xMax, gx1), max(yMax, gy1)
			be(&glyf, int16(len(g.shapes)), int16(gx0), int16(gy0), int16(gx1), int16(gy1))
			n := 0
			for _, s := range g.shapes {
				n += len(s)
				be(&glyf, uint16(n-1))
			}
			maxPoints, maxContours = max(maxPoints, n), max(maxContours, len(g.shapes))
			be(&glyf, uint16(0)) // no instructions
			for range n {
				glyf.WriteByte(1) // on-curve, coordinates as int16 deltas
			}
			for axis := range 2 {
				prev := 0
				for _, s := range g.shapes {
					for _, p := range s {
						be(&glyf, int16(p[axis]-prev))
						prev = p[axis]
					}
				}
			}
			for glyf.Len()%4 != 0 {
				glyf.WriteByte(0)
			}
		}
		be(&hmtx, uint16(g.advance), int16(lsb))
	}
	be(&loca, uint32(glyf.Len()))
	advMax := 0
	for _, g := range all {
		advMax = max(advMax, g.advance)
	}

	var head bytes.Buffer
	be(&head, uint32(0x00010000), uint32(0x00010000), uint32(0), uint32(0x5F0F3CF5), uint16(0x000B), uint16(unitsPerEm),
		int64(0), int64(0), int16(xMin), int16(yMin), int16(xMax), int16(yMax),
		uint16(0), uint16(8), int16(2), int16(1), int16(0))
	var hhea bytes.Buffer
	be(&hhea, uint32(0x00010000), int16(ascender), int16(descender), int16(0), uint16(advMax), int16(0), int16(0), int16(xMax),
		int16(1), int16(0), int16(0), int16(0), int16(0), int16(0), int16(0), int16(0), uint16(len(all)))
	var maxp bytes.Buffer
	be(&maxp, uint32(0x00010000), uint16(len(all)), uint16(maxPoints), uint16(maxContours), uint16(0), uint16(0),
		uint16(2), uint16(0), uint16(0), uint16(0), uint16(0), uint16(0), uint16(0), uint16(0), uint16(0))
	var os2 bytes.Buffer
	be(&os2, uint16(4), int16(advMax/2), uint16(400), uint16(5), uint16(0),
		int16(650), int16(600), int16(0), int16(75), int16(650), int16(600), int16(0), int16(350), int16(50), int16(300),
		int16(0), make([]byte, 10), make([]byte, 16), []byte("CABN"), uint16(320),
		uint16(0x20), uint16(0x25BC), int16(ascender), int16(descender), int16(0), uint16(ascender), uint16(-descender),
		uint32(1), uint32(0), int16(xHeight), int16(capHeight), uint16(0), uint16(' '), uint16(0))
	var post bytes.Buffer
	be(&post, uint32(0x00030000), int32(0), int16(-100), int16(50), uint32(0), uint32(0), uint32(0), uint32(0), uint32(0))

	return sfnt.WriteTables(map[string][]byte{
		"head": head.Bytes(), "hhea": hhea.Bytes(), "maxp": maxp.Bytes(), "OS/2": os2.Bytes(),
		"hmtx": hmtx.Bytes(), "cmap": cmap(all), "loca": loca.Bytes(), "glyf": glyf.Bytes(),
		"name": name(), "post": post.Bytes(),
	})
}

func bounds(shapes [][][2]int) (x0, y0, x1, y1 int) {
	x0, y0, x1, y1 = 1<<15, 1<<15, -1<<15, -1<<15
	for _, s := range shapes {
		for _, p := range s {
			x0, y0, x1, y1 = min(x0, p[0]), min(y0, p[1]), max(x1, p[0]), max(y1, p[1])
		}
	}
	return
}

// cmap maps the characters to their glyphs in a format 4 subtable for
// Unicode's Basic Multilingual Plane, one segment a character.
func cmap(all []glyph) []byte {
	type seg struct{ r, gid uint16 }
	var segs []seg
	for i, g := range all[1:] {
		segs = append(segs, seg{uint16(g.r), uint16(i + 1)})
	}
	slices.SortFunc(segs, func(a, b seg) int { return int(a.r) - int(b.r) })
	segs = append(segs, seg{0xFFFF, 0})
	n := len(segs)
	var sub bytes.Buffer
	w := func(vs ...uint16) {
		for _, v := range vs {
			_ = binary.Write(&sub, binary.BigEndian, v)
		}
	}
	searchRange, entrySelector := 1, 0
	for searchRange*2 <= n {
		searchRange *= 2
		entrySelector++
	}
	w(4, uint16(16+8*n), 0, uint16(2*n), uint16(2*searchRange), uint16(entrySelector), uint16(2*n-2*searchRange))
	for _, s := range segs {
		w(s.r)
	}
	w(0)
	for _, s := range segs {
		w(s.r)
	}
	for _, s := range segs {
		w(s.gid - s.r) // idDelta, modulo 65536
	}
	for range segs {
		w(0)
	}
	var out bytes.Buffer
	_ = binary.Write(&out, binary.BigEndian, []uint16{0, 1, 3, 1, 0, 12})
	out.Write(sub.Bytes())
	return out.Bytes()
}

// name gives the font its names, in UTF-16 for Windows.
func name() []byte {
	names := []struct {
		id uint16
		s  string
	}{{1, "Cabinet Symbols"}, {2, "Regular"}, {4, "Cabinet Symbols"}, {5, "Version 1.0"}, {6, "CabinetSymbols"}}
	var recs, strs bytes.Buffer
	for _, n := range names {
		var u bytes.Buffer
		for _, r := range n.s {
			_ = binary.Write(&u, binary.BigEndian, uint16(r))
		}
		_ = binary.Write(&recs, binary.BigEndian, []uint16{3, 1, 0x409, n.id, uint16(u.Len()), uint16(strs.Len())})
		strs.Write(u.Bytes())
	}
	var out bytes.Buffer
	_ = binary.Write(&out, binary.BigEndian, []uint16{0, uint16(len(names)), uint16(6 + recs.Len())})
	out.Write(recs.Bytes())
	out.Write(strs.Bytes())
	return out.Bytes()
}
