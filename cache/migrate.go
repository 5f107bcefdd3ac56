package cache

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one forward-only schema step; version N is the schema after it.
type migration struct {
	version int
	name    string
	sql     string
}

// migrations lists the embedded migrations in order. Their file names start
// with the schema version they produce: 0001_init.sql, 0002_....sql.
func migrations() []migration {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		panic(err) // embedded at build time: cannot fail
	}
	var out []migration
	for _, e := range entries {
		v, err := strconv.Atoi(strings.SplitN(e.Name(), "_", 2)[0])
		if err != nil {
			panic(fmt.Sprintf("migration %s has no version number", e.Name()))
		}
		b, err := migrationFiles.ReadFile(path.Join("migrations", e.Name()))
		if err != nil {
			panic(err)
		}
		out = append(out, migration{version: v, name: e.Name(), sql: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i, m := range out {
		if m.version != i+1 {
			panic(fmt.Sprintf("migration %s is out of sequence", m.name))
		}
	}
	return out
}

// SchemaVersion is the schema this build of Cabinet writes.
func SchemaVersion() int { return len(migrations()) }

// migrate brings the file up to SchemaVersion, one transaction per step. A
// file with a newer schema, or one whose tables are not Cabinet's, is
// refused as unusable rather than changed.
func (c *Cache) migrate(ctx context.Context) error {
	return c.migrateTo(ctx, SchemaVersion())
}

func (c *Cache) migrateTo(ctx context.Context, target int) error {
	var version, tables int
	if err := c.write.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("reading the cache's schema version: %w", err)
	}
	if err := c.write.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'").Scan(&tables); err != nil {
		return fmt.Errorf("reading the cache's tables: %w", err)
	}
	if err := checkVersion(version, tables); err != nil {
		return err
	}
	for _, m := range migrations()[version:target] {
		tx, err := c.write.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("migrating the cache to schema %d: %w", m.version, err)
		}
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			tx.Rollback()
			return fmt.Errorf("migrating the cache to schema %d (%s): %w", m.version, m.name, err)
		}
		// PRAGMA takes no parameters; the version is a trusted integer.
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.version)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migrating the cache to schema %d: %w", m.version, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migrating the cache to schema %d: %w", m.version, err)
		}
	}
	if version < target && version > 0 {
		return c.reclaim(ctx)
	}
	return nil
}

// reclaim gives the file system back the pages a migration left free. A
// migration that rebuilds the tables of figures frees most of the file
// (schema 10 took a 1.3 GB cache to under half that), which it would keep
// until later syncs reused it.
func (c *Cache) reclaim(ctx context.Context) error {
	var free, pages int
	if err := c.write.QueryRowContext(ctx, "SELECT (SELECT freelist_count FROM pragma_freelist_count), (SELECT page_count FROM pragma_page_count)").Scan(&free, &pages); err != nil {
		return fmt.Errorf("measuring the migrated cache: %w", err)
	}
	if 4*free <= pages {
		return nil
	}
	if _, err := c.write.ExecContext(ctx, "VACUUM"); err != nil {
		return fmt.Errorf("compacting the migrated cache: %w", err)
	}
	return nil
}
