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

// used reports whether any figure of the part rests on anyone: hiding a
// part that rests on no one protects nothing.
func (p *part) used() bool {
	for _, v := range p.size {
		if v > tolerance {
			return true
		}
	}
	return false
}

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
	for t := min(MinSuppressionThreshold, threshold); t <= threshold; t++ {
		for _, p := range g.parts {
			if p.from <= t {
				p.hidden = true
			}
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

// revealing reports whether the total less the shown parts, figure by
// figure (left), gives away a figure resting on fewer than t students:
// everyone not in a shown part (the hidden parts and the rest), or, where
// the schools overlap, the students counted twice.
func revealing(left []float64, t int) bool {
	for _, v := range left {
		if d := math.Abs(v); d > tolerance && d < float64(t)-tolerance {
			return true
		}
	}
	return false
}

// complement hides the smallest shown parts until the total less the
// shown parts gives nothing away at threshold t.
func (g *group) complement(t int) {
	left := make([]float64, len(g.rest))
	copy(left, g.rest)
	for _, p := range g.parts {
		if p.hidden {
			p.addTo(left)
		}
	}
	next := 0
	for revealing(left, t) {
		for next < len(g.parts) && (g.parts[next].hidden || !g.parts[next].used()) {
			next++
		}
		if next == len(g.parts) {
			return
		}
		g.parts[next].hidden = true
		g.parts[next].addTo(left)
	}
}

// addTo adds the part's figures to sums.
func (p *part) addTo(sums []float64) {
	for f, v := range p.size {
		sums[f] += v
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
					inner.hidden = true
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
