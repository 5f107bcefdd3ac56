package schoolmatch

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
)

// Found is one of a source's schools as a sync found it.
type Found struct {
	// ID is the school's identifier in the source.
	ID   string
	Name string
	// Parent is the ID of the found school or building it lies inside;
	// "" for none.
	Parent string
}

// maxDepth bounds how far up a chain of parents a school is followed, so
// a loop in a source's data cannot hang a sync.
const maxDepth = 32

// Resolver maps one sync's schools to Cabinet's, inside the sync's write.
type Resolver struct {
	w       *cache.Writer
	own     bool
	from    string            // the source whose schools are Cabinet's
	schools []district.School // theirs; nil when own
	hand    map[string]cache.SchoolMapping
}

// NewResolver reads what a sync of w's source maps its schools to: the
// schools of the best-ranked other source that supplies them, and the
// choices made by hand. supplies says the source supplies schools itself;
// then, unless another source's schools rank before its own, its own
// schools are Cabinet's.
func NewResolver(w *cache.Writer, supplies bool) (*Resolver, error) {
	other, ok, err := w.OtherSchools()
	if err != nil {
		return nil, err
	}
	r := &Resolver{w: w, hand: map[string]cache.SchoolMapping{}}
	switch {
	case supplies && (!ok || w.Source().Rank(cache.DatasetSchools) < other.Rank):
		r.own = true
	case ok:
		r.from, r.schools = other.Source, other.Schools
	}
	rows, err := w.SchoolMappings()
	if err != nil {
		return nil, err
	}
	for _, m := range rows {
		if m.How == cache.ByHand {
			r.hand[m.ID] = m
		}
	}
	return r, nil
}

// Own reports whether the source's own schools are Cabinet's.
func (r *Resolver) Own() bool { return r.own }

// Fingerprint sums up what the mapping rests on besides the source's own
// listing: whose schools are Cabinet's, what they are, and the choices
// made by hand. A source that skips a sync when its system reports no
// change compares it with the last sync's, since a new Cabinet school or
// a choice made by hand changes where its counts belong.
func (r *Resolver) Fingerprint() string {
	h := sha256.New()
	fmt.Fprintf(h, "v1 own=%t from=%q\n", r.own, r.from)
	for _, s := range r.schools {
		fmt.Fprintf(h, "school %q %q\n", s.ID, s.Name)
	}
	ids := make([]string, 0, len(r.hand))
	for id := range r.hand {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		fmt.Fprintf(h, "hand %q %q\n", id, r.hand[id].School)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// Mapping is where each of a sync's schools counts.
type Mapping struct {
	source  string
	own     bool
	schools []district.School
	to      map[string]string // found id → Cabinet school; "" for none
	root    map[string]string // unmatched found id → the unmatched school it is reported under
	// unmatched are the schools reported as matching none.
	unmatched []cache.SchoolMapping
}

type result struct {
	school  string
	how     cache.How
	ignored bool
}

// Resolve maps the schools a sync found and records the result in the
// cache's school map, with the sync's data. A school chosen by hand
// counts as chosen; otherwise one whose name matches a Cabinet school's
// is that school, and one inside a building (a Snipe-IT room) counts as
// the building does. Rooms that count as their building are not recorded,
// since a room's name may be anything, a teacher's included.
func (r *Resolver) Resolve(found []Found) (*Mapping, error) {
	byID := make(map[string]Found, len(found))
	for _, f := range found {
		byID[f.ID] = f
	}
	valid := map[string]bool{}
	var matcher *Matcher
	if r.own {
		for _, f := range found {
			if _, chosen := r.hand[f.ID]; !chosen {
				valid[f.ID] = true
			}
		}
	} else {
		for _, s := range r.schools {
			valid[s.ID] = true
		}
		matcher = NewMatcher(r.schools)
	}
	results := make(map[string]result, len(found))
	var resolve func(id string, depth int) result
	resolve = func(id string, depth int) result {
		if v, ok := results[id]; ok {
			return v
		}
		f := byID[id]
		v := result{how: cache.Unmatched}
		if h, chosen := r.hand[id]; chosen {
			v = result{how: cache.ByHand, ignored: h.School == ""}
			if valid[h.School] {
				v.school = h.School
			}
		} else if r.own {
			v = result{school: id, how: cache.BySource}
		} else if s, ok := matcher.Match(f.Name); ok {
			v = result{school: s, how: cache.ByName}
		} else if _, ok := byID[f.Parent]; ok && depth < maxDepth {
			if p := resolve(f.Parent, depth+1); p.school != "" || p.ignored {
				v = result{school: p.school, how: cache.ByParent, ignored: p.ignored}
			}
		}
		results[id] = v
		return v
	}
	m := &Mapping{source: r.w.Source().Name, own: r.own, schools: r.schools, to: make(map[string]string, len(found)), root: map[string]string{}}
	var rows []cache.SchoolMapping
	for _, f := range found {
		if _, done := m.to[f.ID]; done {
			continue
		}
		v := resolve(f.ID, 0)
		m.to[f.ID] = v.school
		row := cache.SchoolMapping{Source: m.source, ID: f.ID, Name: f.Name, School: v.school, How: v.how}
		switch {
		case v.how == cache.ByParent:
			continue
		case v.how == cache.ByHand:
			row.School = r.hand[f.ID].School
		}
		if v.school == "" && !v.ignored {
			root := r.unmatchedRoot(f.ID, byID, results)
			m.root[f.ID] = root
			if root != f.ID {
				continue
			}
			m.unmatched = append(m.unmatched, row)
		}
		rows = append(rows, row)
	}
	if err := r.w.SaveSchoolMappings(rows); err != nil {
		return nil, err
	}
	return m, nil
}

// unmatchedRoot is the outermost unmatched school that id lies inside:
// a room of a building that matches nothing is reported as the building.
func (r *Resolver) unmatchedRoot(id string, byID map[string]Found, results map[string]result) string {
	for range maxDepth {
		p, ok := byID[byID[id].Parent]
		if !ok || p.ID == id {
			break
		}
		if v := results[p.ID]; v.school != "" || v.ignored || v.how != cache.Unmatched {
			break
		}
		id = p.ID
	}
	return id
}

// School returns the Cabinet school a found school counts as; "" when it
// counts only toward the district.
func (m *Mapping) School(id string) string { return m.to[id] }

// Own reports whether the source's own schools are Cabinet's.
func (m *Mapping) Own() bool { return m.own }

// Unmatched lists the found schools that match none of Cabinet's and are
// not set aside by hand, by name.
func (m *Mapping) Unmatched() []cache.SchoolMapping {
	out := slices.Clone(m.unmatched)
	slices.SortFunc(out, func(a, b cache.SchoolMapping) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// namesShown is how many schools a note names before "and N more".
const namesShown = 5

// Note says in a sentence or two which schools match none of Cabinet's,
// with what they hold, and how to map them: "Locations that match none of
// Cabinet's schools, so their devices count only toward the district:
// Warehouse (300) and Bus Depot (12). Map them in Settings or with
// 'cabinet source map fleet'." held counts what each found school holds;
// places and items name them in the plural ("locations", "devices"). It
// is "" when everything that holds anything is mapped.
func (m *Mapping) Note(held map[string]int, places, items string) string {
	total := map[string]int{}
	holds := false
	for id, n := range held {
		holds = holds || n > 0
		if root, ok := m.root[id]; ok {
			total[root] += n
		}
		if _, known := m.to[id]; !known {
			total[""] += n
		}
	}
	if !m.own && len(m.schools) == 0 {
		if !holds {
			return ""
		}
		return fmt.Sprintf("No source supplies Cabinet's schools yet, so the %s count only toward the district; add a OneRoster or Summary API source to see them by school.", items)
	}
	var names []string
	for _, u := range m.Unmatched() {
		if n := total[u.ID]; n > 0 {
			names = append(names, fmt.Sprintf("%s (%s)", u.Name, district.Thousands(float64(n))))
		}
	}
	var b strings.Builder
	if len(names) > 0 {
		shown := names[:min(len(names), namesShown)]
		if more := len(names) - len(shown); more > 0 {
			shown = append(shown, fmt.Sprintf("%d more", more))
		}
		fmt.Fprintf(&b, "%s that match none of Cabinet's schools, so their %s count only toward the district: %s. Map them in Settings or with 'cabinet source map %s'.",
			capital(places), items, listText(shown), m.source)
	}
	if n := total[""]; n > 0 {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%s that name %s the source does not list count only toward the district: %s.", capital(items), strings.TrimSuffix(places, "s"), district.Thousands(float64(n)))
	}
	return b.String()
}

func capital(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

// listText joins words as a sentence does: "a, b and c".
func listText(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}
