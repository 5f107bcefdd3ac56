package rest

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// TextLimit is how many characters of a server's text reach a message.
const TextLimit = 300

// Tame makes text that came from elsewhere, such as a server's error body
// or a record's key, safe to put in a message, a log row, a terminal or
// the window: invalid UTF-8 becomes U+FFFD, terminal escape sequences go,
// every other control or bidirectional-formatting character becomes a
// space, runs of space become one, and the text is cut to limit
// characters with an ellipsis.
func Tame(s string, limit int) string {
	var b strings.Builder
	s = strings.ToValidUTF8(s, "\uFFFD")
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == 0x1b || r == 0x9b || r == 0x9d || r == 0x90 || r == 0x9e || r == 0x9f || r == 0x98:
			i = skipEscape(s, i)
			b.WriteByte(' ')
			continue
		case unicode.IsControl(r), unicode.Is(unicode.Bidi_Control, r), r == '\u2028', r == '\u2029':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
		i += size
	}
	out := strings.Join(strings.Fields(b.String()), " ")
	if utf8.RuneCountInString(out) > limit {
		r := []rune(out)
		out = strings.TrimSpace(string(r[:limit])) + "…"
	}
	return out
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
