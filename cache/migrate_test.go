package cache

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
)

// fileAtSchema writes a cache file at schema version v, as an older Cabinet
// left it, runs fill on it (nil fills nothing), and returns its path.
func fileAtSchema(t *testing.T, v int, fill func(*sql.DB) error) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), FileName)
	write, err := sql.Open("sqlite", dsn(path, nil))
	if err != nil {
		t.Fatal(err)
	}
	defer write.Close()
	old := &Cache{path: path, write: write}
	if err := old.migrateTo(context.Background(), v); err != nil {
		t.Fatalf("building schema %d: %v", v, err)
	}
	if fill != nil {
		if err := fill(write); err != nil {
			t.Fatalf("filling a schema %d file: %v", v, err)
		}
	}
	return path
}

// TestMigrateFromEveryVersion builds a file at each earlier schema version,
// puts a row in it, and checks that Open brings it up to date and keeps it.
func TestMigrateFromEveryVersion(t *testing.T) {
	ctx := context.Background()
	for v := 0; v < SchemaVersion(); v++ {
		var fill func(*sql.DB) error
		if v >= 1 {
			fill = func(db *sql.DB) error {
				_, err := db.Exec(`INSERT INTO schools (source, id, name, level, enrolment) VALUES ('demo', 'S1', 'Adams Elementary', 'elementary', 400)`)
				return err
			}
		}
		c, err := Open(ctx, fileAtSchema(t, v, fill))
		if err != nil {
			t.Fatalf("opening a schema %d file: %v", v, err)
		}
		var version int
		if err := c.write.QueryRow("PRAGMA user_version").Scan(&version); err != nil || version != SchemaVersion() {
			t.Fatalf("schema %d file migrated to %d (%v), want %d", v, version, err, SchemaVersion())
		}
		if c.Recovered != nil {
			t.Fatalf("a schema %d file was set aside: %s", v, c.Recovered)
		}
		if v >= 1 {
			var name string
			if err := c.write.QueryRow("SELECT name FROM schools WHERE id = 'S1'").Scan(&name); err != nil || name != "Adams Elementary" {
				t.Fatalf("the school written at schema %d did not survive: %q, %v", v, name, err)
			}
		}
		c.Close()
	}
}
