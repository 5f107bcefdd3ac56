package engine_test

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district/demo"
	"github.com/cabinetapp/cabinet/sync/engine"
	"github.com/cabinetapp/cabinet/sync/summaryapi"
	"github.com/cabinetapp/cabinet/sync/synctest"
)

// childDir tells this test binary, re-run by the crash test, to be the
// child that syncs the data folder it names.
const childDir = "CABINET_CRASH_CHILD_DIR"

func TestMain(m *testing.M) {
	if dir := os.Getenv(childDir); dir != "" {
		os.Exit(crashChild(dir))
	}
	os.Exit(m.Run())
}

// crashChild syncs the source in dir fully, as `cabinet sync` would.
func crashChild(dir string) int {
	ctx := context.Background()
	c, err := cache.Open(ctx, filepath.Join(dir, cache.FileName))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 3
	}
	defer c.Close()
	e := engine.New(dir, c, engine.Options{Kinds: []engine.Kind{summaryapi.Kind()}, Keyring: synctest.MemKeyring{},
		Getenv: func(string) string { return testToken }})
	if res := e.Sync(ctx, "riverside", engine.SyncOptions{Full: true, ReplaceHistory: true}); res.Err != nil {
		fmt.Fprintln(os.Stderr, res.Err)
		return 1
	}
	return 0
}

// TestCrash kills a sync at random moments, 50 times. Each time the cache
// must open, pass SQLite's integrity check, and hold the source's old data
// or its new data, never a mix.
func TestCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("the crash test takes about 15 seconds")
	}
	const runs = 50
	end := time.Date(2026, time.March, 1, 0, 0, 0, 0, time.UTC)
	_, oldURL := startServer(t, demo.Config{Seed: 1, Schools: 8, Years: 4, End: end}, nil)
	_, newURL := startServer(t, demo.Config{Seed: 2, Schools: 8, Years: 4, End: end}, nil)

	// The template holds the old data, with the source pointed at the new.
	template := newFixture(t, oldURL, engine.Options{})
	template.sync(t, cache.OutcomeOK)
	if err := template.engine.SaveSource(engine.SourceConfig{Name: "riverside", Kind: summaryapi.KindName, URL: newURL, SecretEnv: "TOKEN"}, ""); err != nil {
		t.Fatal(err)
	}
	template.cache.Close()
	oldData := synctest.Dump(t, template.cache.Path(), false)

	child := func(dir string) *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), childDir+"="+dir)
		cmd.Stderr = os.Stderr
		return cmd
	}
	// The faster of two whole runs times the sync, so a moment of load on
	// the machine does not push every kill past the commit.
	var took time.Duration
	var dir string
	for range 2 {
		dir = copyDir(t, template.dir)
		start := time.Now()
		if err := child(dir).Run(); err != nil {
			t.Fatalf("the child's sync failed: %v", err)
		}
		if d := time.Since(start); took == 0 || d < took {
			took = d
		}
	}
	newData := synctest.Dump(t, filepath.Join(dir, cache.FileName), false)
	if newData == oldData {
		t.Fatal("the old and new data are the same, so the test could not tell them apart")
	}

	seen := map[string]int{}
	for i := range runs {
		dir := copyDir(t, template.dir)
		cmd := child(dir)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Kills spread from the child's start-up to past its commit.
		time.Sleep(took/4 + rand.N(took))
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()

		path := filepath.Join(dir, cache.FileName)
		c, err := cache.Open(context.Background(), path)
		if err != nil || c.Recovered != nil {
			t.Fatalf("run %d: the cache did not open cleanly: %v, %v", i, err, c.Recovered)
		}
		c.Close()
		checkIntegrity(t, path)
		switch synctest.Dump(t, path, false) {
		case oldData:
			seen["old"]++
		case newData:
			seen["new"]++
		default:
			t.Fatalf("run %d: the cache holds a mix of old and new data", i)
		}
		os.RemoveAll(dir)
	}
	t.Logf("a %s sync killed %d times: old data kept %d times, new data complete %d times", took.Round(time.Millisecond), runs, seen["old"], seen["new"])
}

func checkIntegrity(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var result string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&result); err != nil || result != "ok" {
		t.Fatalf("integrity check: %q, %v", result, err)
	}
}

// copyDir copies a data folder's files into a new temporary folder.
func copyDir(t *testing.T, from string) string {
	t.Helper()
	to := t.TempDir()
	entries, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		src, err := os.Open(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		dst, err := os.Create(filepath.Join(to, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(dst, src); err != nil {
			t.Fatal(err)
		}
		src.Close()
		dst.Close()
	}
	return to
}
