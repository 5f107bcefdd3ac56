package export

import (
	"context"
	"fmt"
	"image/color"
	"io"
	"strings"

	"github.com/cabinetapp/cabinet/charts/pdf"
	"github.com/cabinetapp/cabinet/charts/typeset"
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
// Okabe–Ito orange, with black text, marks the demo district. Every colour
// text is set in reads at 4.5:1 or more on white (WCAG 2.1 AA; the test
// TestPacketContrast keeps it so).
var (
	ink       = color.RGBA{31, 31, 31, 0xFF}
	muted     = color.RGBA{80, 80, 80, 0xFF}
	faint     = color.RGBA{205, 205, 205, 0xFF}
	accent    = color.RGBA{0, 114, 178, 0xFF}
	panelFill = color.RGBA{243, 243, 243, 0xFF}
	demoFill  = color.RGBA{230, 159, 0, 0xFF}
	black     = color.RGBA{0, 0, 0, 0xFF}
)

// Charts are drawn with their text at chartPt points: axis labels and
// legends stay readable on paper held at arm's length, and a chart of 250
// by 115 millimetres keeps the layout charts would give a laptop window.
const chartPt = 9.5

// Speaker notes take a column notesW wide beside a chart, or a band under
// a grid of tiles.
const notesW = 78.0

// PDF writes deck d as a board packet: a cover, a landscape page per slide
// with its headline, takeaway, chart (as vectors) or tiles, filters, data
// date and source, and pages that define every measure shown. Every page
// is numbered; the demo district is labelled as such on every page.
//
// The packet is a tagged PDF meant to meet PDF/UA-1 and WCAG 2.1 AA, as a
// public document posted by a school district must: its structure tree
// reads in order (a heading per page and per slide, paragraphs for the
// takeaway, captions and notes, each chart a Figure whose alternative text
// is written from its data, rankings and definitions as tables with
// heading cells, tiles as a list), running headers and page numbers are
// artifacts, and its language and title are set, the title shown in the
// viewer's window.
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
	p := newPacket(b, d, o, views)
	pages := layoutDefinitions(defs)
	p.total = p.firstPages() + len(pages)
	p.cover()
	for i, v := range views {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := p.slide(v); err != nil {
			return fmt.Errorf("making page %d of the board packet of %q: %w", p.pageOf[i], d.Name, err)
		}
		if hasPlanPage(v) {
			p.planPage(v)
		}
	}
	p.definitionPages(pages)
	if err := p.doc.Write(w); err != nil {
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
	writer
	doc   *pdf.Document
	b     *panel.Board
	d     district.Deck
	o     Options
	views []deck.View
	demo  bool
	total int
	// pageOf is the page number of each slide's page.
	pageOf []int
}

// firstPages numbers the slides' pages, each after the cover and any
// page of figures the slide before it has, and returns the last.
func (p *packet) firstPages() int {
	p.pageOf = make([]int, len(p.views))
	page := 1
	for i, v := range p.views {
		page++
		p.pageOf[i] = page
		if hasPlanPage(v) {
			page++
		}
	}
	return page
}

func newPacket(b *panel.Board, d district.Deck, o Options, views []deck.View) *packet {
	title := d.Name
	if b.Profile.Name != "" {
		title += " – " + b.Profile.Name
	}
	doc := pdf.New(pdf.Info{Title: title, Lang: "en-US", Subject: "Board packet: " + title, Creator: "Cabinet", Created: o.Now},
		typeset.Default(), 72/25.4, pageW, pageH)
	return &packet{doc: doc, b: b, d: d, o: o, views: views, demo: isDemo(b, views)}
}

// newPage starts a page with its number in the footer, and a section of
// the structure tree for what it says.
func (p *packet) newPage() *pdf.Element {
	p.page = p.doc.AddPage()
	p.page.Artifact("Pagination", "Footer")
	p.textRight(pageW-margin, footerY, 8.5, muted, fmt.Sprintf("Page %d of %d", p.page.Index()+1, p.total))
	p.page.End()
	return p.doc.Root().Add("Sect")
}

// tagged writes what draw draws as element e of the structure.
func (p *packet) tagged(e *pdf.Element, draw func()) {
	p.page.Tag(e)
	draw()
	p.page.End()
}

// para writes lines as a paragraph of sect and returns their bottom.
func (p *packet) para(sect *pdf.Element, role string, x, top, pt float64, c color.RGBA, lines []string) float64 {
	if len(lines) == 0 {
		return top
	}
	var bottom float64
	p.tagged(sect.Add(role), func() { bottom = p.block(x, top, pt, c, lines) })
	return bottom
}

// demoBadge draws the demo label ending at right with its text on the
// baseline y, and returns where it starts.
func (p *packet) demoBadge(right, y float64) float64 {
	const pt = 8
	label := strings.ToUpper(deck.DemoLabel)
	w := width(label, pt) + 4
	p.fill(demoFill, right-w, y-mm(pt)-1, w, mm(pt)+2.4)
	p.text(right-w+2, y, pt, black, label)
	return right - w
}

// header labels a page with its section and the district, and the demo
// district's badge: a running header, an artifact to a reader.
func (p *packet) header(section string) {
	p.page.Artifact("Pagination", "Header")
	y := margin + 1
	p.text(margin, y, 9, accent, strings.ToUpper(section))
	right := pageW - margin
	if p.demo {
		right = p.demoBadge(right, y) - 3
	}
	p.textRight(right, y, 9, muted, p.b.Profile.Name)
	p.rule(margin, pageW-margin, y+2.5)
	p.page.End()
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
				m, err := b.Metric(ctx, id)
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
		switch v.Slide.Kind {
		case district.SinceSlide, district.ActionsSlide:
			// Sentences about the measures of other slides: nothing of their own to define.
			continue
		case district.TilesSlide:
		default:
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
	title, body, source []string
	x, y                float64
}

// layoutDefinitions sets the definitions in columns, page by page, so the
// packet knows its page count before the first page is drawn.
func layoutDefinitions(defs []definition) [][]placed {
	var pages [][]placed
	var page []placed
	col, y := 0, defTop
	for _, d := range defs {
		e := placed{definition: d, title: wrap(d.name, defNamePt, defColW)}
		e.body = wrap(d.body, defBodyPt, defColW)
		if d.source != "" {
			e.source = wrap(d.source, defSourcePt, defColW)
		}
		h := float64(len(e.title))*lineH(defNamePt) + float64(len(e.body))*lineH(defBodyPt) + float64(len(e.source))*lineH(defSourcePt)
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

// definitionsTitle heads the closing pages and their line in the contents.
const definitionsTitle = "Definitions and sources"

// definitionPages draws the closing pages: to a reader, a table of the
// measures, each row headed by its name, with its definition and source.
func (p *packet) definitionPages(pages [][]placed) {
	for i, page := range pages {
		sect := p.newPage()
		p.header(definitionsTitle)
		title := definitionsTitle
		if i > 0 {
			title += " (continued)"
		} else {
			p.doc.Bookmark(title, p.page, bodyTop)
		}
		p.para(sect, "H2", margin, bodyTop, 20, ink, []string{title})
		if i == 0 {
			p.para(sect, "P", margin, bodyTop+lineH(20), 9.5, muted, []string{"What each measure in this packet counts, its target, and where its figures come from."})
		}
		table := sect.Add("Table")
		for _, e := range page {
			row := table.Add("TR")
			th := row.Add("TH")
			th.Scope = "Row"
			var y float64
			p.tagged(th, func() { y = p.block(e.x, e.y, defNamePt, ink, e.title) })
			p.tagged(row.Add("TD"), func() { y = p.block(e.x, y, defBodyPt, ink, e.body) })
			if len(e.source) > 0 {
				p.tagged(row.Add("TD"), func() { p.block(e.x, y, defSourcePt, muted, e.source) })
			}
		}
		p.page.Artifact("Layout", "")
		p.rule(margin, pageW-margin, footerTop)
		p.page.End()
	}
}
