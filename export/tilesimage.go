package export

import (
	"math"

	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font"

	"github.com/cabinetapp/cabinet/panel"
)

// Type sizes of a tile on an exported image, in pixels.
const (
	tileTitlePx = 20.0
	tileValuePx = 40.0
	tileWordsPx = 19.0
	tileGap     = 24.0
)

// tileTexts lays a tiles slide's tiles out in a grid filling the box at x,
// y, w by h, four to a row as on the Overview: each tile's title, its value
// with the month it describes, then its status and its trend, in words.
// The words wrap; what finds no room is left off, the trend before the
// status, as the packet does.
func tileTexts(f *truetype.Font, tiles []panel.Tile, x, y, w, h float64) []imageText {
	if len(tiles) == 0 {
		return []imageText{{"There are no Overview tiles for this area.", x, y + h/2, takeawayPx, rgba(muted)}}
	}
	width := func(px float64) func(string) float64 {
		face := truetype.NewFace(f, &truetype.Options{Size: px, DPI: 72})
		return func(s string) float64 { return float64(font.MeasureString(face, s)) / 64 }
	}
	cols := min(4, len(tiles))
	rows := (len(tiles) + cols - 1) / cols
	tw := (w - tileGap*float64(cols-1)) / float64(cols)
	th := (h - tileGap*float64(rows-1)) / float64(rows)
	var out []imageText
	for i, t := range tiles {
		tx, ty := x+float64(i%cols)*(tw+tileGap), y+float64(i/cols)*(th+tileGap)
		top := ty + tileTitlePx
		out = append(out, imageText{ellipsize(cleanText(f, t.Title), tw, width(tileTitlePx)), tx, top, tileTitlePx, rgba(muted)})
		top += tileValuePx * 1.15
		value := cleanText(f, t.Value)
		out = append(out, imageText{value, tx, top, tileValuePx, rgba(ink)})
		if month := t.Month(); month != "" {
			out = append(out, imageText{cleanText(f, month), tx + width(tileValuePx)(value) + 12, top, tileWordsPx, rgba(muted)})
		}
		room := int(math.Floor((ty + th - top) / (tileWordsPx * leading)))
		status := wrapText(cleanText(f, t.StatusText()), tw, width(tileWordsPx))
		status = status[:min(len(status), room)]
		var trend []string
		if t.Trend != "" && room > len(status) {
			trend = wrapText(cleanText(f, t.Trend), tw, width(tileWordsPx))
			trend = trend[:min(len(trend), room-len(status))]
		}
		for _, line := range append(status, trend...) {
			top += tileWordsPx * leading
			out = append(out, imageText{line, tx, top, tileWordsPx, rgba(ink)})
		}
	}
	return out
}
