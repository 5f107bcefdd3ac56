package export

import (
	"math"

	"github.com/cabinetapp/cabinet/charts/typeset"
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
func tileTexts(tiles []panel.Tile, x, y, w, h float64) []imageText {
	if len(tiles) == 0 {
		return []imageText{{"There are no Overview tiles for this area.", x, y + h/2, takeawayPx, muted}}
	}
	cols := min(4, len(tiles))
	rows := (len(tiles) + cols - 1) / cols
	tw := (w - tileGap*float64(cols-1)) / float64(cols)
	th := (h - tileGap*float64(rows-1)) / float64(rows)
	var out []imageText
	for i, t := range tiles {
		tx, ty := x+float64(i%cols)*(tw+tileGap), y+float64(i/cols)*(th+tileGap)
		top := ty + tileTitlePx
		out = append(out, imageText{typeset.Fit(t.Title, tileTitlePx, tw), tx, top, tileTitlePx, muted})
		top += tileValuePx * 1.15
		out = append(out, imageText{t.Value, tx, top, tileValuePx, ink})
		if month := t.Month(); month != "" {
			out = append(out, imageText{month, tx + typeset.Measure(t.Value, tileValuePx) + 12, top, tileWordsPx, muted})
		}
		room := int(math.Floor((ty + th - top) / (tileWordsPx * leading)))
		lines := typeset.Wrap(t.StatusText(), tileWordsPx, tw, room)
		if t.Trend != "" && room > len(lines) {
			lines = append(lines, typeset.Wrap(t.Trend, tileWordsPx, tw, room-len(lines))...)
		}
		for _, line := range lines {
			top += tileWordsPx * leading
			out = append(out, imageText{line, tx, top, tileWordsPx, ink})
		}
	}
	return out
}
