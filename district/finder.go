package district

import (
	"sort"
	"strings"
	"unicode"
)

// Title is the level as a heading: "Elementary schools".
func (l Level) Title() string {
	switch l {
	case Elementary:
		return "Elementary schools"
	case Middle:
		return "Middle schools"
	case High:
		return "High schools"
	case Alternative:
		return "Alternative schools"
	}
	return "Other schools"
}

// levelOrder is the order school levels are listed in.
var levelOrder = []Level{Elementary, Middle, High, Alternative}

// FinderRow is one line of a school finder's list: a group heading, or a
// school (the whole district has ID WholeDistrict).
type FinderRow struct {
	Heading string
	ID      string
	Name    string
}

// Pickable reports whether the row is a school or the district, not a heading.
func (r FinderRow) Pickable() bool { return r.Heading == "" }

// WholeDistrictName is the district as a choice of school.
const WholeDistrictName = "Whole district"

// Finder finds schools by any part of their name, ignoring case and
// accents, and lists them by level in natural order ("Adams 2" before
// "Adams 10"). It is built once per list of schools, so each keystroke
// only scans prepared keys.
type Finder struct {
	schools []School
	keys    []string
	// order holds indexes of schools grouped by level, in natural order
	// within a level.
	order []int
	byID  map[string]int
}

// NewFinder prepares a finder over schools.
func NewFinder(schools []School) *Finder {
	f := &Finder{schools: schools, keys: make([]string, len(schools)), byID: make(map[string]int, len(schools))}
	rank := map[Level]int{}
	for i, l := range levelOrder {
		rank[l] = i
	}
	for i, s := range schools {
		f.keys[i] = Fold(s.Name)
		f.byID[s.ID] = i
		f.order = append(f.order, i)
	}
	levelRank := func(l Level) int {
		if r, ok := rank[l]; ok {
			return r
		}
		return len(levelOrder)
	}
	sort.SliceStable(f.order, func(a, b int) bool {
		if ra, rb := levelRank(schools[f.order[a]].Level), levelRank(schools[f.order[b]].Level); ra != rb {
			return ra < rb
		}
		return naturalLess(f.keys[f.order[a]], f.keys[f.order[b]])
	})
	return f
}

// Find lists the choices for a query: the whole district first, always;
// then the recent choices (ids, newest first) that match; then every other
// matching school under its level's heading. A query matches a name that
// holds each of its words.
func (f *Finder) Find(query string, recent []string) []FinderRow {
	words := strings.Fields(Fold(query))
	matches := func(i int) bool {
		for _, w := range words {
			if !strings.Contains(f.keys[i], w) {
				return false
			}
		}
		return true
	}
	rows := []FinderRow{{ID: WholeDistrict, Name: WholeDistrictName}}
	shown := map[int]bool{}
	for _, id := range recent {
		i, ok := f.byID[id]
		if !ok || shown[i] || !matches(i) {
			continue
		}
		if len(shown) == 0 {
			rows = append(rows, FinderRow{Heading: "Recent"})
		}
		shown[i] = true
		rows = append(rows, FinderRow{ID: f.schools[i].ID, Name: f.schools[i].Name})
	}
	var level Level
	first := true
	for _, i := range f.order {
		if shown[i] || !matches(i) {
			continue
		}
		s := f.schools[i]
		if first || s.Level != level {
			rows = append(rows, FinderRow{Heading: s.Level.Title()})
			level, first = s.Level, false
		}
		rows = append(rows, FinderRow{ID: s.ID, Name: s.Name})
	}
	return rows
}

// Fold makes text comparable the way people search it: lower case, with
// accents dropped ("Éçole" → "ecole").
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if base, ok := unaccented[r]; ok {
			b.WriteString(base)
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// unaccented maps the accented Latin letters school names use to their
// plain lower-case letters. The standard library has no Unicode
// decomposition, and district imports nothing else.
var unaccented = func() map[rune]string {
	groups := map[string]string{
		"a": "àáâãäåāăąÀÁÂÃÄÅĀĂĄ", "c": "çćĉċčÇĆĈĊČ", "d": "ďđĎĐ",
		"e": "èéêëēĕėęěÈÉÊËĒĔĖĘĚ", "g": "ĝğġģĜĞĠĢ", "h": "ĥħĤĦ",
		"i": "ìíîïĩīĭįıÌÍÎÏĨĪĬĮİ", "j": "ĵĴ", "k": "ķĶ", "l": "ĺļľŀłĹĻĽĿŁ",
		"n": "ñńņňÑŃŅŇ", "o": "òóôõöøōŏőÒÓÔÕÖØŌŎŐ", "r": "ŕŗřŔŖŘ",
		"s": "śŝşšŚŜŞŠ", "t": "ţťŧŢŤŦ", "u": "ùúûüũūŭůűųÙÚÛÜŨŪŬŮŰŲ",
		"w": "ŵŴ", "y": "ýÿŷÝŸŶ", "z": "źżžŹŻŽ",
		"ae": "æÆ", "oe": "œŒ", "ss": "ß", "'": "’‘",
	}
	m := map[rune]string{}
	for base, letters := range groups {
		for _, r := range letters {
			m[r] = base
		}
	}
	return m
}()

// naturalLess orders folded names as people expect: runs of digits compare
// as numbers, so "adams elementary 2" comes before "adams elementary 10".
// Folding first (Fold) makes letters compare without regard to case or
// accents.
func naturalLess(a, b string) bool {
	for a != "" && b != "" {
		da, db := isDigit(a[0]), isDigit(b[0])
		if da && db {
			na, ra := digitRun(a)
			nb, rb := digitRun(b)
			ta, tb := strings.TrimLeft(na, "0"), strings.TrimLeft(nb, "0")
			if len(ta) != len(tb) {
				return len(ta) < len(tb)
			}
			if ta != tb {
				return ta < tb
			}
			a, b = ra, rb
			continue
		}
		if a[0] != b[0] {
			return a[0] < b[0]
		}
		a, b = a[1:], b[1:]
	}
	return len(a) < len(b)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func digitRun(s string) (run, rest string) {
	i := 0
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return s[:i], s[i:]
}
