package district

import (
	"math"
	"sort"
)

// tolerance is how far apart two counts of students may be and still be
// the same: weekly users are averages, added up in floating point.
const tolerance = 1e-6

// never is the threshold from which a part that is never too small by
// itself is hidden.
const never = math.MaxInt

// part is one school's figures in a group, as the decision sees them.
type part struct {
	key string
	// size holds the counts of students its figures rest on: a measure's n,
	// or a product's monthly and weekly users.
	size []float64
	// from is the lowest threshold at which the part rests on too few
	// students to be shown by itself.
	from   int
	hidden bool
}

// used reports whether the part's first figure (its n, or its monthly
// users) rests on anyone: hiding a part that rests on no one protects
// nothing, and the complementary rule passes it by.
func (p *part) used() bool { return p.size[0] > tolerance }

// group is a total and its parts: a measure's month (the district and its
// schools), or a product's month (the district's users and each school's).
type group struct {
	// parts are in the order the complementary rule hides them: smallest
	// first by each figure in turn, then by key, so ties break the same
	// way every time.
	parts []*part
	// total is the district's figures; nil when no total is shown.
	total     []float64
	totalFrom int
	// rest is the total less every school's figures, figure by figure:
	// the students the district counts in no school shown (placed out of
	// district, or at a school whose row is missing that month), or, when
	// negative, the students the schools count twice.
	rest []float64
	// left is the total less the shown parts as decided so far, and next
	// the first part the complementary rule may still hide.
	left []float64
	next int
}

// newGroup makes a group of parts beside a total (nil for none). sum is
// every school's figures added up, including schools not among parts; nil
// when parts are all of them.
func newGroup(parts []*part, total []float64, totalFrom int, sum []float64) *group {
	sort.Slice(parts, func(i, j int) bool {
		a, b := parts[i], parts[j]
		for f := range a.size {
			if a.size[f] != b.size[f] {
				return a.size[f] < b.size[f]
			}
		}
		return a.key < b.key
	})
	g := &group{parts: parts, total: total, totalFrom: totalFrom}
	if total == nil {
		return g
	}
	g.rest = make([]float64, len(total))
	for f := range total {
		if sum != nil {
			g.rest[f] = total[f] - sum[f]
			continue
		}
		g.rest[f] = total[f]
		for _, p := range parts {
			g.rest[f] -= p.size[f]
		}
	}
	return g
}

// decide hides the parts that must be hidden at a threshold. It decides at
// every threshold from the lowest a district may choose up to this one,
// each time keeping what the last hid: what is hidden at one threshold is
// hidden at every higher one, so that two exports made at different
// thresholds show together no more than the one at the lower threshold.
// Each time it hides the parts too small by themselves, then any part
// that could lie inside a slightly larger one where the schools overlap,
// then, while the total less the shown parts rests on too few students,
// the smallest part still shown. The total itself is never hidden for its
// parts' sake: a view of the district alone needs no school to decide.
func (g *group) decide(threshold int) {
	// Parts in the order they become too small by themselves, so that each
	// threshold hides the next few; the sums of what is hidden and the
	// next part the complementary rule would hide carry on from one
	// threshold to the next, since nothing hidden is shown again.
	byFrom := make([]*part, len(g.parts))
	copy(byFrom, g.parts)
	sort.SliceStable(byFrom, func(i, j int) bool { return byFrom[i].from < byFrom[j].from })
	if g.total != nil {
		g.left = make([]float64, len(g.rest))
		copy(g.left, g.rest)
	}
	small := 0
	for t := min(MinSuppressionThreshold, threshold); t <= threshold; t++ {
		for ; small < len(byFrom) && byFrom[small].from <= t; small++ {
			g.hide(byFrom[small])
		}
		if g.total == nil {
			continue
		}
		g.separateOverlaps(t)
		if g.totalFrom > t {
			g.complement(t)
		}
	}
}

// hide hides a part, and counts its figures among what the total less the
// shown parts gives away.
func (g *group) hide(p *part) {
	if p.hidden {
		return
	}
	p.hidden = true
	for f := range g.left {
		g.left[f] += p.size[f]
	}
}

// revealing reports whether the total less the shown parts gives away a
// figure resting on fewer than t students: everyone not in a shown part
// (the hidden parts and the rest), or, where the schools overlap, the
// students counted twice.
func (g *group) revealing(t int) bool {
	for _, v := range g.left {
		if d := math.Abs(v); d > tolerance && d < float64(t)-tolerance {
			return true
		}
	}
	return false
}

// complement hides the smallest shown parts until the total less the
// shown parts gives nothing away at threshold t.
func (g *group) complement(t int) {
	for g.revealing(t) {
		for g.next < len(g.parts) && (g.parts[g.next].hidden || !g.parts[g.next].used()) {
			g.next++
		}
		if g.next == len(g.parts) {
			return
		}
		g.hide(g.parts[g.next])
	}
}

// separateOverlaps protects the difference of two reporting units of
// which one holds the other (a K-8 campus and its grades 6-8, reported as
// two schools). Which schools overlap no figure says, only that they do:
// the schools together count more students than the district. A school
// that could lie inside another (no larger than the students counted
// twice) and is shown beside a larger school that exceeds it by fewer
// than t students is hidden, so no difference of fewer than t students
// can be read. Larger schools go first: hiding one may leave a smaller
// one no shown partner.
func (g *group) separateOverlaps(t int) {
	for f, rest := range g.rest {
		twice := -rest
		if twice <= tolerance {
			continue
		}
		by := make([]*part, len(g.parts))
		copy(by, g.parts)
		sort.SliceStable(by, func(i, j int) bool { return by[i].size[f] < by[j].size[f] })
		for k := len(by) - 1; k >= 0; k-- {
			inner := by[k]
			if inner.hidden || inner.size[f] <= tolerance || inner.size[f] > twice+tolerance {
				continue
			}
			for _, outer := range by[k+1:] {
				d := outer.size[f] - inner.size[f]
				if d >= float64(t)-tolerance {
					break
				}
				if !outer.hidden && d > tolerance {
					g.hide(inner)
					break
				}
			}
		}
	}
}

// hiddenAt reports how a part is shown at a threshold once decided: not
// at all, for its own sake (primary) or for another's (complementary).
func (p *part) hiddenAt(threshold int) (hidden, complementary bool) {
	return p.hidden, p.hidden && p.from > threshold
}
