package cache

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// A sync is staged before it is applied: the rows a source sends go into a
// staging file of their own (the live tables' schema, without the data of
// anyone else) on a connection of its own, while the network is slow and
// the live cache stays free for deck saves and other processes. Only when
// the whole sync has arrived and passed every check does the writer
// connection attach the staging file and apply it in one short
// transaction. A killed sync leaves at most a staging file behind, never a
// change to the live data.

// stagePrefix starts the name of every staging file in the data folder.
const stagePrefix = FileName + ".staging-"

// staleStage is the age past which a staging file is taken to be left by
// a sync that was killed: longer than any sync may run.
const staleStage = 24 * time.Hour

// stagedTables are the live tables a sync stages, in the order they are applied.
var stagedTables = []string{"profile", "schools", "metrics", "observations", "budget_lines", "products", "product_usage", "school_map"}

// stage is one sync's staging file.
type stage struct {
	path string
	db   *sql.DB
}

// newStage creates a staging file beside the cache with the schema of the
// staged tables as the live cache has them, so every constraint the live
// data would enforce is checked while staging.
func (c *Cache) newStage(ctx context.Context) (*stage, error) {
	dir := filepath.Dir(c.path)
	removeStaleStages(dir)
	f, err := os.CreateTemp(dir, stagePrefix+"*")
	if err != nil {
		return nil, fmt.Errorf("creating a staging file: %w", err)
	}
	f.Close()
	s := &stage{path: f.Name()}
	// Nothing here needs to survive a crash: the journal stays in memory
	// (so a failed statement still rolls back) and nothing is synced.
	pragmas := url.Values{}
	for _, p := range []string{"journal_mode(MEMORY)", "synchronous(OFF)", "temp_store(MEMORY)", "cache_size(-32768)"} {
		pragmas.Add("_pragma", p)
	}
	s.db, err = sql.Open("sqlite", dsn(s.path, pragmas))
	if err != nil {
		s.remove()
		return nil, fmt.Errorf("opening the staging file: %w", err)
	}
	s.db.SetMaxOpenConns(1)
	if err := s.create(ctx, c.read); err != nil {
		s.remove()
		return nil, fmt.Errorf("preparing the staging file: %w", err)
	}
	return s, nil
}

func (s *stage) create(ctx context.Context, live querier) error {
	var names []string
	var args []any
	for _, t := range stagedTables {
		names, args = append(names, "?"), append(args, t)
	}
	// The live tables' own statements: the apply then copies like for like.
	schema, err := column[string](live.QueryContext(ctx, "SELECT sql FROM sqlite_schema WHERE type = 'table' AND tbl_name IN ("+strings.Join(names, ",")+")", args...))
	if err != nil {
		return err
	}
	for _, q := range append(schema, stagedDeletes...) {
		if _, err := s.db.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

// remove closes and deletes the staging file.
func (s *stage) remove() {
	if s.db != nil {
		s.db.Close()
	}
	for _, suffix := range []string{"", "-journal"} {
		os.Remove(s.path + suffix)
	}
}

// removeStaleStages deletes staging files that syncs killed long ago left
// behind. Newer ones may belong to a sync still running in another process.
func removeStaleStages(dir string) {
	old, _ := filepath.Glob(filepath.Join(dir, stagePrefix+"*"))
	for _, p := range old {
		if st, err := os.Stat(p); err == nil && time.Since(st.ModTime()) > staleStage {
			os.Remove(p)
		}
	}
}

// apply attaches the staged sync to the writer connection and applies it
// in one transaction: what the sync clears goes first, then its rows, then
// the bookkeeping of what the source now covers.
func (c *Cache) apply(ctx context.Context, w *Writer) error {
	conn, err := c.write.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "ATTACH DATABASE ? AS stage", w.stage.path); err != nil {
		return err
	}
	// A detach that fails leaves the file attached to a pooled connection
	// until it closes; the next sync attaches under the same name and says so.
	defer conn.ExecContext(context.WithoutCancel(ctx), "DETACH DATABASE stage")
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	a := applier{ctx: ctx, tx: tx, w: w}
	if err := a.run(); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// applier applies one staged sync inside the live transaction.
type applier struct {
	ctx context.Context
	tx  *sql.Tx
	w   *Writer
}

func (a *applier) exec(what, q string, args ...any) error {
	if _, err := a.tx.ExecContext(a.ctx, q, append([]any{a.w.src.Name}, args...)...); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

func (a *applier) run() error {
	w := a.w
	if w.src.Kind != DemoKind {
		// The demo district goes first: its rows are not in the way of the
		// copy, which is then often into empty tables.
		if err := dropKind(a.ctx, a.tx, DemoKind); err != nil {
			return err
		}
	}
	if err := a.settle(); err != nil {
		return err
	}
	check, err := a.guard()
	if err != nil {
		return err
	}
	cleared := w.cleared
	if w.mode == Replace {
		cleared = sourceTables
	}
	for _, t := range cleared {
		if err := a.exec("clearing "+t, "DELETE FROM main."+t+" WHERE "+sourceIs(t)); err != nil {
			return err
		}
	}
	for _, m := range w.months {
		if err := a.exec("clearing a month", "DELETE FROM main.observations WHERE "+sourceIs("observations")+" AND period = ?2", m); err != nil {
			return err
		}
	}
	for table, key := range figures {
		cols := strings.Join(key, ", ")
		if err := a.exec("deleting from "+table, "DELETE FROM main."+table+" WHERE "+sourceIs(table)+" AND ("+cols+") IN (SELECT "+cols+" FROM stage.deleted_"+table+")"); err != nil {
			return err
		}
	}
	if w.mappings {
		if err := a.exec("updating the school map", "DELETE FROM main.school_map WHERE source = ?1 AND how <> ?2", string(ByHand)); err != nil {
			return err
		}
	}
	for _, t := range stagedTables {
		// Staged rows replace live ones with the same key, as the upserts
		// of an incremental sync would; a mapping made by hand keeps its
		// choice.
		verb := "INSERT OR REPLACE"
		if w.mode == Replace || slices.Contains(cleared, t) {
			verb = "INSERT" // nothing of the source is left to replace: SQLite may copy pages whole
		}
		if _, ok := figures[t]; ok {
			if err := a.copyFigures(t, verb); err != nil {
				return fmt.Errorf("copying %s: %w", t, err)
			}
			continue
		}
		q := verb + " INTO main." + t + " SELECT * FROM stage." + t
		if t == "school_map" {
			q = "INSERT INTO main.school_map SELECT * FROM stage.school_map WHERE true ON CONFLICT DO UPDATE SET name = excluded.name, seen = excluded.seen"
		}
		if _, err := a.tx.ExecContext(a.ctx, q); err != nil {
			return fmt.Errorf("copying %s: %w", t, err)
		}
	}
	if err := check(); err != nil {
		return err
	}
	if err := a.sum(cleared); err != nil {
		return err
	}
	return a.finish()
}

// finish records when the source synced and where it got to, and what it
// now covers of every dataset it held or was sent.
func (a *applier) finish() error {
	w := a.w
	now := timeText(w.now())
	err := a.exec("recording the sync", `INSERT INTO sources (name, kind, priority, synced_at) VALUES (?1, ?2, ?3, ?4)
		ON CONFLICT DO UPDATE SET kind = excluded.kind, priority = excluded.priority, synced_at = excluded.synced_at`,
		w.src.Kind, w.src.Priority, now)
	if err != nil {
		return err
	}
	if w.cursor != nil {
		if err := a.exec("recording where the sync ended", "UPDATE sources SET cursor = ?2 WHERE name = ?1", *w.cursor); err != nil {
			return err
		}
	}
	if w.state != nil {
		if err := a.exec("recording the sync state", "UPDATE sources SET state = ?2 WHERE name = ?1", *w.state); err != nil {
			return err
		}
	}
	held, err := column[string](a.tx.QueryContext(a.ctx, "SELECT dataset FROM coverage WHERE source = ?", w.src.Name))
	if err != nil {
		return fmt.Errorf("reading what %s held: %w", w.src.Name, err)
	}
	for _, d := range held {
		w.touched[d] = true
	}
	for dataset := range w.touched {
		if err := a.cover(dataset); err != nil {
			return fmt.Errorf("recording what %s holds of %s: %w", w.src.Name, dataset, err)
		}
	}
	return nil
}

// cover recomputes the months a dataset of this source spans; the queries
// read only index ends, so this stays cheap at any size.
func (a *applier) cover(dataset string) error {
	w := a.w
	var q string
	args := []any{w.src.Name}
	months := true // the bounds are stored months, not text
	switch {
	case strings.HasPrefix(dataset, "metric:"):
		q = `SELECT (SELECT min(period) FROM main.observations WHERE source = ` + sourceKey + ` AND metric = m.id),
			(SELECT max(period) FROM main.observations WHERE source = ` + sourceKey + ` AND metric = m.id)
			FROM (SELECT (SELECT id FROM main.metric_keys WHERE name = ?2) AS id) AS m`
		args = append(args, strings.TrimPrefix(dataset, "metric:"))
	case dataset == "usage":
		q = `SELECT (SELECT min(period) FROM main.product_usage WHERE source = ` + sourceKey + `), (SELECT max(period) FROM main.product_usage WHERE source = ` + sourceKey + `)`
	case dataset == "budget":
		q, months = `SELECT (SELECT min(fiscal_year) || '' FROM main.budget_lines WHERE source = ?1), (SELECT max(fiscal_year) || '' FROM main.budget_lines WHERE source = ?1)`, false
	default:
		table, ok := map[string]string{"profile": "profile", "schools": "schools", "metrics": "metrics", "products": "products"}[dataset]
		if !ok {
			return errors.New("unknown dataset")
		}
		q, months = `SELECT CASE WHEN EXISTS (SELECT 1 FROM main.`+table+` WHERE source = ?1) THEN '' END, ''`, false
	}
	var first, last sql.NullString
	if months {
		var from, to sql.NullInt64
		if err := a.tx.QueryRowContext(a.ctx, q, args...).Scan(&from, &to); err != nil {
			return err
		}
		first = sql.NullString{String: monthText(from.Int64), Valid: from.Valid}
		last = sql.NullString{String: monthText(to.Int64), Valid: to.Valid}
	} else if err := a.tx.QueryRowContext(a.ctx, q, args...).Scan(&first, &last); err != nil {
		return err
	}
	if !first.Valid {
		_, err := a.tx.ExecContext(a.ctx, "DELETE FROM coverage WHERE dataset = ? AND source = ?", dataset, w.src.Name)
		return err
	}
	var rank any
	if _, ok := w.src.Ranks[dataset]; ok {
		rank = w.src.Rank(dataset)
	}
	_, err := a.tx.ExecContext(a.ctx, `INSERT INTO coverage (dataset, source, first_period, last_period, priority) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT DO UPDATE SET first_period = excluded.first_period, last_period = excluded.last_period, priority = excluded.priority`,
		dataset, w.src.Name, first.String, last.String, rank)
	return err
}
