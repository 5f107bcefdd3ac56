package district_test

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/cabinetapp/cabinet/district"
)

func TestTame(t *testing.T) {
	cases := []struct{ in, want string }{
		{"plain", "plain"},
		{"red \x1b[31mALERT\x1b[0m done", "red ALERT done"},
		{"title \x1b]0;pwned\x07 after", "title after"},
		{"title \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\ end", "title link end"},
		{"clipboard \x1b]52;c;ZXZpbA==\x07 written", "clipboard written"},
		{"csi \u009b2J cleared", "csi cleared"},
		{"bad \xff\xfe utf8", "bad \uFFFD utf8"},
		{"tab\tnew\nline\r\x00nul\x7fdel", "tab new line nul del"},
		{"rtl \u202egnp.exe", "rtl gnp.exe"},
		{"Adams\u2066 Elementary\u2069", "Adams Elementary"},
		{"split se\x1b[0mcret", "split secret"},
		{"lone escape \x1b", "lone escape"},
		{strings.Repeat("é", 400), strings.Repeat("é", 299) + "…"},
	}
	for _, tc := range cases {
		if got := district.Tame(tc.in, 300); got != tc.want {
			t.Errorf("Tame(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestPrintable(t *testing.T) {
	in := "ID\tNAME\n\x1b]0;pwned\x07Adams\u202e ES\r\x1b[2J\n"
	if got, want := district.Printable(in), "ID\tNAME\nAdams ES \n"; got != want {
		t.Fatalf("Printable(%q) = %q, want %q", in, got, want)
	}
}

func TestCheckID(t *testing.T) {
	for id, ok := range map[string]bool{"S0001": true, "org-adams 2": true, "": false, "a\x1b[2Jb": false, "x\u202e": false,
		strings.Repeat("9", district.MaxName): true, strings.Repeat("9", district.MaxName+1): false} {
		if err := district.CheckID("school", id); (err == nil) != ok {
			t.Errorf("CheckID(%q) = %v", id, err)
		}
	}
}

// FuzzTame: whatever comes in, what goes out is valid UTF-8 with nothing
// a terminal acts on, within its limit, and tamed already; a name is at
// most MaxName characters.
func FuzzTame(f *testing.F) {
	f.Add("\x1b[31mred\x1b]0;t\x07\u202e", uint16(300))
	f.Add(strings.Repeat("ab\u2067", 90), uint16(20))
	f.Fuzz(func(t *testing.T, s string, limit uint16) {
		out := district.Tame(s, int(limit))
		acts := func(r rune) bool { return unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) }
		if strings.ContainsFunc(out, acts) || !utf8.ValidString(out) || utf8.RuneCountInString(out) > int(limit) ||
			district.Tame(out, int(limit)) != out {
			t.Fatalf("Tame(%q, %d) = %q", s, limit, out)
		}
		if n := utf8.RuneCountInString(district.Name(s)); n > district.MaxName {
			t.Fatalf("Name(%q) has %d characters", s, n)
		}
		if p := district.Printable(s); strings.ContainsFunc(p, func(r rune) bool { return acts(r) && r != '\n' && r != '\t' }) {
			t.Fatalf("Printable(%q) = %q", s, p)
		}
	})
}
