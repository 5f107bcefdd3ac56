package typeset_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/cabinetapp/cabinet/charts/typeset"
)

func TestWrapAndFit(t *testing.T) {
	lines := typeset.Wrap("A short line\n\nthen a paragraph that must wrap over more than one line at this width", 10, 170, 0)
	if len(lines) < 4 || lines[0] != "A short line" || lines[1] != "" {
		t.Fatalf("lines %q", lines)
	}
	for _, l := range lines {
		if w := typeset.Measure(l, 10); w > 170 {
			t.Errorf("line %q is %.1f wide, wider than 170", l, w)
		}
	}
	if long := typeset.Wrap(strings.Repeat("x", 200), 10, 85, 0); len(long) < 2 || strings.Join(long, "") != strings.Repeat("x", 200) {
		t.Fatalf("a word wider than the line was not broken whole: %q", long)
	}
	if got := typeset.Wrap(strings.Repeat("word ", 200), 10, 230, 3); len(got) != 3 || !strings.HasSuffix(got[2], "…") || typeset.Measure(got[2], 10) > 230 {
		t.Fatalf("three lines of many: %q", got)
	}
	size, fitted := typeset.FitBox(strings.Repeat("word ", 200), 230, 57, 14, 8, 0.5, 1.3)
	if size != 8 || float64(len(fitted))*8*1.3 > 57.01 || !strings.HasSuffix(fitted[len(fitted)-1], "…") {
		t.Fatalf("text too long for its box set at %v in %d lines ending %q", size, len(fitted), fitted[len(fitted)-1])
	}
	if size, fitted := typeset.FitBox("Short", 230, 57, 14, 8, 0.5, 1.3); size != 14 || len(fitted) != 1 {
		t.Fatalf("short text set at %v in %q", size, fitted)
	}
	if got := typeset.Fit("Network and infrastructure", 12, 100); !strings.HasSuffix(got, "…") || typeset.Measure(got, 12) > 100 {
		t.Errorf("Fit gave %q", got)
	}
	if got := typeset.Fit("Network", 12, 3); got != "" {
		t.Errorf("Fit where not even an ellipsis fits gave %q", got)
	}
}

// TestSameWrapInEveryUnit: a line wraps at the same word whether it is
// measured in pixels on a slide, points, or millimetres on paper, as long
// as the width is the same number of ems.
func TestSameWrapInEveryUnit(t *testing.T) {
	text := "Open help-desk tickets stood at 143 in November 2026, 28% below October 2026; summer months shaded and the target is 120."
	const ems = 17.3
	var want []string
	for i, size := range []float64{12, 28, 9.5, 9.5 * 25.4 / 72, 56, 1} {
		got := typeset.Wrap(text, size, ems*size, 0)
		if i == 0 {
			want = got
			continue
		}
		if !slices.Equal(got, want) {
			t.Errorf("at size %v: %q, at 12: %q", size, got, want)
		}
	}
}

// TestGlyphs: characters Roboto lacks are set in Cabinet Symbols, those
// no font holds as "?", tabs as spaces, and other control characters not
// at all, alike in measuring and in drawing.
func TestGlyphs(t *testing.T) {
	set := typeset.Default()
	if m := set.Missing("▲ up 4 · → next … “quoted” – résumé"); len(m) != 0 {
		t.Errorf("missing %q", m)
	}
	if m := set.Missing("MFA 😀 rollout"); !slices.Equal(m, []rune{'😀'}) {
		t.Errorf("missing %q", m)
	}
	runs := set.Runs("up ▲\t4 😀\x07!")
	var text []string
	for _, r := range runs {
		text = append(text, set.Fonts[r.Font].Name+":"+r.Text)
	}
	if got := strings.Join(text, "|"); got != "Roboto-Medium:up |CabinetSymbols:▲|Roboto-Medium: 4 ?!" {
		t.Errorf("runs %s", got)
	}
	if a, b := set.Measure("4 😀", 10), set.Measure("4 ?", 10); a != b {
		t.Errorf("an emoji measures %v, the ? drawn for it %v", a, b)
	}
}

// FuzzWrap: whatever the text (names come from outside systems), every
// line fits unless it is a single character, and no character but spaces
// is lost or added when no line limit applies.
func FuzzWrap(f *testing.F) {
	f.Add("Open help-desk tickets stood at 143 in November 2026", 12.0, 90.0)
	f.Add("Antidisestablishmentarianism ünïcödé 😀\t\x07 ▲", 9.5, 20.0)
	f.Add("", 1.0, 0.0)
	f.Fuzz(func(t *testing.T, text string, size, width float64) {
		if !(size > 0 && size < 1e4) || !(width >= 0 && width < 1e6) || len(text) > 2000 {
			return
		}
		lines := typeset.Wrap(text, size, width, 0)
		for _, l := range lines {
			if typeset.Measure(l, size) > width+1e-9 && len([]rune(l)) > 1 {
				t.Fatalf("line %q is %v wide, over %v", l, typeset.Measure(l, size), width)
			}
		}
		squeeze := func(s string) string { return strings.Join(strings.Fields(s), "") }
		if got, want := squeeze(strings.Join(lines, " ")), squeeze(text); got != want {
			t.Fatalf("wrapping %q lost or added text: %q", text, lines)
		}
		if fit := typeset.Fit(text, size, width); typeset.Measure(fit, size) > width+1e-9 {
			t.Fatalf("Fit gave %q, wider than %v", fit, width)
		}
	})
}

// TestLines: text that fits its lines at spaces is whole; text that needs
// more lines, or has a word wider than a line, is not, and comes back cut
// with an ellipsis rather than broken inside a word or overflowing.
func TestLines(t *testing.T) {
	for _, tt := range []struct {
		text  string
		width float64
		max   int
		whole bool
	}{
		{"Software and subscriptions", 90, 2, true},
		{"Software and subscriptions", 400, 1, true},
		{"Software and subscriptions", 90, 1, false},
		{"Antidisestablishmentarianism", 90, 2, false},
		{"… and 13 more, between 50.3% and 69.9%, 2 hidden *", 160, 2, true},
	} {
		lines, whole := typeset.Lines(tt.text, 12, tt.width, tt.max)
		if whole != tt.whole || len(lines) > tt.max {
			t.Errorf("%q in %d lines of %v: %q, whole %v", tt.text, tt.max, tt.width, lines, whole)
		}
		if whole && strings.Join(lines, " ") != tt.text {
			t.Errorf("%q set whole as %q", tt.text, lines)
		}
		if !whole && !strings.HasSuffix(lines[len(lines)-1], typeset.Ellipsis) {
			t.Errorf("%q cut without saying so: %q", tt.text, lines)
		}
		for _, l := range lines {
			if w := typeset.Measure(l, 12); w > tt.width {
				t.Errorf("%q is %.1f wide, wider than %v", l, w, tt.width)
			}
		}
	}
	// A box made exactly as wide as its text holds it, whatever the
	// rounding of the sums that made it.
	w := typeset.Measure("General fund", 12)
	if got := typeset.Fit("General fund", 12, (w+31.7)-31.7); got != "General fund" {
		t.Errorf("a name in a box its own width was cut to %q", got)
	}
}
