// Package pdf writes tagged PDF documents: pages of vector paths, fills
// with alpha, dashes and text in embedded subsets of Cabinet's fonts, and
// the structure tree a screen reader follows, meant to meet PDF/UA-1.
//
// It writes the PDF objects itself rather than through a general PDF
// library: what a tagged document needs (marked content with MCIDs
// around every piece of content, a page's StructParents, the catalog's
// StructTreeRoot with its ParentTree, MarkInfo, ViewerPreferences and
// PDF/UA metadata) reaches into the page, the catalog and the content
// streams at once, which fpdf, the library the packet used before, has no
// hooks for. What is left is small: a few object kinds, one font kind
// (TrueType as CIDFontType2 with a ToUnicode map), and an xref table.
//
// Coordinates are in the document's unit from the page's top left corner,
// y growing downwards, as the packet and the charts lay out; the writer
// turns them into PDF points from the bottom left.
//
// Every piece of content a page draws belongs to a structure element
// (Page.Tag) or is an artifact (Page.Artifact); content drawn outside both
// is marked as an artifact, so nothing reaches a reader untagged.
package pdf

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/cabinetapp/cabinet/charts/typeset"
)

// Info describes a document.
type Info struct {
	// Title is shown in the viewer's title bar (DisplayDocTitle).
	Title string
	// Lang is the natural language of the text, as a BCP 47 tag: "en-US".
	Lang    string
	Subject string
	Creator string
	// Created is the document's date, so the same input makes the same file.
	Created time.Time
}

// Document is a PDF being written. It is not safe for concurrent use.
type Document struct {
	info Info
	// k is points per unit; w and h are the page size in units.
	k, w, h float64
	set     *typeset.Set
	pages   []*Page
	root    *Element
	// fonts records the glyphs each font of the set has drawn.
	fonts []fontUse
	// alphas are the ExtGState names of the fill and stroke opacities used.
	alphas    map[[2]uint8]string
	alphaKeys [][2]uint8
	outlines  []outline
}

type outline struct {
	title string
	page  int
	y     float64
}

// New starts a document whose pages are w by h units, unit being k points
// (72/25.4 for millimetres), set in the fonts of set.
func New(info Info, set *typeset.Set, k, w, h float64) *Document {
	d := &Document{info: info, k: k, w: w, h: h, set: set, alphas: map[[2]uint8]string{}}
	d.fonts = make([]fontUse, len(set.Fonts))
	d.root = &Element{Role: "Document", doc: d}
	return d
}

// Root is the structure tree's Document element.
func (d *Document) Root() *Element { return d.root }

// Set is the fonts the document sets text in.
func (d *Document) Set() *typeset.Set { return d.set }

// Pages is how many pages the document has.
func (d *Document) Pages() int { return len(d.pages) }

// AddPage starts a new page and returns it.
func (d *Document) AddPage() *Page {
	p := &Page{doc: d, index: len(d.pages)}
	p.reset()
	d.pages = append(d.pages, p)
	return p
}

// Bookmark adds an entry to the document's outline, pointing at y on page.
func (d *Document) Bookmark(title string, page *Page, y float64) {
	d.outlines = append(d.outlines, outline{title, page.index, y})
}

// alpha names the graphics state for fill and stroke opacities.
func (d *Document) alpha(fill, stroke uint8) string {
	key := [2]uint8{fill, stroke}
	if n, ok := d.alphas[key]; ok {
		return n
	}
	n := fmt.Sprintf("GS%d", len(d.alphaKeys))
	d.alphas[key] = n
	d.alphaKeys = append(d.alphaKeys, key)
	return n
}

// writer numbers objects and writes them: streams straight into the file,
// every other object into object streams (compressed, a few hundred to a
// stream), found through a cross-reference stream. A tagged document has
// hundreds of small structure elements; packed, they take a fraction of
// the room.
type writer struct {
	w       *bufio.Writer
	n       int64
	entries []xrefEntry // by object number - 1
	packed  []packedObject
	err     error
	// zw compresses every stream: one compressor, reset for each, as
	// making one allocates and clears about a megabyte.
	zw *zlib.Writer
	zb bytes.Buffer
}

// xrefEntry says where an object is: at offset in the file (kind 1), or
// the index-th object of object stream stream (kind 2).
type xrefEntry struct {
	kind   byte
	offset int64
	stream int
	index  int
}

type packedObject struct {
	id   int
	body string
}

func (w *writer) Write(b []byte) (int, error) {
	if w.err != nil {
		return 0, w.err
	}
	n, err := w.w.Write(b)
	w.n += int64(n)
	w.err = err
	return n, err
}

func (w *writer) printf(format string, a ...any) { fmt.Fprintf(w, format, a...) }

// reserve hands out the next object number before the object is written.
func (w *writer) reserve() int {
	w.entries = append(w.entries, xrefEntry{})
	return len(w.entries)
}

// object writes object id with the dictionary or value body, packed.
func (w *writer) object(id int, body string) {
	w.packed = append(w.packed, packedObject{id, body})
}

// stream writes object id as a stream of data, compressed, with extra
// entries in its dictionary.
func (w *writer) stream(id int, extra string, data []byte) {
	z := w.deflate(data)
	w.entries[id-1] = xrefEntry{kind: 1, offset: w.n}
	w.printf("%d 0 obj\n<</Length %d /Filter /FlateDecode%s>>\nstream\n", id, len(z), extra)
	_, _ = w.Write(z)
	w.printf("\nendstream\nendobj\n")
}

func (w *writer) deflate(data []byte) []byte {
	w.zb.Reset()
	if w.zw == nil {
		w.zw = zlib.NewWriter(&w.zb)
	} else {
		w.zw.Reset(&w.zb)
	}
	// Writing to a bytes.Buffer cannot fail.
	_, _ = w.zw.Write(data)
	_ = w.zw.Close()
	return w.zb.Bytes()
}

// objectsPerStream is how many objects go in one object stream.
const objectsPerStream = 250

// finish writes the packed objects in object streams and the
// cross-reference stream, and the trailer that points at it.
func (w *writer) finish(trailer string) {
	for start := 0; start < len(w.packed); start += objectsPerStream {
		part := w.packed[start:min(start+objectsPerStream, len(w.packed))]
		id := w.reserve()
		var head, body strings.Builder
		for i, o := range part {
			fmt.Fprintf(&head, "%d %d ", o.id, body.Len())
			body.WriteString(o.body)
			body.WriteString("\n")
			w.entries[o.id-1] = xrefEntry{kind: 2, stream: id, index: i}
		}
		w.stream(id, fmt.Sprintf(" /Type /ObjStm /N %d /First %d", len(part), head.Len()), []byte(head.String()+body.String()))
	}
	w.packed = nil
	xref := w.reserve()
	w.entries[xref-1] = xrefEntry{kind: 1, offset: w.n}
	var rows bytes.Buffer
	row := func(kind byte, a uint32, b uint16) {
		rows.WriteByte(kind)
		rows.Write([]byte{byte(a >> 24), byte(a >> 16), byte(a >> 8), byte(a)})
		rows.Write([]byte{byte(b >> 8), byte(b)})
	}
	row(0, 0, 0xFFFF)
	for _, e := range w.entries {
		switch e.kind {
		case 1:
			row(1, uint32(e.offset), 0)
		case 2:
			row(2, uint32(e.stream), uint16(e.index))
		default:
			row(0, 0, 0)
		}
	}
	z := w.deflate(rows.Bytes())
	w.printf("%d 0 obj\n<</Type /XRef /Size %d /W [1 4 2] %s /Length %d /Filter /FlateDecode>>\nstream\n", xref, len(w.entries)+1, trailer, len(z))
	_, _ = w.Write(z)
	w.printf("\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n", w.entries[xref-1].offset)
}

// Write writes the whole document to out.
func (d *Document) Write(out io.Writer) error {
	if len(d.pages) == 0 {
		return fmt.Errorf("writing a PDF: it has no pages")
	}
	w := &writer{w: bufio.NewWriter(out)}
	// A binary comment line says the file holds binary data.
	w.printf("%%PDF-1.7\n%%\xe2\xe3\xcf\xd3\n")

	catalog, pagesID, resources := w.reserve(), w.reserve(), w.reserve()
	pageIDs := make([]int, len(d.pages))
	for i := range d.pages {
		pageIDs[i] = w.reserve()
	}
	for i, p := range d.pages {
		p.finish()
		contents := w.reserve()
		w.stream(contents, "", p.content.Bytes())
		w.object(pageIDs[i], fmt.Sprintf("<</Type /Page /Parent %d 0 R /MediaBox [0 0 %s %s] /Resources %d 0 R /Contents %d 0 R /StructParents %d /Tabs /S>>",
			pagesID, num(d.w*d.k), num(d.h*d.k), resources, contents, i))
	}
	kids := make([]string, len(pageIDs))
	for i, id := range pageIDs {
		kids[i] = fmt.Sprintf("%d 0 R", id)
	}
	w.object(pagesID, fmt.Sprintf("<</Type /Pages /Kids [%s] /Count %d>>", strings.Join(kids, " "), len(pageIDs)))

	var res strings.Builder
	res.WriteString("<</ProcSet [/PDF /Text] /Font <<")
	for i := range d.fonts {
		if len(d.fonts[i].glyphs) == 0 {
			continue
		}
		id, err := d.writeFont(w, i)
		if err != nil {
			return err
		}
		fmt.Fprintf(&res, " /F%d %d 0 R", i, id)
	}
	res.WriteString(" >> /ExtGState <<")
	for _, k := range d.alphaKeys {
		fmt.Fprintf(&res, " /%s <</Type /ExtGState /ca %s /CA %s>>", d.alphas[k], num(float64(k[0])/255), num(float64(k[1])/255))
	}
	res.WriteString(" >>>>")
	w.object(resources, res.String())

	structRoot := d.writeStructure(w, pageIDs)
	outlines := d.writeOutlines(w, pageIDs)
	// The metadata stays plain text, for tools that look for it so.
	metadata := w.reserve()
	w.entries[metadata-1] = xrefEntry{kind: 1, offset: w.n}
	xmp := d.xmp()
	w.printf("%d 0 obj\n<</Type /Metadata /Subtype /XML /Length %d>>\nstream\n%s\nendstream\nendobj\n", metadata, len(xmp), xmp)

	var cat strings.Builder
	fmt.Fprintf(&cat, "<</Type /Catalog /Pages %d 0 R /StructTreeRoot %d 0 R /MarkInfo <</Marked true>> /Metadata %d 0 R", pagesID, structRoot, metadata)
	fmt.Fprintf(&cat, " /ViewerPreferences <</DisplayDocTitle true>> /Lang %s", textString(d.info.Lang))
	if outlines > 0 {
		fmt.Fprintf(&cat, " /Outlines %d 0 R /PageMode /UseOutlines", outlines)
	}
	cat.WriteString(">>")
	w.object(catalog, cat.String())

	info := w.reserve()
	date := pdfDate(d.info.Created)
	w.object(info, fmt.Sprintf("<</Title %s /Subject %s /Creator %s /Producer %s /CreationDate %s /ModDate %s>>",
		textString(d.info.Title), textString(d.info.Subject), textString(d.info.Creator), textString("Cabinet"), textString(date), textString(date)))

	w.finish(fmt.Sprintf("/Root %d 0 R /Info %d 0 R /ID [<%s> <%s>]", catalog, info, d.id(), d.id()))
	if w.err != nil {
		return fmt.Errorf("writing a PDF: %w", w.err)
	}
	if err := w.w.Flush(); err != nil {
		return fmt.Errorf("writing a PDF: %w", err)
	}
	return nil
}

// writeOutlines writes the bookmarks and returns the outline root, or 0.
func (d *Document) writeOutlines(w *writer, pageIDs []int) int {
	if len(d.outlines) == 0 {
		return 0
	}
	root := w.reserve()
	ids := make([]int, len(d.outlines))
	for i := range ids {
		ids[i] = w.reserve()
	}
	for i, o := range d.outlines {
		var b strings.Builder
		fmt.Fprintf(&b, "<</Title %s /Parent %d 0 R /Dest [%d 0 R /XYZ 0 %s null]", textString(o.title), root, pageIDs[o.page], num((d.h-o.y)*d.k))
		if i > 0 {
			fmt.Fprintf(&b, " /Prev %d 0 R", ids[i-1])
		}
		if i < len(ids)-1 {
			fmt.Fprintf(&b, " /Next %d 0 R", ids[i+1])
		}
		b.WriteString(">>")
		w.object(ids[i], b.String())
	}
	w.object(root, fmt.Sprintf("<</Type /Outlines /First %d 0 R /Last %d 0 R /Count %d>>", ids[0], ids[len(ids)-1], len(ids)))
	return root
}

// xmp is the document's XMP metadata: its title and language, and that
// it means to meet PDF/UA-1.
func (d *Document) xmp() string {
	esc := func(s string) string {
		var b bytes.Buffer
		// Writing to a bytes.Buffer cannot fail.
		_ = xmlEscape(&b, s)
		return b.String()
	}
	date := d.info.Created.Format(time.RFC3339)
	return `<?xpacket begin="` + "\ufeff" + `" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">` + esc(d.info.Title) + `</rdf:li></rdf:Alt></dc:title>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">` + esc(d.info.Subject) + `</rdf:li></rdf:Alt></dc:description>
<dc:language><rdf:Bag><rdf:li>` + esc(d.info.Lang) + `</rdf:li></rdf:Bag></dc:language>
<dc:format>application/pdf</dc:format>
<pdf:Producer>Cabinet</pdf:Producer>
<xmp:CreatorTool>` + esc(d.info.Creator) + `</xmp:CreatorTool>
<xmp:CreateDate>` + date + `</xmp:CreateDate>
<xmp:ModifyDate>` + date + `</xmp:ModifyDate>
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`
}

// id is the document's file identifier, made from its title and date so
// the same input makes the same file.
func (d *Document) id() string {
	h := fnv64(d.info.Title + "\x00" + d.info.Created.UTC().Format(time.RFC3339Nano))
	return fmt.Sprintf("%016x%016x", h, fnv64(fmt.Sprint(h, len(d.pages))))
}

func fnv64(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// pdfDate formats t as a PDF date string.
func pdfDate(t time.Time) string {
	_, off := t.Zone()
	sign := '+'
	if off < 0 {
		sign, off = '-', -off
	}
	return fmt.Sprintf("D:%s%c%02d'%02d'", t.Format("20060102150405"), sign, off/3600, off%3600/60)
}
