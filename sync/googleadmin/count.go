package googleadmin

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/sync/engine"
	"github.com/cabinetapp/cabinet/sync/schoolmatch"
)

// Bounds on an organizational unit's path as Cabinet keeps it: Google's
// are a few short names deep, and a path is kept in the school map as the
// unit's id, which is a name's length at most.
const (
	maxPath  = district.MaxName
	maxDepth = 32
)

// count is one sync's counting, by organizational unit.
type count struct {
	rules *Rules
	// units holds the devices in service by unit path; "" is the
	// top-level unit, or none.
	units map[string]*Tally
	whole Tally
	// name is a unit's path as the cache keeps a name; it fails once the
	// server has sent too many.
	name func(string) (string, error)
}

func newCount(r *Rules, name func(string) (string, error)) *count {
	return &count{rules: r, units: map[string]*Tally{}, name: name}
}

func (c *count) add(d *Device) error {
	t := c.rules.Count(d)
	c.whole.Add(t)
	if t.InService == 0 {
		return nil
	}
	path, err := c.name(d.OrgUnitPath)
	if err != nil {
		return err
	}
	unit := unitPath(path)
	sum := c.units[unit]
	if sum == nil {
		sum = &Tally{}
		c.units[unit] = sum
	}
	sum.Add(t)
	return nil
}

// unitPath is an organizational unit's path as Cabinet keeps it:
// "/Students/Adams Elementary", tamed, without empty names or a "/" at the
// end, at most maxDepth names deep; "" for the top-level unit.
func unitPath(raw string) string {
	names := strings.FieldsFunc(district.Tame(raw, maxPath), func(r rune) bool { return r == '/' })
	var b strings.Builder
	for _, n := range names[:min(len(names), maxDepth)] {
		if n = strings.TrimSpace(n); n != "" {
			b.WriteString("/" + n)
		}
	}
	return b.String()
}

// found lists the units that hold devices in service, and every unit
// they lie inside, for the school matching: a class's unit inside a
// school's counts with the school.
func (c *count) found() []schoolmatch.Found {
	seen := map[string]bool{}
	var out []schoolmatch.Found
	for unit := range c.units {
		for p := unit; p != "" && !seen[p]; {
			seen[p] = true
			i := strings.LastIndexByte(p, '/')
			out = append(out, schoolmatch.Found{ID: p, Name: p[i+1:], Parent: p[:i]})
			p = p[:i]
		}
	}
	slices.SortFunc(out, func(a, b schoolmatch.Found) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// write maps the units to schools and puts the month's figures.
func (c *count) write(w *cache.Writer, meter *engine.Meter, period time.Time) error {
	r, err := schoolmatch.NewResolver(w, false)
	if err != nil {
		return err
	}
	m, err := r.Resolve(c.found())
	if err != nil {
		return err
	}
	schools := map[string]Tally{}
	held := map[string]int{}
	for unit, t := range c.units {
		if unit == "" {
			continue
		}
		held[unit] += t.InService
		if school := m.School(unit); school != "" {
			sum := schools[school]
			sum.Add(*t)
			schools[school] = sum
		}
	}
	if err := w.ClearMonth(period); err != nil {
		return err
	}
	put := func(obs []district.Observation) error {
		for _, o := range obs {
			if err := w.PutObservation(o); err != nil {
				return fmt.Errorf("writing %s: %w", o.Metric, err)
			}
		}
		return nil
	}
	if err := put(c.whole.Figures(district.WholeDistrict, period, c.whole)); err != nil {
		return err
	}
	for school, t := range schools {
		if err := put(t.Figures(school, period, c.whole)); err != nil {
			return err
		}
	}
	for _, note := range c.notes(m, held) {
		meter.Note(note)
	}
	return nil
}

// notes say what did not count where it might have.
func (c *count) notes(m *schoolmatch.Mapping, held map[string]int) []string {
	n := func(v int) string { return district.Thousands(float64(v)) }
	var out []string
	if note := m.Note(held, "organizational units", "Chromebooks"); note != "" {
		out = append(out, note)
	}
	if top := c.units[""]; top != nil {
		out = append(out, fmt.Sprintf("Chromebooks in the top-level organizational unit count only toward the district: %s.", n(top.InService)))
	}
	w := c.whole
	switch {
	case w.InService > 0 && w.AUEKnown == 0:
		out = append(out, "Google Admin gave no auto-update expiration date for any Chromebook, so none is counted past it or by the year it reaches it.")
	case w.AUEKnown < w.InService:
		out = append(out, fmt.Sprintf("Chromebooks with no auto-update expiration date are not counted past it or by the year they reach it: %s.", n(w.InService-w.AUEKnown)))
	}
	if w.Out > 0 {
		out = append(out, fmt.Sprintf("Devices that are disabled, deprovisioned or not yet enrolled are not counted: %s.", n(w.Out)))
	}
	if w.BadDates > 0 {
		out = append(out, fmt.Sprintf("Dates that could not be read were left out: %s.", n(w.BadDates)))
	}
	return out
}
