package panel

import (
	"fmt"
	"math"
	"sort"

	"github.com/cabinetapp/cabinet/charts"
	"github.com/cabinetapp/cabinet/district"
)

// RankRows is the most rows a ranking of schools draws, the same on
// screen, on slides and in the packet, so a slide shows the same schools
// at every size. Beyond it the chart shows the schools furthest from the
// target, a row that sums up the rest, and the chosen school.
const RankRows = 12

// Ranking is every school's place in a ranking, whether or not the chart
// has a row for it: what a takeaway about the ranking is written from.
type Ranking struct {
	Metric district.Metric
	// Rows hold every school, worst first (furthest from the target),
	// suppressed schools last.
	Rows []RankRow
	// Ranked counts the rows with a value.
	Ranked int
	// Chosen is the index in Rows of the filter's school, or -1.
	Chosen int
}

// RankRow is one school's place. Rank counts down the chart, from the
// school furthest from the target (1), as Ranking.Counting says; a
// suppressed school has none.
type RankRow struct {
	School string
	Cell   district.Cell
	Rank   int
}

// newRanking orders the schools' cells worst first for the metric's
// polarity; with no polarity, lowest first.
func newRanking(m district.Metric, rows []RankRow, chosen string) Ranking {
	sort.SliceStable(rows, func(i, j int) bool {
		a, c := rows[i].Cell, rows[j].Cell
		if a.Suppressed != c.Suppressed {
			return c.Suppressed
		}
		if m.Polarity == district.LowerIsBetter {
			return a.Value > c.Value
		}
		return a.Value < c.Value
	})
	r := Ranking{Metric: m, Rows: rows, Chosen: -1}
	for _, row := range rows {
		if !row.Cell.Suppressed {
			r.Ranked++
		}
	}
	for i := range rows {
		if !rows[i].Cell.Suppressed {
			rows[i].Rank = i + 1
		}
		if rows[i].School == chosen {
			r.Chosen = i
		}
	}
	return r
}

// chart draws the ranking in at most RankRows rows: every school when they
// fit; else the worst, then "… and N more" saying what the rest are, then
// the chosen school. The chosen school's row says its rank.
func (r Ranking) chart(ch *charts.Chart, name func(string) string) {
	shown := make([]int, 0, RankRows)
	more := []int(nil)
	if len(r.Rows) <= RankRows {
		for i := range r.Rows {
			shown = append(shown, i)
		}
	} else {
		head := RankRows - 1
		if r.Chosen >= head-1 {
			head--
		}
		for i := range r.Rows {
			switch {
			case i < head:
				shown = append(shown, i)
			case i != r.Chosen:
				more = append(more, i)
			}
		}
	}
	s := charts.Series{Name: r.Metric.Name}
	add := func(i int) {
		row := r.Rows[i]
		label := name(row.School)
		if i == r.Chosen {
			ch.Highlight = len(ch.Categories)
			label += ": " + r.place(row)
		}
		ch.Categories = append(ch.Categories, label)
		s.Values = append(s.Values, charts.Value{V: row.Cell.Value, Suppressed: row.Cell.Suppressed, Complementary: row.Cell.Complementary})
	}
	for _, i := range shown {
		add(i)
	}
	if len(more) > 0 {
		ch.Categories = append(ch.Categories, r.rest(more))
		s.Values = append(s.Values, charts.Value{V: math.NaN(), Stands: len(more)})
		if r.Chosen >= 0 && !contains(shown, r.Chosen) {
			add(r.Chosen)
		}
	}
	ch.Series = []charts.Series{s}
}

// Counting says which way ranks count, for a caption, a column's heading
// and a sentence: "1st = furthest from the target", or, for a measure
// without one, "1st = lowest" or "1st = highest".
func (r Ranking) Counting() string {
	switch {
	case r.Metric.HasTarget && r.Metric.Polarity != district.Neutral:
		return "1st = furthest from the target"
	case r.Metric.Polarity == district.LowerIsBetter:
		return "1st = highest"
	}
	return "1st = lowest"
}

// places is how many decimals the ranking's values are written with: one
// number for every row.
func (r Ranking) places() int {
	vs := make([]float64, 0, r.Ranked)
	for _, row := range r.Rows[:r.Ranked] {
		vs = append(vs, row.Cell.Value)
	}
	return district.PlacesOf(r.Metric.Unit, vs...)
}

// Format writes one of the ranking's values with the decimals every row
// is written with.
func (r Ranking) Format(v float64) string {
	if r.Metric.Unit == district.Count || r.Metric.Unit == district.Percentile {
		return r.Metric.Format(v)
	}
	return district.FormatPlaces(r.Metric.Unit, v, r.places())
}

// place says where a school stands: "23rd of 24".
func (r Ranking) place(row RankRow) string {
	if row.Cell.Suppressed {
		return "hidden " + row.Cell.Mark()
	}
	return fmt.Sprintf("%s of %d", district.Ordinal(row.Rank), r.Ranked)
}

// rest sums up the rows a ranking has no room for: "… and 11 more, all on
// target", or "… and 11 more, between 81.0% and 97.2%", and how many of
// them are hidden.
func (r Ranking) rest(rows []int) string {
	var ranked []float64
	hidden := map[string]int{}
	onTarget := r.Metric.HasTarget && r.Metric.Polarity != district.Neutral
	for _, i := range rows {
		c := r.Rows[i].Cell
		if c.Suppressed {
			hidden[c.Mark()]++
			continue
		}
		ranked = append(ranked, c.Value)
		onTarget = onTarget && r.Metric.StatusOf(c.Value) == district.OnTarget
	}
	s := fmt.Sprintf("… and %d more", len(rows))
	switch {
	case len(ranked) > 0 && onTarget:
		s += ", all on target"
	case len(ranked) > 0:
		lo, hi := ranked[0], ranked[0]
		for _, v := range ranked {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
		s += ", between " + r.Format(lo) + " and " + r.Format(hi)
	}
	// Each hidden school carries the mark the caption explains.
	for _, mark := range []string{district.SuppressedMark, district.ComplementaryMark} {
		if n := hidden[mark]; n > 0 {
			s += fmt.Sprintf(", %d hidden %s", n, mark)
		}
	}
	return s
}

// Rest is what a capped ranking sums up in its last row.
type Rest struct {
	N      int
	Lo, Hi float64
}

// capBars keeps a one-series ranking in at most RankRows rows: the first
// RankRows-1 as they are, then one row saying how many more there are and
// the range of their values.
func capBars(ch *charts.Chart) *Rest {
	if len(ch.Series) != 1 || len(ch.Categories) <= RankRows {
		return nil
	}
	keep := RankRows - 1
	vals := ch.Series[0].Values
	rest := &Rest{N: len(vals) - keep, Lo: math.Inf(1), Hi: math.Inf(-1)}
	for _, v := range vals[keep:] {
		rest.Lo, rest.Hi = math.Min(rest.Lo, v.V), math.Max(rest.Hi, v.V)
	}
	all := make([]float64, len(vals))
	for i, v := range vals {
		all[i] = v.V
	}
	places := district.PlacesOf(ch.Unit, all...)
	ch.Categories = append(ch.Categories[:keep:keep], fmt.Sprintf("… and %d more, between %s and %s",
		rest.N, district.FormatPlaces(ch.Unit, rest.Lo, places), district.FormatPlaces(ch.Unit, rest.Hi, places)))
	ch.Series[0].Values = append(vals[:keep:keep], charts.Value{V: math.NaN(), Stands: rest.N})
	return rest
}

func contains(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}
