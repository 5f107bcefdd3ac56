package cache

import (
	"context"
	"fmt"
	"math"
	"sync"
	"sync/atomic"
	"time"
)

// The figures are keyed by numbers: each measure, school and product is
// numbered once, in a dictionary table of the file (schema 10), and months
// are integers. A dictionary only grows: a name keeps its id for as long
// as the file lives. So one copy of it in memory serves every read, of the
// file as it stands or as a read transaction saw it earlier, and is read
// again only when a read meets a name or an id it does not hold yet.

// kind is one of the dictionaries.
type kind int

const (
	metricKeys kind = iota
	schoolKeys
	productKeys
	sourceKeys
	kinds
)

// keyTables are the dictionaries' tables, by kind.
var keyTables = [kinds]string{"metric_keys", "school_keys", "product_keys", "source_keys"}

// districtKey is the whole district's school id.
const districtKey = 0

// dictionary is one dictionary as read at one moment.
type dictionary struct {
	names []string // by id; "" where no name has the id
	ids   map[string]int64
}

// name is the name of an id, and whether the dictionary holds it.
func (d *dictionary) name(id int64) (string, bool) {
	if id < 0 || id >= int64(len(d.names)) {
		return "", false
	}
	n := d.names[id]
	if have, ok := d.ids[n]; !ok || have != id {
		return "", false // a gap, not the district's ""
	}
	return n, true
}

// next is the id after the highest the dictionary holds.
func (d *dictionary) next() int64 { return int64(len(d.names)) }

// keyring holds the cache's dictionaries, each read when first needed and
// again when a read meets what it does not hold.
type keyring struct {
	q     querier // the pool of read-only connections
	mu    sync.Mutex
	dicts [kinds]atomic.Pointer[dictionary]
}

// get returns a dictionary, reading it the first time.
func (k *keyring) get(ctx context.Context, which kind) (*dictionary, error) {
	if d := k.dicts[which].Load(); d != nil {
		return d, nil
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if d := k.dicts[which].Load(); d != nil {
		return d, nil
	}
	return k.read(ctx, which)
}

// reload reads a dictionary again: a read met a name or an id its copy
// does not hold.
func (k *keyring) reload(ctx context.Context, which kind) (*dictionary, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.read(ctx, which)
}

func (k *keyring) read(ctx context.Context, which kind) (*dictionary, error) {
	rows, err := k.q.QueryContext(ctx, "SELECT id, name FROM "+keyTables[which]+" ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("reading the cache's %s: %w", keyTables[which], err)
	}
	defer rows.Close()
	d := &dictionary{ids: map[string]int64{}}
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, fmt.Errorf("reading the cache's %s: %w", keyTables[which], err)
		}
		if id < 0 || id > math.MaxInt32 {
			return nil, fmt.Errorf("reading the cache's %s: id %d is out of range", keyTables[which], id)
		}
		for int64(len(d.names)) <= id {
			d.names = append(d.names, "")
		}
		d.names[id], d.ids[name] = name, id
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading the cache's %s: %w", keyTables[which], err)
	}
	k.dicts[which].Store(d)
	return d, nil
}

// id returns a name's id; ok is false when the file holds no such name,
// and so no figure of it.
func (k *keyring) id(ctx context.Context, which kind, name string) (id int64, ok bool, err error) {
	if which == schoolKeys && name == "" {
		return districtKey, true, nil
	}
	d, err := k.get(ctx, which)
	if err != nil {
		return 0, false, err
	}
	if id, ok := d.ids[name]; ok {
		return id, true, nil
	}
	// Another write may have added it since.
	if d, err = k.reload(ctx, which); err != nil {
		return 0, false, err
	}
	id, ok = d.ids[name]
	return id, ok, nil
}

// names returns the names of ids, in their order. The rows that hold the
// ids were written with their names, so an id the copy lacks is one
// written since it was read.
func (k *keyring) names(ctx context.Context, which kind, ids []int64) ([]string, error) {
	d, err := k.get(ctx, which)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(ids))
	for i, id := range ids {
		n, ok := d.name(id)
		if !ok {
			if d, err = k.reload(ctx, which); err != nil {
				return nil, err
			}
			if n, ok = d.name(id); !ok {
				return nil, fmt.Errorf("the cache's %s holds no id %d", keyTables[which], id)
			}
		}
		out[i] = n
	}
	return out, nil
}

// monthOf is a month as the cache stores it: year * 12 + month - 1.
func monthOf(t time.Time) int64 {
	t = t.UTC()
	return int64(t.Year())*12 + int64(t.Month()) - 1
}

// monthTime is the first day of a stored month.
func monthTime(m int64) time.Time {
	y, mo := m/12, m%12
	if mo < 0 {
		y, mo = y-1, mo+12
	}
	return time.Date(int(y), time.Month(mo+1), 1, 0, 0, 0, 0, time.UTC)
}

// monthText is a stored month the way the cache writes dates.
func monthText(m int64) string { return dateText(monthTime(m)) }

// noMonth is before every month: the bound of the zero time.
const noMonth = math.MinInt64

// monthBound is the first month whose first day falls on or after t's
// date (in UTC): a month m is on or after t when m >= monthBound(t), and
// before t when m < monthBound(t). The zero time comes before every month.
func monthBound(t time.Time) int64 {
	if t.IsZero() {
		return noMonth
	}
	m := monthOf(t)
	if t.UTC().Day() > 1 {
		m++
	}
	return m
}
