package deck

import "github.com/cabinetapp/cabinet/charts/typeset"

// A slide's headline and takeaway are set here, once, by the one text
// measure (charts/typeset), so the same words break at the same place
// wherever the slide is shown: on the board packet's page, in the slide
// window and in the presenter view. Each is set in a box measured in ems
// of its full type size, which the page and the window scale to their room.

// Box is the room a slide gives its headline or its takeaway.
type Box struct {
	// Width is the box's width, in ems of the full type size.
	Width float64
	// Lines is the box's height, in lines of the full type size.
	Lines float64
	// MinScale is the smallest type the box takes, as a share of the full
	// size; Step is how much smaller each size tried is.
	MinScale, Step float64
}

// Leading is the distance from one line to the next, in ems of the type.
const Leading = 1.3

// The packet's page sets a headline at 24 points and a takeaway at 14 on
// its 251 mm line: in two and three lines, down to 17 and 11 points.
var (
	HeadlineBox = Box{Width: 29.5, Lines: 2, MinScale: 17.0 / 24, Step: 0.5 / 24}
	TakeawayBox = Box{Width: 50.5, Lines: 3, MinScale: 11.0 / 14, Step: 0.5 / 14}
)

// Set sets text in the box at the largest type, from the full size down to
// MinScale, at which its lines fit, and returns that size as a share of
// the full size and the lines. Text too long even then keeps the lines
// that fit, the last ending in an ellipsis (district's length limits keep
// a slide's own words short of that).
func (b Box) Set(text string) (scale float64, lines []string) {
	return typeset.FitBox(text, b.Width, b.Lines*Leading, 1, b.MinScale, b.Step, Leading)
}
