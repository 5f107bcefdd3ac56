package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/sync/schoolmatch"
)

// sourceMap is `cabinet source map`: which Cabinet school each of a
// source's schools (Snipe-IT locations, OneRoster schools) counts as.
func sourceMap(ctx context.Context, e env, args []string) int {
	fs, data := newFlags(e, "source map", "cabinet source map NAME [--unmatched] | cabinet source map NAME ID (SCHOOL | --none | --clear)")
	unmatched := fs.Bool("unmatched", false, "list only the schools that match none of Cabinet's")
	none := fs.Bool("none", false, "ID is not a school (a warehouse, the district office): what it holds counts only toward the district")
	forget := fs.Bool("clear", false, "forget the choice made for ID: the next sync matches it by name again")
	words, code := parseWords(fs, e, args)
	if code >= 0 {
		return code
	}
	chosen := 0
	for _, b := range []bool{*none, *forget} {
		if b {
			chosen++
		}
	}
	switch {
	case len(words) == 0:
		fmt.Fprintln(e.stderr, "source map: name the source: cabinet source map NAME")
		return exitUsage
	case len(words) > 3:
		fmt.Fprintf(e.stderr, "source map: unexpected argument %q\n", words[3])
		return exitUsage
	case len(words) == 1 && chosen > 0:
		fmt.Fprintln(e.stderr, "source map: --none and --clear need the ID of the source's school: cabinet source map NAME ID --none")
		return exitUsage
	case len(words) == 2 && chosen != 1 || len(words) == 3 && chosen != 0:
		fmt.Fprintln(e.stderr, "source map: give one of SCHOOL, --none and --clear: cabinet source map NAME ID SCHOOL")
		return exitUsage
	}
	eng, c, code := openEngine(ctx, e, *data)
	if code >= 0 {
		return code
	}
	defer c.Close()
	name := words[0]
	if _, err := eng.Source(name); err != nil {
		fmt.Fprintf(e.stderr, "cabinet: %v\n", err)
		return exitFail
	}
	if len(words) == 1 {
		return listMap(ctx, e, c, name, *unmatched)
	}
	id := words[1]
	var what string
	var err error
	switch {
	case *forget:
		err = c.ClearSchoolMapping(ctx, name, id)
		what = "will be matched by name again"
	case *none:
		err = c.SetSchoolMapping(ctx, name, id, "")
		what = "is not a school: what it holds counts only toward the district"
	default:
		var school district.School
		if school, err = findSchool(ctx, c, words[2]); err == nil {
			err = c.SetSchoolMapping(ctx, name, id, school.ID)
			what = fmt.Sprintf("counts as %s (%s)", school.Name, school.ID)
		}
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "cabinet: %v\n", err)
		return exitFail
	}
	fmt.Fprintf(e.stdout, "%s: %s %s from its next sync; run 'cabinet sync --source %s' to count it so now.\n", name, id, what, name)
	return exitOK
}

// parseWords parses flags that may come before, between or after the
// words of a command, and returns the words.
func parseWords(fs *flag.FlagSet, e env, args []string) ([]string, int) {
	var words []string
	for {
		err := fs.Parse(args)
		switch {
		case errors.Is(err, flag.ErrHelp):
			fs.SetOutput(e.stdout)
			fs.Usage()
			return nil, exitOK
		case err != nil:
			return nil, exitUsage
		}
		if fs.NArg() == 0 {
			return words, -1
		}
		words = append(words, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// findSchool finds one of Cabinet's schools by its id, its name, or a name
// that matches it once normalised ("Adams ES").
func findSchool(ctx context.Context, c *cache.Cache, text string) (district.School, error) {
	schools, _, err := c.Schools(ctx)
	if err != nil {
		return district.School{}, err
	}
	for _, s := range schools {
		if s.ID == text || strings.EqualFold(s.Name, text) {
			return s, nil
		}
	}
	if id, ok := schoolmatch.NewMatcher(schools).Match(text); ok {
		for _, s := range schools {
			if s.ID == id {
				return s, nil
			}
		}
	}
	if len(schools) == 0 {
		return district.School{}, errors.New("there are no Cabinet schools yet: sync a source that supplies them (OneRoster or a Summary API) first")
	}
	return district.School{}, fmt.Errorf("%q is none of Cabinet's schools; 'cabinet source map SOURCE' lists them", text)
}

// listMap writes a source's school map, and Cabinet's schools that none
// of its schools counts as.
func listMap(ctx context.Context, e env, c *cache.Cache, name string, onlyUnmatched bool) int {
	rows, err := c.SchoolMappings(ctx, name)
	if err == nil {
		var schools []district.School
		if schools, _, err = c.Schools(ctx); err == nil {
			writeMap(e.stdout, name, rows, schools, onlyUnmatched)
			return exitOK
		}
	}
	fmt.Fprintf(e.stderr, "cabinet: %v\n", err)
	return exitFail
}

func writeMap(w io.Writer, name string, rows []cache.SchoolMapping, schools []district.School, onlyUnmatched bool) {
	if len(rows) == 0 {
		fmt.Fprintf(w, "%s has no school map: it has not synced yet, or its schools are Cabinet's own.\n", name)
		return
	}
	names := map[string]string{}
	for _, s := range schools {
		names[s.ID] = s.Name
	}
	counted := map[string]bool{}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME IN "+strings.ToUpper(name)+"\tCABINET SCHOOL\tHOW")
	shown := 0
	for _, m := range rows {
		counted[m.School] = true
		matched := m.School != "" && names[m.School] != ""
		if onlyUnmatched && (matched || m.Ignored()) {
			continue
		}
		school := "-"
		if m.School != "" {
			school = m.School + " " + names[m.School]
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", m.ID, m.Name, school, howText(m, matched))
		shown++
	}
	tw.Flush()
	if onlyUnmatched && shown == 0 {
		fmt.Fprintf(w, "Every school of %s matches one of Cabinet's, or is set aside.\n", name)
	}
	var missing []string
	for _, s := range schools {
		if !counted[s.ID] {
			missing = append(missing, s.ID+" "+s.Name)
		}
	}
	if len(missing) > 0 && len(missing) < len(schools) {
		fmt.Fprintf(w, "\nCabinet schools that nothing of %s counts as: %s.\n", name, strings.Join(missing, "; "))
	}
}

// howText says how a row came to count as it does.
func howText(m cache.SchoolMapping, matched bool) string {
	switch {
	case m.Ignored():
		return "not a school (set by hand)"
	case m.How == cache.ByHand && !matched:
		return "set by hand to a school Cabinet no longer has: counts only toward the district"
	case m.How == cache.ByHand:
		return "set by hand"
	case m.How == cache.ByName:
		return "name matches"
	case m.How == cache.BySource:
		return "the source supplies Cabinet's schools"
	case m.How == cache.ByParent:
		return "inside a location that matches"
	}
	return "matches none: counts only toward the district"
}
