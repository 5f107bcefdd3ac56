package cache

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/cabinetapp/cabinet/district"
)

// ErrNameTaken is returned when creating or renaming a deck under the name
// of another.
var ErrNameTaken = errors.New("name taken")

// DeckNames lists the saved decks' names in alphabetical order.
func (c *Cache) DeckNames(ctx context.Context) ([]string, error) {
	names, err := column[string](c.read.QueryContext(ctx, "SELECT name FROM decks ORDER BY name COLLATE NOCASE"))
	if err != nil {
		return nil, fmt.Errorf("listing decks: %w", err)
	}
	return names, nil
}

// Deck reads a saved deck by name, ignoring case, in one read transaction:
// its slides are those of its version. It returns district.ErrNotFound when
// no deck has the name.
func (c *Cache) Deck(ctx context.Context, name string) (district.Deck, error) {
	tx, err := c.read.BeginTx(ctx, nil)
	if err != nil {
		return district.Deck{}, fmt.Errorf("reading deck %q: %w", name, err)
	}
	defer tx.Rollback()
	d, _, err := readDeck(ctx, tx, name)
	return d, err
}

// readDeck reads a deck and its slides through q, and its row id.
func readDeck(ctx context.Context, q querier, name string) (district.Deck, int64, error) {
	d := district.Deck{}
	var id int64
	var updated string
	err := q.QueryRowContext(ctx, "SELECT id, name, updated, version FROM decks WHERE name = ?", name).Scan(&id, &d.Name, &updated, &d.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return d, 0, fmt.Errorf("reading deck %q: %w", name, district.ErrNotFound)
	}
	if err != nil {
		return d, 0, fmt.Errorf("reading deck %q: %w", name, err)
	}
	d.Updated, _ = time.Parse(time.RFC3339, updated)
	rows, err := q.QueryContext(ctx, `SELECT kind, panel, tiles, school, period, fiscal_year, product, headline, takeaway, notes
		FROM slides WHERE deck = ? ORDER BY position`, id)
	if err != nil {
		return d, 0, fmt.Errorf("reading the slides of deck %q: %w", name, err)
	}
	defer rows.Close()
	for rows.Next() {
		var s district.Slide
		var kind, tiles, period string
		if err := rows.Scan(&kind, &s.Panel, &tiles, &s.School, &period, &s.Period.FiscalYear, &s.Product, &s.Headline, &s.Takeaway, &s.Notes); err != nil {
			return d, 0, fmt.Errorf("reading the slides of deck %q: %w", name, err)
		}
		s.Kind, s.Tiles = district.SlideKind(kind), district.Domain(tiles)
		k, ok := district.PeriodKindNamed(period)
		if !ok {
			return d, 0, fmt.Errorf("reading the slides of deck %q: unknown period %q", name, period)
		}
		s.Period.Kind = k
		d.Slides = append(d.Slides, s)
	}
	if err := rows.Err(); err != nil {
		return d, 0, fmt.Errorf("reading the slides of deck %q: %w", name, err)
	}
	return d, id, nil
}

// CreateDeck saves a new deck. It returns ErrNameTaken when a deck has the
// name already, ignoring case.
func (c *Cache) CreateDeck(ctx context.Context, d district.Deck) error {
	if err := d.Validate(); err != nil {
		return fmt.Errorf("saving the deck: %w", err)
	}
	return c.inTx(ctx, fmt.Sprintf("saving deck %q", d.Name), func(tx *sql.Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, "INSERT INTO decks (name, updated, version) VALUES (?, ?, 1) ON CONFLICT (name) DO NOTHING RETURNING id",
			d.Name, timeText(c.Now())).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("there is already a deck called %q: %w", d.Name, ErrNameTaken)
		}
		if err != nil {
			return err
		}
		return writeSlides(ctx, tx, id, d.Slides)
	})
}

// EditDeck makes one change to a saved deck in one transaction: it reads
// the deck, checks that it is still the version the editor read, applies
// edit and writes the deck back as the next version, which it returns.
//
// version is the Version of the deck the editor read: 0 for a deck not yet
// saved, district.AnyVersion to apply the edit whatever changed. A deck
// changed since is refused with an error matching district.ErrConflict.
// A deck not saved yet starts as base and is saved with its first change;
// with a nil base, the error matches district.ErrNotFound. When edit fails,
// or leaves the deck invalid, nothing is written.
func (c *Cache) EditDeck(ctx context.Context, name string, version int64, base *district.Deck, edit func(*district.Deck) error) (district.Deck, error) {
	var out district.Deck
	err := c.inTx(ctx, fmt.Sprintf("changing deck %q", name), func(tx *sql.Tx) error {
		d, id, err := readDeck(ctx, tx, name)
		switch {
		case errors.Is(err, district.ErrNotFound) && version > 0:
			return errDeletedSince{}
		case errors.Is(err, district.ErrNotFound) && base != nil:
			d = *base
			d.Slides = slices.Clone(base.Slides)
			// Version 0 until this edit makes it version 1.
			if err := tx.QueryRowContext(ctx, "INSERT INTO decks (name, updated, version) VALUES (?, ?, 0) RETURNING id", d.Name, timeText(c.Now())).Scan(&id); err != nil {
				return err
			}
		case err != nil:
			return err
		case version != district.AnyVersion && version != d.Version:
			return district.ErrConflict
		}
		if err := edit(&d); err != nil {
			return err
		}
		if err := d.Validate(); err != nil {
			return err
		}
		d.Updated = c.Now().UTC().Truncate(time.Second)
		if err := tx.QueryRowContext(ctx, "UPDATE decks SET updated = ?, version = version + 1 WHERE id = ? RETURNING version",
			timeText(d.Updated), id).Scan(&d.Version); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM slides WHERE deck = ?", id); err != nil {
			return err
		}
		if err := writeSlides(ctx, tx, id, d.Slides); err != nil {
			return err
		}
		out = d
		return nil
	})
	return out, err
}

// errDeletedSince refuses an edit of a deck deleted after the editor read
// it; it matches district.ErrNotFound.
type errDeletedSince struct{}

func (errDeletedSince) Error() string {
	return "it was deleted in another window or program after it was opened, so this change was not saved"
}

func (errDeletedSince) Is(target error) bool { return target == district.ErrNotFound }

// writeSlides writes a deck's slides in order.
func writeSlides(ctx context.Context, tx *sql.Tx, deck int64, slides []district.Slide) error {
	for i, s := range slides {
		_, err := tx.ExecContext(ctx, `INSERT INTO slides (deck, position, kind, panel, tiles, school, period, fiscal_year, product, headline, takeaway, notes)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			deck, i, string(s.Kind), s.Panel, string(s.Tiles), s.School, s.Period.Kind.Name(), s.Period.FiscalYear, s.Product, s.Headline, s.Takeaway, s.Notes)
		if err != nil {
			return fmt.Errorf("slide %d: %w", i+1, err)
		}
	}
	return nil
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
		res, err := tx.ExecContext(ctx, "UPDATE decks SET name = ?, updated = ?, version = version + 1 WHERE name = ?", to, timeText(c.Now()), from)
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
