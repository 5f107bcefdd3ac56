package cache

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/cabinetapp/cabinet/district"
)

// SaveMeeting stores a meeting's record, replacing the record of the same
// date in one transaction: the last packet exported for a meeting is the
// one the board got.
func (c *Cache) SaveMeeting(ctx context.Context, m district.Meeting) error {
	if err := m.Validate(); err != nil {
		return fmt.Errorf("recording the meeting: %w", err)
	}
	return c.inTx(ctx, "recording the meeting of "+m.Day.Format(district.DayName), func(tx *sql.Tx) error {
		return putMeeting(ctx, tx, m)
	})
}

func putMeeting(ctx context.Context, tx *sql.Tx, m district.Meeting) error {
	day := dateText(m.Day)
	if _, err := tx.ExecContext(ctx, "DELETE FROM meetings WHERE day = ?", day); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO meetings (day, deck, district, recorded, how, threshold) VALUES (?, ?, ?, ?, ?, ?)",
		day, m.Deck, m.District, timeText(m.Recorded), string(m.How), m.Threshold); err != nil {
		return err
	}
	slide, err := tx.PrepareContext(ctx, `INSERT INTO meeting_slides (day, position, kind, panel, headline, takeaway, shows, as_of, source)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer slide.Close()
	fig, err := tx.PrepareContext(ctx, `INSERT INTO meeting_figures (day, slide, seq, metric, school, across, product, month, so_far, label, value, n, shown, hidden, source, synced)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer fig.Close()
	for i, s := range m.Slides {
		if _, err := slide.ExecContext(ctx, day, i, string(s.Kind), s.Panel, s.Headline, s.Takeaway, s.Shows, dateText(s.AsOf), s.Source); err != nil {
			return fmt.Errorf("slide %d: %w", i+1, err)
		}
		for j, f := range s.Figures {
			var value any = f.Value
			if f.Hidden {
				value = nil
			}
			if _, err := fig.ExecContext(ctx, day, i, j, f.Metric, f.School, f.Across, f.Product, dateText(f.Month), f.SoFar,
				f.Label, value, f.N, f.Text, f.Hidden, f.Source, optionalTime(f.Synced)); err != nil {
				return fmt.Errorf("slide %d, figure %d: %w", i+1, j+1, err)
			}
		}
	}
	for _, p := range m.Products {
		if _, err := tx.ExecContext(ctx, `INSERT INTO meeting_products (day, product, name, annual_cost, licences, renewal, in_use, in_use_hidden)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, day, p.ID, p.Name, p.AnnualCost, p.Licences, dateText(p.Renewal), inUse(p), p.InUseHidden); err != nil {
			return fmt.Errorf("product %s: %w", p.ID, err)
		}
	}
	for _, s := range m.Sources {
		if _, err := tx.ExecContext(ctx, `INSERT INTO meeting_sources (day, source, kind, last_good, failing, failed_at, problem)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, day, s.Name, s.Kind, optionalTime(s.LastGood), s.Failing, optionalTime(s.FailedAt), s.Problem); err != nil {
			return fmt.Errorf("source %s: %w", s.Name, err)
		}
	}
	return nil
}

// inUse is a product's share of licences in use as stored: NULL when it
// was not shown.
func inUse(p district.ProductTerms) any {
	if !p.InUseShown {
		return nil
	}
	return p.InUse
}

// optionalTime writes a time the way the cache stores times, or "" for none.
func optionalTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return timeText(t)
}

func parseOptionalTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.RFC3339, s)
}

// MeetingEntry is a meeting as a list shows it: its record without the
// slides, and how much the record holds.
type MeetingEntry struct {
	district.Meeting
	Slides, Figures, Hidden int
}

// Meetings lists the recorded meetings, oldest first.
func (c *Cache) Meetings(ctx context.Context) ([]MeetingEntry, error) {
	rows, err := c.read.QueryContext(ctx, `SELECT m.day, m.deck, m.district, m.recorded, m.how, m.threshold,
			(SELECT count(*) FROM meeting_slides AS s WHERE s.day = m.day),
			(SELECT count(*) FROM meeting_figures AS f WHERE f.day = m.day),
			(SELECT count(*) FROM meeting_figures AS f WHERE f.day = m.day AND f.hidden)
		FROM meetings AS m ORDER BY m.day`)
	if err != nil {
		return nil, fmt.Errorf("listing the meetings: %w", err)
	}
	defer rows.Close()
	var out []MeetingEntry
	for rows.Next() {
		var e MeetingEntry
		if err := scanMeeting(rows, &e.Meeting, &e.Slides, &e.Figures, &e.Hidden); err != nil {
			return nil, fmt.Errorf("listing the meetings: %w", err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("listing the meetings: %w", err)
	}
	return out, nil
}

func scanMeeting(row interface{ Scan(...any) error }, m *district.Meeting, more ...any) error {
	var day, recorded, how string
	if err := row.Scan(append([]any{&day, &m.Deck, &m.District, &recorded, &how, &m.Threshold}, more...)...); err != nil {
		return err
	}
	m.How = district.MeetingHow(how)
	var err error
	if m.Day, err = parseDate(day); err != nil {
		return err
	}
	m.Recorded, err = time.Parse(time.RFC3339, recorded)
	return err
}

// Meeting reads the record of the meeting on day; an error matching
// district.ErrNotFound when there is none.
func (c *Cache) Meeting(ctx context.Context, day time.Time) (district.Meeting, error) {
	return c.meeting(ctx, "SELECT day, deck, district, recorded, how, threshold FROM meetings WHERE day = ?", dateText(district.Day(day)))
}

// MeetingBefore reads the record of the newest meeting dated before day:
// the last meeting, for the one on day. ok is false when there is none.
func (c *Cache) MeetingBefore(ctx context.Context, day time.Time) (district.Meeting, bool, error) {
	m, err := c.meeting(ctx, "SELECT day, deck, district, recorded, how, threshold FROM meetings WHERE day < ? ORDER BY day DESC LIMIT 1", dateText(district.Day(day)))
	if errors.Is(err, district.ErrNotFound) {
		return m, false, nil
	}
	return m, err == nil, err
}

func (c *Cache) meeting(ctx context.Context, q string, day string) (district.Meeting, error) {
	var m district.Meeting
	// One read transaction, so a record replaced meanwhile is read whole
	// or not at all.
	tx, err := c.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return m, fmt.Errorf("reading a meeting's record: %w", err)
	}
	defer tx.Rollback()
	err = scanMeeting(tx.QueryRowContext(ctx, q, day), &m)
	if errors.Is(err, sql.ErrNoRows) {
		return m, fmt.Errorf("no meeting is recorded for %s: %w", day, district.ErrNotFound)
	}
	if err != nil {
		return m, fmt.Errorf("reading a meeting's record: %w", err)
	}
	if err := readMeeting(ctx, tx, &m); err != nil {
		return m, fmt.Errorf("reading the record of the meeting of %s: %w", m.Day.Format(district.DayName), err)
	}
	return m, nil
}

// readMeeting reads a meeting's slides, figures, products and sources.
func readMeeting(ctx context.Context, tx *sql.Tx, m *district.Meeting) error {
	day := dateText(m.Day)
	rows, err := tx.QueryContext(ctx, "SELECT kind, panel, headline, takeaway, shows, as_of, source FROM meeting_slides WHERE day = ? ORDER BY position", day)
	if err != nil {
		return err
	}
	for rows.Next() {
		var s district.MeetingSlide
		var kind, asOf string
		if err := rows.Scan(&kind, &s.Panel, &s.Headline, &s.Takeaway, &s.Shows, &asOf, &s.Source); err != nil {
			rows.Close()
			return err
		}
		s.Kind = district.SlideKind(kind)
		if s.AsOf, err = parseDate(asOf); err != nil {
			rows.Close()
			return err
		}
		m.Slides = append(m.Slides, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if rows, err = tx.QueryContext(ctx, `SELECT slide, metric, school, across, product, month, so_far, label, value, n, shown, hidden, source, synced
		FROM meeting_figures WHERE day = ? ORDER BY slide, seq`, day); err != nil {
		return err
	}
	for rows.Next() {
		var f district.Figure
		var slide int
		var month, synced string
		var value sql.NullFloat64
		if err := rows.Scan(&slide, &f.Metric, &f.School, &f.Across, &f.Product, &month, &f.SoFar, &f.Label, &value, &f.N, &f.Text, &f.Hidden, &f.Source, &synced); err != nil {
			rows.Close()
			return err
		}
		f.Value = value.Float64
		if f.Month, err = parseDate(month); err == nil {
			f.Synced, err = parseOptionalTime(synced)
		}
		if err != nil || slide < 0 || slide >= len(m.Slides) {
			rows.Close()
			return fmt.Errorf("a figure of slide %d cannot be read: %v", slide+1, err)
		}
		m.Slides[slide].Figures = append(m.Slides[slide].Figures, f)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if rows, err = tx.QueryContext(ctx, "SELECT product, name, annual_cost, licences, renewal, in_use, in_use_hidden FROM meeting_products WHERE day = ? ORDER BY product", day); err != nil {
		return err
	}
	for rows.Next() {
		var p district.ProductTerms
		var renewal string
		var share sql.NullFloat64
		if err := rows.Scan(&p.ID, &p.Name, &p.AnnualCost, &p.Licences, &renewal, &share, &p.InUseHidden); err != nil {
			rows.Close()
			return err
		}
		p.InUse, p.InUseShown = share.Float64, share.Valid
		if p.Renewal, err = parseDate(renewal); err != nil {
			rows.Close()
			return err
		}
		m.Products = append(m.Products, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if rows, err = tx.QueryContext(ctx, "SELECT source, kind, last_good, failing, failed_at, problem FROM meeting_sources WHERE day = ? ORDER BY source", day); err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var s district.SourceHealth
		var good, failed string
		if err := rows.Scan(&s.Name, &s.Kind, &good, &s.Failing, &failed, &s.Problem); err != nil {
			return err
		}
		if s.LastGood, err = parseOptionalTime(good); err == nil {
			s.FailedAt, err = parseOptionalTime(failed)
		}
		if err != nil {
			return err
		}
		m.Sources = append(m.Sources, s)
	}
	return rows.Err()
}

// DeleteMeeting removes the record of the meeting on day, such as a
// rehearsal's. It returns district.ErrNotFound when there is none.
func (c *Cache) DeleteMeeting(ctx context.Context, day time.Time) error {
	res, err := c.write.ExecContext(ctx, "DELETE FROM meetings WHERE day = ?", dateText(district.Day(day)))
	if err == nil {
		err = mustAffect(res)
	}
	if err != nil {
		return fmt.Errorf("removing the record of the meeting of %s: %w", day.Format(district.DayName), err)
	}
	return nil
}

// SourceHealth says how each source that holds data stands: its last good
// sync, and whether its last sync failed.
func (c *Cache) SourceHealth(ctx context.Context) ([]district.SourceHealth, error) {
	var out []district.SourceHealth
	for _, s := range c.SyncStates() {
		h := district.SourceHealth{Name: s.Name, Kind: s.Kind, LastGood: s.SyncedAt}
		last, found, err := c.LastRun(ctx, s.Name)
		if err != nil {
			return nil, err
		}
		if found && last.Outcome == OutcomeFailed {
			h.Failing, h.FailedAt, h.Problem = true, last.Finished, cutRunes(last.Message, maxProblem)
		}
		out = append(out, h)
	}
	return out, nil
}

// maxProblem is how much of a failing sync's message a meeting keeps.
const maxProblem = 200

// cutRunes cuts s to at most n characters, ending in "…" when cut.
func cutRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
