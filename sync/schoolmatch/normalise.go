// Package schoolmatch maps the schools a connector finds (Snipe-IT
// locations, OneRoster orgs) to Cabinet's schools. Names are compared
// after normalising them: case, accents and punctuation do not count,
// "Elementary", "Elem" and "ES" are one word, as are "Middle", "MS" and
// "Junior High", and "High", "HS" and "Senior High", while "School",
// "Academy" and "Campus" are left out. A mapping a person chose by hand
// always wins, and every sync records in the cache what it found and
// what each counts as, so the settings screen and 'cabinet source map' can
// show the schools that match none.
package schoolmatch

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/cabinetapp/cabinet/district"
)

// Key is a school's name reduced to what tells schools apart.
type Key struct {
	// Base is the name's other words, in order: "lincoln", "st marys".
	Base string
	// Level is the level its words name; "" for none, or more than one.
	Level district.Level
}

// levelWords are the words (and abbreviations) that name a level.
var levelWords = map[string]district.Level{
	"elementary": district.Elementary, "elem": district.Elementary, "es": district.Elementary, "primary": district.Elementary,
	"middle": district.Middle, "ms": district.Middle, "jhs": district.Middle,
	"high": district.High, "hs": district.High, "shs": district.High,
}

// filler are words that do not tell one school from another.
var filler = map[string]bool{"school": true, "schools": true, "sch": true, "academy": true, "campus": true, "the": true, "and": true, "of": true}

// synonyms are spelled one way.
var synonyms = map[string]string{"saint": "st", "mount": "mt", "fort": "ft"}

// fold lower-cases and takes accents off: "José Martí" is "jose marti".
var fold = transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), runes.Map(unicode.ToLower), norm.NFC)

// Normalise reduces a school's name to its Key.
func Normalise(name string) Key {
	folded, _, err := transform.String(fold, name)
	if err != nil {
		folded = strings.ToLower(name)
	}
	// Apostrophes and full stops join what they sit in ("St. Mary's",
	// "P.S. 12"); an ampersand is "and"; anything else not a letter or
	// digit separates words.
	var b strings.Builder
	for _, r := range folded {
		switch {
		case r == '\'' || r == '’' || r == '.':
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		default:
			b.WriteByte(' ')
		}
	}
	words := strings.Fields(b.String())
	var k Key
	mixed := false
	level := func(l district.Level) {
		if k.Level != "" && k.Level != l {
			mixed = true
		}
		k.Level = l
	}
	base := words[:0]
	for i := 0; i < len(words); i++ {
		w := words[i]
		next := ""
		if i+1 < len(words) {
			next = words[i+1]
		}
		switch {
		case (w == "junior" || w == "jr") && next == "high":
			level(district.Middle)
			i++
		case (w == "senior" || w == "sr") && next == "high":
			level(district.High)
			i++
		case levelWords[w] != "":
			level(levelWords[w])
		case filler[w]:
		case (w == "no" || w == "number" || w == "num") && isNumber(next):
		default:
			if s, ok := synonyms[w]; ok {
				w = s
			}
			base = append(base, w)
		}
	}
	if mixed {
		k.Level = ""
	}
	k.Base = strings.Join(base, " ")
	return k
}

func isNumber(s string) bool {
	return s != "" && strings.IndexFunc(s, func(r rune) bool { return !unicode.IsDigit(r) }) < 0
}

// String writes the key as one string: "lincoln (elementary)".
func (k Key) String() string {
	if k.Level == "" {
		return k.Base
	}
	return k.Base + " (" + string(k.Level) + ")"
}

// LevelOf guesses a school's level from its name; ok is false when the
// name names none, or more than one.
func LevelOf(name string) (district.Level, bool) {
	l := Normalise(name).Level
	return l, l != ""
}

// Matcher finds Cabinet's schools by name.
type Matcher struct {
	full map[Key][]string // normalised name → school ids
	base map[string][]candidate
}

type candidate struct {
	id    string
	level district.Level
}

// NewMatcher indexes schools by their normalised names.
func NewMatcher(schools []district.School) *Matcher {
	m := &Matcher{full: map[Key][]string{}, base: map[string][]candidate{}}
	for _, s := range schools {
		k := Normalise(s.Name)
		if k.Base == "" {
			continue
		}
		m.full[k] = append(m.full[k], s.ID)
		m.base[k.Base] = append(m.base[k.Base], candidate{s.ID, k.Level})
	}
	return m
}

// Match finds the one school whose name is name's, normalised. Failing
// that, it takes the one school with the same name apart from its level
// when the levels do not disagree: "Lincoln" is "Lincoln Elementary
// School" if there is no other Lincoln. Two schools that fit equally well
// match neither: a person must choose.
func (m *Matcher) Match(name string) (string, bool) {
	k := Normalise(name)
	if k.Base == "" {
		return "", false
	}
	switch ids := m.full[k]; {
	case len(ids) == 1:
		return ids[0], true
	case len(ids) > 1:
		return "", false
	}
	found := ""
	for _, c := range m.base[k.Base] {
		if k.Level != "" && c.level != "" && k.Level != c.level {
			continue
		}
		if found != "" {
			return "", false
		}
		found = c.id
	}
	return found, found != ""
}
