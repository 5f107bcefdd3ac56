package pdf

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf16"
)

// readLiteral reads a PDF literal string as a reader does: escapes undone,
// parentheses balanced or escaped.
func readLiteral(t *testing.T, s string) string {
	t.Helper()
	if !strings.HasPrefix(s, "(") || !strings.HasSuffix(s, ")") {
		t.Fatalf("not a literal string: %q", s)
	}
	var b strings.Builder
	body := s[1 : len(s)-1]
	for i := 0; i < len(body); i++ {
		c := body[i]
		switch {
		case c == '\\' && i+1 < len(body):
			i++
			switch body[i] {
			case 'r':
				b.WriteByte('\r')
			default:
				b.WriteByte(body[i])
			}
		case c == '(' || c == ')' || c == '\\' || c == '\r':
			t.Fatalf("unescaped %q in %q", c, s)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// FuzzTextString: a title, alternative text or language from anywhere
// reads back as itself (control characters as spaces), whatever it holds.
func FuzzTextString(f *testing.F) {
	for _, s := range []string{"Cabinet briefing – Riverside", `a (b) \c`, "\r\n\t😀", "Ω\u0d0a\u0a28"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf16Safe(s) {
			return
		}
		want := strings.Map(func(r rune) rune {
			if unicode.IsControl(r) {
				return ' '
			}
			return r
		}, s)
		raw := readLiteral(t, textString(s))
		got := raw
		if strings.HasPrefix(raw, "\xfe\xff") {
			u := make([]uint16, 0, len(raw)/2)
			for i := 2; i+1 < len(raw); i += 2 {
				u = append(u, uint16(raw[i])<<8|uint16(raw[i+1]))
			}
			got = string(utf16.Decode(u))
		}
		if got != want {
			t.Fatalf("%q reads back as %q", s, got)
		}
	})
}

// utf16Safe reports whether s is valid UTF-8 (what Go strings from text
// sources are after decoding), so it survives the trip through UTF-16.
func utf16Safe(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }
