package export

import (
	"strings"
	"testing"
)

func TestDefuse(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Adams Elementary", "Adams Elementary"},
		{"=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"},
		{"+1+1", "'+1+1"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"-2+3", "'-2+3"},
		{"-12.5", "-12.5"},
		{"\tTab", "'\tTab"},
		{"", ""},
		{"*", "*"},
	}
	for _, tt := range tests {
		if got := defuse(tt.in); got != tt.want {
			t.Errorf("defuse(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSlug(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Help-desk backlog", "help-desk-backlog"},
		{"Licences: used and unused", "licences-used-and-unused"},
		{"  ELA & maths — 2026  ", "ela-maths-2026"},
		{"Résumé des écoles", "r-sum-des-coles"},
		{"📊", "slide"},
		{strings.Repeat("word ", 20), "word-word-word-word-word-word-word-word"},
	}
	for _, tt := range tests {
		if got := slug(tt.in); got != tt.want {
			t.Errorf("slug(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestWrapAndFit(t *testing.T) {
	_, ts := newPDF(t)
	ts.set(10, rgb{})
	lines := ts.wrap(ts.clean("A short line\n\nthen a paragraph that must wrap over more than one line at this width"), 60)
	if len(lines) < 4 || lines[0] != "A short line" || lines[1] != "" {
		t.Fatalf("lines %q", lines)
	}
	for _, l := range lines {
		if ts.width(l) > 60 {
			t.Errorf("line %q is %.1f mm, wider than 60", l, ts.width(l))
		}
	}
	long := ts.wrap(strings.Repeat("x", 200), 30)
	if len(long) < 2 {
		t.Fatalf("a word wider than the line was not broken: %q", long)
	}
	pt, fitted := ts.fit(strings.Repeat("word ", 200), 80, 20, 14, 8)
	if pt != 8 || float64(len(fitted))*lineH(8) > 20.01 || !strings.HasSuffix(fitted[len(fitted)-1], "…") {
		t.Fatalf("text too long for its box set at %v pt in %d lines ending %q", pt, len(fitted), fitted[len(fitted)-1])
	}
	if pt, fitted := ts.fit("Short", 80, 20, 14, 8); pt != 14 || len(fitted) != 1 {
		t.Fatalf("short text set at %v pt in %q", pt, fitted)
	}
}
