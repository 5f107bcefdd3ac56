package panel

import (
	"context"
	"time"

	"github.com/cabinetapp/cabinet/district"
)

// Cells decides what may be shown of a metric's values over a range: it
// reads the district's and every school's values of those months, so that
// whatever one view shows, another cannot be subtracted from it to give a
// hidden school away. Every chart, tile and takeaway asks it.
func (b *Board) Cells(ctx context.Context, m district.Metric, r district.Range) (district.Shown, error) {
	if !m.StudentBased {
		return b.Suppression.Cells(m, nil), nil
	}
	obs, err := b.cache.Group(ctx, m.ID, r)
	if err != nil {
		return district.Shown{}, err
	}
	return b.Suppression.Cells(m, obs), nil
}

// usage decides what may be shown of a product's use (every product's, for
// product "") over a range, at the district and every school.
func (b *Board) usage(ctx context.Context, product string, r district.Range) (district.ShownUsage, error) {
	use, err := b.cache.UsageEverywhere(ctx, product, r)
	if err != nil {
		return nil, err
	}
	return b.Suppression.Usage(use), nil
}

// months is the range of months from the first to the last of periods.
func months(periods ...time.Time) district.Range {
	var r district.Range
	for _, t := range periods {
		if r.From.IsZero() || t.Before(r.From) {
			r.From = t
		}
		if end := t.AddDate(0, 1, 0); end.After(r.To) {
			r.To = end
		}
	}
	return r
}

// count adds a hidden cell to a result's tally of hidden values.
func (r *Result) count(c district.Cell) {
	if c.Suppressed {
		r.Suppressed++
	}
	if c.Complementary {
		r.Complementary++
	}
}
