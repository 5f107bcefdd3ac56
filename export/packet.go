package export

import (
	"fmt"
	"strings"

	"github.com/cabinetapp/cabinet/charts"
	"github.com/cabinetapp/cabinet/charts/pdf"
	"github.com/cabinetapp/cabinet/deck"
	"github.com/cabinetapp/cabinet/district"
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
	pt, lines := fit(name, contentW, lineH(30), 30, 20)
	y := p.para(sect, "H1", margin, 46, pt, ink, lines)
	pt, lines = fit(p.d.Name, contentW, lineH(20), 20, 14)
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

// contents lists the slides in up to two columns from y, with the page
// each is on; what does not fit is counted.
func (p *packet) contents(sect *pdf.Element, y float64) {
	const pt, rowH, gap = 10.5, 6.4, 10.0
	p.tagged(sect.Add("H2"), func() { p.text(margin, y, 11, accent, "Contents") })
	y += 4
	perColumn := int((footerTop - 14 - y) / rowH)
	colW := (contentW - gap) / 2
	n := len(p.views)
	if n > 2*perColumn {
		n = 2*perColumn - 1
	}
	toc := sect.Add("TOC")
	for i, v := range p.views[:n] {
		x, row := margin, i
		if i >= perColumn {
			x, row = margin+colW+gap, i-perColumn
		}
		base := y + float64(row+1)*rowH
		p.tagged(toc.Add("TOCI"), func() {
			p.text(x, base, pt, accent, fmt.Sprint(p.pageOf[i]))
			p.line(x+10, base, colW-10, pt, ink, v.Headline)
		})
	}
	if more := len(p.views) - n; more > 0 {
		p.tagged(toc.Add("TOCI"), func() {
			p.text(margin+colW+gap+10, y+float64(perColumn)*rowH, pt, muted, fmt.Sprintf("… and %d more slides", more))
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
	pt, lines := fit(v.Headline, contentW, 2*lineH(24), 24, 17)
	y := p.para(sect, "H2", margin, bodyTop, pt, ink, lines)
	pt, lines = fit(v.Takeaway, contentW, 3*lineH(14), 14, 11)
	y = p.para(sect, "P", margin, y+1, pt, ink, lines)
	p.tagged(sect.Add("P"), func() { p.line(margin, y+1+mm(9.5), contentW, 9.5, muted, v.Scope) })
	top := y + 6

	var captions []string
	if len(v.Notes) > 0 {
		captions = wrap(strings.Join(v.Notes, " · "), 9, contentW, 2)
	}
	bottom := footerTop - 3
	if len(captions) > 0 {
		bottom -= float64(len(captions))*lineH(9) + 1.5
	}
	w, h := contentW, bottom-top
	notes := func() {}
	if p.o.Notes && strings.TrimSpace(v.Slide.Notes) != "" {
		// A chart keeps its height and gives up width to a column of
		// notes; a grid of tiles keeps its width, or sixteen tiles would
		// shrink past reading, and the notes go in a band beneath it.
		if v.Slide.Kind == district.TilesSlide {
			h -= tilesNotesH + 4
			notes = func() { p.speakerNotes(sect, v.Slide.Notes, margin, top+h+4, contentW, tilesNotesH) }
		} else {
			w -= notesW + 6
			notes = func() { p.speakerNotes(sect, v.Slide.Notes, margin+w+6, top, notesW, h) }
		}
	}
	if v.Slide.Kind == district.TilesSlide {
		p.tiles(sect, v.Tiles, margin, top, w, h)
	} else if err := p.chart(sect, v, margin, top, w, h); err != nil {
		return err
	}
	notes()
	p.para(sect, "P", margin, bottom+1.5, 9, muted, captions)
	p.slideFooter(sect, v)
	return nil
}

// chart draws a chart as vectors in the box, tagged as a Figure (and a
// ranking's table) by charts.
func (p *packet) chart(sect *pdf.Element, v deck.View, x, y, w, h float64) error {
	k := mm(chartPt) / charts.Light.FontSize
	o := charts.Options{Width: int(w / k), Height: int(h / k), Theme: charts.Light}
	return charts.DrawPDF(p.page, sect, v.Result.Chart, v.Result.Panel.Title, x, y, w, h, o)
}

// speakerNotes draws the notes on a grey panel, as a paragraph.
func (p *packet) speakerNotes(sect *pdf.Element, notes string, x, y, w, h float64) {
	p.page.Artifact("Layout", "")
	p.fill(panelFill, x, y, w, h)
	p.page.End()
	pt, lines := fit(notes, w-8, h-11, 11, 7.5)
	p.tagged(sect.Add("P"), func() {
		p.text(x+4, y+6, 8, accent, "SPEAKER NOTES")
		p.block(x+4, y+8, pt, ink, lines)
	})
}

// slideFooter says what the slide shows and how fresh it is, and the
// suppression note where values were hidden. These differ from slide to
// slide, so a reader hears them as the slide's last paragraph; the rule
// above them is an artifact.
func (p *packet) slideFooter(sect *pdf.Element, v deck.View) {
	p.page.Artifact("Layout", "")
	p.rule(margin, pageW-margin, footerTop)
	p.page.End()
	f := v.Footer
	parts := []string{"Shows " + f.Filters, f.AsOf, "Source: " + f.Source}
	p.tagged(sect.Add("P"), func() {
		p.line(margin, footerY, contentW-32, 8.5, muted, strings.Join(parts, " · "))
		// The privacy note may take two lines: it is never the part cut.
		for i, l := range wrap(f.Footnote(), 8.5, contentW-32, 2) {
			p.text(margin, footerY+4.5*float64(i+1), 8.5, ink, l)
		}
	})
}
