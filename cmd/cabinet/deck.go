package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/deck"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/panel"
	"github.com/cabinetapp/cabinet/sync/engine"
)

// runDeck is `cabinet deck`: the decks in the cache, what a deck's slides
// say with the current data, and the changes a script makes to a packet.
// Each change is one transaction: a window open on the same deck sees it,
// and an edit it makes on the deck as it was is refused, not lost.
func runDeck(ctx context.Context, e env, args []string) int {
	subs := map[string]func(context.Context, env, []string) int{
		"list": deckList, "show": deckShow, "new": deckNew, "add": deckAdd, "remove": deckRemove, "move": deckMove,
	}
	if len(args) == 0 || subs[args[0]] == nil {
		fmt.Fprintln(e.stderr, `Usage:
  cabinet deck list
  cabinet deck show --deck NAME
  cabinet deck new NAME
  cabinet deck add NAME --panel ID [--school ID] [--period last_12_months|fiscal_year|all_history] [--fiscal-year YEAR] [--product NAME]
  cabinet deck remove NAME N
  cabinet deck move NAME N M
Slides are numbered from 1, as 'cabinet deck show' lists them. Every one takes --data DIR.`)
		if len(args) > 0 && (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
			return exitOK
		}
		return exitUsage
	}
	return subs[args[0]](ctx, e, args[1:])
}

func deckList(ctx context.Context, e env, args []string) int {
	fs, data := newFlags(e, "deck list", "cabinet deck list [--data DIR]")
	if code := parse(fs, e, args); code >= 0 {
		return code
	}
	c, b, code := openBoard(ctx, e, "deck list", *data)
	if c == nil {
		return code
	}
	defer c.Close()
	b.Release()
	names, err := deck.Names(ctx, c)
	if err != nil {
		fmt.Fprintf(e.stderr, "deck list: %v\n", err)
		return exitFail
	}
	for _, name := range names {
		d, code := loadDeck(ctx, e, "deck list", c, name)
		if code >= 0 {
			return code
		}
		saved := "saved " + d.Updated.Local().Format("2006-01-02 15:04")
		if d.Updated.IsZero() {
			saved = "built in"
		}
		fmt.Fprintf(e.stdout, "%s  (%s, %s)\n", d.Name, district.Counted(float64(len(d.Slides)), "slides"), saved)
	}
	return exitOK
}

func deckShow(ctx context.Context, e env, args []string) int {
	fs, data := newFlags(e, "deck show", "cabinet deck show [--data DIR] --deck NAME")
	name := fs.String("deck", deck.BriefingName, "the deck to show")
	if code := parse(fs, e, args); code >= 0 {
		return code
	}
	c, b, code := openBoard(ctx, e, "deck show", *data)
	if c == nil {
		return code
	}
	defer c.Close()
	defer b.Release()
	d, code := loadDeck(ctx, e, "deck show", c, *name)
	if code >= 0 {
		return code
	}
	fmt.Fprintf(e.stdout, "%s: %d slides\n%s\n", d.Name, len(d.Slides), b.Suppression.Footnote())
	for i := range d.Slides {
		v, err := deck.Render(ctx, b, d, i, deck.Options{Now: e.clock(), StaleAfter: engine.DefaultStaleAfter, Memory: c})
		if err != nil {
			fmt.Fprintf(e.stderr, "deck show: %v\n", err)
			return exitFail
		}
		fmt.Fprintf(e.stdout, "\n%d. %s\n   %s\n   %s\n", i+1, v.Headline, v.Takeaway, v.Footer)
	}
	return exitOK
}

// flagSet is a deck command's flags, with the shared --data.
type flagSet struct {
	*flag.FlagSet
	data *string
}

func newDeckFlags(e env, name, synopsis string) *flagSet {
	fs, data := newFlags(e, name, synopsis)
	return &flagSet{fs, data}
}

// openDecks opens the cache in the data folder for a command that changes
// the district's own records (decks, meetings, actions). A folder with no cache is an error: the cache is not created in a
// folder that was mistyped.
func openDecks(ctx context.Context, e env, cmd, dataFlag string) (*cache.Cache, int) {
	dir := dataDir(dataFlag, e.getenv)
	path := filepath.Join(dir, cache.FileName)
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		fmt.Fprintf(e.stderr, "%s: there is no Cabinet cache in %s yet; run 'cabinet demo' or 'cabinet sync' first.\n", cmd, dir)
		return nil, exitFail
	}
	c, err := cache.Open(ctx, path)
	if err != nil {
		fmt.Fprintf(e.stderr, "%s: %v\n", cmd, err)
		return nil, exitFail
	}
	if c.Recovered != nil {
		fmt.Fprintln(e.stderr, c.Recovered)
	}
	return c, -1
}

// deckWords parses a deck command's flags and its words, which must be
// want of them; it returns the exit code to stop with, or -1.
func deckWords(fs *flagSet, e env, args []string, want int, usage string) ([]string, int) {
	words, code := parseWords(fs.FlagSet, e, args)
	switch {
	case code >= 0:
		return nil, code
	case len(words) < want:
		fmt.Fprintf(e.stderr, "%s: %s\n", fs.Name(), usage)
		return nil, exitUsage
	case len(words) > want:
		fmt.Fprintf(e.stderr, "%s: unexpected argument %q\n", fs.Name(), words[want])
		return nil, exitUsage
	}
	return words, -1
}

func deckNew(ctx context.Context, e env, args []string) int {
	fs := newDeckFlags(e, "deck new", "cabinet deck new NAME [--data DIR]")
	words, code := deckWords(fs, e, args, 1, "name the deck: cabinet deck new NAME")
	if code >= 0 {
		return code
	}
	c, code := openDecks(ctx, e, "deck new", *fs.data)
	if c == nil {
		return code
	}
	defer c.Close()
	name := strings.TrimSpace(words[0])
	if err := deck.Create(ctx, c, district.Deck{Name: name}); err != nil {
		fmt.Fprintf(e.stderr, "deck new: %v\n", err)
		if errors.Is(err, cache.ErrNameTaken) {
			return exitFail
		}
		return exitUsage
	}
	fmt.Fprintf(e.stdout, "Made the deck %q. Add charts to it with: cabinet deck add %q --panel ID\n", name, name)
	return exitOK
}

func deckAdd(ctx context.Context, e env, args []string) int {
	fs := newDeckFlags(e, "deck add", "cabinet deck add NAME --panel ID [--school ID] [--period last_12_months|fiscal_year|all_history] [--fiscal-year YEAR] [--product NAME] [--data DIR]")
	panelID := fs.String("panel", "", "the chart to add, by its id: 'cabinet deck add --help' lists them")
	school := fs.String("school", "", "the school the chart shows, by id or name (default: the whole district)")
	period := fs.String("period", "last_12_months", "the months the chart shows: last_12_months, fiscal_year or all_history")
	year := fs.Int("fiscal-year", 0, "with --period fiscal_year, the fiscal year (default: the newest the data reach)")
	product := fs.String("product", "", "for a chart about one product, the product, by name or id (default: the chart picks)")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: %s\n\nFlags:\n", "cabinet deck add NAME --panel ID [...]")
		fs.PrintDefaults()
		fmt.Fprintf(fs.Output(), "\nThe charts: %s\n", chartList())
	}
	words, code := deckWords(fs, e, args, 1, "name the deck: cabinet deck add NAME --panel ID")
	if code >= 0 {
		return code
	}
	usage := func(format string, a ...any) int {
		fmt.Fprintf(e.stderr, "deck add: "+format+"\n", a...)
		return exitUsage
	}
	p, ok := panel.ByID(*panelID)
	switch {
	case *panelID == "":
		return usage("--panel is required: the chart to add, one of %s", chartList())
	case !ok:
		return usage("the dashboard has no chart %q; the charts are %s", *panelID, chartList())
	case *year != 0 && *period != "fiscal_year":
		return usage("--fiscal-year goes with --period fiscal_year")
	}
	kind, ok := district.PeriodKindNamed(*period)
	if !ok {
		return usage("--period %q is none of last_12_months, fiscal_year and all_history", *period)
	}
	c, b, code := openBoard(ctx, e, "deck add", *fs.data)
	if c == nil {
		return code
	}
	defer c.Close()
	defer b.Release()
	f := panel.Filter{School: district.WholeDistrict, Period: district.Period{Kind: kind}}
	if *school != "" {
		s, err := findSchool(ctx, c, *school)
		if err != nil {
			return usage("%v", err)
		}
		f.School = s.ID
	}
	if kind == district.FiscalYearPeriod {
		years := b.FiscalYears()
		if *year == 0 && len(years) > 0 {
			*year = years[0]
		}
		if !slices.Contains(years, *year) {
			return usage("the data hold no fiscal year %d; they hold %s", *year, yearList(years))
		}
		f.Period.FiscalYear = *year
	}
	shows := b.School(f.School) + ", " + f.Period.Label(b.Calendar)
	if *product != "" {
		p, err := findProduct(ctx, b, *product)
		if err != nil {
			return usage("%v", err)
		}
		f.Product = p.ID
		shows += ", " + p.Name
	}
	s, err := deck.ChartSlide(p.ID, f)
	if err != nil {
		return usage("%v", err)
	}
	d, err := deck.Edit(ctx, c, words[0], district.AnyVersion, func(d *district.Deck) error { return d.Add(s) })
	if code := deckRefused(ctx, e, "deck add", c, words[0], err); code >= 0 {
		return code
	}
	fmt.Fprintf(e.stdout, "Added %q (%s) to %q as slide %d.\n", p.Title, shows, d.Name, len(d.Slides))
	return exitOK
}

func deckRemove(ctx context.Context, e env, args []string) int {
	fs := newDeckFlags(e, "deck remove", "cabinet deck remove NAME N [--data DIR]")
	words, code := deckWords(fs, e, args, 2, "name the deck and the slide: cabinet deck remove NAME N")
	if code >= 0 {
		return code
	}
	return editSlides(ctx, e, fs, words[0], words[1:], func(d *district.Deck, n []int) (string, error) {
		title := slideTitle(d.Slides[n[0]])
		if err := d.Remove(n[0]); err != nil {
			return "", err
		}
		return fmt.Sprintf("Removed slide %d (%s) from %q; it has %d slides now.", n[0]+1, title, d.Name, len(d.Slides)), nil
	})
}

func deckMove(ctx context.Context, e env, args []string) int {
	fs := newDeckFlags(e, "deck move", "cabinet deck move NAME N M [--data DIR]")
	words, code := deckWords(fs, e, args, 3, "name the deck, the slide and where it goes: cabinet deck move NAME N M")
	if code >= 0 {
		return code
	}
	return editSlides(ctx, e, fs, words[0], words[1:], func(d *district.Deck, n []int) (string, error) {
		title := slideTitle(d.Slides[n[0]])
		if err := d.Move(n[0], n[1]); err != nil {
			return "", err
		}
		return fmt.Sprintf("Moved slide %d (%s) of %q to position %d.", n[0]+1, title, d.Name, n[1]+1), nil
	})
}

// editSlides makes one change to the slides numbered in words (from 1) of
// a deck, in one transaction, and says what it did.
func editSlides(ctx context.Context, e env, fs *flagSet, name string, words []string, edit func(*district.Deck, []int) (string, error)) int {
	var n []int
	for _, w := range words {
		i, err := strconv.Atoi(w)
		if err != nil || i < 1 {
			fmt.Fprintf(e.stderr, "%s: %q is not a slide number; slides are numbered from 1, as 'cabinet deck show --deck %q' lists them\n", fs.Name(), w, name)
			return exitUsage
		}
		n = append(n, i-1)
	}
	c, code := openDecks(ctx, e, fs.Name(), *fs.data)
	if c == nil {
		return code
	}
	defer c.Close()
	var said string
	_, err := deck.Edit(ctx, c, name, district.AnyVersion, func(d *district.Deck) error {
		for _, i := range n {
			if i >= len(d.Slides) {
				return badSlide{fmt.Sprintf("deck %q has %d slides; give a number from 1 to %d", d.Name, len(d.Slides), len(d.Slides))}
			}
		}
		var err error
		said, err = edit(d, n)
		return err
	})
	var bad badSlide
	if errors.As(err, &bad) {
		fmt.Fprintf(e.stderr, "%s: %s\n", fs.Name(), bad.msg)
		return exitUsage
	}
	if code := deckRefused(ctx, e, fs.Name(), c, name, err); code >= 0 {
		return code
	}
	fmt.Fprintln(e.stdout, said)
	return exitOK
}

// badSlide is a slide number the deck does not have.
type badSlide struct{ msg string }

func (b badSlide) Error() string { return b.msg }

// deckRefused says why a change to a deck was not made, naming the decks
// there are when there is none of the name. It returns the exit code to
// stop with, or -1 when the change was made.
func deckRefused(ctx context.Context, e env, cmd string, c *cache.Cache, name string, err error) int {
	switch {
	case err == nil:
		return -1
	case errors.Is(err, district.ErrNotFound):
		names, _ := deck.Names(ctx, c)
		fmt.Fprintf(e.stderr, "%s: there is no deck called %q; the decks are %s. 'cabinet deck new NAME' makes one.\n", cmd, name, district.Quoted(names))
	default:
		fmt.Fprintf(e.stderr, "%s: %v\n", cmd, err)
	}
	return exitFail
}

// slideTitle names a slide as 'cabinet deck show' heads it: its headline,
// else its chart's title, in quotes.
func slideTitle(s district.Slide) string {
	if s.Headline != "" {
		return strconv.Quote(s.Headline)
	}
	if p, ok := panel.ByID(s.Panel); ok {
		return strconv.Quote(p.Title)
	}
	if s.Tiles != "" {
		return strconv.Quote(s.Tiles.Title() + " tiles")
	}
	return `"Overview tiles"`
}

// findProduct finds a product by its name (ignoring case) or its id.
func findProduct(ctx context.Context, b *panel.Board, text string) (district.Product, error) {
	products, _, err := b.Data().Products(ctx)
	if err != nil {
		return district.Product{}, err
	}
	var names []string
	for _, p := range products {
		if p.ID == text || strings.EqualFold(p.Name, text) {
			return p, nil
		}
		names = append(names, p.Name)
	}
	return district.Product{}, fmt.Errorf("there is no product %q; the products are %s", text, district.Quoted(names))
}

// yearList lists fiscal years: "2026, 2025".
func yearList(years []int) string {
	if len(years) == 0 {
		return "none"
	}
	out := make([]string, len(years))
	for i, y := range years {
		out[i] = strconv.Itoa(y)
	}
	return strings.Join(out, ", ")
}

// chartList lists the dashboard's charts as --panel takes them.
func chartList() string {
	var ids []string
	for _, p := range panel.All() {
		ids = append(ids, p.ID)
	}
	return strings.Join(ids, ", ")
}
