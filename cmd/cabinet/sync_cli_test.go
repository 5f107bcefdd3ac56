package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/district/demo"
	"github.com/cabinetapp/cabinet/sync/engine"
	"github.com/cabinetapp/cabinet/sync/summaryapi/contract"
	"github.com/cabinetapp/cabinet/sync/summaryapi/server"
)

var (
	buildOnce sync.Once
	binary    string
	buildErr  error
	// buildFlags are go build's flags for the binary besides its tags
	// (race_test.go adds -race).
	buildFlags []string
)

// cabinetBinary builds cabinet once, with Fyne's headless driver.
func cabinetBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "cabinet-cli")
		if err != nil {
			buildErr = err
			return
		}
		binary = filepath.Join(dir, "cabinet")
		tags, err := shippedTags()
		if err != nil {
			buildErr = err
			return
		}
		args := append([]string{"build", "-tags", "ci," + tags}, buildFlags...)
		out, err := exec.Command("go", append(args, "-o", binary, ".")...).CombinedOutput()
		if err != nil {
			buildErr = err
			binary = string(out)
		}
	})
	if buildErr != nil {
		t.Fatalf("building cabinet: %v\n%s", buildErr, binary)
	}
	return binary
}

// shippedTags are the build tags the app ships with, as scripts/tags.sh
// gives them to the Makefile and the scripts.
func shippedTags() (string, error) {
	b, err := os.ReadFile(filepath.Join("..", "..", "scripts", "tags.sh"))
	if err != nil {
		return "", err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if tags, ok := strings.CutPrefix(line, "TAGS="); ok {
			return tags, nil
		}
	}
	return "", errors.New("scripts/tags.sh sets no TAGS")
}

// cli runs the built binary on a data folder.
type cli struct {
	t    *testing.T
	bin  string
	data string
	env  []string
}

func (c *cli) run(stdin string, args ...string) (code int, stdout, stderr string) {
	c.t.Helper()
	cmd := exec.Command(c.bin, append(args, "--data", c.data)...)
	// No keyring here, whatever the machine has: the test must never
	// write to a real one.
	cmd.Env = append([]string{"HOME=" + c.data, "LANG=en_US.UTF-8", "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent", "PATH=/nonexistent"}, c.env...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), out.String(), errOut.String()
	}
	if err != nil {
		c.t.Fatal(err)
	}
	return 0, out.String(), errOut.String()
}

// TestSyncCommands runs source, sync and status as a user would, against
// districtd's handler on 127.0.0.1, checking exit codes and messages.
func TestSyncCommands(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the test keeps the keyring out of reach through D-Bus, which only Linux uses")
	}
	bin := cabinetBinary(t)
	store := server.NewStore(server.Demo(demo.Config{Seed: 5, Schools: 3, Years: 1, End: time.Date(2026, time.April, 1, 0, 0, 0, 0, time.UTC)}))
	srv := httptest.NewServer(contract.Handler(t, server.Handler(store, server.Options{Token: "good-token"})))
	defer srv.Close()
	c := &cli{t: t, bin: bin, data: t.TempDir(), env: []string{"RIVERSIDE_TOKEN=good-token", "WRONG_TOKEN=bad-token"}}

	steps := []struct {
		name   string
		stdin  string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{name: "nothing to sync", args: []string{"sync"}, code: 1, stderr: "there are no sources to sync"},
		{name: "add", args: []string{"source", "add", "riverside", "--url", srv.URL, "--token-env", "RIVERSIDE_TOKEN"}, stdout: "Added riverside"},
		{name: "add twice", args: []string{"source", "add", "riverside", "--url", srv.URL, "--token-env", "X"}, code: 1, stderr: "riverside: a source of that name exists"},
		{name: "add without a token", args: []string{"source", "add", "other", "--url", srv.URL}, code: 2, stderr: "give exactly one of --token-env VAR and --token-stdin"},
		{name: "add without a keyring", stdin: "tok\n", args: []string{"source", "add", "other", "--url", srv.URL, "--token-stdin"}, code: 1, stderr: "other: no keyring is available on this computer"},
		{name: "add plain http elsewhere", args: []string{"source", "add", "far", "--url", "http://example.org", "--token-env", "X"}, code: 1, stderr: "plain http is allowed only to this computer"},
		{name: "add an unknown kind", args: []string{"source", "add", "far", "--kind", "ftp", "--url", srv.URL, "--token-env", "X"}, code: 1, stderr: `the kind "ftp" is not one this Cabinet knows (googleadmin, iiq, oneroster, rt, snipeit, summaryapi)`},
		{name: "add with a bad flag", args: []string{"source", "add", "far", "--colour", "red"}, code: 2, stderr: "flag provided but not defined: -colour"},
		{name: "list", args: []string{"source", "list"}, stdout: "riverside  summaryapi  " + srv.URL + "  $RIVERSIDE_TOKEN"},
		{name: "test", args: []string{"source", "test", "riverside"}, stdout: "riverside: Riverside Unified School District answered, with 3 schools."},
		{name: "first sync", args: []string{"sync"}, stdout: "riverside: synced everything, "},
		{name: "second sync", args: []string{"sync", "--source", "riverside"}, stdout: "riverside: unchanged since the last sync"},
		{name: "unknown source", args: []string{"sync", "--source", "nowhere"}, code: 1, stderr: "nowhere: no such source"},
		{name: "bad usage", args: []string{"sync", "--everything"}, code: 2, stderr: "flag provided but not defined"},
		{name: "status", args: []string{"status"}, stdout: "last sync "},
		{name: "wrong token", args: []string{"source", "add", "wrong", "--url", srv.URL, "--token-env", "WRONG_TOKEN"}, stdout: "Added wrong"},
		{name: "one fails", args: []string{"sync"}, code: 1, stdout: "riverside: unchanged", stderr: "wrong: server answered 401 Unauthorized; check the token"},
		{name: "remove", args: []string{"source", "remove", "wrong"}, stdout: "Removed wrong"},
		{name: "remove again", args: []string{"source", "remove", "wrong"}, code: 1, stderr: "wrong: no such source"},
	}
	for _, s := range steps {
		code, stdout, stderr := c.run(s.stdin, s.args...)
		if code != s.code || !strings.Contains(stdout, s.stdout) || !strings.Contains(stderr, s.stderr) {
			t.Fatalf("%s: cabinet %s\nexit %d (want %d)\nstdout: %s\nstderr: %s\nwant stdout to hold %q and stderr %q",
				s.name, strings.Join(s.args, " "), code, s.code, stdout, stderr, s.stdout, s.stderr)
		}
		if strings.Contains(stdout+stderr, "good-token") || strings.Contains(stdout+stderr, "bad-token") {
			t.Fatalf("%s: a token was printed", s.name)
		}
	}

	code, stdout, _ := c.run("", "status", "--json")
	var status []struct {
		Name        string `json:"name"`
		LastAttempt struct {
			Outcome string `json:"outcome"`
		} `json:"last_attempt"`
		Counts struct {
			Observations int `json:"observations"`
		} `json:"counts"`
	}
	if err := json.Unmarshal([]byte(stdout), &status); code != 0 || err != nil {
		t.Fatalf("status --json: exit %d, %v\n%s", code, err, stdout)
	}
	if len(status) != 1 || status[0].Name != "riverside" || status[0].LastAttempt.Outcome != "unchanged" || status[0].Counts.Observations == 0 {
		t.Fatalf("status --json: %+v", status)
	}
	for _, f := range []string{"sources.json", "cabinet.db", "cabinet.db-wal"} {
		b, err := os.ReadFile(filepath.Join(c.data, f))
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte("good-token")) || bytes.Contains(b, []byte("bad-token")) {
			t.Fatalf("%s holds a token", f)
		}
	}
}

// TestReplaceHistory points a synced source at another server by editing
// its settings file: `cabinet sync` refuses and says how to go on, and
// `cabinet sync --replace-history` goes on.
func TestReplaceHistory(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the test keeps the keyring out of reach through D-Bus, which only Linux uses")
	}
	end := time.Date(2026, time.April, 1, 0, 0, 0, 0, time.UTC)
	serve := func(seed uint64) *httptest.Server {
		srv := httptest.NewServer(contract.Handler(t, server.Handler(server.NewStore(server.Demo(demo.Config{Seed: seed, Schools: 3, Years: 1, End: end})), server.Options{Token: "good-token"})))
		t.Cleanup(srv.Close)
		return srv
	}
	old, moved := serve(5), serve(6)
	c := &cli{t: t, bin: cabinetBinary(t), data: t.TempDir(), env: []string{"RIVERSIDE_TOKEN=good-token"}}
	if code, _, stderr := c.run("", "source", "add", "riverside", "--url", old.URL, "--token-env", "RIVERSIDE_TOKEN"); code != 0 {
		t.Fatal(stderr)
	}
	if code, _, stderr := c.run("", "sync"); code != 0 {
		t.Fatal(stderr)
	}
	settings := filepath.Join(c.data, "sources.json")
	b, err := os.ReadFile(settings)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(settings, bytes.ReplaceAll(b, []byte(old.URL), []byte(moved.URL)), 0o600); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := c.run("", "sync")
	if code != 1 || !strings.Contains(stderr, "riverside: the source's address names another server") || !strings.Contains(stderr, "--replace-history") {
		t.Fatalf("sync from another server: exit %d\n%s%s", code, stdout, stderr)
	}
	code, stdout, stderr = c.run("", "sync", "--replace-history")
	if code != 0 || !strings.Contains(stdout, "riverside: synced everything") {
		t.Fatalf("sync --replace-history: exit %d\n%s%s", code, stdout, stderr)
	}
}

// TestProgressLine says how many records arrived, and of how many only
// when the server's count is at least that.
func TestProgressLine(t *testing.T) {
	for _, tc := range []struct {
		records int
		total   int64
		want    string
	}{
		{5, 0, "riverside: observations, 5 records, 1 page, 10 bytes"},
		{5, 1200, "riverside: observations, 5 of 1,200 records, 1 page, 10 bytes"},
		{1200, 1200, "riverside: observations, 1,200 of 1,200 records, 1 page, 10 bytes"},
		{1201, 1200, "riverside: observations, 1,201 records, 1 page, 10 bytes"},
	} {
		var b bytes.Buffer
		(&progressLine{w: &b}).show(engine.Progress{Source: "riverside", Stage: "observations", Records: tc.records, Total: tc.total, Pages: 1, Bytes: 10})
		if got := strings.TrimSpace(b.String()); got != tc.want {
			t.Errorf("%d of %d: %q, want %q", tc.records, tc.total, got, tc.want)
		}
	}
}
