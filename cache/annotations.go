package cache

import (
	"context"
	"fmt"
	"time"

	"github.com/cabinetapp/cabinet/district"
)

// Annotations lists the notes pinned to a chart, oldest date first.
func (r reader) Annotations(ctx context.Context, panel string) ([]district.Annotation, error) {
	rows, err := r.q.QueryContext(ctx, "SELECT id, day, text FROM annotations WHERE panel = ? ORDER BY day, id", panel)
	if err != nil {
		return nil, fmt.Errorf("reading the notes on %s: %w", panel, err)
	}
	defer rows.Close()
	var out []district.Annotation
	for rows.Next() {
		a := district.Annotation{Panel: panel}
		var day string
		if err := rows.Scan(&a.ID, &day, &a.Text); err != nil {
			return nil, fmt.Errorf("reading the notes on %s: %w", panel, err)
		}
		if a.Date, err = parseDate(day); err != nil {
			return nil, fmt.Errorf("reading the notes on %s: a note has the bad date %q", panel, day)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// AddAnnotation stores a new note and returns it with its id.
func (c *Cache) AddAnnotation(ctx context.Context, a district.Annotation) (district.Annotation, error) {
	if err := a.Validate(); err != nil {
		return a, fmt.Errorf("adding a note to %s: %w", a.Panel, err)
	}
	err := c.write.QueryRowContext(ctx, "INSERT INTO annotations (panel, day, text) VALUES (?, ?, ?) RETURNING id",
		a.Panel, dayText(a.Date), a.Text).Scan(&a.ID)
	if err != nil {
		return a, fmt.Errorf("adding a note to %s: %w", a.Panel, err)
	}
	return a, nil
}

// DeleteAnnotation deletes a note. It returns district.ErrNotFound when no note has
// the id.
func (c *Cache) DeleteAnnotation(ctx context.Context, id int64) error {
	res, err := c.write.ExecContext(ctx, "DELETE FROM annotations WHERE id = ?", id)
	if err == nil {
		err = mustAffect(res)
	}
	if err != nil {
		return fmt.Errorf("deleting note %d: %w", id, err)
	}
	return nil
}

// dayText writes the calendar day of t as it reads in t's own zone: a date
// picked at local midnight east of Greenwich is the day before in UTC.
func dayText(t time.Time) string { return t.Format(time.DateOnly) }
