package panel

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/cabinetapp/cabinet/district"
)

// EverySchool stands for the school a view shows when it shows them all.
const EverySchool = "*"

// Cells decides what may be shown of a metric's values over a range, for a
// view of one school (or EverySchool): it decides each month as a group of
// the district and every school, so that whatever one view shows, another
// cannot be subtracted from it to give a hidden school away. It reads of
// each month only what can change the view's figures (see cache.Group). A
// view of the district alone needs no school's values: a total is hidden
// only when it rests on too few students itself. Every chart, tile and
// takeaway asks it.
func (b *Board) Cells(ctx context.Context, m district.Metric, school string, r district.Range) (district.Shown, error) {
	if !m.StudentBased || school == district.WholeDistrict {
		return b.Suppression.Cells(m, nil), nil
	}
	obs, sums, err := b.data.Group(ctx, m.ID, cacheSchool(school), r, b.Suppression.MinStudents())
	if err != nil {
		return district.Shown{}, err
	}
	return b.Suppression.Cells(m, obs, sums...), nil
}

// usage decides, as Cells does, what may be shown of a product's use
// (every product's, for product "") over a range, for a view of one school,
// EverySchool or the district alone.
func (b *Board) usage(ctx context.Context, product, school string, r district.Range) (district.ShownUsage, error) {
	if school == district.WholeDistrict {
		return b.Suppression.Usage(nil), nil
	}
	use, sums, err := b.data.SmallUsageGroups(ctx, product, cacheSchool(school), r, b.Suppression.MinStudents())
	if err != nil {
		return district.ShownUsage{}, err
	}
	return b.Suppression.Usage(use, sums...), nil
}

// cacheSchool is the cache's word for the school a view shows: "" for
// every school.
func cacheSchool(school string) string {
	if school == EverySchool {
		return ""
	}
	return school
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

// OverlapNote says in a sentence where the district's schools count more
// students than the district, so that some students are counted at two
// schools (a campus and its grades reported as two schools), and what
// Cabinet does about it; "" when they never do.
func (b *Board) OverlapNote(ctx context.Context) (string, error) {
	overlaps, err := b.data.Overlaps(ctx)
	if err != nil || len(overlaps) == 0 {
		return "", err
	}
	products, _, err := b.data.Products(ctx)
	if err != nil {
		return "", err
	}
	product := map[string]string{}
	for _, p := range products {
		product[p.ID] = p.Name
	}
	var where []string
	for _, o := range overlaps {
		what := "use of " + product[o.Product]
		if o.Metric != "" {
			m, err := b.Metric(ctx, o.Metric)
			if err != nil {
				return "", err
			}
			what = m.Name
		}
		months := "1 month"
		if o.Months > 1 {
			months = fmt.Sprintf("%d months", o.Months)
		}
		where = append(where, fmt.Sprintf("%s (%s, the latest %s)", what, months, o.Latest.Format("January 2006")))
	}
	if len(where) > 3 {
		where = append(where[:2], fmt.Sprintf("%d more", len(where)-2))
	}
	list := strings.Join(where, ", ")
	if n := len(where); n > 1 {
		list = strings.Join(where[:n-1], ", ") + " and " + where[n-1]
	}
	return "In " + list + ", the schools count more students than the district: some students are counted at two schools, " +
		"as when a campus and its grades are reported as two. Cabinet hides any school that could lie inside a larger one beside it, " +
		"so that the difference between them cannot be read.", nil
}
