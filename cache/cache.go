// Package cache keeps the district's summaries in a local SQLite file. It is
// the only code that speaks SQL: it opens and migrates the file, applies a
// source's data in one transaction, answers the typed queries the charts
// need, and records every sync.
//
// One connection writes (transactions begin IMMEDIATE); a small pool of
// read-only connections answers queries, so the UI reads while a sync writes.
package cache

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// FileName is the cache's file name inside the data folder.
const FileName = "cabinet.db"

// busyTimeout is how long, in milliseconds, a connection waits for another
// process's write lock before it gives up.
const busyTimeout = 10000

// Cache is an open cache file.
type Cache struct {
	// reader answers the typed reads, each on its own, from the pool of
	// read-only connections; Read begins a transaction for reads that must
	// agree with each other.
	reader
	path  string
	read  *sql.DB
	write *sql.DB
	// snap holds the connections of read transactions. It is a pool of its
	// own, without a limit: a transaction holds its connection for as long
	// as it lives, and must never leave the other reads waiting.
	snap *sql.DB

	// Recovered is set when Open found an unreadable file and moved it aside.
	Recovered *Recovery

	// Now tells the time recorded for a sync; tests set it to get stable output.
	Now func() time.Time

	// keys are the dictionaries of the names the figures are keyed by,
	// shared by every read and write.
	keys *keyring

	// stale is set when reading the sources back after a write failed.
	stale  atomic.Bool
	list   atomic.Pointer[sourceList]
	listMu sync.Mutex // held while the sources are read and kept
}

// Recovery says what Open did with a file it could not use.
type Recovery struct {
	// MovedTo is where the old file now lies.
	MovedTo string
	// Reason says in plain words what was wrong with it.
	Reason string
}

func (r *Recovery) String() string {
	return fmt.Sprintf("The cache file could not be used (%s). It was kept as %s and Cabinet started with a fresh cache.", r.Reason, r.MovedTo)
}

// Open opens the cache file at path, creating and migrating it as needed. A
// file that is not a readable Cabinet cache, or one written by a newer
// Cabinet, is never overwritten: it is renamed beside the original, a fresh
// cache is created, and Recovered says what happened.
func Open(ctx context.Context, path string) (*Cache, error) {
	if err := private(path); err != nil {
		return nil, err
	}
	c, err := open(ctx, path)
	if err == nil {
		return c, nil
	}
	var unusable *unusableError
	if !errors.As(err, &unusable) {
		return nil, err
	}
	moved, merr := moveAside(path)
	if merr != nil {
		return nil, fmt.Errorf("%s; moving it aside failed: %w", unusable.reason, merr)
	}
	if err := private(path); err != nil {
		return nil, err
	}
	c, err = open(ctx, path)
	if err != nil {
		return nil, err
	}
	c.Recovered = &Recovery{MovedTo: moved, Reason: unusable.reason}
	return c, nil
}

// private makes the cache's folder readable by its user only (0700), and
// the file and its WAL and shared-memory files too (0600): created so, and
// put right when found looser. The figures are aggregates, but a laptop
// has other accounts and backups. SQLite gives the WAL and shared-memory
// files it creates the database file's mode.
func private(path string) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("creating the data folder for %s: %w", path, err)
	}
	if err := tighten(dir, 0o700); err != nil {
		return fmt.Errorf("making the data folder %s private: %w", dir, err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err == nil {
		f.Close()
	} else if !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("creating the cache %s: %w", path, err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := tighten(p, 0o600); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("making the cache %s private: %w", p, err)
		}
	}
	return nil
}

// tighten takes away from a file or folder any permission beyond want.
func tighten(path string, want fs.FileMode) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	if st.Mode().Perm()&^want == 0 {
		return nil
	}
	return os.Chmod(path, st.Mode().Perm()&want)
}

// unusableError marks a file that must be moved aside rather than used.
type unusableError struct{ reason string }

func (e *unusableError) Error() string { return e.reason }

func open(ctx context.Context, path string) (*Cache, error) {
	if err := inspect(ctx, path); err != nil {
		return nil, classify(path, err)
	}
	pragmas := func(extra ...string) url.Values {
		v := url.Values{}
		for _, p := range append([]string{fmt.Sprintf("busy_timeout(%d)", busyTimeout), "journal_mode(WAL)", "synchronous(NORMAL)", "foreign_keys(1)"}, extra...) {
			v.Add("_pragma", p)
		}
		return v
	}
	// The writer's sorter builds a table's indexes after a first sync (see
	// copyFigures) with helper threads: a fifth less time at the largest
	// districts on two cores. The readers' sorts are small; they keep to
	// one thread.
	wp := pragmas(fmt.Sprintf("threads(%d)", min(runtime.NumCPU(), 4)))
	wp.Set("_txlock", "immediate")
	write, err := sql.Open("sqlite", dsn(path, wp))
	if err != nil {
		return nil, fmt.Errorf("opening the cache %s: %w", path, err)
	}
	write.SetMaxOpenConns(1)
	c := &Cache{path: path, write: write, Now: time.Now}
	if err := c.migrate(ctx); err != nil {
		write.Close()
		return nil, classify(path, err)
	}
	rp := pragmas("query_only(1)")
	c.read, err = sql.Open("sqlite", dsn(path, rp))
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("opening the cache %s for reading: %w", path, err)
	}
	c.read.SetMaxOpenConns(4)
	c.keys = &keyring{q: c.read}
	c.reader = reader{q: c.read, list: c.sourceList, keys: c.keys}
	if c.snap, err = sql.Open("sqlite", dsn(path, rp)); err != nil {
		c.Close()
		return nil, fmt.Errorf("opening the cache %s for reading: %w", path, err)
	}
	c.snap.SetMaxIdleConns(1)
	if err := c.loadSources(ctx); err != nil {
		c.Close()
		return nil, classify(path, err)
	}
	return c, nil
}

// dsn is the SQLite URI of the file at path with query parameters. The
// path is escaped: a folder name holding "#", "?" or "%" would otherwise
// cut the name short or be read as part of the query.
func dsn(path string, query url.Values) string {
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(path), RawQuery: query.Encode()}
	switch {
	case !filepath.IsAbs(path):
		u.OmitHost = true // file:data/cabinet.db; file://data/... would name a host
	case !strings.HasPrefix(u.Path, "/"):
		u.Path = "/" + u.Path // a Windows drive: file:///C:/...
	}
	return u.String()
}

// inspect looks at an existing file through a read-only connection with no
// pragmas, so a file that is not ours is refused before anything (such as
// switching it to WAL) writes to it.
func inspect(ctx context.Context, path string) error {
	if st, err := os.Stat(path); err != nil || st.Size() == 0 {
		return nil
	}
	db, err := sql.Open("sqlite", dsn(path, url.Values{"mode": {"ro"}}))
	if err != nil {
		return err
	}
	defer db.Close()
	var version, tables int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return err
	}
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'").Scan(&tables); err != nil {
		return err
	}
	return checkVersion(version, tables)
}

// checkVersion refuses a schema newer than this build's, and tables in a
// file that has no Cabinet schema version.
func checkVersion(version, tables int) error {
	if version > SchemaVersion() {
		return &unusableError{reason: fmt.Sprintf("it was written by a newer Cabinet (schema %d; this one reads up to %d)", version, SchemaVersion())}
	}
	if version == 0 && tables > 0 {
		return &unusableError{reason: "it is a SQLite database, but not a Cabinet cache"}
	}
	return nil
}

// classify turns SQLite's "this is not a database" and "malformed" errors
// into an unusableError, so Open moves the file aside.
func classify(path string, err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_NOTADB:
			return &unusableError{reason: "it is not a SQLite database"}
		case sqlite3.SQLITE_CORRUPT:
			return &unusableError{reason: "it is damaged"}
		}
	}
	var unusable *unusableError
	if errors.As(err, &unusable) {
		return err
	}
	return fmt.Errorf("opening the cache %s: %w", path, err)
}

// moveAside renames the file (and its WAL and shared-memory files) to a
// name that says when and why it was set aside.
func moveAside(path string) (string, error) {
	moved := path + ".unreadable-" + time.Now().UTC().Format("20060102T150405Z")
	if err := os.Rename(path, moved); err != nil {
		return "", err
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(path + suffix); err == nil {
			if err := os.Rename(path+suffix, moved+suffix); err != nil {
				return "", err
			}
		}
	}
	return moved, nil
}

// Path is the cache file's location.
func (c *Cache) Path() string { return c.path }

// Close closes the cache.
func (c *Cache) Close() error {
	var errs []error
	for _, db := range []*sql.DB{c.read, c.snap} {
		if db != nil {
			errs = append(errs, db.Close())
		}
	}
	errs = append(errs, c.write.Close())
	return errors.Join(errs...)
}

// timeText writes t the way the cache stores times.
func timeText(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// dateText writes t the way the cache stores months and dates; "" for the zero time.
func dateText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.DateOnly)
}

// column reads the first column of every row a query returned; it takes
// the query's results as they come, so a call reads column[T](db.Query(...)).
func column[T any](rows *sql.Rows, err error) ([]T, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

func parseDate(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.DateOnly, s)
}
