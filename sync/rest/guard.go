package rest

import (
	"fmt"
	"hash/maphash"
)

// Limits cap what Cabinet reads from one listing (one collection of one
// source), whatever the server says: a total or page count a server
// declares is a hint, checked against these and against what arrives.
type Limits struct {
	// MaxPages is the most pages read from one listing.
	MaxPages int64
	// MaxItems is the most items read from one listing, and the largest
	// total a server may declare.
	MaxItems int64
}

// DefaultLimits are generous: above the largest US district's ten years of
// monthly figures (about 13 million observations). A source's max_pages
// and max_items settings raise them.
var DefaultLimits = Limits{MaxPages: 100_000, MaxItems: 20_000_000}

// Guard watches one listing as its pages arrive, in order, and ends it with
// an error naming the listing and the page when it stops making sense: a
// record it already gave, a cursor or next link already followed, more
// items than the server declared by a wide margin, or more pages or items
// than the limits.
type Guard struct {
	path    string
	limits  Limits
	total   int64 // the first total declared; -1 until one is
	pages   int64
	items   int64
	seed    maphash.Seed
	keys    map[uint64]struct{}
	cursors map[string]struct{}
}

// NewGuard watches the listing at path within limits; zero limits take
// DefaultLimits.
func NewGuard(path string, limits Limits) *Guard {
	if limits.MaxPages <= 0 {
		limits.MaxPages = DefaultLimits.MaxPages
	}
	if limits.MaxItems <= 0 {
		limits.MaxItems = DefaultLimits.MaxItems
	}
	return &Guard{path: path, limits: limits, total: -1, seed: maphash.MakeSeed(), keys: map[uint64]struct{}{}, cursors: map[string]struct{}{}}
}

// Guard watches a listing at path within the client's limits.
func (c *Client) Guard(path string) *Guard { return NewGuard(path, c.cfg.Limits) }

// Page counts page n, which held items and declared total (-1 for none).
func (g *Guard) Page(n int, total int64, items int) error {
	g.pages++
	g.items += int64(items)
	switch {
	case total > g.limits.MaxItems:
		return fmt.Errorf("%s page %d: the server says the listing holds %d items, more than the %d Cabinet reads from one listing; if that is right, raise max_items in the source's settings", g.path, n, total, g.limits.MaxItems)
	case g.total < 0 && total >= 0:
		g.total = total
	}
	switch {
	case g.total >= 0 && g.items > g.total+max(g.total, 1000):
		return fmt.Errorf("%s page %d: the server has sent %d items of a listing it said holds %d, so it would not end", g.path, n, g.items, g.total)
	case g.items > g.limits.MaxItems:
		return fmt.Errorf("%s page %d: the listing ran past %d items, the most Cabinet reads from one listing; if the source really holds more, raise max_items in its settings", g.path, n, g.limits.MaxItems)
	case g.pages > g.limits.MaxPages:
		return fmt.Errorf("%s page %d: the listing ran past %d pages, the most Cabinet reads from one listing; if the source really holds more, raise max_pages in its settings", g.path, n, g.limits.MaxPages)
	}
	return nil
}

// Pages checks a number of pages the server's total implies, before any
// is fetched.
func (g *Guard) Pages(pages int64) error {
	if pages > g.limits.MaxPages {
		return fmt.Errorf("%s: the server's total needs %d pages, more than the %d Cabinet reads from one listing; if that is right, raise max_pages in the source's settings", g.path, pages, g.limits.MaxPages)
	}
	return nil
}

// Key checks that the record key on page n has not come before. A record
// without a key ("") cannot be checked.
func (g *Guard) Key(n int, key string) error {
	if key == "" {
		return nil
	}
	h := maphash.String(g.seed, key)
	if _, ok := g.keys[h]; ok {
		return fmt.Errorf("%s page %d: the server sent the record %q again, which an earlier page held, so the listing would never end", g.path, n, Echo(key))
	}
	g.keys[h] = struct{}{}
	return nil
}

// Follow checks that the cursor or next link page n gave has not been
// followed before, and notes it as followed.
func (g *Guard) Follow(n int, cursor string) error {
	if _, ok := g.cursors[cursor]; ok {
		return fmt.Errorf("%s page %d: the server pointed back to a page Cabinet had already read, so the listing would never end", g.path, n)
	}
	g.cursors[cursor] = struct{}{}
	return nil
}
