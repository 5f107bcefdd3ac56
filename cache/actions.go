package cache

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/cabinetapp/cabinet/district"
)

// AddAction records a new action and returns it with its id and key.
func (c *Cache) AddAction(ctx context.Context, a district.Action) (district.Action, error) {
	if a.Key == "" {
		a.Key = newKey()
	}
	if a.Updated.IsZero() {
		a.Updated = a.Created
	}
	if err := a.Validate(); err != nil {
		return a, fmt.Errorf("recording the action: %w", err)
	}
	err := c.inTx(ctx, "recording the action", func(tx *sql.Tx) error {
		var err error
		a.ID, err = putAction(ctx, tx, a)
		return err
	})
	return a, err
}

// newKey makes an action's key: random, so two laptops never make the same.
func newKey() string {
	b := make([]byte, 12)
	// crypto/rand's Read never fails (Go 1.24 and later).
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

const actionColumns = `key, text, owner, due, status, about, about_id, school, name, created, updated, closed,
	then_metric, then_month, then_value, then_text, then_hidden,
	product_name, product_cost, product_licences, product_renewal, product_in_use, product_in_use_hidden`

// putAction inserts an action, or replaces the one with its key, keeping
// that one's id; it returns the id.
func putAction(ctx context.Context, tx *sql.Tx, a district.Action) (int64, error) {
	var thenValue any = a.Then.Value
	if a.Then.Hidden || !a.Then.Keyed() {
		thenValue = nil
	}
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO actions (`+actionColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET text = excluded.text, owner = excluded.owner, due = excluded.due, status = excluded.status,
			about = excluded.about, about_id = excluded.about_id, school = excluded.school, name = excluded.name,
			created = excluded.created, updated = excluded.updated, closed = excluded.closed,
			then_metric = excluded.then_metric, then_month = excluded.then_month, then_value = excluded.then_value, then_text = excluded.then_text, then_hidden = excluded.then_hidden,
			product_name = excluded.product_name, product_cost = excluded.product_cost, product_licences = excluded.product_licences,
			product_renewal = excluded.product_renewal, product_in_use = excluded.product_in_use, product_in_use_hidden = excluded.product_in_use_hidden
		RETURNING id`,
		a.Key, a.Text, a.Owner, dateText(a.Due), string(a.Status), string(a.About.Kind), a.About.ID, a.About.School, a.About.Name,
		timeText(a.Created), timeText(a.Updated), optionalTime(a.Closed),
		a.Then.Metric, dateText(a.Then.Month), thenValue, a.Then.Text, a.Then.Hidden,
		a.Product.Name, a.Product.AnnualCost, a.Product.Licences, dateText(a.Product.Renewal), inUse(a.Product), a.Product.InUseHidden).Scan(&id)
	return id, err
}

// Actions lists every action, oldest first.
func (c *Cache) Actions(ctx context.Context) ([]district.Action, error) {
	rows, err := c.read.QueryContext(ctx, "SELECT id, "+actionColumns+" FROM actions ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("reading the actions: %w", err)
	}
	defer rows.Close()
	var out []district.Action
	for rows.Next() {
		a, err := scanAction(rows)
		if err != nil {
			return nil, fmt.Errorf("reading the actions: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading the actions: %w", err)
	}
	return out, nil
}

func scanAction(row interface{ Scan(...any) error }) (district.Action, error) {
	var a district.Action
	var due, status, about, created, updated, closed, thenMetric, thenMonth, renewal string
	var thenValue, share sql.NullFloat64
	err := row.Scan(&a.ID, &a.Key, &a.Text, &a.Owner, &due, &status, &about, &a.About.ID, &a.About.School, &a.About.Name,
		&created, &updated, &closed, &thenMetric, &thenMonth, &thenValue, &a.Then.Text, &a.Then.Hidden,
		&a.Product.Name, &a.Product.AnnualCost, &a.Product.Licences, &renewal, &share, &a.Product.InUseHidden)
	if err != nil {
		return a, err
	}
	a.Status, a.About.Kind = district.ActionStatus(status), district.Subject(about)
	a.Then.Value = thenValue.Float64
	a.Product.InUse, a.Product.InUseShown = share.Float64, share.Valid
	if a.Product.Name != "" {
		a.Product.ID = a.About.ID
	}
	if a.Then.Month, err = parseDate(thenMonth); err != nil {
		return a, err
	}
	if !a.Then.Month.IsZero() {
		a.Then.Metric, a.Then.School, a.Then.Label = thenMetric, a.About.School, a.About.Name
	}
	for _, t := range []struct {
		dst  *time.Time
		text string
		date bool
	}{{&a.Due, due, true}, {&a.Product.Renewal, renewal, true}, {&a.Created, created, false}, {&a.Updated, updated, false}, {&a.Closed, closed, false}} {
		if t.date {
			*t.dst, err = parseDate(t.text)
		} else {
			*t.dst, err = parseOptionalTime(t.text)
		}
		if err != nil {
			return a, err
		}
	}
	return a, nil
}

// SetActionStatus marks action id open, done or dropped at time at. It
// returns the action as it now stands, or an error matching
// district.ErrNotFound when there is no such action.
func (c *Cache) SetActionStatus(ctx context.Context, id int64, status district.ActionStatus, at time.Time) (district.Action, error) {
	var a district.Action
	err := c.inTx(ctx, fmt.Sprintf("marking action %d %s", id, status), func(tx *sql.Tx) error {
		var err error
		a, err = scanAction(tx.QueryRowContext(ctx, "SELECT id, "+actionColumns+" FROM actions WHERE id = ?", id))
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("there is no action %d: %w", id, district.ErrNotFound)
		}
		if err != nil {
			return err
		}
		a.Status, a.Updated, a.Closed = status, at, time.Time{}
		if status != district.ActionOpen {
			a.Closed = at
		}
		if err := a.Validate(); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "UPDATE actions SET status = ?, updated = ?, closed = ? WHERE id = ?", string(status), timeText(at), optionalTime(a.Closed), id)
		return err
	})
	return a, err
}
