package pdf

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	"github.com/cabinetapp/cabinet/internal/sfnt"
)

// subsetTTF cuts a TrueType font down to the glyphs a document uses (and
// the glyphs those are built from), keeping every glyph's number so the
// document can name glyphs by their numbers in the whole font (CIDs equal
// to glyph indices, CIDToGIDMap /Identity). Glyphs not used are left
// empty. Only the tables a PDF reader needs to draw the glyphs stay: the
// character map, names and layout tables go, as ToUnicode and the
// document's own positioning take their place.
func subsetTTF(ttf []byte, used map[uint16]bool) ([]byte, error) {
	tables, err := sfnt.ReadTables(ttf)
	if err != nil {
		return nil, err
	}
	head, loca, glyf, maxp := tables["head"], tables["loca"], tables["glyf"], tables["maxp"]
	if len(head) < 54 || len(maxp) < 6 || glyf == nil || loca == nil {
		return nil, errors.New("the font lacks a table a PDF needs (head, maxp, loca or glyf)")
	}
	numGlyphs := int(binary.BigEndian.Uint16(maxp[4:]))
	long := binary.BigEndian.Uint16(head[50:]) == 1
	offsets := make([]int, numGlyphs+1)
	for i := range offsets {
		switch {
		case long && len(loca) >= 4*(i+1):
			offsets[i] = int(binary.BigEndian.Uint32(loca[4*i:]))
		case !long && len(loca) >= 2*(i+1):
			offsets[i] = 2 * int(binary.BigEndian.Uint16(loca[2*i:]))
		default:
			return nil, errors.New("the font's glyph locations are cut short")
		}
	}
	glyph := func(i int) ([]byte, error) {
		a, b := offsets[i], offsets[i+1]
		if a > b || b > len(glyf) {
			return nil, fmt.Errorf("glyph %d lies outside the font", i)
		}
		return glyf[a:b], nil
	}

	// Keep .notdef, the glyphs used and, transitively, the components of
	// composite glyphs.
	keep := map[int]bool{0: true}
	queue := []int{0}
	for g := range used {
		if int(g) < numGlyphs && !keep[int(g)] {
			keep[int(g)] = true
			queue = append(queue, int(g))
		}
	}
	for len(queue) > 0 {
		g := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		data, err := glyph(g)
		if err != nil {
			return nil, err
		}
		for _, c := range components(data) {
			if c < numGlyphs && !keep[c] {
				keep[c] = true
				queue = append(queue, c)
			}
		}
	}

	var newGlyf bytes.Buffer
	newLoca := make([]byte, 4*(numGlyphs+1))
	for i := range numGlyphs {
		binary.BigEndian.PutUint32(newLoca[4*i:], uint32(newGlyf.Len()))
		if !keep[i] {
			continue
		}
		data, _ := glyph(i)
		newGlyf.Write(data)
		for newGlyf.Len()%4 != 0 {
			newGlyf.WriteByte(0)
		}
	}
	binary.BigEndian.PutUint32(newLoca[4*numGlyphs:], uint32(newGlyf.Len()))

	newHead := slices.Clone(head)
	binary.BigEndian.PutUint32(newHead[8:], 0) // checkSumAdjustment, set below
	binary.BigEndian.PutUint16(newHead[50:], 1)
	out := map[string][]byte{"head": newHead, "loca": newLoca, "glyf": newGlyf.Bytes()}
	for _, t := range []string{"hhea", "hmtx", "maxp", "cvt ", "fpgm", "prep"} {
		if tables[t] != nil {
			out[t] = tables[t]
		}
	}
	return sfnt.WriteTables(out), nil
}

// components lists the glyphs a composite glyph is built from.
func components(data []byte) []int {
	if len(data) < 10 || int16(binary.BigEndian.Uint16(data)) >= 0 {
		return nil
	}
	const (
		argsAreWords  = 0x0001
		haveScale     = 0x0008
		moreComps     = 0x0020
		haveXYScale   = 0x0040
		haveTwoByTwo  = 0x0080
		maxComponents = 1024
	)
	var out []int
	p := 10
	for len(out) < maxComponents && p+4 <= len(data) {
		flags := binary.BigEndian.Uint16(data[p:])
		out = append(out, int(binary.BigEndian.Uint16(data[p+2:])))
		p += 4
		if flags&argsAreWords != 0 {
			p += 4
		} else {
			p += 2
		}
		switch {
		case flags&haveScale != 0:
			p += 2
		case flags&haveXYScale != 0:
			p += 4
		case flags&haveTwoByTwo != 0:
			p += 8
		}
		if flags&moreComps == 0 {
			break
		}
	}
	return out
}
