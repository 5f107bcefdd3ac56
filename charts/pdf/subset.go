package pdf

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	"github.com/cabinetapp/cabinet/internal/sfnt"
)

// subsetTTF cuts a TrueType font down to the glyphs a document uses and
// the glyphs those are built from, numbered anew from 1 (.notdef stays 0)
// in the order of their old numbers. It returns the new font and each
// kept glyph's new number by its old one: the document keeps naming
// glyphs by their numbers in the whole font (its CIDs), and a CIDToGIDMap
// turns them into the new. Only the tables a PDF reader needs to draw the
// glyphs stay: the character map, names and layout tables go, as
// ToUnicode and the document's own positioning take their place.
func subsetTTF(ttf []byte, used map[uint16]bool) ([]byte, map[uint16]uint16, error) {
	tables, err := sfnt.ReadTables(ttf)
	if err != nil {
		return nil, nil, err
	}
	head, loca, glyf, maxp, hhea, hmtx := tables["head"], tables["loca"], tables["glyf"], tables["maxp"], tables["hhea"], tables["hmtx"]
	if len(head) < 54 || len(maxp) < 6 || len(hhea) < 36 || glyf == nil || loca == nil || hmtx == nil {
		return nil, nil, errors.New("the font lacks a table a PDF needs (head, hhea, hmtx, maxp, loca or glyf)")
	}
	numGlyphs := int(binary.BigEndian.Uint16(maxp[4:]))
	numMetrics := int(binary.BigEndian.Uint16(hhea[34:]))
	if numMetrics == 0 || numMetrics > numGlyphs || len(hmtx) < 4*numMetrics+2*(numGlyphs-numMetrics) {
		return nil, nil, errors.New("the font's glyph metrics are cut short")
	}
	long := binary.BigEndian.Uint16(head[50:]) == 1
	offsets := make([]int, numGlyphs+1)
	for i := range offsets {
		switch {
		case long && len(loca) >= 4*(i+1):
			offsets[i] = int(binary.BigEndian.Uint32(loca[4*i:]))
		case !long && len(loca) >= 2*(i+1):
			offsets[i] = 2 * int(binary.BigEndian.Uint16(loca[2*i:]))
		default:
			return nil, nil, errors.New("the font's glyph locations are cut short")
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
			return nil, nil, err
		}
		for _, c := range components(data) {
			if c.glyph < numGlyphs && !keep[c.glyph] {
				keep[c.glyph] = true
				queue = append(queue, c.glyph)
			}
		}
	}
	old := make([]int, 0, len(keep))
	for g := range keep {
		old = append(old, g)
	}
	slices.Sort(old)
	renumber := make(map[uint16]uint16, len(old))
	for i, g := range old {
		renumber[uint16(g)] = uint16(i)
	}

	var newGlyf, newHmtx bytes.Buffer
	newLoca := make([]byte, 4*(len(old)+1))
	for i, g := range old {
		binary.BigEndian.PutUint32(newLoca[4*i:], uint32(newGlyf.Len()))
		data, _ := glyph(g)
		data = slices.Clone(data)
		for _, c := range components(data) {
			binary.BigEndian.PutUint16(data[c.at:], renumber[uint16(c.glyph)])
		}
		newGlyf.Write(data)
		for newGlyf.Len()%4 != 0 {
			newGlyf.WriteByte(0)
		}
		// Glyphs past the last full metric share its advance.
		adv := hmtx[4*min(g, numMetrics-1):][:2]
		var lsb []byte
		if g < numMetrics {
			lsb = hmtx[4*g+2:][:2]
		} else {
			lsb = hmtx[4*numMetrics+2*(g-numMetrics):][:2]
		}
		newHmtx.Write(adv)
		newHmtx.Write(lsb)
	}
	binary.BigEndian.PutUint32(newLoca[4*len(old):], uint32(newGlyf.Len()))

	newHead := slices.Clone(head)
	binary.BigEndian.PutUint32(newHead[8:], 0) // checkSumAdjustment, set when written
	binary.BigEndian.PutUint16(newHead[50:], 1)
	newHhea := slices.Clone(hhea)
	binary.BigEndian.PutUint16(newHhea[34:], uint16(len(old)))
	newMaxp := slices.Clone(maxp)
	binary.BigEndian.PutUint16(newMaxp[4:], uint16(len(old)))
	out := map[string][]byte{"head": newHead, "hhea": newHhea, "maxp": newMaxp, "hmtx": newHmtx.Bytes(), "loca": newLoca, "glyf": newGlyf.Bytes()}
	for _, t := range []string{"cvt ", "fpgm", "prep"} {
		if tables[t] != nil {
			out[t] = tables[t]
		}
	}
	return sfnt.WriteTables(out), renumber, nil
}

// component is one glyph a composite glyph is built from, and where in
// the composite's data its number is.
type component struct{ glyph, at int }

// components lists the glyphs a composite glyph is built from.
func components(data []byte) []component {
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
	var out []component
	p := 10
	for len(out) < maxComponents && p+4 <= len(data) {
		flags := binary.BigEndian.Uint16(data[p:])
		out = append(out, component{int(binary.BigEndian.Uint16(data[p+2:])), p + 2})
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
