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
