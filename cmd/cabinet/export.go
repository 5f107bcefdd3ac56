package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/deck"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/export"
	"github.com/cabinetapp/cabinet/panel"
	"github.com/cabinetapp/cabinet/sync/engine"
)

// runExport is `cabinet export`: a deck as the board packet PDF, or as a
// file per slide. It needs no display.
func runExport(ctx context.Context, e env, args []string) int {
	fs, data := newFlags(e, "export", "cabinet export [--data DIR] --deck NAME --out FILE.pdf [--format pdf|png|svg|csv] [--notes] [--meeting-date YYYY-MM-DD]")
	name := fs.String("deck", "", `the deck to export, e.g. "`+deck.BriefingName+`"`)
	out := fs.String("out", "", "the PDF file to write; for png, svg and csv, the folder to write a file per slide into")
	formatName := fs.String("format", "pdf", "pdf, png, svg or csv")
	notes := fs.Bool("notes", false, "print each slide's speaker notes beside it (pdf only)")
	meeting := fs.String("meeting-date", "", "the meeting's date, YYYY-MM-DD: printed on the packet's cover, and the meeting recorded (pdf only)")
	if code := parse(fs, e, args); code >= 0 {
		return code
	}
	usage := func(msg string) int {
		fmt.Fprintf(e.stderr, "export: %s\n", msg)
		return exitUsage
	}
	format, err := export.ParseFormat(*formatName)
	switch {
	case *name == "":
		return usage(`--deck is required: name the deck to export, e.g. --deck "` + deck.BriefingName + `" ('cabinet deck list' lists them)`)
	case *out == "":
		return usage("--out is required: the PDF file to write, or for png, svg and csv the folder to write into")
	case err != nil:
		return usage(err.Error())
	case format != export.FormatPDF && (*notes || *meeting != ""):
		return usage("--notes and --meeting-date belong to the PDF packet; leave them off with --format " + string(format))
	}
	o := export.Options{Notes: *notes}
	if *meeting != "" {
		if o.MeetingDate, err = time.Parse(time.DateOnly, *meeting); err != nil {
			return usage(fmt.Sprintf("--meeting-date %q is not a date like 2026-12-15", *meeting))
		}
	}
	st, err := os.Stat(*out)
	ext := strings.ToLower(filepath.Ext(*out))
	switch {
	case err == nil && format == export.FormatPDF && st.IsDir():
		return usage(fmt.Sprintf("--out %s is a folder; give the name of the PDF file to write", *out))
	case err == nil && format != export.FormatPDF && !st.IsDir():
		return usage(fmt.Sprintf("--out %s is a file; with --format %s give the folder to write a file per slide into", *out, format))
	case format == export.FormatPDF && ext != ".pdf":
		// A packet named .docx would be a PDF that no reader opens as one.
		return usage(fmt.Sprintf("--out %s does not end in .pdf, but --format pdf writes a PDF; name the file %s, or choose the --format its name asks for",
			*out, strings.TrimSuffix(*out, filepath.Ext(*out))+".pdf"))
	case format != export.FormatPDF && fileExt[ext]:
		return usage(fmt.Sprintf("--out %s names a file, but --format %s writes a file per slide into a folder; give the folder's name, such as %s",
			*out, format, strings.TrimSuffix(*out, filepath.Ext(*out))))
	}

	c, b, code := openBoard(ctx, e, "export", *data)
	if c == nil {
		return code
	}
	defer c.Close()
	defer b.Release()
	d, code := loadDeck(ctx, e, "export", c, *name)
	if code >= 0 {
		return code
	}
	if len(d.Slides) == 0 {
		fmt.Fprintf(e.stderr, "export: deck %q has no slides; add some in Cabinet first.\n", d.Name)
		return exitFail
	}
	demo := ""
	if b.Profile.Demo {
		demo = " Its data are the generated demo district, and every page says so."
	}
	o.Now, o.StaleAfter, o.Memory = e.clock(), engine.DefaultStaleAfter, c
	if format == export.FormatPDF {
		rec := deck.NewRecorder()
		o.Seen = rec.Saw
		replaced, err := export.WriteFile(*out, func(w io.Writer) error { return export.PDF(ctx, w, b, d, o) })
		if err != nil {
			fmt.Fprintf(e.stderr, "export: %v\n", err)
			return exitFail
		}
		was := ""
		if replaced {
			was = ", replacing the file that was there"
		}
		fmt.Fprintf(e.stdout, "Wrote the board packet of %q, %s, to %s%s.%s\n", d.Name, district.Counted(float64(len(d.Slides)), "slides"), *out, was, demo)
		if o.MeetingDate.IsZero() {
			return exitOK
		}
		return recordMeeting(ctx, e, c, b, d, o, rec)
	}
	written, err := export.Files(ctx, *out, format, b, d, o)
	if err != nil {
		fmt.Fprintf(e.stderr, "export: %v\n", err)
		return exitFail
	}
	fmt.Fprintf(e.stdout, "Wrote %d files for the %d slides of %q to %s, with %s listing what each shows.%s\n", len(written.Paths), len(d.Slides), d.Name, *out, export.IndexFile, demo)
	if n := len(written.Replaced); n > 0 {
		fmt.Fprintf(e.stdout, "%d of them replaced files of the same name.\n", n)
	}
	for _, p := range written.Removed {
		fmt.Fprintf(e.stdout, "Removed %s, left from an earlier export of a longer deck.\n", p)
	}
	return exitOK
}

// fileExt are the endings of a file's name, not a folder's: an --out for
// a file per slide that ends in one was meant as a file.
var fileExt = map[string]bool{".pdf": true, ".png": true, ".svg": true, ".csv": true, ".docx": true, ".doc": true,
	".pptx": true, ".ppt": true, ".xlsx": true, ".xls": true, ".jpg": true, ".jpeg": true, ".html": true, ".txt": true, ".zip": true}

// openBoard opens the cache in the data folder, and the board over it,
// for a command that shows the district's data. A folder with no cache,
// or a cache with no data, is an error the person can act on; the cache
// is not created in a folder that was mistyped. It returns a nil cache and
// the exit code when the command must stop; the caller releases the board
// before it closes the cache.
func openBoard(ctx context.Context, e env, cmd, dataFlag string) (*cache.Cache, *panel.Board, int) {
	dir := dataDir(dataFlag, e.getenv)
	path := filepath.Join(dir, cache.FileName)
	noData := fmt.Sprintf("%s: there is no district data in %s yet; run 'cabinet demo' or 'cabinet sync' first.\n", cmd, dir)
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		fmt.Fprint(e.stderr, noData)
		return nil, nil, exitFail
	}
	c, err := cache.Open(ctx, path)
	if err != nil {
		fmt.Fprintf(e.stderr, "%s: %v\n", cmd, err)
		return nil, nil, exitFail
	}
	c.Now = e.clock
	if c.Recovered != nil {
		fmt.Fprintln(e.stderr, c.Recovered)
	}
	if c.Empty() {
		c.Close()
		fmt.Fprint(e.stderr, noData)
		return nil, nil, exitFail
	}
	snap, err := c.Read(ctx)
	if err != nil {
		c.Close()
		fmt.Fprintf(e.stderr, "%s: %v\n", cmd, err)
		return nil, nil, exitFail
	}
	b, err := panel.NewBoard(ctx, snap, district.Suppression{})
	if err != nil {
		c.Close()
		fmt.Fprintf(e.stderr, "%s: %v\n", cmd, err)
		return nil, nil, exitFail
	}
	b.Now = e.clock
	return c, b, exitOK
}

// loadDeck loads a deck by name; deck.Load says which decks there are
// when there is none of that name. It returns the exit code to stop with,
// or -1.
func loadDeck(ctx context.Context, e env, cmd string, c *cache.Cache, name string) (district.Deck, int) {
	d, err := deck.Load(ctx, c, name)
	switch {
	case errors.Is(err, district.ErrNotFound):
		fmt.Fprintf(e.stderr, "%s: %v.\n", cmd, err)
		return d, exitFail
	case err != nil:
		fmt.Fprintf(e.stderr, "%s: %v\n", cmd, err)
		return d, exitFail
	}
	return d, -1
}
