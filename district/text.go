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
// of them an ellipsis when it was cut.
func Tame(s string, limit int) string {
	return Cut(strings.Join(strings.Fields(strip(s, false)), " "), limit)
}

// Printable is text for a terminal: escape sequences and bidirectional-
// formatting characters go and other control characters become spaces,
// as in Tame, but lines and tabs are kept, and nothing is cut.
func Printable(s string) string { return strip(s, true) }

// Cut cuts s to at most limit characters, the last of them an ellipsis
// when it was cut.
func Cut(s string, limit int) string {
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	if limit < 1 {
		return ""
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:limit-1])) + "…"
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
	clean := true
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || acts(r) {
			clean = false
			break
		}
		i += size
	}
	if clean {
		return s
	}
	var b strings.Builder
	s = strings.ToValidUTF8(s, "\uFFFD")
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == 0x1b || r == 0x9b || r == 0x9d || r == 0x90 || r == 0x9e || r == 0x9f || r == 0x98:
			i = skipEscape(s, i)
			continue
		case unicode.Is(unicode.Bidi_Control, r):
		case lines && (r == '\n' || r == '\t'):
			b.WriteRune(r)
		case acts(r):
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
		i += size
	}
	return b.String()
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
