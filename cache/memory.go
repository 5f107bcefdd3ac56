package cache

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/cabinetapp/cabinet/district"
)

// Memory is every meeting record and action a cache holds: what moves to
// another laptop.
type Memory struct {
	Meetings []district.Meeting
	Actions  []district.Action
}

// Memory reads every meeting record, oldest first, and every action.
func (c *Cache) Memory(ctx context.Context) (Memory, error) {
	var mem Memory
	list, err := c.Meetings(ctx)
	if err != nil {
		return mem, err
	}
	for _, e := range list {
		m, err := c.Meeting(ctx, e.Day)
		if err != nil {
			return mem, err
		}
		mem.Meetings = append(mem.Meetings, m)
	}
	mem.Actions, err = c.Actions(ctx)
	return mem, err
}

// Imported says what Import did.
type Imported struct {
	// Meetings and Actions count the records added or replaced; Same
	// counts those this cache held already, as they are; Kept those it
	// kept because its own were made later.
	Meetings, Actions int
	Same              int
	KeptMeetings      []time.Time
	KeptActions       int
}

// Import adds meeting records and actions from another cache, all or
// nothing. A meeting this cache also holds is replaced only by a record
// made later (the last packet is the one the board got), and an action it
// also holds (by key) only by a later change: importing loses nothing, and
// importing a file twice changes nothing the second time.
func (c *Cache) Import(ctx context.Context, mem Memory) (Imported, error) {
	var done Imported
	for _, m := range mem.Meetings {
		if err := m.Validate(); err != nil {
			return done, fmt.Errorf("importing: %w", err)
		}
	}
	for i, a := range mem.Actions {
		if a.Key == "" {
			return done, fmt.Errorf("importing: action %d has no key", i+1)
		}
		if err := a.Validate(); err != nil {
			return done, fmt.Errorf("importing action %d: %w", i+1, err)
		}
	}
	err := c.inTx(ctx, "importing meetings and actions", func(tx *sql.Tx) error {
		for _, m := range mem.Meetings {
			var recorded string
			err := tx.QueryRowContext(ctx, "SELECT recorded FROM meetings WHERE day = ?", dateText(m.Day)).Scan(&recorded)
			switch {
			case errors.Is(err, sql.ErrNoRows):
			case err != nil:
				return err
			default:
				ours, err := time.Parse(time.RFC3339, recorded)
				switch {
				case err == nil && ours.After(m.Recorded):
					done.KeptMeetings = append(done.KeptMeetings, m.Day)
					continue
				case err == nil && ours.Equal(m.Recorded):
					done.Same++
					continue
				}
			}
			if err := putMeeting(ctx, tx, m); err != nil {
				return fmt.Errorf("the meeting of %s: %w", m.Day.Format(district.DayName), err)
			}
			done.Meetings++
		}
		for _, a := range mem.Actions {
			var updated string
			err := tx.QueryRowContext(ctx, "SELECT updated FROM actions WHERE key = ?", a.Key).Scan(&updated)
			switch {
			case errors.Is(err, sql.ErrNoRows):
			case err != nil:
				return err
			default:
				ours, err := time.Parse(time.RFC3339, updated)
				switch {
				case err == nil && ours.After(a.Updated):
					done.KeptActions++
					continue
				case err == nil && ours.Equal(a.Updated):
					done.Same++
					continue
				}
			}
			if _, err := putAction(ctx, tx, a); err != nil {
				return fmt.Errorf("the action %q: %w", a.Text, err)
			}
			done.Actions++
		}
		return nil
	})
	if err != nil {
		return Imported{}, err
	}
	return done, nil
}
