package panel

import (
	"context"
	"time"

	"github.com/cabinetapp/cabinet/district"
)

// recentMonths is how many months back a comparison reads: enough to
// reach the same month a year earlier.
const recentMonths = 13

// Comparison is a measure's newest figure for one school, compared by the
// measure's one rule (district.Metric.Compare) and passed through
// suppression: the tile, the chart's takeaway and whatever else compares
// a figure read it from here.
type Comparison struct {
	district.Comparison
	// School is the school whose figures these are.
	School string
	// Cell is what may be shown of Cur. When it is suppressed, nothing of
	// the comparison may be shown.
	Cell district.Cell
	// RunningCell is what may be shown of Running.
	RunningCell district.Cell
}

// Hidden says whether the figure compared is suppressed.
func (c Comparison) Hidden() bool { return c.Cell.Suppressed }

// Compare compares a measure's newest figure for a school before the
// month before (the end of a filter's range) with the figure its rule
// names, at the board's time (Board.Now). ok is false when the school has
// no figure. A base or running month that is suppressed is left out, so
// no sentence can give it away.
func (b *Board) Compare(ctx context.Context, m district.Metric, school string, before time.Time) (c Comparison, ok bool, err error) {
	c, _, _, ok, err = b.compare(ctx, m, school, before)
	return c, ok, err
}

// compare is Compare, also returning the figures it read (newest first)
// and what may be shown of them, for a tile's sparkline.
func (b *Board) compare(ctx context.Context, m district.Metric, school string, before time.Time) (Comparison, []district.Observation, district.Shown, bool, error) {
	recent, _, err := b.data.Recent(ctx, m.ID, school, before, recentMonths)
	if err != nil || len(recent) == 0 {
		return Comparison{}, nil, district.Shown{}, false, err
	}
	shown, err := b.Cells(ctx, m, school, months(recent[len(recent)-1].Period, recent[0].Period))
	if err != nil {
		return Comparison{}, nil, district.Shown{}, false, err
	}
	dc, _ := m.Compare(recent, b.now())
	c := Comparison{Comparison: dc, School: school, Cell: shown.Cell(dc.Cur)}
	if c.HasBase && (c.Cell.Suppressed || shown.Cell(c.Base).Suppressed) {
		c.HasBase = false
	}
	if c.HasRunning {
		c.RunningCell = shown.Cell(c.Running)
		c.HasRunning = !c.RunningCell.Suppressed
	}
	return c, recent, shown, true, nil
}

// comparisonNotes are the sentences a chart's caption carries about its
// comparisons: the rule, and what a month still running means for it.
func comparisonNotes(cs []Comparison) []string {
	var notes []string
	add := func(s string) {
		for _, n := range notes {
			if n == s {
				return
			}
		}
		notes = append(notes, s)
	}
	for _, c := range cs {
		add(c.Metric.ComparisonRule())
		switch {
		case c.HasRunning:
			add(c.Running.Period.Format(district.MonthName) + " is still running: its count is left uncompared until the month closes")
		case c.SoFar && c.Metric.Accumulates:
			add(c.Cur.Period.Format(district.MonthName) + " is still running: its count is left uncompared until the month closes")
		case c.SoFar:
			add(c.Cur.Period.Format(district.MonthName) + " is still running: its figures are the month so far")
		}
	}
	return notes
}
