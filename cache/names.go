package cache

import (
	"fmt"
	"hash/maphash"

	"github.com/cabinetapp/cabinet/district"
)

// MaxNames is the most different names one sync of one source may send:
// schools, locations, queues, products, categories. Far more than a
// district has; a server that sends more (a name of its own on every
// ticket) would otherwise fill memory and the cache.
const MaxNames = 20_000

// maxDescription is the most characters of a metric's description kept.
const maxDescription = 1000

// ErrTooManyNames fails a sync whose source sent more than MaxNames
// different names.
var ErrTooManyNames = fmt.Errorf("the source sent more than %s different names (of schools, locations, queues, products or categories) in one sync, more than a district has, so nothing of it was kept", district.Thousands(MaxNames))

// names counts the different names one write has kept.
type names struct {
	seed maphash.Seed
	seen map[uint64]struct{}
}

// Name is a name the source sent as the cache keeps it: whatever of the
// source's credential it holds redacted, then tamed and cut to
// district.MaxName characters, in that order, so that no credential is cut
// in two and half of it kept. Connectors that gather names before writing
// them (a help desk's queues) take each through Name as it arrives, so a
// source that sends too many fails the sync early, with ErrTooManyNames.
func (w *Writer) Name(s string) (string, error) {
	n := district.Name(w.redact(s))
	if n == "" {
		return "", nil
	}
	if w.names.seen == nil {
		w.names = names{seed: maphash.MakeSeed(), seen: map[uint64]struct{}{}}
	}
	h := maphash.String(w.names.seed, n)
	if _, ok := w.names.seen[h]; !ok {
		if len(w.names.seen) >= MaxNames {
			return "", ErrTooManyNames
		}
		w.names.seen[h] = struct{}{}
	}
	return n, nil
}

// redact takes the source's credential out of text it sent.
func (w *Writer) redact(s string) string {
	if w.src.Redact == nil {
		return s
	}
	return w.src.Redact(s)
}

// nameAll takes each of the names through Name in place.
func (w *Writer) nameAll(names ...*string) error {
	for _, p := range names {
		if *p == "" {
			continue
		}
		n, err := w.Name(*p)
		if err != nil {
			return err
		}
		*p = n
	}
	return nil
}

// description is a metric's description as the cache keeps it.
func (w *Writer) description(s string) string {
	return district.Tame(w.redact(s), maxDescription)
}
