package export

import (
	"image/color"
	"strings"
	"testing"

	"github.com/cabinetapp/cabinet/charts"
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

// TestPacketContrast: every colour the packet sets text in reads at 4.5:1
// or more on the ground it is set on (WCAG 2.1 AA).
func TestPacketContrast(t *testing.T) {
	white := color.RGBA{0xFF, 0xFF, 0xFF, 0xFF}
	for _, tt := range []struct {
		what         string
		text, ground color.RGBA
	}{
		{"text", ink, white}, {"muted text", muted, white}, {"headings and page numbers in the accent", accent, white},
		{"the demo badge", black, demoFill}, {"speaker notes", ink, panelFill}, {"the speaker notes' label", accent, panelFill},
	} {
		if c := charts.Contrast(tt.text, tt.ground); c < 4.5 {
			t.Errorf("%s reads at %.2f:1", tt.what, c)
		}
	}
}
