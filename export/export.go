// Package export makes what leaves Cabinet for a meeting: the board packet
// as a PDF (PDF), and a file per slide as a PNG or SVG image or as the
// chart's values in CSV (Files). It needs no display, so the app's Export
// dialog and the headless "cabinet export" command share it.
//
// Every export goes through the deck's slides and the dashboard's panels,
// so it shows what the slides show: values hidden by suppression appear
// only as the suppression mark, every page and image says how fresh its
// data are and where they came from, and the demo district says it is one.
package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	"github.com/cabinetapp/cabinet/deck"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/panel"
)

// Options say how a deck is exported.
type Options struct {
	// Options say when the export is made; the data's freshness is told
	// against it. Zero Now means the current time.
	deck.Options
	// MeetingDate is printed on the packet's cover; zero prints the day
	// the packet was made instead.
	MeetingDate time.Time
	// Notes prints each slide's speaker notes beside its chart in the packet.
	Notes bool
}

// fixNow pins the export's time once, so every page tells the same age.
func (o Options) fixNow() Options {
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	return o
}

// Format is the kind of file an export writes.
type Format string

// Formats.
const (
	FormatPDF Format = "pdf"
	FormatPNG Format = "png"
	FormatSVG Format = "svg"
	FormatCSV Format = "csv"
)

// ParseFormat reads a format's name, ignoring case.
func ParseFormat(s string) (Format, error) {
	f := Format(strings.ToLower(strings.TrimSpace(s)))
	switch f {
	case FormatPDF, FormatPNG, FormatSVG, FormatCSV:
		return f, nil
	}
	return "", fmt.Errorf("unknown export format %q: use pdf, png, svg or csv", s)
}

// IndexFile lists the slides Files wrote, with what each shows and how
// fresh its data are, since a CSV file has no room to say so itself.
const IndexFile = "index.csv"

// Files writes a file per slide into dir, named by slide number and
// headline ("03-ageing-devices.png"): each chart as a PNG or SVG image of
// 1920 by 1080 pixels in the Presentation theme, with its headline,
// takeaway and footer, or as its values in CSV. A tiles slide's image
// shows its tiles' figures and words; in CSV it lists them. It also
// writes IndexFile. Each file
// is written whole or not at all (see WriteFile); files an earlier
// export's index lists and this one does not write are removed, and the
// Written says which files were replaced and which removed.
func Files(ctx context.Context, dir string, f Format, b *panel.Board, d district.Deck, o Options) (Written, error) {
	var written Written
	if f != FormatPNG && f != FormatSVG && f != FormatCSV {
		return written, fmt.Errorf("exporting deck %q: Files writes png, svg or csv, not %q", d.Name, f)
	}
	if len(d.Slides) == 0 {
		return written, fmt.Errorf("exporting deck %q: the deck has no slides", d.Name)
	}
	o = o.fixNow()
	views, err := render(ctx, b, d, o)
	if err != nil {
		return written, fmt.Errorf("exporting deck %q: %w", d.Name, err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return written, fmt.Errorf("exporting deck %q: %w", d.Name, err)
	}
	old := indexedFiles(dir)
	index := [][]string{{"Slide", "File", "Headline", "Takeaway", "District", "Shows", "Data as of", "Source", "Hidden values", "Privacy"}}
	for _, v := range views {
		if err := ctx.Err(); err != nil {
			return written, err
		}
		body, err := slideFile(v, f)
		if err != nil {
			return written, fmt.Errorf("exporting slide %d of %q: %w", v.Index+1, d.Name, err)
		}
		name := fmt.Sprintf("%02d-%s.%s", v.Index+1, slug(v.Headline), f)
		if err := written.writeBytes(filepath.Join(dir, name), body); err != nil {
			return written, fmt.Errorf("exporting slide %d of %q: %w", v.Index+1, d.Name, err)
		}
		who := v.Footer.District
		if v.Footer.Demo {
			who += " (" + deck.DemoLabel + ")"
		}
		index = append(index, []string{fmt.Sprint(v.Index + 1), name, v.Headline, v.Takeaway, who, v.Footer.Filters, v.Footer.AsOf, v.Footer.Source, v.Footer.Suppression, v.Footer.Privacy})
	}
	if err := written.writeBytes(filepath.Join(dir, IndexFile), csvBytes(index)); err != nil {
		return written, fmt.Errorf("exporting deck %q: %w", d.Name, err)
	}
	if err := written.removeStale(dir, old); err != nil {
		return written, fmt.Errorf("exporting deck %q: %w", d.Name, err)
	}
	return written, nil
}

// slideFile is a slide's file in a format.
func slideFile(v deck.View, f Format) ([]byte, error) {
	if f == FormatCSV {
		return csvBytes(table(v)), nil
	}
	if f == FormatSVG {
		return slideSVG(v)
	}
	return slidePNG(v)
}

// table is the rows a slide's CSV holds: the chart's table, which holds
// suppressed values only as district.SuppressedMark, the tiles, or the
// plan's figures worked out.
func table(v deck.View) [][]string {
	if hasPlanPage(v) {
		return planRows(v.Plan.Table())
	}
	if v.Slide.Kind == district.TilesSlide {
		// The month says when it is still running ("Nov 2026 so far"), as
		// the tile does: a spreadsheet has no tile beside it.
		rows := [][]string{{"Measure", "Value", "Trend", "Status", "Month"}}
		for _, t := range v.Tiles {
			rows = append(rows, []string{t.Title, t.Value, t.Trend, t.StatusText(), t.Month()})
		}
		return rows
	}
	return append([][]string{v.Result.Table.Columns}, v.Result.Table.Rows...)
}

// csvBytes writes rows as CSV, defusing cells a spreadsheet would run as
// a formula: school and product names come from outside systems.
func csvBytes(rows [][]string) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	for _, r := range rows {
		safe := make([]string, len(r))
		for i, c := range r {
			safe[i] = defuse(c)
		}
		// Writing to a bytes.Buffer cannot fail.
		_ = w.Write(safe)
	}
	w.Flush()
	return b.Bytes()
}

// defuse prefixes a cell that starts like a spreadsheet formula with an
// apostrophe (OWASP's advice for CSV injection). Negative numbers are
// numbers, not formulas, and are left alone.
func defuse(c string) string {
	if c == "" || !strings.ContainsRune("=+-@\t\r", rune(c[0])) {
		return c
	}
	if c[0] == '-' && isNumber(c[1:]) {
		return c
	}
	return "'" + c
}

func isNumber(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !unicode.IsDigit(r) && r != '.' {
			return false
		}
	}
	return true
}

// slug turns a headline into a file name's words, at most about forty
// characters of them: "ageing-devices".
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 128 || !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			dash = true
			continue
		}
		if dash && b.Len() > 0 {
			b.WriteByte('-')
		}
		b.WriteRune(r)
		dash = false
	}
	out := b.String()
	if len(out) > 40 {
		out = out[:40]
		if i := strings.LastIndexByte(out, '-'); i > 0 {
			out = out[:i]
		}
	}
	if out == "" {
		return "slide"
	}
	return out
}

// TableCSV is a chart's table as CSV, header first: what "Save CSV" writes.
func TableCSV(t panel.Table) []byte {
	return csvBytes(append([][]string{t.Columns}, t.Rows...))
}

// TableTSV is a chart's table as tab-separated lines, header first, which
// pastes into a spreadsheet as cells. Tabs and line breaks inside a cell
// become spaces so the cell stays one cell.
func TableTSV(t panel.Table) string {
	flat := strings.NewReplacer("\t", " ", "\r", " ", "\n", " ")
	var b strings.Builder
	for _, r := range append([][]string{t.Columns}, t.Rows...) {
		for i, c := range r {
			if i > 0 {
				b.WriteByte('\t')
			}
			b.WriteString(defuse(flat.Replace(c)))
		}
		b.WriteByte('\n')
	}
	return b.String()
}
