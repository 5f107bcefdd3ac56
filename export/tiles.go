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
	list := sect.Add("L")
	for i, t := range tiles {
		p.tile(list.Add("LI").Add("LBody"), t, newest, x+float64(i%cols)*(tw+gap), y+float64(i/cols)*(th+gap), tw, th)
	}
}

// tile draws one KPI: its title, value, trend and status in words, with a
// stripe in the status's colour (an artifact: the words say it). A value
// older than the slide's newest month says its own month.
func (p *packet) tile(body *pdf.Element, t panel.Tile, newest time.Time, x, y, w, h float64) {
	p.page.Artifact("Layout", "")
	p.page.StrokeRect(x, y, w, h, faint, 0.3)
	p.fill(statusColour(t.Status), x, y, 1.8, h)
	p.page.End()
	// Type grows with the tile from its size in a 4 by 4 grid, about 26
	// mm tall, but never below a size that prints legibly; what does not
	// fit then is left off, trend first.
	s := max(0.8, min(h/26, w/58, 2.2))
	pad := 3.5 * s
	inner := w - pad - 2.5
	x += pad
	top := y + pad*0.8
	words := t.StatusText()
	if !t.Through.IsZero() && !t.Through.Equal(newest) {
		words += " · " + t.Month()
	}
	p.tagged(body, func() {
		top = p.block(x, top, 9.5*s, muted, []string{cut(t.Title, inner, 9.5*s)})
		top = p.block(x, top, 20*s, ink, []string{cut(t.Value, inner, 20*s)})
		room := max(1, int((y+h-top-pad*0.6)/lineH(8.5*s)))
		status := wrap(words, 8.5*s, inner, 0)
		var trend []string
		if t.Trend != "" && room > len(status) {
			trend = wrap(t.Trend, 8.5*s, inner, room-len(status))
		}
		top = p.block(x, top, 8.5*s, ink, trend)
		p.block(x, top, 8.5*s, muted, wrap(words, 8.5*s, inner, room-len(trend)))
	})
}
