package server

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"slices"
	"sync"
	"time"

	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/sync/summaryapi/wire"
)

// Store serves a Dataset together with the changes made to it while the
// server runs. Every change gets the next version number, so a client's
// cursor says which changes it has seen and the next sync lists only the
// rest, deletions included.
type Store struct {
	base Dataset
	// epoch names this data in this process: cursors and ETags from
	// another epoch (another dataset, or a restart that lost the changes)
	// are refused, and the client lists everything again.
	epoch string

	mu       sync.RWMutex
	version  int64
	versions map[string]int64 // path → version of its last change
	metrics  map[string]district.Metric
	obs      overlay[wire.ObservationKey, district.Observation]
	usage    overlay[wire.UsageKey, district.ProductUsage]
}

// NewStore serves base, unchanged until the Store's methods change it.
func NewStore(base Dataset) *Store {
	nonce := make([]byte, 4)
	rand.Read(nonce)
	s := &Store{
		base:     base,
		epoch:    base.Epoch() + "-" + hex.EncodeToString(nonce),
		versions: map[string]int64{},
		metrics:  map[string]district.Metric{},
		obs:      overlay[wire.ObservationKey, district.Observation]{compare: compareObs},
		usage:    overlay[wire.UsageKey, district.ProductUsage]{compare: compareUsage},
	}
	for _, m := range base.Metrics() {
		s.metrics[m.ID] = m
	}
	return s
}

// metric looks up a metric the data may refer to.
func (s *Store) metric(id string) (district.Metric, bool) {
	m, ok := s.metrics[id]
	if !ok {
		m, ok = district.Lookup(id)
	}
	return m, ok
}

// ETag is the validator of a collection: it changes whenever the
// collection does.
func (s *Store) ETag(path string) string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.etagLocked(path)
}

// etagLocked is ETag for a caller that holds s.mu.
func (s *Store) etagLocked(path string) string {
	return fmt.Sprintf(`"%s.%d"`, s.epoch, s.versions[path])
}

func (s *Store) bump(path string) {
	s.version++
	s.versions[path] = s.version
}

// PutObservation adds or changes an observation.
func (s *Store) PutObservation(o district.Observation) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.metric(o.Metric)
	if !ok {
		return fmt.Errorf("unknown metric %q", o.Metric)
	}
	if err := m.CheckObservation(o); err != nil {
		return err
	}
	s.bump(wire.PathObservations)
	s.obs.set(obsKey(o), change[district.Observation]{v: o, version: s.version})
	return nil
}

// DeleteObservation removes an observation.
func (s *Store) DeleteObservation(metric, school string, period time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := district.Observation{Metric: metric, School: school, Period: district.Month(period)}
	s.bump(wire.PathObservations)
	s.obs.set(obsKey(o), change[district.Observation]{v: o, deleted: true, version: s.version})
}

// PutUsage adds or changes a month of a product's use.
func (s *Store) PutUsage(u district.ProductUsage) error {
	if err := u.Validate(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.bump(wire.PathUsage)
	s.usage.set(usageKey(u), change[district.ProductUsage]{v: u, version: s.version})
	return nil
}

// change is an item as changed while the server runs.
type change[V any] struct {
	v       V
	deleted bool
	version int64
}

// overlay holds the changes to a paged collection, with their keys in order.
type overlay[K comparable, V any] struct {
	m       map[K]change[V]
	keys    []K
	compare func(a, b K) int
}

func (o *overlay[K, V]) set(k K, c change[V]) {
	if o.m == nil {
		o.m = map[K]change[V]{}
	}
	if _, ok := o.m[k]; !ok {
		i, _ := slices.BinarySearchFunc(o.keys, k, o.compare)
		o.keys = slices.Insert(o.keys, i, k)
	}
	o.m[k] = c
}

// after returns the overlay's keys past k.
func (o *overlay[K, V]) after(k K) []K {
	i, found := slices.BinarySearchFunc(o.keys, k, o.compare)
	if found {
		i++
	}
	return o.keys[i:]
}

// cursor is districtd's cursor, opaque to clients. A listing is either
// everything (Full) or the changes after version Since; Upto is the
// version when the listing began, which the last page hands back as the
// next sync's Since. After is the key of the last item sent. From
// PostgreSQL (postgres_feed.go) the versions are change versions, Since
// is inclusive, After starts with the last item's version, and Tag is the
// newest version the listing's ETag names.
type cursor struct {
	Epoch string   `json:"e"`
	Full  bool     `json:"f,omitempty"`
	Since int64    `json:"s,omitempty"`
	Upto  int64    `json:"u,omitempty"`
	Tag   int64    `json:"t,omitempty"`
	After []string `json:"a,omitempty"`
}

var errBadCursor = errors.New("the cursor is not one this server gave out")

// errGone says a cursor belongs to other data: list everything again.
var errGone = errors.New("the cursor belongs to data this server no longer has; start again without a cursor")

func (s *Store) parseCursor(text string) (cursor, error) {
	if text == "" {
		return cursor{Epoch: s.epoch, Full: true}, nil
	}
	c, err := decodeCursor(text, 3)
	if err == nil && c.Epoch != s.epoch {
		err = errGone
	}
	return c, err
}

// decodeCursor reads a cursor whose After key, if any, has keyLen parts.
func decodeCursor(text string, keyLen int) (cursor, error) {
	b, err := base64.RawURLEncoding.DecodeString(text)
	if err != nil {
		return cursor{}, errBadCursor
	}
	var c cursor
	if json.Unmarshal(b, &c) != nil || (c.After != nil && len(c.After) != keyLen) {
		return cursor{}, errBadCursor
	}
	return c, nil
}

func (c cursor) String() string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

// listing is one page of a paged collection.
type listing[V any] struct {
	items []change[V]
	next  cursor
	more  bool
	total int64
}

// list pages through a paged collection: for a full listing the base data
// merged with the changes (which win), otherwise only the changes after
// c.Since.
func list[K comparable, V any](s *Store, ov *overlay[K, V], base func(K) iter.Seq[V], baseCount int64, key func(V) K, fromKey func([]string) K, toKey func(K) []string, c cursor, limit int) listing[V] {
	var after K
	if c.After != nil {
		after = fromKey(c.After)
	} else {
		c.Upto = s.version
	}
	var out listing[V]
	if c.After == nil {
		if c.Full {
			out.total = baseCount + int64(len(ov.keys))
		} else {
			for _, k := range ov.keys {
				if ov.m[k].version > c.Since {
					out.total++
				}
			}
		}
	}
	add := func(ch change[V]) bool {
		if len(out.items) == limit {
			out.more = true
			return false
		}
		out.items = append(out.items, ch)
		return true
	}
	changed := ov.after(after)
	if !c.Full {
		for _, k := range changed {
			if ch := ov.m[k]; ch.version > c.Since && !add(ch) {
				break
			}
		}
	} else {
		// take sends the changes up to k (all of them when k is nil) and
		// reports whether k itself was replaced by one.
		take := func(k *K) (replaced, ok bool) {
			for len(changed) > 0 && (k == nil || ov.compare(changed[0], *k) <= 0) {
				ch := ov.m[changed[0]]
				replaced = k != nil && ov.compare(changed[0], *k) == 0
				changed = changed[1:]
				if !ch.deleted && !add(ch) {
					return replaced, false
				}
			}
			return replaced, true
		}
		for v := range base(after) {
			replaced := false
			if len(changed) > 0 {
				k := key(v)
				var ok bool
				if replaced, ok = take(&k); !ok {
					break
				}
			}
			if !replaced && !add(change[V]{v: v}) {
				break
			}
		}
		if !out.more {
			take(nil)
		}
	}
	if out.more {
		out.next = cursor{Epoch: s.epoch, Full: c.Full, Since: c.Since, Upto: c.Upto, After: toKey(key(out.items[len(out.items)-1].v))}
	} else {
		out.next = cursor{Epoch: s.epoch, Since: c.Upto}
	}
	return out
}
