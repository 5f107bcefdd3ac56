package export

import (
	"image/color"
	"time"

	"github.com/cabinetapp/cabinet/charts/pdf"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/panel"
)

// statusColour marks a tile's status beside its words, never instead of
// them: Okabe–Ito green, orange and vermillion.
func statusColour(s district.Status) color.RGBA {
	switch s {
	case district.OnTarget:
		return color.RGBA{0, 158, 115, 0xFF}
	case district.NearTarget:
		return color.RGBA{230, 159, 0, 0xFF}
	case district.OffTarget:
		return color.RGBA{213, 94, 0, 0xFF}
	}
	return faint
}

// tiles lays KPI tiles out in a grid filling the box; to a reader, a list
// of measures, one item a tile.
func (p *packet) tiles(sect *pdf.Element, tiles []panel.Tile, x, y, w, h float64) {
	if len(tiles) == 0 {
		p.para(sect, "P", x, y+h/2, 14, muted, []string{"There are no Overview tiles for this area."})
		return
	}
	cols := len(tiles)
	switch {
	case cols > 9:
		cols = 4
	case cols > 4:
		cols = 3
	case cols == 4:
		cols = 2
	}
	rows := (len(tiles) + cols - 1) / cols
	const gap = 4.0
	tw, th := (w-gap*float64(cols-1))/float64(cols), (h-gap*float64(rows-1))/float64(rows)
	var newest time.Time
	for _, t := range tiles {
		if t.Through.After(newest) {
			newest = t.Through
		}
	}
	// Every tile of the grid is set at one size: the largest at which
	// each holds its words whole.
	words := make([]string, len(tiles))
	scale := max(tileMinScale, min(th/26, tw/58, 2.2))
	for i, t := range tiles {
		words[i] = t.StatusText()
		if !t.Through.IsZero() && !t.Through.Equal(newest) {
			words[i] += " · " + t.Month()
		}
		scale = min(scale, tileScale(t, words[i], tw, th))
	}
	list := sect.Add("L")
	for i, t := range tiles {
		p.tile(list.Add("LI").Add("LBody"), t, setTile(t, words[i], tw, scale, scale > tileMinScale || fits(t, words[i], tw, th)),
			x+float64(i%cols)*(tw+gap), y+float64(i/cols)*(th+gap), tw, th)
	}
}

// tile draws one KPI: its title, value, trend and status in words as set,
// with a stripe in the status's colour (an artifact: the words say it).
func (p *packet) tile(body *pdf.Element, t panel.Tile, set tileSet, x, y, w, h float64) {
	p.page.Artifact("Layout", "")
	p.page.StrokeRect(x, y, w, h, faint, 0.3)
	p.fill(statusColour(t.Status), x, y, 1.8, h)
	p.page.End()
	p.tagged(body, func() {
		top := y + set.pad*0.8
		for _, b := range set.blocks {
			top = p.block(x+set.pad, top, b.pt, b.colour, b.lines)
		}
	})
}

// tileType is the type of a tile at scale 1: a 4 by 4 grid's tile is
// about 26 mm tall and 58 mm wide.
const (
	tileTitlePt, tileValuePt, tileLinePt = 9.5, 20.0, 8.5
	tileMinScale                         = 0.75
)

// tileSet is a tile's text set in its box: the padding and each block of
// lines with its size and colour.
type tileSet struct {
	pad    float64
	blocks []tileBlock
}

type tileBlock struct {
	pt     float64
	colour color.RGBA
	lines  []string
}

// height is how tall the set text stands, padding included.
func (s tileSet) height() float64 {
	h := s.pad * 1.4
	for _, b := range s.blocks {
		h += float64(len(b.lines)) * lineH(b.pt)
	}
	return h
}

// setTile sets a tile's words, status being its status in words, for a
// tile w wide at scale s of its type in a 4 by 4 grid: every line wraps at
// spaces and none is cut. The trend is left out only when trend is false.
func setTile(t panel.Tile, status string, w, s float64, trend bool) tileSet {
	pad := 3.5 * s
	inner := w - pad - 2.5
	set := tileSet{pad: pad, blocks: []tileBlock{
		{tileTitlePt * s, muted, wrap(t.Title, tileTitlePt*s, inner)},
		{tileValuePt * s, ink, wrap(t.Value, tileValuePt*s, inner)},
	}}
	if trend && t.Trend != "" {
		set.blocks = append(set.blocks, tileBlock{tileLinePt * s, ink, wrap(t.Trend, tileLinePt*s, inner)})
	}
	set.blocks = append(set.blocks, tileBlock{tileLinePt * s, muted, wrap(status, tileLinePt*s, inner)})
	return set
}

// tileScale is the largest scale of a tile's type, from its size in the
// grid down to the smallest that prints legibly, at which its words fit a
// tile w by h whole.
func tileScale(t panel.Tile, status string, w, h float64) float64 {
	s := max(tileMinScale, min(h/26, w/58, 2.2))
	for ; s > tileMinScale; s -= 0.025 {
		if setTile(t, status, w, s, true).height() <= h {
			return s
		}
	}
	return tileMinScale
}

// fits reports whether a tile's words, trend included, fit it at the
// smallest type: only when they do not is the trend left off (the status
// never is).
func fits(t panel.Tile, status string, w, h float64) bool {
	return setTile(t, status, w, tileMinScale, true).height() <= h
}
