package cache

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// A write numbers the names it keys figures by while it stages them,
// without the cache's write lock: a name the file knows takes its id, and
// a name new to it the next id after the highest the file held when the
// write first met a new name. The apply enters the new names into the
// file's dictionaries. Another write may have entered names meanwhile:
// then a name it entered too takes the id it was given there, a name whose
// id another took is given a new one, and the staged rows follow
// (settle). Neither happens unless two writes add names at once.

// newKeys are one dictionary as a write sees it.
type newKeys struct {
	file  *dictionary // as the write read it
	added map[string]int64
	names []string // the names added, numbered from base on
	base  int64
	// fresh is set once the dictionary was read again for the write's
	// first new name, which fixes base.
	fresh bool
}

// key is the id of a name of a dictionary for the rows this write stages.
func (w *Writer) key(which kind, name string) (int64, error) {
	if which == schoolKeys && name == "" {
		return districtKey, nil
	}
	k := &w.keys[which]
	if k.file == nil {
		d, err := w.ring.get(w.ctx, which)
		if err != nil {
			return 0, err
		}
		k.file = d
	}
	if id, ok := k.file.ids[name]; ok {
		return id, nil
	}
	if id, ok := k.added[name]; ok {
		return id, nil
	}
	if !k.fresh {
		// Another process may have added it since the copy was read.
		d, err := w.ring.reload(w.ctx, which)
		if err != nil {
			return 0, err
		}
		k.file, k.fresh, k.base, k.added = d, true, d.next(), map[string]int64{}
		if id, ok := d.ids[name]; ok {
			return id, nil
		}
	}
	// Each new name is a row of the dictionary, kept for good: a source
	// that sends a new school on every row would otherwise grow it without end.
	if w.newNames++; w.newNames > MaxNames {
		return 0, ErrTooManyNames
	}
	id := k.base + int64(len(k.names))
	k.added[name] = id
	k.names = append(k.names, name)
	return id, nil
}

// keyName is the name of an id this write gave a row: to name the row in
// an error.
func (w *Writer) keyName(which kind, id any) string {
	n, _ := id.(int64)
	k := &w.keys[which]
	if k.file != nil {
		if name, ok := k.file.name(n); ok {
			return name
		}
	}
	if i := n - k.base; k.added != nil && i >= 0 && i < int64(len(k.names)) {
		return k.names[i]
	}
	return fmt.Sprint(id)
}

// keyColumns are the staging tables' columns that hold each dictionary's ids.
var keyColumns = [kinds][]string{
	metricKeys:  {"observations.metric", "deleted_observations.metric"},
	schoolKeys:  {"observations.school", "deleted_observations.school", "product_usage.school", "deleted_product_usage.school"},
	productKeys: {"product_usage.product", "deleted_product_usage.product"},
	sourceKeys:  {"observations.source", "product_usage.source"},
}

// settle enters the names this write added into the file's dictionaries,
// and renumbers the staged rows where another write took a name or an id
// first.
func (a *applier) settle() error {
	for which := range kinds {
		k := &a.w.keys[which]
		if len(k.names) == 0 {
			continue
		}
		table := "main." + keyTables[which]
		renumber := map[int64]int64{}
		var taken []int
		for i, name := range k.names {
			id := k.base + int64(i)
			var have int64
			err := a.tx.QueryRowContext(a.ctx, "SELECT id FROM "+table+" WHERE name = ?", name).Scan(&have)
			switch {
			case err == nil:
				if have != id {
					renumber[id] = have
				}
				continue
			case !errors.Is(err, sql.ErrNoRows):
				return fmt.Errorf("numbering %s: %w", keyTables[which], err)
			}
			res, err := a.tx.ExecContext(a.ctx, "INSERT INTO "+table+" (id, name) VALUES (?, ?) ON CONFLICT (id) DO NOTHING", id, name)
			if err != nil {
				return fmt.Errorf("numbering %s: %w", keyTables[which], err)
			}
			if n, err := res.RowsAffected(); err != nil || n == 0 {
				taken = append(taken, i)
			}
		}
		// Numbered after every id entered above.
		for _, i := range taken {
			res, err := a.tx.ExecContext(a.ctx, "INSERT INTO "+table+" (name) VALUES (?)", k.names[i])
			if err != nil {
				return fmt.Errorf("numbering %s: %w", keyTables[which], err)
			}
			if renumber[k.base+int64(i)], err = res.LastInsertId(); err != nil {
				return fmt.Errorf("numbering %s: %w", keyTables[which], err)
			}
		}
		if err := a.renumber(which, renumber); err != nil {
			return fmt.Errorf("numbering %s: %w", keyTables[which], err)
		}
	}
	return nil
}

// renumber changes ids in the staged rows. One id's new number may be
// another's old one, so each goes through its negative first.
func (a *applier) renumber(which kind, ids map[int64]int64) error {
	for _, tc := range keyColumns[which] {
		table, col, _ := strings.Cut(tc, ".")
		for from, to := range ids {
			if _, err := a.tx.ExecContext(a.ctx, "UPDATE stage."+table+" SET "+col+" = ? WHERE "+col+" = ?", -to, from); err != nil {
				return err
			}
		}
		if len(ids) > 0 {
			if _, err := a.tx.ExecContext(a.ctx, "UPDATE stage."+table+" SET "+col+" = -"+col+" WHERE "+col+" < 0"); err != nil {
				return err
			}
		}
	}
	return nil
}
