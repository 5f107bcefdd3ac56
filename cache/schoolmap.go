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

// How says how a source's school came to count as a Cabinet school.
type How string

// The ways a source's school is mapped.
const (
	// ByName: its name matched a Cabinet school's once normalised.
	ByName How = "name"
	// BySource: the source supplies Cabinet's schools, so it is one.
	BySource How = "source"
	// ByParent: it lies inside another of the source's schools (a room in
	// a building) and counts as that one does.
	ByParent How = "parent"
	// ByHand: a person chose; School "" then means "not a school".
	ByHand How = "hand"
	// Unmatched: nothing matched, so what it holds counts only toward the
	// district's totals until someone maps it.
	Unmatched How = "none"
)

// SchoolMapping is one of a source's schools and the Cabinet school it
// counts as: a row of the settings screen's review.
type SchoolMapping struct {
	Source string
	// ID is the school's identifier in the source: a Snipe-IT location id,
	// a OneRoster org's sourcedId.
	ID string
	// Name is the school's name in the source.
	Name string
	// School is the Cabinet school's id; "" when it counts as none.
	School string
	How    How
	// Seen is when a sync last found the school in the source; zero if
	// none has since it was mapped by hand.
	Seen time.Time
}

// Ignored reports whether a person said the school is not a school (a
// warehouse, the district office), so it is not reported as unmatched.
func (m SchoolMapping) Ignored() bool { return m.How == ByHand && m.School == "" }

// ErrNoMapping is returned for a school a source has not reported.
var ErrNoMapping = errors.New("no such school in the source; 'cabinet source map SOURCE' lists them")

func scanMappings(rows *sql.Rows) ([]SchoolMapping, error) {
	defer rows.Close()
	var out []SchoolMapping
	for rows.Next() {
		var m SchoolMapping
		var how, seen string
		if err := rows.Scan(&m.Source, &m.ID, &m.Name, &m.School, &how, &seen); err != nil {
			return nil, fmt.Errorf("reading the school map: %w", err)
		}
		m.How = How(how)
		m.Seen, _ = time.Parse(time.RFC3339, seen)
		out = append(out, m)
	}
	return out, rows.Err()
}

const mappingColumns = "SELECT source, id, name, school, how, seen FROM school_map"

// SchoolMappings lists a source's schools and the Cabinet schools they
// count as, by name; every source's when source is "". What a sync found
// is there once it has committed; a choice made by hand takes effect in
// the data at the source's next sync.
func (c *Cache) SchoolMappings(ctx context.Context, source string) ([]SchoolMapping, error) {
	q, args := mappingColumns+" ORDER BY source, name, id", []any{}
	if source != "" {
		q, args = mappingColumns+" WHERE source = ? ORDER BY name, id", []any{source}
	}
	rows, err := c.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("reading the school map: %w", err)
	}
	return scanMappings(rows)
}

// SetSchoolMapping says by hand which Cabinet school one of a source's
// schools is; school "" says it is not a school, so what it holds counts
// only toward the district and it is no longer reported. The choice holds
// from the source's next sync on, and no sync overrides it.
func (c *Cache) SetSchoolMapping(ctx context.Context, source, id, school string) error {
	if school != "" {
		schools, _, err := c.Schools(ctx)
		if err != nil {
			return err
		}
		if !hasSchool(schools, school) {
			return fmt.Errorf("%s: %q is not one of Cabinet's schools", source, school)
		}
	}
	return c.updateMapping(ctx, source, id, "UPDATE school_map SET school = ?, how = ? WHERE source = ? AND id = ?", school, string(ByHand), source, id)
}

// ClearSchoolMapping forgets a choice made by hand: the source's next sync
// matches the school again as it would any other, and until then it counts
// as unmatched.
func (c *Cache) ClearSchoolMapping(ctx context.Context, source, id string) error {
	return c.updateMapping(ctx, source, id, "UPDATE school_map SET school = '', how = ? WHERE source = ? AND id = ?", string(Unmatched), source, id)
}

func (c *Cache) updateMapping(ctx context.Context, source, id, q string, args ...any) error {
	res, err := c.write.ExecContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("%s: changing the school map: %w", source, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%s: %q: %w", source, id, ErrNoMapping)
	}
	return nil
}

func hasSchool(schools []district.School, id string) bool {
	for _, s := range schools {
		if s.ID == id {
			return true
		}
	}
	return false
}

// Source is the source the write is for.
func (w *Writer) Source() Source { return w.src }

// Now is the time the write records for the sync: the clock connectors
// date their snapshots by.
func (w *Writer) Now() time.Time { return w.now() }

// SchoolList is one source's schools.
type SchoolList struct {
	Source  string
	Rank    int
	Schools []district.School
}

// OtherSchools returns the schools of the best-ranked other source that
// supplies them, not counting the demo district: the schools a connector
// maps its own to. ok is false when no other source supplies schools.
func (w *Writer) OtherSchools() (list SchoolList, ok bool, err error) {
	err = w.live.QueryRowContext(w.ctx, `SELECT c.source, coalesce(c.priority, s.priority) AS rank
		FROM coverage c JOIN sources s ON s.name = c.source
		WHERE c.dataset = ? AND c.source <> ? AND s.kind <> ?
		ORDER BY rank, c.source LIMIT 1`, DatasetSchools, w.src.Name, DemoKind).Scan(&list.Source, &list.Rank)
	if errors.Is(err, sql.ErrNoRows) {
		return SchoolList{}, false, nil
	}
	if err != nil {
		return SchoolList{}, false, fmt.Errorf("finding Cabinet's schools: %w", err)
	}
	rows, err := w.live.QueryContext(w.ctx, "SELECT id, name, level, enrolment FROM schools WHERE source = ? ORDER BY id", list.Source)
	if err != nil {
		return SchoolList{}, false, fmt.Errorf("reading %s's schools: %w", list.Source, err)
	}
	defer rows.Close()
	for rows.Next() {
		var s district.School
		var level string
		if err := rows.Scan(&s.ID, &s.Name, &level, &s.Enrolment); err != nil {
			return SchoolList{}, false, fmt.Errorf("reading %s's schools: %w", list.Source, err)
		}
		s.Level = district.Level(level)
		list.Schools = append(list.Schools, s)
	}
	return list, true, rows.Err()
}

// SchoolMappings lists the writing source's school map as it stands.
func (w *Writer) SchoolMappings() ([]SchoolMapping, error) {
	rows, err := w.live.QueryContext(w.ctx, mappingColumns+" WHERE source = ? ORDER BY id", w.src.Name)
	if err != nil {
		return nil, fmt.Errorf("reading %s's school map: %w", w.src.Name, err)
	}
	return scanMappings(rows)
}

// SaveSchoolMappings records the schools this sync found and what each
// counts as. Earlier automatic rows go; rows mapped by hand stay, whether
// or not the sync found them.
func (w *Writer) SaveSchoolMappings(found []SchoolMapping) error {
	// What this write saved before goes; the apply drops the automatic
	// rows of the live map.
	if _, err := w.tx.ExecContext(w.ctx, "DELETE FROM school_map"); err != nil {
		return fmt.Errorf("updating %s's school map: %w", w.src.Name, err)
	}
	w.mappings = true
	st, err := w.tx.PrepareContext(w.ctx, `INSERT INTO school_map (source, id, name, school, how, seen) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT DO UPDATE SET name = excluded.name, seen = excluded.seen`)
	if err != nil {
		return fmt.Errorf("updating %s's school map: %w", w.src.Name, err)
	}
	defer st.Close()
	seen := timeText(w.now())
	for _, m := range found {
		if err := w.nameAll(&m.Name); err != nil {
			return err
		}
		if err := district.CheckID("a school of "+w.src.Name, m.ID); err != nil {
			return err
		}
		if _, err := st.ExecContext(w.ctx, w.src.Name, m.ID, m.Name, m.School, string(m.How), seen); err != nil {
			return fmt.Errorf("updating %s's school map, %s: %w", w.src.Name, m.Name, err)
		}
	}
	return nil
}

// ClearMonth deletes the source's observations of one month, within the
// write: a connector that records the present state of a system each month
// replaces the month's figures whole, keeping the months before.
func (w *Writer) ClearMonth(period time.Time) error {
	if err := w.observations.flush(); err != nil {
		return err
	}
	m := monthOf(period)
	if _, err := w.tx.ExecContext(w.ctx, "DELETE FROM observations WHERE period = ?", m); err != nil {
		return fmt.Errorf("clearing %s's %s: %w", w.src.Name, period.Format("January 2006"), err)
	}
	if !slices.Contains(w.months, m) {
		w.months = append(w.months, m)
	}
	return nil
}
