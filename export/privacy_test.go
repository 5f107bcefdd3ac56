package export_test

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/panel"
)

// This file plays the reader of public board packets: it exports charts
// through the real export path, for the whole district, every school and
// every period, at every threshold a district may choose, as CSV, SVG and
// PDF, and then tries to work out every hidden figure from what the files
// show: by subtraction and by solving weighted means, from the district
// beside its schools (students in no school included), from two reporting
// units one of which holds the other, from two packets made at different
// thresholds, and knowing every school's enrolment (which is public). It
// must find nothing that rests on fewer students than the threshold.

// figure is what the reader learned of one cell: a value and its n, or,
// for a count of users, the count alone (v).
type figure struct {
	v, n       float64
	hasV, hasN bool
}

// group is a total and its parts, as the reader gathered them from every
// file. sum groups are counts (a product's users) whose total is the sum
// of the parts; the rest are means weighted by n.
type group struct {
	sum   bool
	total figure
	parts map[string]*figure
}

type groupID struct {
	measure string
	month   time.Time
}

// reader holds what a set of files told it, by measure and month.
type reader struct {
	groups map[groupID]*group
	// enrolment is every school's enrolment by month, as the n of a
	// per-student measure prints it (and NCES publishes it).
	enrolment map[time.Time]map[string]float64
	// hidden lists, slide by slide, the cells its CSV showed as a mark,
	// and the label of the row that names each in the slide's text.
	hidden map[int][]hiddenCell
	// shownText lists, slide by slide, every value its CSV showed; shown,
	// each with the label of the row that names it.
	shownText map[int]map[string]bool
	shown     map[int][][2]string
	// located counts the shown values found again in each kind of text.
	located map[string]int
	// shapes counts the tables read of each shape: a reader that reads
	// none of a shape (its headings changed) would find nothing there
	// and prove nothing.
	shapes map[string]int
}

// shapes are the shapes of table the reader reads.
var shapes = []string{"months", "ranking", "use against growth", "product use", "licences", "cost per user", "cost per user by month", "what changed", "actions"}

type hiddenCell struct {
	key, row string
	format   func(float64) string
}

func newReader() *reader {
	return &reader{groups: map[groupID]*group{}, enrolment: map[time.Time]map[string]float64{}, hidden: map[int][]hiddenCell{}, shownText: map[int]map[string]bool{}, shown: map[int][][2]string{}, located: map[string]int{}, shapes: map[string]int{}}
}

// cellKey names a cell as the truth is kept: measure, month and school
// name ("" for the district).
func cellKey(measure string, month time.Time, who string) string {
	return measure + " · " + month.Format("2006-01") + " · " + who
}

// learn records one cell: text is a number or a mark ("*", "**"), nText
// the n beside it ("" when not shown). A school seen only as a mark is
// still a part the reader knows exists.
func (r *reader) learn(measure string, month time.Time, sum bool, who, text, nText string) *figure {
	k := groupID{measure, month}
	g := r.groups[k]
	if g == nil {
		g = &group{sum: sum, parts: map[string]*figure{}}
		r.groups[k] = g
	}
	f := &g.total
	if who != "" {
		if g.parts[who] == nil {
			g.parts[who] = &figure{}
		}
		f = g.parts[who]
	}
	if v, err := strconv.ParseFloat(text, 64); err == nil {
		f.v, f.hasV = v, true
	}
	if n, err := strconv.ParseFloat(nText, 64); err == nil {
		f.n, f.hasN = n, true
	}
	return f
}

// merge is what two sets of files tell a reader who has both.
func merge(a, b *reader) *reader {
	out := newReader()
	for _, r := range []*reader{a, b} {
		for k, g := range r.groups {
			og := out.groups[k]
			if og == nil {
				og = &group{sum: g.sum, parts: map[string]*figure{}}
				out.groups[k] = og
			}
			add := func(dst *figure, src figure) {
				if src.hasV {
					dst.v, dst.hasV = src.v, true
				}
				if src.hasN {
					dst.n, dst.hasN = src.n, true
				}
			}
			add(&og.total, g.total)
			for who, p := range g.parts {
				if og.parts[who] == nil {
					og.parts[who] = &figure{}
				}
				add(og.parts[who], *p)
			}
		}
		for m, e := range r.enrolment {
			if out.enrolment[m] == nil {
				out.enrolment[m] = map[string]float64{}
			}
			for who, n := range e {
				out.enrolment[m][who] = n
			}
		}
	}
	return out
}

// finding is one figure resting on fewer students than the threshold
// that the reader worked out or read, with the case it came from.
type finding struct{ kind, text string }

// printed lists the figures resting on too few students that the files
// show outright.
func (r *reader) printed(truth map[string]figure, threshold float64) []finding {
	var out []finding
	for k, g := range r.groups {
		for who, p := range g.parts {
			tr := truth[cellKey(k.measure, k.month, who)]
			if (g.sum && p.hasV && tr.v > 0 && tr.v < threshold) || (!g.sum && tr.hasN && tr.n < threshold && (p.hasV || p.hasN)) {
				out = append(out, finding{"printed outright", fmt.Sprintf("%s, %s, %s: printed outright (n %g)", k.measure, k.month.Format("Jan 2006"), who, tr.n)})
			}
		}
	}
	return out
}

// solve works out what it can of every group. The figures the files show
// are taken as exact (rounding is no protection), and the n of a measure
// of enrolled students is taken from the school's enrolment. It reports:
//   - a hidden figure that is the only unknown of its group and rests on
//     fewer than threshold students;
//   - the mean of everyone not in a shown school (hidden schools, and
//     students in no school) when they are fewer than threshold;
//   - the difference of two reporting units, one inside the other, when it
//     rests on fewer than threshold students.
func (r *reader) solve(a attacked, threshold float64) []finding {
	const eps = 1e-6
	var out []finding
	for k, g := range r.groups {
		at := func(who string) figure { return a.truth[cellKey(k.measure, k.month, who)] }
		if !g.total.hasV || (!g.sum && !g.total.hasN) {
			continue
		}
		total := at("")
		if g.sum {
			known, unknown := 0.0, []string(nil)
			for who, p := range g.parts {
				if p.hasV {
					known += at(who).v
				} else {
					unknown = append(unknown, who)
				}
			}
			rest := total.v - known
			if len(unknown) == 1 && math.Abs(rest-at(unknown[0]).v) < eps && rest > eps && rest < threshold-eps {
				out = append(out, finding{"one hidden school", fmt.Sprintf("%s, %s, %s: %g users worked out", k.measure, k.month.Format("Jan 2006"), unknown[0], rest)})
			} else if rest > eps && rest < threshold-eps {
				sort.Strings(unknown)
				out = append(out, finding{"users in no shown school", fmt.Sprintf("%s, %s: %g users of %q and no school worked out", k.measure, k.month.Format("Jan 2006"), rest, unknown)})
			}
			continue
		}
		var knownN, knownVN, hiddenN float64
		var unknown []string
		for who, p := range g.parts {
			n, hasN := p.n, p.hasN
			if !hasN && enrolled[k.measure] {
				n, hasN = r.enrolment[k.month][who]
			}
			tr := at(who)
			switch {
			case p.hasV && hasN:
				knownN += n
				knownVN += tr.v * n
			case hasN:
				knownN += n
				hiddenN += n
				unknown = append(unknown, who)
			default:
				unknown = append(unknown, who)
			}
		}
		// Everyone not in a shown school: the hidden schools and the
		// students the district counts in no school.
		mass := total.n - knownN + hiddenN
		mean := (total.v*total.n - knownVN) / mass
		sort.Strings(unknown)
		switch {
		case len(unknown) == 1 && at(unknown[0]).n < threshold && math.Abs(mass-at(unknown[0]).n) < eps && math.Abs(mean-at(unknown[0]).v) < 0.05:
			out = append(out, finding{"one hidden school", fmt.Sprintf("%s, %s, %s: %.4g worked out (n %g)", k.measure, k.month.Format("Jan 2006"), unknown[0], mean, mass)})
		case mass > eps && mass < threshold-eps:
			kind := "hidden schools and students in no school"
			if len(unknown) == 0 {
				kind = "students in no school"
			}
			out = append(out, finding{kind, fmt.Sprintf("%s, %s: %.4g for %g students of %q and no school worked out", k.measure, k.month.Format("Jan 2006"), mean, mass, unknown)})
		}
		for _, pair := range a.nested {
			outer, inner := g.parts[pair[0]], g.parts[pair[1]]
			if outer == nil || inner == nil || !outer.hasV || !inner.hasV {
				continue
			}
			o, i := at(pair[0]), at(pair[1])
			if d := o.n - i.n; d > eps && d < threshold-eps {
				out = append(out, finding{"overlapping schools", fmt.Sprintf("%s, %s: %s less %s: %.4g for %g students worked out", k.measure, k.month.Format("Jan 2006"), pair[0], pair[1], (o.v*o.n-i.v*i.n)/d, d)})
			}
		}
	}
	return out
}

// attack reads the slides at a threshold and reports what the reader
// found: figures shown that rest on too few students, and figures worked
// out from what is shown.
func attack(t *testing.T, a attacked, threshold int, every bool) (*reader, []finding) {
	t.Helper()
	b := boardAt(t, a.c, district.Suppression{Threshold: threshold})
	products, err := b.Products(ctx, panel.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var ps []district.Product
	for _, p := range products.Rows {
		ps = append(ps, p.Product)
	}
	ss, o := slides(b, ps, every), opts
	if every {
		ss, o = withMeetingPages(t, b, ss)
	}
	r := read(t, b, ss, o)
	if every {
		for _, shape := range shapes {
			if r.shapes[shape] == 0 {
				t.Fatalf("the reader read no table of the shape %q: it cannot have read what the files say", shape)
			}
		}
	}
	return r, append(r.printed(a.truth, float64(threshold)), r.solve(a, float64(threshold))...)
}

// report fails the test with what the reader found, and says how much of
// each kind.
func report(t *testing.T, found []finding) {
	t.Helper()
	kinds, measures := map[string]int{}, map[string]int{}
	seen := map[finding]bool{}
	var lines []string
	for _, f := range found {
		if !seen[f] {
			seen[f] = true
			kinds[f.kind]++
			measures[strings.SplitN(f.text, ",", 2)[0]]++
			lines = append(lines, f.kind+": "+f.text)
		}
	}
	slices.Sort(lines)
	t.Logf("%d figures resting on too few students worked out or read, by kind %v, by measure %v", len(lines), kinds, measures)
	for i, l := range lines {
		if i == 40 {
			t.Errorf("… and %d more", len(lines)-40)
			break
		}
		t.Error(l)
	}
}

func TestPacketReaderRecoversNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("exports every chart for every school and period")
	}
	t.Run("demo district, every chart", func(t *testing.T) {
		t.Parallel()
		_, found := attack(t, demoDistrict(t), district.DefaultSuppressionThreshold, true)
		report(t, found)
	})
	hard := hardDistrict(t)
	t.Run("hard district, every chart", func(t *testing.T) {
		t.Parallel()
		_, found := attack(t, hard, district.DefaultSuppressionThreshold, true)
		report(t, found)
	})
	t.Run("hard district, every pair of thresholds", func(t *testing.T) {
		t.Parallel()
		readers := map[int]*reader{}
		alone := map[int]map[finding]bool{}
		var found []finding
		for th := district.MinSuppressionThreshold; th <= district.MaxSuppressionThreshold; th++ {
			r, f := attack(t, hard, th, false)
			readers[th] = r
			found = append(found, f...)
			alone[th] = map[finding]bool{}
			for _, f := range r.solve(hard, float64(th)) {
				alone[th][f] = true
			}
		}
		// What two packets give away that the one at the lower threshold
		// does not by itself.
		for t1 := district.MinSuppressionThreshold; t1 <= district.MaxSuppressionThreshold; t1++ {
			for t2 := t1 + 1; t2 <= district.MaxSuppressionThreshold; t2++ {
				for _, f := range merge(readers[t1], readers[t2]).solve(hard, float64(t1)) {
					if alone[t1][f] {
						continue
					}
					f.kind = "two thresholds: " + f.kind
					f.text = fmt.Sprintf("%s (thresholds %d and %d)", f.text, t1, t2)
					found = append(found, f)
				}
			}
		}
		report(t, found)
	})
	t.Run("hard district, the SVG and PDF text", func(t *testing.T) {
		t.Parallel()
		var found []finding
		for _, th := range []int{district.DefaultSuppressionThreshold, 15} {
			found = append(found, readText(t, hard, th)...)
		}
		report(t, found)
	})
}
