package cache

import (
	"context"
	"database/sql"
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

// PlanSettings are the district's assumptions behind the replacement plan.
func (r reader) PlanSettings(ctx context.Context) (district.PlanSettings, error) {
	return readPlanSettings(ctx, r.q)
}

func readPlanSettings(ctx context.Context, q querier) (district.PlanSettings, error) {
	s := district.PlanSettings{Prices: map[district.DeviceKind]float64{}, Lives: map[district.DeviceKind]int{}}
	var ratio sql.NullInt64
	if err := q.QueryRowContext(ctx, "SELECT devices_per_technician, technicians FROM settings WHERE id = 1").Scan(&ratio, &s.Technicians); err != nil {
		return s, fmt.Errorf("reading the plan's settings: %w", err)
	}
	s.DevicesPerTechnician = int(ratio.Int64)
	rows, err := q.QueryContext(ctx, "SELECT kind, price, life FROM plan_kinds")
	if err != nil {
		return s, fmt.Errorf("reading the plan's prices: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var kind string
		var price sql.NullFloat64
		var life sql.NullInt64
		if err := rows.Scan(&kind, &price, &life); err != nil {
			return s, fmt.Errorf("reading the plan's prices: %w", err)
		}
		if price.Valid {
			s.Prices[district.DeviceKind(kind)] = price.Float64
		}
		if life.Valid {
			s.Lives[district.DeviceKind(kind)] = int(life.Int64)
		}
	}
	if err := rows.Err(); err != nil {
		return s, fmt.Errorf("reading the plan's prices: %w", err)
	}
	return s, nil
}

// UpdatePlanSettings changes the plan's settings in one transaction:
// change edits the settings as they stand, and what it leaves is checked
// and saved whole, or nothing is saved. It returns the settings saved.
func (c *Cache) UpdatePlanSettings(ctx context.Context, change func(*district.PlanSettings) error) (district.PlanSettings, error) {
	var saved district.PlanSettings
	err := c.inTx(ctx, "saving the plan's settings", func(tx *sql.Tx) error {
		s, err := readPlanSettings(ctx, tx)
		if err != nil {
			return err
		}
		if err := change(&s); err != nil {
			return err
		}
		if err := s.Validate(); err != nil {
			return err
		}
		var ratio any
		if s.DevicesPerTechnician > 0 {
			ratio = s.DevicesPerTechnician
		}
		if _, err := tx.ExecContext(ctx, "UPDATE settings SET devices_per_technician = ?, technicians = ? WHERE id = 1", ratio, s.Technicians); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM plan_kinds"); err != nil {
			return err
		}
		for _, k := range district.DeviceKinds {
			var price, life any
			if p, ok := s.Prices[k]; ok {
				price = p
			}
			if y, ok := s.Lives[k]; ok {
				life = y
			}
			if price == nil && life == nil {
				continue
			}
			if _, err := tx.ExecContext(ctx, "INSERT INTO plan_kinds (kind, price, life) VALUES (?, ?, ?)", string(k), price, life); err != nil {
				return err
			}
		}
		saved = s
		return nil
	})
	return saved, err
}
