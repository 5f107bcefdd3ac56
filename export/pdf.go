package export

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/cabinetapp/cabinet/charts"
	"github.com/cabinetapp/cabinet/deck"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/panel"
)

// The packet's page is US Letter in landscape, the paper US school boards
// print on; lengths are in millimetres.
const (
	pageW    = 279.4
	pageH    = 215.9
	margin   = 14.0
	contentW = pageW - 2*margin
	// footerTop is where every page's footer begins.
	footerTop = pageH - 17
	// footerY is the baseline of the footer's first line.
	footerY = footerTop + 5.5
	// bodyTop is where a page's content begins, under its header.
	bodyTop = margin + 7
)

// Colours: near-black text; a grey dark enough to survive an office
// printer; the Okabe–Ito blue the charts lead with as the accent; the
// Okabe–Ito orange, with black text, marks the demo district.
var (
	ink       = rgb{31, 31, 31}
	muted     = rgb{80, 80, 80}
	faint     = rgb{205, 205, 205}
	accent    = rgb{0, 114, 178}
	panelFill = rgb{243, 243, 243}
	demoFill  = rgb{230, 159, 0}
)

// Charts are drawn with their text at chartPt points: axis labels and
// legends stay readable on paper held at arm's length, and a chart of 250
// by 115 millimetres keeps the layout charts would give a laptop window.
// They are rendered at chartScale device units per theme pixel because
// go-chart writes whole-unit coordinates: finer units keep lines smooth.
const (
	chartPt    = 9.5
	chartScale = 2
)

// Speaker notes take a column notesW wide beside a chart, and a band
// tilesNotesH high under a grid of tiles.
const (
	notesW      = 78.0
	tilesNotesH = 24.0
)

// PDF writes deck d as a board packet: a cover, a landscape page per slide
// with its headline, takeaway, chart (as vectors) or tiles, filters, data
// date and source, and pages that define every measure shown. Every page
// is numbered; the demo district is labelled as such on every page.
func PDF(ctx context.Context, w io.Writer, b *panel.Board, d district.Deck, o Options) error {
	if len(d.Slides) == 0 {
		return fmt.Errorf("making the board packet of %q: the deck has no slides", d.Name)
	}
	o = o.fixNow()
	if o.Lines == 0 {
		o.Lines = deck.PacketLines // the page has room for more than the screen
	}
	views, err := render(ctx, b, d, o)
	if err != nil {
		return fmt.Errorf("making the board packet of %q: %w", d.Name, err)
	}
	defs, err := definitions(ctx, b, views, o)
	if err != nil {
		return fmt.Errorf("making the board packet of %q: %w", d.Name, err)
	}
	p, err := newPacket(b, d, o, views)
	if err != nil {
		return fmt.Errorf("making the board packet of %q: %w", d.Name, err)
	}
	pages := p.layoutDefinitions(defs)
	p.total = 1 + len(views) + len(pages)
	p.cover()
	for _, v := range views {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := p.slide(v); err != nil {
			return fmt.Errorf("making page %d of the board packet of %q: %w", v.Index+2, d.Name, err)
		}
	}
	p.definitionPages(pages)
	if err := p.pdf.Output(w); err != nil {
		return fmt.Errorf("writing the board packet of %q: %w", d.Name, err)
	}
	return nil
}

// render builds every slide of the deck.
func render(ctx context.Context, b *panel.Board, d district.Deck, o Options) ([]deck.View, error) {
	views := make([]deck.View, len(d.Slides))
	for i := range d.Slides {
		v, err := deck.Render(ctx, b, d, i, o.Options)
		if err != nil {
			return nil, err
		}
		views[i] = v
	}
	return views, nil
}

type packet struct {
	*typesetter
	pdf   *fpdf.Fpdf
	b     *panel.Board
	d     district.Deck
	o     Options
	views []deck.View
	demo  bool
	total int
}

func newPacket(b *panel.Board, d district.Deck, o Options, views []deck.View) (*packet, error) {
	pdf := fpdf.New("L", "mm", "Letter", "")
	pdf.SetMargins(margin, margin, margin)
	// Pages are laid out by hand; an automatic break would split a slide.
	pdf.SetAutoPageBreak(false, 0)
	ts, err := newTypesetter(pdf)
	if err != nil {
		return nil, err
	}
	p := &packet{typesetter: ts, pdf: pdf, b: b, d: d, o: o, views: views, demo: isDemo(b, views)}
	title := d.Name
	if b.Profile.Name != "" {
		title += " – " + b.Profile.Name
	}
	pdf.SetTitle(ts.clean(title), true)
	pdf.SetCreator("Cabinet", true)
	pdf.SetLang("en-US")
	// The packet's own dates, so the same data make the same file.
	pdf.SetCreationDate(o.Now)
	pdf.SetModificationDate(o.Now)
	pdf.SetLineJoinStyle("round")
	pdf.SetFooterFunc(p.pageNumber)
	return p, nil
}

func (p *packet) pageNumber() {
	p.textRight(pageW-margin, footerY, 8.5, muted, fmt.Sprintf("Page %d of %d", p.pdf.PageNo(), p.total))
}

// block writes lines from top down and returns the bottom of the last.
func (p *packet) block(x, top, pt float64, c rgb, lines []string) float64 {
	p.set(pt, c)
	for i, l := range lines {
		// Roboto's ascender is about one em, and lines are 1.3 em apart.
		p.pdf.Text(x, top+float64(i)*lineH(pt)+pt*mmPerPt, l)
	}
	return top + float64(len(lines))*lineH(pt)
}

func (p *packet) fill(c rgb, x, y, w, h float64) {
	p.pdf.SetFillColor(c.r, c.g, c.b)
	p.pdf.Rect(x, y, w, h, "F")
}

func (p *packet) rule(x0, x1, y float64) {
	p.pdf.SetDrawColor(faint.r, faint.g, faint.b)
	p.pdf.SetLineWidth(0.3)
	p.pdf.SetDashPattern(nil, 0)
	p.pdf.Line(x0, y, x1, y)
}

// demoBadge draws the demo label ending at right with its text on the
// baseline y, and returns where it starts.
func (p *packet) demoBadge(right, y float64) float64 {
	const pt = 8
	label := strings.ToUpper(deck.DemoLabel)
	p.set(pt, ink)
	w := p.width(label) + 4
	p.fill(demoFill, right-w, y-pt*mmPerPt-1, w, pt*mmPerPt+2.4)
	p.text(right-w+2, y, pt, rgb{}, label)
	return right - w
}

// header labels a page with its section and the district, and the demo
// district's badge.
func (p *packet) header(section string) {
	y := margin + 1
	p.text(margin, y, 9, accent, strings.ToUpper(section))
	right := pageW - margin
	if p.demo {
		right = p.demoBadge(right, y) - 3
	}
	p.textRight(right, y, 9, muted, p.b.Profile.Name)
	p.rule(margin, pageW-margin, y+2.5)
}

func (p *packet) cover() {
	p.pdf.AddPage()
	p.fill(accent, 0, 0, pageW, 4)
	if p.demo {
		p.demoBadge(pageW-margin, margin+4)
	}
	name := p.b.Profile.Name
	if name == "" {
		name = "Cabinet"
	}
	p.text(margin, 42, 11, accent, "BOARD PACKET")
	pt, lines := p.fit(name, contentW, lineH(30), 30, 20)
	y := p.block(margin, 46, pt, ink, lines)
	pt, lines = p.fit(p.d.Name, contentW, lineH(20), 20, 14)
	y = p.block(margin, y, pt, muted, lines) + 4
	when := "Prepared " + p.o.Now.Format("Monday 2 January 2006")
	if !p.o.MeetingDate.IsZero() {
		when = "For the meeting of " + p.o.MeetingDate.Format("Monday 2 January 2006")
	}
	y = p.block(margin, y, 13, ink, []string{when})
	y = p.block(margin, y+1, 11, muted, []string{p.asOf()}) + 8
	p.contents(y)
	if p.demo {
		p.block(margin, footerTop-10, 9.5, ink, []string{"Demo district: every figure in this packet is generated for demonstration and describes no real district."})
	}
}

// asOf says how fresh the packet's data are: the newest month shown and
// where it came from.
func (p *packet) asOf() string {
	var newest deck.View
	for _, v := range p.views {
		if v.Through.After(newest.Through) {
			newest = v
		}
	}
	if newest.Through.IsZero() {
		return "No data for the slides' periods"
	}
	return "Data as of " + newest.Through.Format("January 2006") + " · " + newest.Footer.Source
}

// contents lists the slides in up to two columns from y, with the page
// each is on; what does not fit is counted.
func (p *packet) contents(y float64) {
	const pt, rowH, gap = 10.5, 6.4, 10.0
	p.text(margin, y, 11, accent, "Contents")
	y += 4
	perColumn := int((footerTop - 14 - y) / rowH)
	colW := (contentW - gap) / 2
	n := len(p.views)
	if n > 2*perColumn {
		n = 2*perColumn - 1
	}
	for i, v := range p.views[:n] {
		x, row := margin, i
		if i >= perColumn {
			x, row = margin+colW+gap, i-perColumn
		}
		base := y + float64(row+1)*rowH
		page := fmt.Sprint(i + 2)
		p.text(x, base, pt, accent, page)
		p.line(x+10, base, colW-10, pt, ink, v.Headline)
	}
	if more := len(p.views) - n; more > 0 {
		p.text(margin+colW+gap+10, y+float64(perColumn)*rowH, pt, muted, fmt.Sprintf("… and %d more slides", more))
	}
}

// section names the dashboard area a slide belongs to.
func section(v deck.View) string {
	if v.Domain == "" {
		return "Overview"
	}
	return v.Domain.Title()
}

func (p *packet) slide(v deck.View) error {
	p.pdf.AddPage()
	p.pdf.Bookmark(p.clean(v.Headline), 0, -1)
	p.header(section(v))
	pt, lines := p.fit(v.Headline, contentW, 2*lineH(24), 24, 17)
	y := p.block(margin, bodyTop, pt, ink, lines)
	pt, lines = p.fit(v.Takeaway, contentW, 3*lineH(14), 14, 11)
	y = p.block(margin, y+1, pt, ink, lines)
	p.line(margin, y+1+9.5*mmPerPt, contentW, 9.5, muted, v.Scope)
	top := y + 6

	var captions []string
	if len(v.Notes) > 0 {
		p.set(9, muted)
		captions = p.wrap(p.clean(strings.Join(v.Notes, " · ")), contentW)
		captions = captions[:min(len(captions), 2)]
	}
	bottom := footerTop - 3
	if len(captions) > 0 {
		bottom -= float64(len(captions))*lineH(9) + 1.5
	}
	w, h := contentW, bottom-top
	if p.o.Notes && strings.TrimSpace(v.Slide.Notes) != "" {
		// A chart keeps its height and gives up width to a column of
		// notes; a grid of tiles keeps its width, or sixteen tiles would
		// shrink past reading, and the notes go in a band beneath it.
		if v.Cards() {
			h -= tilesNotesH + 4
			p.speakerNotes(v.Slide.Notes, margin, top+h+4, contentW, tilesNotesH)
		} else {
			w -= notesW + 6
			p.speakerNotes(v.Slide.Notes, margin+w+6, top, notesW, h)
		}
	}
	if v.Cards() {
		p.tiles(v.Tiles, margin, top, w, h)
	} else if err := p.chart(v.Result.Chart, margin, top, w, h); err != nil {
		return err
	}
	p.block(margin, bottom+1.5, 9, muted, captions)
	p.slideFooter(v)
	return nil
}

// chart draws a chart as vectors in the box.
func (p *packet) chart(c charts.Chart, x, y, w, h float64) error {
	k := chartPt * mmPerPt / (charts.Light.FontSize * chartScale)
	svg, err := charts.RenderSVG(c, charts.Options{Width: int(w / k), Height: int(h / k), Scale: chartScale, Theme: charts.Light})
	if err != nil {
		return err
	}
	return drawSVG(p.pdf, p.clean, svg, svgPlacement{x: x, y: y, k: k}, w, h)
}

func (p *packet) speakerNotes(notes string, x, y, w, h float64) {
	p.fill(panelFill, x, y, w, h)
	p.text(x+4, y+6, 8, accent, "SPEAKER NOTES")
	pt, lines := p.fit(notes, w-8, h-11, 11, 7.5)
	p.block(x+4, y+8, pt, ink, lines)
}

// statusColour marks a tile's status beside its words, never instead of
// them: Okabe–Ito green, orange and vermillion.
func statusColour(s district.Status) rgb {
	switch s {
	case district.OnTarget:
		return rgb{0, 158, 115}
	case district.NearTarget:
		return rgb{230, 159, 0}
	case district.OffTarget:
		return rgb{213, 94, 0}
	}
	return faint
}

// tiles lays KPI tiles out in a grid filling the box.
func (p *packet) tiles(tiles []panel.Tile, x, y, w, h float64) {
	if len(tiles) == 0 {
		p.block(x, y+h/2, 14, muted, []string{"There are no Overview tiles for this area."})
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
	for i, t := range tiles {
		p.tile(t, newest, x+float64(i%cols)*(tw+gap), y+float64(i/cols)*(th+gap), tw, th)
	}
}

// tile draws one KPI: its title, value, trend and status in words, with a
// stripe in the status's colour. A value older than the slide's newest
// month says its own month.
func (p *packet) tile(t panel.Tile, newest time.Time, x, y, w, h float64) {
	p.pdf.SetDrawColor(faint.r, faint.g, faint.b)
	p.pdf.SetLineWidth(0.3)
	p.pdf.Rect(x, y, w, h, "D")
	p.fill(statusColour(t.Status), x, y, 1.8, h)
	// Type grows with the tile from its size in a 4 by 4 grid, about 26
	// mm tall, but never below a size that prints legibly; what does not
	// fit then is left off, trend first.
	s := max(0.8, min(h/26, w/58, 2.2))
	pad := 3.5 * s
	inner := w - pad - 2.5
	x += pad
	top := y + pad*0.8
	top = p.block(x, top, 9.5*s, muted, []string{p.cut(t.Title, inner, 9.5*s)})
	top = p.block(x, top, 20*s, ink, []string{p.cut(t.Value, inner, 20*s)})
	words := t.StatusText()
	if !t.Through.IsZero() && !t.Through.Equal(newest) {
		words += " · " + t.Month()
	}
	room := max(1, int((y+h-top-pad*0.6)/lineH(8.5*s)))
	p.set(8.5*s, ink)
	status := p.wrap(p.clean(words), inner)
	trend := []string{}
	if t.Trend != "" && room > len(status) {
		trend = p.keep(p.wrap(p.clean(t.Trend), inner), room-len(status), inner)
	}
	top = p.block(x, top, 8.5*s, ink, trend)
	p.block(x, top, 8.5*s, muted, p.keep(status, room-len(trend), inner))
}

// slideFooter says what the slide shows and how fresh it is, and the
// suppression note where values were hidden.
func (p *packet) slideFooter(v deck.View) {
	p.rule(margin, pageW-margin, footerTop)
	f := v.Footer
	parts := []string{"Shows " + f.Filters, f.AsOf, "Source: " + f.Source}
	p.line(margin, footerY, contentW-32, 8.5, muted, strings.Join(parts, " · "))
	p.line(margin, footerY+4.5, contentW-32, 8.5, ink, f.Footnote())
}

// isDemo reports whether any of the packet's data are the demo district's.
func isDemo(b *panel.Board, views []deck.View) bool {
	for _, v := range views {
		if v.Footer.Demo {
			return true
		}
	}
	return b.Profile.Demo
}

// definition is one entry of the closing pages.
type definition struct{ name, body, source string }

// definitions explains every measure the deck shows, once, in the order
// they first appear, then how suppression, takeaways and the demo work.
func definitions(ctx context.Context, b *panel.Board, views []deck.View, o Options) ([]definition, error) {
	var out []definition
	seen := map[string]bool{}
	add := func(p panel.Panel, prov district.Provenance) error {
		source := "Source: " + panel.Freshness(prov, o.Now, o.StaleAfter)
		defs := []definition{{name: p.Title, body: p.About, source: source}}
		if ids := p.Metrics(); len(ids) > 0 {
			defs = defs[:0]
			for _, id := range ids {
				m, err := b.Data().Metric(ctx, id)
				if err != nil {
					return err
				}
				defs = append(defs, definition{name: m.Name, body: metricText(m, b.Suppression), source: source})
			}
		}
		for _, d := range defs {
			if !seen[d.name] {
				seen[d.name] = true
				out = append(out, d)
			}
		}
		return nil
	}
	for _, v := range views {
		if v.Slide.Kind == district.ChartSlide {
			if err := add(v.Result.Panel, v.Result.Provenance); err != nil {
				return nil, err
			}
			continue
		}
		for _, t := range v.Tiles {
			if p, ok := panel.ByID(t.Panel); ok {
				if err := add(p, t.Provenance); err != nil {
					return nil, err
				}
			}
		}
	}
	out = append(out,
		definition{name: "Values hidden to protect students", body: fmt.Sprintf(
			"A value resting on fewer than %d students is never printed, nor its number of students: charts leave a gap or a hatched bar marked %s, and tables show %s. "+
				"Where a total is shown beside its schools, the next-smallest school is hidden too, marked %s, so that no hidden school can be worked out by subtraction. "+
				"The district sets the threshold (5 to 30 students).",
			b.Suppression.MinStudents(), district.SuppressedMark, district.SuppressedMark, district.ComplementaryMark)},
		definition{name: "Takeaways", body: "Unless the presenter wrote their own, each page's takeaway is written by Cabinet from the figures on that page when the packet is made."},
	)
	if isDemo(b, views) {
		out = append(out, definition{name: deck.DemoLabel, body: "Every figure in this packet comes from Cabinet's generated demo district. It describes no real district and no real students."})
	}
	return out, nil
}

// metricText defines a metric: what it counts, its target and where the
// target comes from, and whether small groups are hidden.
func metricText(m district.Metric, s district.Suppression) string {
	parts := []string{m.Description}
	if m.HasTarget {
		t := m.TargetText()
		if m.Benchmark != "" {
			t += " (" + m.Benchmark + ")"
		}
		parts = append(parts, t+".")
	}
	if m.StudentBased {
		parts = append(parts, fmt.Sprintf("Hidden where fewer than %d students stand behind a value.", s.MinStudents()))
	}
	return strings.Join(parts, " ")
}

// The closing pages set definitions in two columns.
const (
	defNamePt, defBodyPt, defSourcePt = 10.5, 9.0, 8.5
	defGap                            = 10.0
	defColW                           = (contentW - defGap) / 2
	defTop                            = bodyTop + 16
)

// placed is a definition set in its column: its lines and where it goes.
type placed struct {
	definition
	body, source []string
	x, y         float64
}

// layoutDefinitions sets the definitions in columns, page by page, so the
// packet knows its page count before the first page is drawn.
func (p *packet) layoutDefinitions(defs []definition) [][]placed {
	var pages [][]placed
	var page []placed
	col, y := 0, defTop
	for _, d := range defs {
		e := placed{definition: d}
		p.set(defBodyPt, ink)
		e.body = p.wrap(p.clean(d.body), defColW)
		if d.source != "" {
			p.set(defSourcePt, ink)
			e.source = p.wrap(p.clean(d.source), defColW)
		}
		h := lineH(defNamePt) + float64(len(e.body))*lineH(defBodyPt) + float64(len(e.source))*lineH(defSourcePt)
		if y+h > footerTop-4 && y > defTop {
			col, y = col+1, defTop
			if col == 2 {
				pages, page, col = append(pages, page), nil, 0
			}
		}
		e.x, e.y = margin+float64(col)*(defColW+defGap), y
		page = append(page, e)
		y += h + 3.5
	}
	return append(pages, page)
}

func (p *packet) definitionPages(pages [][]placed) {
	for i, page := range pages {
		p.pdf.AddPage()
		p.header("Definitions and sources")
		title := "Definitions and sources"
		if i > 0 {
			title += " (continued)"
		}
		if i == 0 {
			p.pdf.Bookmark(title, 0, -1)
		}
		p.block(margin, bodyTop, 20, ink, []string{title})
		p.block(margin, bodyTop+lineH(20), 9.5, muted, []string{"What each measure in this packet counts, its target, and where its figures come from."})
		for _, e := range page {
			y := p.block(e.x, e.y, defNamePt, ink, []string{p.cut(e.name, defColW, defNamePt)})
			y = p.block(e.x, y, defBodyPt, ink, e.body)
			p.block(e.x, y, defSourcePt, muted, e.source)
		}
		p.rule(margin, pageW-margin, footerTop)
	}
}
