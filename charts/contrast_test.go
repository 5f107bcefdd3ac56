package charts

import (
	"fmt"
	"image/color"
	"testing"
)

// TestTextContrast: every colour a theme sets text in reads at 4.5:1 on
// the ground it is set on (WCAG 2.1 AA), including the value labels set
// inside bars of every series colour and of the highlight.
func TestTextContrast(t *testing.T) {
	for name, th := range themes {
		check := func(what string, text, ground color.RGBA) {
			if c := Contrast(text, ground); c < 4.5 {
				t.Errorf("%s: %s reads at %.2f:1", name, what, c)
			}
		}
		check("text", th.Text, th.Background)
		check("muted text", th.Muted, th.Background)
		check("the target's label", th.Target, th.Background)
		check("notes", th.Annotation, th.Background)
		for i, s := range append(th.Series, th.Highlight) {
			check(fmt.Sprintf("a label on series colour %d", i), onColor(s), s)
		}
		// A ranking's highlighted row is a band of the highlight over the ground.
		check("text on the highlighted row", th.Text, mix(th.Background, th.Highlight, 0.15))
	}
}
