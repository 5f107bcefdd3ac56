package cache_test

import (
	"bytes"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cabinetapp/cabinet/cache"
)

func TestOpenSetsAsideWhatItCannotUse(t *testing.T) {
	newer := func(t *testing.T, path string) {
		c, err := cache.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		c.Close()
		db, _ := sql.Open("sqlite", "file:"+path)
		if _, err := db.Exec("PRAGMA user_version = 999"); err != nil {
			t.Fatal(err)
		}
		db.Close()
	}
	foreign := func(t *testing.T, path string) {
		db, _ := sql.Open("sqlite", "file:"+path)
		if _, err := db.Exec("CREATE TABLE recipes (name TEXT)"); err != nil {
			t.Fatal(err)
		}
		db.Close()
	}
	garbage := func(t *testing.T, path string) {
		if err := os.WriteFile(path, bytes.Repeat([]byte("not a database "), 400), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	damaged := func(t *testing.T, path string) {
		c, err := cache.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		mustSeedWith(t, c, tinyDemo)
		c.Close()
		b, _ := os.ReadFile(path)
		// Overwrite the schema page after the 100-byte header.
		for i := 100; i < 4096 && i < len(b); i++ {
			b[i] = 0xA5
		}
		os.Remove(path + "-wal")
		os.Remove(path + "-shm")
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name   string
		make   func(t *testing.T, path string)
		reason string
	}{
		{"a file from a newer Cabinet", newer, "newer Cabinet"},
		{"another program's database", foreign, "not a Cabinet cache"},
		{"a file that is not a database", garbage, "not a SQLite database"},
		{"a damaged database", damaged, "damaged"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), cache.FileName)
			tt.make(t, path)
			original, _ := os.ReadFile(path)
			c, err := cache.Open(ctx, path)
			if err != nil {
				t.Fatalf("Open failed instead of setting the file aside: %v", err)
			}
			defer c.Close()
			if c.Recovered == nil {
				t.Fatal("Open used the file without saying anything")
			}
			if !strings.Contains(c.Recovered.Reason, tt.reason) {
				t.Fatalf("reason %q, want one saying %q", c.Recovered.Reason, tt.reason)
			}
			kept, err := os.ReadFile(c.Recovered.MovedTo)
			if err != nil || !bytes.Equal(kept, original) {
				t.Fatalf("the old file was not kept intact at %s: %v", c.Recovered.MovedTo, err)
			}
			if !c.Empty() {
				t.Fatal("the fresh cache is not empty")
			}
			if !strings.Contains(c.Recovered.String(), c.Recovered.MovedTo) {
				t.Fatalf("the message does not say where the file went: %s", c.Recovered)
			}
		})
	}
}

// TestOpenInAFolderWithAwkwardName keeps a cache in a folder whose name
// holds what a SQLite URI reads specially, and finds its data there again.
func TestOpenInAFolderWithAwkwardName(t *testing.T) {
	path := filepath.Join(t.TempDir(), "Board #1? 100% ready", cache.FileName)
	c, err := cache.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Write(ctx, real, cache.Replace, realSnapshot(94)); err != nil {
		t.Fatal(err)
	}
	c.Close()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("the cache is not at %s: %v", path, err)
	}
	c, err = cache.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if c.Recovered != nil || c.Empty() {
		t.Fatalf("reopened, the cache lost its data (set aside: %v)", c.Recovered)
	}
}
