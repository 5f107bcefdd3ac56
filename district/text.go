package district

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text that comes from elsewhere (a server's names and error bodies, a
// district's files) is shown in the window, printed to a terminal, stored
// and put in messages. A terminal acts on escape sequences (a title change,
// a screen clear, OSC 52 writing the clipboard) and a bidirectional
// override reorders what follows it, so both are taken out before such
// text is kept or shown, and a name is bounded in length.

// MaxName is the most characters a name a source sends keeps: a school,
// location, queue, product or category.
const MaxName = 200

// Name is a name from a source as Cabinet keeps and shows it: tamed, and
// at most MaxName characters.
func Name(s string) string { return Tame(s, MaxName) }

// Tame makes text from elsewhere safe to show, store or put in a message:
// invalid UTF-8 becomes U+FFFD, terminal escape sequences and
// bidirectional-formatting characters go, every other control character
// (and the line and paragraph separators) becomes a space, runs of space
// become one, and the text is cut to at most limit characters, the last
// of them an ellipsis when it was cut. It reads no further than it needs
// to: a name of megabytes costs what its first characters do.
func Tame(s string, limit int) string {
	var b strings.Builder
	n, space := 0, false
	walk(s, false, func(r rune) bool {
		if unicode.IsSpace(r) {
			space = n > 0
			return true
		}
		if space {
			b.WriteByte(' ')
			n, space = n+1, false
		}
		b.WriteRune(r)
		n++
		// One more than fits says whether the text was cut.
		return n <= limit
	})
	return Cut(b.String(), limit)
}

// Printable is text for a terminal: escape sequences and bidirectional-
// formatting characters go and other control characters become spaces,
// as in Tame, but lines and tabs are kept, and nothing is cut.
func Printable(s string) string { return strip(s, true) }

// Cut cuts s to at most limit characters, the last of them an ellipsis
// when it was cut.
func Cut(s string, limit int) string {
	if limit < 1 {
		return ""
	}
	// The byte where the limit-th character starts, if there is one.
	n, end := 0, -1
	for i := range s {
		if n == limit-1 {
			end = i
		} else if n == limit {
			return strings.TrimSpace(s[:end]) + "…"
		}
		n++
	}
	return s
}

// CheckID says what is wrong with an identifier a source sends, which
// names the thing it identifies in links between datasets and so cannot
// be tamed without breaking them: it must be set, at most MaxName
// characters, and hold nothing a terminal would act on. what names it in
// the message.
func CheckID(what, id string) error {
	switch {
	case id == "":
		return fmt.Errorf("%s has no id", what)
	case utf8.RuneCountInString(id) > MaxName:
		return fmt.Errorf("%s has an id of %d characters, more than the %d Cabinet keeps", what, utf8.RuneCountInString(id), MaxName)
	case strip(id, false) != id:
		return fmt.Errorf("%s has an id holding control characters, escape sequences or bidirectional overrides", what)
	}
	return nil
}

// strip takes out escape sequences and bidirectional-formatting
// characters and turns other control characters into spaces, keeping
// lines and tabs when lines is set.
func strip(s string, lines bool) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r == utf8.RuneError || acts(r) }) {
		return s
	}
	var b strings.Builder
	walk(s, lines, func(r rune) bool { b.WriteRune(r); return true })
	return b.String()
}

// walk gives emit the characters of s that are shown, in order, until
// emit returns false: escape sequences and bidirectional-formatting
// characters are left out, and other control characters given as spaces,
// but for lines and tabs when lines is set.
func walk(s string, lines bool, emit func(rune) bool) {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			// A run of bytes that are not UTF-8 is one U+FFFD.
			for i < len(s) {
				if r, size = utf8.DecodeRuneInString(s[i:]); r != utf8.RuneError || size != 1 {
					break
				}
				i++
			}
			if !emit(utf8.RuneError) {
				return
			}
			continue
		case r == 0x1b || r == 0x9b || r == 0x9d || r == 0x90 || r == 0x9e || r == 0x9f || r == 0x98:
			i = skipEscape(s, i)
			continue
		case unicode.Is(unicode.Bidi_Control, r):
		case lines && (r == '\n' || r == '\t'):
			if !emit(r) {
				return
			}
		case acts(r):
			if !emit(' ') {
				return
			}
		default:
			if !emit(r) {
				return
			}
		}
		i += size
	}
}

// acts reports whether a terminal or a text layout acts on r rather than
// showing it.
func acts(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) || r == '\u2028' || r == '\u2029'
}

// skipEscape returns where the escape sequence starting at s[i] ends: a
// CSI sequence (ESC [ or U+009B) at its final byte; an OSC, DCS, SOS, PM
// or APC string at BEL or the string terminator; any other ESC after the
// one character that follows it.
func skipEscape(s string, i int) int {
	r, size := utf8.DecodeRuneInString(s[i:])
	i += size
	kind := r
	if r == 0x1b {
		if i >= len(s) {
			return i
		}
		next, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch next {
		case '[':
			kind = 0x9b
		case ']', 'P', 'X', '^', '_':
			kind = 0x9d
		default:
			return i
		}
	}
	for i < len(s) {
		c, n := utf8.DecodeRuneInString(s[i:])
		if kind == 0x9b {
			i += n
			if c >= 0x40 && c <= 0x7e {
				return i
			}
			continue
		}
		switch {
		case c == 0x07 || c == 0x9c:
			return i + n
		case c == 0x1b:
			// ESC \ ends the string; an ESC that starts something else
			// ends it too, and is read as its own sequence.
			if strings.HasPrefix(s[i:], "\x1b\\") {
				return i + 2
			}
			return i
		}
		i += n
	}
	return i
}
