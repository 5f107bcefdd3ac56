package pdf

import (
	"fmt"
	"strings"
)

// Element is a node of the document's structure tree: a heading, a
// paragraph, a figure, a table and its rows and cells. Its content is
// the marked content its pages tag with it and the elements added to it,
// in the order they were.
type Element struct {
	// Role is the standard structure type: Document, Sect, H1 to H6, P,
	// Figure, Caption, Table, TR, TH, TD, L, LI, Lbl, LBody, Note, Span.
	Role string
	// Alt is the alternative text a reader speaks instead of the
	// content: every Figure needs one.
	Alt string
	// Scope says which cells a TH heads: "Column" or "Row".
	Scope string
	// BBox is a Figure's box on its page, x0, y0, x1, y1 in units from
	// the top left, so a reader that reflows can place it.
	BBox *[4]float64
	// Lang is the element's language where it differs from the document's.
	Lang string

	doc    *Document
	parent *Element
	kids   []kid
	mcrs   []mcr
	id     int
}

// kid is an element's child: another element or a piece of marked content.
type kid struct {
	el *Element
	mc *mcr
}

// mcr is a piece of marked content: a page and an MCID on it.
type mcr struct{ page, mcid int }

// Add appends a child element of the role and returns it.
func (e *Element) Add(role string) *Element {
	c := &Element{Role: role, doc: e.doc, parent: e}
	e.kids = append(e.kids, kid{el: c})
	return c
}

// Kids are the element's child elements, in order.
func (e *Element) Kids() []*Element {
	var out []*Element
	for _, k := range e.kids {
		if k.el != nil {
			out = append(out, k.el)
		}
	}
	return out
}

// writeStructure writes the structure tree and its parent tree and
// returns the StructTreeRoot's object number.
func (d *Document) writeStructure(w *writer, pageIDs []int) int {
	root := w.reserve()
	// An element's kids, elements and marked content alike, are in the
	// order they were made, which is reading order.
	var all []*Element
	var walk func(e *Element)
	walk = func(e *Element) {
		e.id = w.reserve()
		all = append(all, e)
		for _, k := range e.kids {
			if k.el != nil {
				walk(k.el)
			}
		}
	}
	walk(d.root)
	for _, e := range all {
		var b strings.Builder
		parent := root
		if e.parent != nil {
			parent = e.parent.id
		}
		fmt.Fprintf(&b, "<</S /%s /P %d 0 R", e.Role, parent)
		pg := -1
		if len(e.mcrs) > 0 {
			pg = e.mcrs[0].page
			fmt.Fprintf(&b, " /Pg %d 0 R", pageIDs[pg])
		}
		b.WriteString(" /K [")
		for _, k := range e.kids {
			switch {
			case k.el != nil:
				fmt.Fprintf(&b, " %d 0 R", k.el.id)
			case k.mc.page == pg:
				fmt.Fprintf(&b, " %d", k.mc.mcid)
			default:
				fmt.Fprintf(&b, " <</Type /MCR /Pg %d 0 R /MCID %d>>", pageIDs[k.mc.page], k.mc.mcid)
			}
		}
		b.WriteString(" ]")
		if e.Alt != "" {
			fmt.Fprintf(&b, " /Alt %s", textString(e.Alt))
		}
		if e.Lang != "" {
			fmt.Fprintf(&b, " /Lang %s", textString(e.Lang))
		}
		switch {
		case e.Scope != "":
			fmt.Fprintf(&b, " /A <</O /Table /Scope /%s>>", e.Scope)
		case e.BBox != nil:
			x0, y0, x1, y1 := e.BBox[0], e.BBox[1], e.BBox[2], e.BBox[3]
			fmt.Fprintf(&b, " /A <</O /Layout /Placement /Block /BBox [%s %s %s %s]>>",
				num(x0*d.k), num((d.h-y1)*d.k), num(x1*d.k), num((d.h-y0)*d.k))
		}
		b.WriteString(">>")
		w.object(e.id, b.String())
	}

	parents := w.reserve()
	var nums strings.Builder
	for i, p := range d.pages {
		fmt.Fprintf(&nums, " %d [", i)
		for _, e := range p.mcids {
			fmt.Fprintf(&nums, " %d 0 R", e.id)
		}
		nums.WriteString(" ]")
	}
	w.object(parents, fmt.Sprintf("<</Nums [%s ]>>", nums.String()))
	w.object(root, fmt.Sprintf("<</Type /StructTreeRoot /K %d 0 R /ParentTree %d 0 R /ParentTreeNextKey %d>>", d.root.id, parents, len(d.pages)))
	return root
}
