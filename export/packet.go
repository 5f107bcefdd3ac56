package export

import (
	"fmt"
	"image/color"
	"strings"

	"github.com/cabinetapp/cabinet/charts"
	"github.com/cabinetapp/cabinet/charts/pdf"
	"github.com/cabinetapp/cabinet/deck"
)

// cover draws the first page: whose packet, for which meeting, how fresh
// its data are, and the contents.
func (p *packet) cover() {
	sect := p.newPage()
	p.page.Artifact("Layout", "")
	p.fill(accent, 0, 0, pageW, 4)
	p.page.End()
	if p.demo {
		p.tagged(sect.Add("P"), func() { p.demoBadge(pageW-margin, margin+4) })
	}
	name := p.b.Profile.Name
	if name == "" {
		name = "Cabinet"
	}
	p.para(sect, "P", margin, 42-mm(11), 11, accent, []string{"BOARD PACKET"})
	pt, lines := fit(name, contentW, 2*lineH(30), 30, 20)
	y := p.para(sect, "H1", margin, 46, pt, ink, lines)
	pt, lines = fit(p.d.Name, contentW, 2*lineH(20), 20, 14)
	y = p.para(sect, "P", margin, y, pt, muted, lines) + 4
	when := "Prepared " + p.o.Now.Format("Monday 2 January 2006")
	if !p.o.MeetingDate.IsZero() {
		when = "For the meeting of " + p.o.MeetingDate.Format("Monday 2 January 2006")
	}
	y = p.para(sect, "P", margin, y, 13, ink, []string{when})
	y = p.para(sect, "P", margin, y+1, 11, muted, []string{p.asOf()}) + 8
	p.contents(sect, y)
	if p.demo {
		p.para(sect, "P", margin, footerTop-10, 9.5, ink, []string{"Demo district: every figure in this packet is generated for demonstration and describes no real district."})
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

// contents lists the slides and the definitions in up to two columns from
// y, each headline on as many lines as it takes, with the page each is on;
// when they do not all fit, the last row says how many more there are.
func (p *packet) contents(sect *pdf.Element, y float64) {
	const pt, rowH, gap = 10.5, 6.4, 10.0
	type item struct {
		headline string
		page     int
	}
	var items []item
	for i, v := range p.views {
		items = append(items, item{v.Headline, p.pageOf[i]})
	}
	if first := p.firstPages() + 1; p.total >= first {
		items = append(items, item{definitionsTitle, first})
	}
	p.tagged(sect.Add("H2"), func() { p.text(margin, y, 11, accent, "Contents") })
	y += 4
	colW := (contentW - gap) / 2
	bottom := footerTop - 14
	type entry struct {
		x, base float64
		page    int
		lines   []string
	}
	var entries []entry
	col, base := 0, y+rowH
	for i, it := range items {
		lines := wrap(it.headline, pt, colW-10)
		h := rowH + float64(len(lines)-1)*lineH(pt)
		// The second column keeps a row for the count of those left out.
		room := bottom
		if col == 1 && i < len(items)-1 {
			room -= rowH
		}
		if base+h-rowH > room {
			if col == 1 {
				break
			}
			col, base = 1, y+rowH
		}
		entries = append(entries, entry{margin + float64(col)*(colW+gap), base, it.page, lines})
		base += h
	}
	toc := sect.Add("TOC")
	for _, e := range entries {
		p.tagged(toc.Add("TOCI"), func() {
			p.text(e.x, e.base, pt, accent, fmt.Sprint(e.page))
			p.block(e.x+10, e.base-mm(pt), pt, ink, e.lines)
		})
	}
	if more := len(items) - len(entries); more > 0 {
		p.tagged(toc.Add("TOCI"), func() {
			p.text(margin+colW+gap+10, base, pt, muted, fmt.Sprintf("… and %d more", more))
		})
	}
}

// section names the dashboard area a slide belongs to.
func section(v deck.View) string {
	if v.Domain == "" {
		return "Overview"
	}
	return v.Domain.Title()
}

// slide draws a slide's page: to a reader, its headline as a heading, its
// takeaway, scope, chart or tiles, notes and captions, and what it shows
// and how fresh it is, in that order.
func (p *packet) slide(v deck.View) error {
	sect := p.newPage()
	p.doc.Bookmark(v.Headline, p.page, bodyTop)
	p.header(section(v))
	// The headline and takeaway break where they do on the slide (see
	// deck.Box): the boxes, 29.5 and 50.5 ems of 24 and 14 points, fit
	// the page's line.
	scale, lines := deck.HeadlineBox.Set(v.Headline)
	y := p.para(sect, "H2", margin, bodyTop, 24*scale, ink, lines)
	scale, lines = deck.TakeawayBox.Set(v.Takeaway)
	y = p.para(sect, "P", margin, y+1, 14*scale, ink, lines)
	y = p.para(sect, "P", margin, y+1, 9.5, muted, wrap(v.Scope, 9.5, contentW))
	top := y + 3

	var captions []string
	if len(v.Notes) > 0 {
		captions = wrap(strings.Join(v.Notes, " · "), 9, contentW)
	}
	footer := p.footerLines(v)
	bottom := footerTopFor(len(footer)) - 3
	if len(captions) > 0 {
		bottom -= float64(len(captions))*lineH(9) + 1.5
	}
	w, h := contentW, bottom-top
	notes := func() {}
	if p.o.Notes && strings.TrimSpace(v.Slide.Notes) != "" {
		// A chart keeps its height and gives up width to a column of
		// notes; a grid of tiles keeps its width, or sixteen tiles would
		// shrink past reading, and the notes go in a band beneath it, as
		// tall as they need up to two fifths of the page.
		if v.Cards() {
			band := notesBand(v.Slide.Notes, contentW, 0.4*h)
			h -= band + 4
			notes = func() { p.speakerNotes(sect, v.Slide.Notes, margin, top+h+4, contentW, band) }
		} else {
			w -= notesW + 6
			notes = func() { p.speakerNotes(sect, v.Slide.Notes, margin+w+6, top, notesW, h) }
		}
	}
	if v.Cards() {
		p.tiles(sect, v.Tiles, margin, top, w, h)
	} else if err := p.chart(sect, v, margin, top, w, h); err != nil {
		return err
	}
	notes()
	p.para(sect, "P", margin, bottom+1.5, 9, muted, captions)
	p.slideFooter(sect, footer)
	return nil
}

// chart draws a chart as vectors in the box, tagged as a Figure (and a
// ranking's table) by charts.
func (p *packet) chart(sect *pdf.Element, v deck.View, x, y, w, h float64) error {
	k := mm(chartPt) / charts.Light.FontSize
	o := charts.Options{Width: int(w / k), Height: int(h / k), Theme: charts.Light}
	return charts.DrawPDF(p.page, sect, v.Result.Chart, v.Result.Panel.Title, x, y, w, h, o)
}

// Speaker notes are set from 11 points down to 7.5, under their heading.
const (
	notesMaxPt, notesMinPt = 11.0, 7.5
	notesHead              = 11.0
)

// notesBand is how tall a band of notes w wide is: tall enough for them
// at the largest type, but at most most (the type then shrinks).
func notesBand(notes string, w, most float64) float64 {
	return min(notesHead+float64(len(wrap(notes, notesMaxPt, w-8)))*lineH(notesMaxPt)+2, most)
}

// speakerNotes draws the notes on a grey panel, as a paragraph.
func (p *packet) speakerNotes(sect *pdf.Element, notes string, x, y, w, h float64) {
	p.page.Artifact("Layout", "")
	p.fill(panelFill, x, y, w, h)
	p.page.End()
	pt, lines := fit(notes, w-8, h-notesHead, notesMaxPt, notesMinPt)
	p.tagged(sect.Add("P"), func() {
		p.text(x+4, y+6, 8, accent, "SPEAKER NOTES")
		p.block(x+4, y+8, pt, ink, lines)
	})
}

// The footer's lines are set at footerPt, with the page number to their
// right.
const footerPt = 8.5

// footerTopFor is where the rule above a footer of n lines goes: where
// every page's is, or higher for a footer of more than three lines.
func footerTopFor(n int) float64 {
	return min(footerTop, pageH-8-(footerY-footerTop)-float64(n-1)*lineH(footerPt))
}

// footerLines is what a slide's footer says, in lines: what the slide
// shows and how fresh it is, then the suppression note where values were
// hidden and the privacy rule, in full.
func (p *packet) footerLines(v deck.View) []footerLine {
	f := v.Footer
	var out []footerLine
	for _, l := range wrap(strings.Join([]string{"Shows " + f.Filters, f.AsOf, "Source: " + f.Source}, " · "), footerPt, contentW-32) {
		out = append(out, footerLine{l, muted})
	}
	for _, l := range wrap(f.Footnote(), footerPt, contentW-32) {
		out = append(out, footerLine{l, ink})
	}
	return out
}

type footerLine struct {
	text   string
	colour color.RGBA
}

// slideFooter writes the footer's lines above the page's foot. They differ
// from slide to slide, so a reader hears them as the slide's last
// paragraph; the rule above them is an artifact.
func (p *packet) slideFooter(sect *pdf.Element, lines []footerLine) {
	top := footerTopFor(len(lines))
	p.page.Artifact("Layout", "")
	p.rule(margin, pageW-margin, top)
	p.page.End()
	p.tagged(sect.Add("P"), func() {
		for i, l := range lines {
			p.text(margin, top+(footerY-footerTop)+float64(i)*lineH(footerPt), footerPt, l.colour, l.text)
		}
	})
}
