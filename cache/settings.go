package cache

import (
	"context"
	"fmt"

	"github.com/cabinetapp/cabinet/district"
)

// Suppression is the district's privacy setting: the threshold below which
// values about students are hidden.
func (r reader) Suppression(ctx context.Context) (district.Suppression, error) {
	var s district.Suppression
	if err := r.q.QueryRowContext(ctx, "SELECT suppression_threshold FROM settings WHERE id = 1").Scan(&s.Threshold); err != nil {
		return district.Suppression{}, fmt.Errorf("reading the privacy threshold: %w", err)
	}
	return s, nil
}

// SetSuppressionThreshold changes the district's privacy threshold; it
// must lie between district.MinSuppressionThreshold and
// district.MaxSuppressionThreshold.
func (c *Cache) SetSuppressionThreshold(ctx context.Context, threshold int) error {
	if err := district.CheckThreshold(threshold); err != nil {
		return err
	}
	if _, err := c.write.ExecContext(ctx, "UPDATE settings SET suppression_threshold = ? WHERE id = 1", threshold); err != nil {
		return fmt.Errorf("saving the privacy threshold: %w", err)
	}
	return nil
}
