package cache

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/cabinetapp/cabinet/district"
)

// ErrNameTaken is returned when renaming a deck to the name of another.
var ErrNameTaken = errors.New("name taken")

// periodNames are the stored names of period kinds: words rather than the
// kinds' numbers, so the file reads plainly and a reordered enum cannot
// change what a stored slide shows.
var periodNames = map[district.PeriodKind]string{
	district.FiscalYearPeriod: "fiscal_year",
	district.Last12Months:     "last_12_months",
	district.AllHistory:       "all_history",
}

func periodKind(name string) (district.PeriodKind, bool) {
	for k, n := range periodNames {
		if n == name {
			return k, true
		}
	}
	return 0, false
}

// DeckNames lists the saved decks' names in alphabetical order.
func (c *Cache) DeckNames(ctx context.Context) ([]string, error) {
	names, err := column[string](c.read.QueryContext(ctx, "SELECT name FROM decks ORDER BY name COLLATE NOCASE"))
	if err != nil {
		return nil, fmt.Errorf("listing decks: %w", err)
	}
	return names, nil
}

// Deck reads a saved deck by name, ignoring case. It returns district.ErrNotFound
// when no deck has the name.
func (c *Cache) Deck(ctx context.Context, name string) (district.Deck, error) {
	d := district.Deck{}
	var id int64
	var updated string
	err := c.read.QueryRowContext(ctx, "SELECT id, name, updated FROM decks WHERE name = ?", name).Scan(&id, &d.Name, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return d, fmt.Errorf("reading deck %q: %w", name, district.ErrNotFound)
	}
	if err != nil {
		return d, fmt.Errorf("reading deck %q: %w", name, err)
	}
	d.Updated, _ = time.Parse(time.RFC3339, updated)
	rows, err := c.read.QueryContext(ctx, `SELECT kind, panel, tiles, school, period, fiscal_year, product, headline, takeaway, notes
		FROM slides WHERE deck = ? ORDER BY position`, id)
	if err != nil {
		return d, fmt.Errorf("reading the slides of deck %q: %w", name, err)
	}
	defer rows.Close()
	for rows.Next() {
		var s district.Slide
		var kind, tiles, period string
		if err := rows.Scan(&kind, &s.Panel, &tiles, &s.School, &period, &s.Period.FiscalYear, &s.Product, &s.Headline, &s.Takeaway, &s.Notes); err != nil {
			return d, fmt.Errorf("reading the slides of deck %q: %w", name, err)
		}
		s.Kind, s.Tiles = district.SlideKind(kind), district.Domain(tiles)
		k, ok := periodKind(period)
		if !ok {
			return d, fmt.Errorf("reading the slides of deck %q: unknown period %q", name, period)
		}
		s.Period.Kind = k
		d.Slides = append(d.Slides, s)
	}
	if err := rows.Err(); err != nil {
		return d, fmt.Errorf("reading the slides of deck %q: %w", name, err)
	}
	return d, nil
}

// SaveDeck writes a deck under its name, replacing the saved deck of that
// name (ignoring case) and its slides in one transaction.
func (c *Cache) SaveDeck(ctx context.Context, d district.Deck) error {
	if err := d.Validate(); err != nil {
		return fmt.Errorf("saving the deck: %w", err)
	}
	return c.inTx(ctx, fmt.Sprintf("saving deck %q", d.Name), func(tx *sql.Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO decks (name, updated) VALUES (?, ?)
			ON CONFLICT (name) DO UPDATE SET name = excluded.name, updated = excluded.updated RETURNING id`,
			d.Name, timeText(c.Now())).Scan(&id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM slides WHERE deck = ?", id); err != nil {
			return err
		}
		for i, s := range d.Slides {
			_, err := tx.ExecContext(ctx, `INSERT INTO slides (deck, position, kind, panel, tiles, school, period, fiscal_year, product, headline, takeaway, notes)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				id, i, string(s.Kind), s.Panel, string(s.Tiles), s.School, periodNames[s.Period.Kind], s.Period.FiscalYear, s.Product, s.Headline, s.Takeaway, s.Notes)
			if err != nil {
				return fmt.Errorf("slide %d: %w", i+1, err)
			}
		}
		return nil
	})
}

// RenameDeck gives a saved deck a new name. It returns district.ErrNotFound when no
// deck is called from, and ErrNameTaken when another deck is called to.
func (c *Cache) RenameDeck(ctx context.Context, from, to string) error {
	if err := (district.Deck{Name: to}).Validate(); err != nil {
		return fmt.Errorf("renaming deck %q: %w", from, err)
	}
	return c.inTx(ctx, fmt.Sprintf("renaming deck %q", from), func(tx *sql.Tx) error {
		var taken int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM decks WHERE name = ? AND name <> ?", to, from).Scan(&taken); err != nil {
			return err
		}
		if taken > 0 {
			return fmt.Errorf("there is already a deck called %q: %w", to, ErrNameTaken)
		}
		res, err := tx.ExecContext(ctx, "UPDATE decks SET name = ?, updated = ? WHERE name = ?", to, timeText(c.Now()), from)
		if err != nil {
			return err
		}
		return mustAffect(res)
	})
}

// DeleteDeck deletes a saved deck and its slides. It returns district.ErrNotFound
// when no deck has the name.
func (c *Cache) DeleteDeck(ctx context.Context, name string) error {
	res, err := c.write.ExecContext(ctx, "DELETE FROM decks WHERE name = ?", name)
	if err != nil {
		return fmt.Errorf("deleting deck %q: %w", name, err)
	}
	if err := mustAffect(res); err != nil {
		return fmt.Errorf("deleting deck %q: %w", name, err)
	}
	return nil
}

// inTx runs fn in a write transaction, saying what was being done if it fails.
func (c *Cache) inTx(ctx context.Context, doing string, fn func(*sql.Tx) error) error {
	tx, err := c.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("%s: %w", doing, err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return fmt.Errorf("%s: %w", doing, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%s: %w", doing, err)
	}
	return nil
}

// mustAffect turns an update or delete that matched no row into district.ErrNotFound.
func mustAffect(res sql.Result) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return district.ErrNotFound
	}
	return nil
}
