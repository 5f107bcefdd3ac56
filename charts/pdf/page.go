package pdf

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"strings"
)

// Page is one page of a document. Its methods draw in the document's
// unit from the top left corner.
type Page struct {
	doc     *Document
	index   int
	content bytes.Buffer
	// mcids are the structure elements the page's marked content belongs
	// to, by MCID.
	mcids []*Element
	// mark is the marked-content sequence open now.
	mark markKind
	st   state
}

type markKind int

const (
	noMark markKind = iota
	// autoArtifact is opened by drawing outside any sequence.
	autoArtifact
	artifact
	tagged
)

// state is the part of the graphics state set so far, so the content
// stream says only what changes.
type state struct {
	fill, stroke color.RGBA
	width        float64
	dash         string
	// alpha is the fill's and the stroke's opacity.
	alpha [2]uint8
}

func (p *Page) reset() {
	// Round joins keep a chart's corners whole; butt caps keep dashes the
	// length asked for.
	p.content.WriteString("0 J 1 j\n")
	p.st = state{width: -1, dash: "[] 0", alpha: [2]uint8{0xFF, 0xFF}, fill: color.RGBA{A: 0xFF}, stroke: color.RGBA{A: 0xFF}}
}

// Index is the page's number, from 0.
func (p *Page) Index() int { return p.index }

// Doc is the page's document.
func (p *Page) Doc() *Document { return p.doc }

func (p *Page) x(v float64) string { return num(v * p.doc.k) }
func (p *Page) y(v float64) string { return num((p.doc.h - v) * p.doc.k) }

// Tag starts content that belongs to e, until End or the next Tag or
// Artifact. It returns the MCID.
func (p *Page) Tag(e *Element) int {
	p.End()
	id := len(p.mcids)
	p.mcids = append(p.mcids, e)
	m := &mcr{page: p.index, mcid: id}
	e.mcrs = append(e.mcrs, *m)
	e.kids = append(e.kids, kid{mc: m})
	fmt.Fprintf(&p.content, "/%s <</MCID %d>> BDC\n", e.Role, id)
	p.mark = tagged
	return id
}

// Artifact starts content that is not part of the document's text, such
// as a running header or footer ("Pagination", with subtype "Header" or
// "Footer") or a rule or background ("Layout"), until End or the next Tag.
func (p *Page) Artifact(kind, subtype string) {
	p.End()
	if subtype != "" {
		fmt.Fprintf(&p.content, "/Artifact <</Type /%s /Subtype /%s>> BDC\n", kind, subtype)
	} else {
		fmt.Fprintf(&p.content, "/Artifact <</Type /%s>> BDC\n", kind)
	}
	p.mark = artifact
}

// End closes the marked-content sequence open, if any.
func (p *Page) End() {
	if p.mark != noMark {
		p.content.WriteString("EMC\n")
		p.mark = noMark
	}
}

// marked makes sure what is drawn next is inside a marked sequence.
func (p *Page) marked() {
	if p.mark == noMark {
		p.content.WriteString("/Artifact BMC\n")
		p.mark = autoArtifact
	}
}

func (p *Page) finish() { p.End() }

// straight turns a colour Go premultiplies by its alpha into the plain
// components PDF wants, and the alpha.
func straight(c color.RGBA) (r, g, b float64, a uint8) {
	if c.A == 0 {
		return 0, 0, 0, 0
	}
	f := func(v uint8) float64 { return math.Min(1, float64(v)/float64(c.A)) }
	return f(c.R), f(c.G), f(c.B), c.A
}

func (p *Page) setAlpha(fill, stroke uint8) {
	key := [2]uint8{fill, stroke}
	if key != p.st.alpha {
		fmt.Fprintf(&p.content, "/%s gs\n", p.doc.alpha(fill, stroke))
		p.st.alpha = key
	}
}

func (p *Page) setFill(c color.RGBA) {
	r, g, b, a := straight(c)
	p.setAlpha(a, p.st.stroke.A)
	if c != p.st.fill {
		fmt.Fprintf(&p.content, "%s %s %s rg\n", num(r), num(g), num(b))
		p.st.fill = c
	}
}

func (p *Page) setStroke(c color.RGBA, width float64, dash []float64) {
	r, g, b, a := straight(c)
	p.setAlpha(p.st.fill.A, a)
	if c != p.st.stroke {
		fmt.Fprintf(&p.content, "%s %s %s RG\n", num(r), num(g), num(b))
		p.st.stroke = c
	}
	if width != p.st.width {
		fmt.Fprintf(&p.content, "%s w\n", num(width*p.doc.k))
		p.st.width = width
	}
	d := "[] 0"
	if len(dash) > 0 {
		parts := make([]string, len(dash))
		for i, v := range dash {
			parts[i] = num(v * p.doc.k)
		}
		d = "[" + strings.Join(parts, " ") + "] 0"
	}
	if d != p.st.dash {
		fmt.Fprintf(&p.content, "%s d\n", d)
		p.st.dash = d
	}
}

// Point is a position on the page, in units from the top left.
type Point struct{ X, Y float64 }

func (p *Page) path(pts []Point) {
	for i, q := range pts {
		op := "l"
		if i == 0 {
			op = "m"
		}
		fmt.Fprintf(&p.content, "%s %s %s\n", p.x(q.X), p.y(q.Y), op)
	}
}

// Fill fills the polygon pts in c, whose alpha is the fill's opacity.
func (p *Page) Fill(pts []Point, c color.RGBA) {
	if len(pts) < 3 || c.A == 0 {
		return
	}
	p.marked()
	p.setFill(c)
	p.path(pts)
	p.content.WriteString("h f\n")
}

// Rect fills a rectangle.
func (p *Page) Rect(x, y, w, h float64, c color.RGBA) {
	if w <= 0 || h <= 0 || c.A == 0 {
		return
	}
	p.marked()
	p.setFill(c)
	fmt.Fprintf(&p.content, "%s %s %s %s re f\n", p.x(x), p.y(y+h), num(w*p.doc.k), num(h*p.doc.k))
}

// Stroke draws the line through pts, width wide, dashed by the lengths in
// dash (on, off, ...) when it has any; closed joins the last point to the
// first.
func (p *Page) Stroke(pts []Point, c color.RGBA, width float64, dash []float64, closed bool) {
	if len(pts) < 2 || c.A == 0 || width <= 0 {
		return
	}
	p.marked()
	p.setStroke(c, width, dash)
	p.path(pts)
	if closed {
		p.content.WriteString("h ")
	}
	p.content.WriteString("S\n")
}

// StrokeRect outlines a rectangle.
func (p *Page) StrokeRect(x, y, w, h float64, c color.RGBA, width float64) {
	p.Stroke([]Point{{x, y}, {x + w, y}, {x + w, y + h}, {x, y + h}}, c, width, nil, true)
}

// Text sets s on one line at size (in units) in colour c, starting at x
// with its baseline at y. It returns the width set.
func (p *Page) Text(x, y, size float64, c color.RGBA, s string) float64 {
	runs := p.doc.set.Runs(s)
	if len(runs) == 0 || size <= 0 {
		return 0
	}
	p.marked()
	p.setFill(c)
	p.content.WriteString("BT\n")
	start := x
	for _, r := range runs {
		use := &p.doc.fonts[r.Font]
		fmt.Fprintf(&p.content, "/F%d %s Tf 1 0 0 1 %s %s Tm ", r.Font, num(size*p.doc.k), p.x(x), p.y(y))
		codes := make([]byte, 0, 2*len(r.Glyphs))
		for _, g := range r.Glyphs {
			use.add(uint16(g.Index), g.Rune, g.Advance)
			codes = append(codes, byte(g.Index>>8), byte(g.Index))
		}
		// Two bytes a glyph, as a literal string: half the room of hex.
		p.content.WriteString("(" + literal.Replace(string(codes)) + ") Tj\n")
		x += r.Advance * size
	}
	p.content.WriteString("ET\n")
	return x - start
}
