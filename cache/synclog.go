package cache

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Outcomes of a sync run.
const (
	OutcomeOK        = "ok"
	OutcomeUnchanged = "unchanged"
	OutcomeFailed    = "failed"
	OutcomeCancelled = "cancelled"
)

// Run is one sync of one source, as the sync log records it.
type Run struct {
	Source   string
	Started  time.Time
	Finished time.Time
	Outcome  string
	Records  int
	Bytes    int64
	// Message is the error in plain words; it never holds a secret.
	Message string
}

// LogRun records a sync run. It is written on its own, outside the sync's
// transaction, so failed runs are recorded too.
func (c *Cache) LogRun(ctx context.Context, r Run) error {
	_, err := c.write.ExecContext(ctx, `INSERT INTO sync_log (source, started, finished, outcome, records, bytes, message) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		r.Source, timeText(r.Started), timeText(r.Finished), r.Outcome, r.Records, r.Bytes, r.Message)
	if err != nil {
		return fmt.Errorf("recording the sync of %s: %w", r.Source, err)
	}
	return nil
}

// runs reads up to limit of a source's runs with one of the outcomes (any
// outcome when none is given), newest first.
func (c *Cache) runs(ctx context.Context, source string, outcomes []string, limit int) ([]Run, error) {
	q := "SELECT source, started, finished, outcome, records, bytes, message FROM sync_log WHERE source = ?"
	args := []any{source}
	if len(outcomes) > 0 {
		q += " AND outcome IN (?" + strings.Repeat(",?", len(outcomes)-1) + ")"
		for _, o := range outcomes {
			args = append(args, o)
		}
	}
	rows, err := c.read.QueryContext(ctx, q+" ORDER BY id DESC LIMIT ?", append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("reading the sync log of %s: %w", source, err)
	}
	defer rows.Close()
	var out []Run
	for rows.Next() {
		var r Run
		var started, finished string
		if err := rows.Scan(&r.Source, &started, &finished, &r.Outcome, &r.Records, &r.Bytes, &r.Message); err != nil {
			return nil, fmt.Errorf("reading the sync log of %s: %w", source, err)
		}
		r.Started, _ = time.Parse(time.RFC3339, started)
		r.Finished, _ = time.Parse(time.RFC3339, finished)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading the sync log of %s: %w", source, err)
	}
	return out, nil
}

// SyncState is what the cache holds for a source between syncs.
type SyncState struct {
	Source
	// SyncedAt is the last successful sync; zero if the source never synced.
	SyncedAt time.Time
	Cursor   string
	State    string
}

// SyncState returns a source's sync position; ok is false for a source that
// has never synced.
func (c *Cache) SyncState(name string) (SyncState, bool) {
	s, ok := c.sourceList().sources[name]
	return SyncState{Source: s.Source, SyncedAt: s.syncedAt, Cursor: s.cursor, State: s.state}, ok
}

// SyncStates lists every source that holds data, by name.
func (c *Cache) SyncStates() []SyncState {
	sources := c.sourceList().sources
	out := make([]SyncState, 0, len(sources))
	for _, s := range sources {
		out = append(out, SyncState{Source: s.Source, SyncedAt: s.syncedAt, Cursor: s.cursor, State: s.state})
	}
	slices.SortFunc(out, func(a, b SyncState) int { return strings.Compare(a.Name, b.Name) })
	return out
}
