package cache

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
)

// TestMigrateFromEveryVersion builds a file at each earlier schema version,
// puts a row in it, and checks that Open brings it up to date and keeps it.
func TestMigrateFromEveryVersion(t *testing.T) {
	ctx := context.Background()
	for v := 0; v < SchemaVersion(); v++ {
		path := filepath.Join(t.TempDir(), FileName)
		write, err := sql.Open("sqlite", "file:"+path)
		if err != nil {
			t.Fatal(err)
		}
		c := &Cache{path: path, write: write}
		if err := c.migrateTo(ctx, v); err != nil {
			t.Fatalf("building schema %d: %v", v, err)
		}
		if v >= 1 {
			if _, err := write.Exec(`INSERT INTO schools (source, id, name, level, enrolment) VALUES ('demo', 'S1', 'Adams Elementary', 'elementary', 400)`); err != nil {
				t.Fatal(err)
			}
		}
		write.Close()

		c, err = Open(ctx, path)
		if err != nil {
			t.Fatalf("opening a schema %d file: %v", v, err)
		}
		var version int
		c.write.QueryRow("PRAGMA user_version").Scan(&version)
		if version != SchemaVersion() {
			t.Fatalf("schema %d file migrated to %d, want %d", v, version, SchemaVersion())
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

func TestMigrationsAreNumberedInSequence(t *testing.T) {
	for i, m := range migrations() {
		if m.version != i+1 {
			t.Fatalf("migration %s has version %d at position %d", m.name, m.version, i+1)
		}
	}
}
