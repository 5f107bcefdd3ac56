package main

import (
	"database/sql"
	"net/http/httptest"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/cabinetapp/cabinet/district/demo"
	"github.com/cabinetapp/cabinet/sync/snipeit/snipeittest"
	"github.com/cabinetapp/cabinet/sync/summaryapi/contract"
	"github.com/cabinetapp/cabinet/sync/summaryapi/server"
)

// TestServerTextIsNeverPrintedRaw fills a cache with names and a sync log
// message as a hostile server would write them (a title change, a screen
// clear, OSC 52 to the clipboard, a bidi override), as a cache written
// before names were tamed may hold them: 'cabinet source map', 'cabinet
// deck show' and 'cabinet status' print none of it raw.
func TestServerTextIsNeverPrintedRaw(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the test keeps the keyring out of reach through D-Bus, which only Linux uses")
	}
	bin := cabinetBinary(t)
	store := server.NewStore(server.Demo(demo.Config{Seed: 5, Schools: 3, Years: 1, End: time.Date(2026, time.April, 1, 0, 0, 0, 0, time.UTC)}))
	api := httptest.NewServer(contract.Handler(t, server.Handler(store, server.Options{Token: "summary-token"})))
	defer api.Close()
	fleet := httptest.NewServer(snipeittest.New("snipe-token"))
	defer fleet.Close()
	c := &cli{t: t, bin: bin, data: t.TempDir(), env: []string{"SUMMARY_TOKEN=summary-token", "FLEET_TOKEN=snipe-token"}}
	for _, args := range [][]string{
		{"source", "add", "district", "--url", api.URL, "--token-env", "SUMMARY_TOKEN"},
		{"source", "add", "fleet", "--kind", "snipeit", "--url", fleet.URL, "--token-env", "FLEET_TOKEN"},
		{"sync"},
	} {
		if code, _, stderr := c.run("", args...); code != 0 {
			t.Fatalf("cabinet %s: exit %d: %s", strings.Join(args, " "), code, stderr)
		}
	}
	db, err := sql.Open("sqlite", "file:"+filepath.Join(c.data, "cabinet.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const hostile = "char(27) || ']0;pwned' || char(7) || %s || char(8238) || char(27) || '[2J' || char(27) || ']52;c;cHduZWQ=' || char(7) || char(155) || '31m'"
	for _, q := range []string{
		"UPDATE schools SET name = " + strings.ReplaceAll(hostile, "%s", "name"),
		"UPDATE products SET name = " + strings.ReplaceAll(hostile, "%s", "name"),
		"UPDATE school_map SET name = " + strings.ReplaceAll(hostile, "%s", "name") + ", id = id",
		"UPDATE sync_log SET message = " + strings.ReplaceAll(hostile, "%s", "'the server said so'") + " WHERE source = 'fleet'",
	} {
		if res, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		} else if n, _ := res.RowsAffected(); n == 0 {
			t.Fatalf("%s changed nothing", q)
		}
	}
	db.Close()
	for _, args := range [][]string{{"source", "map", "fleet"}, {"deck", "show"}, {"status"}, {"status", "--json"}, {"source", "list"}} {
		code, stdout, stderr := c.run("", args...)
		if code != 0 {
			t.Fatalf("cabinet %s: exit %d: %s", strings.Join(args, " "), code, stderr)
		}
		out := stdout + stderr
		if i := strings.IndexFunc(out, func(r rune) bool {
			return unicode.IsControl(r) && r != '\n' && r != '\t' || unicode.Is(unicode.Bidi_Control, r)
		}); i >= 0 || strings.Contains(out, "pwned") {
			t.Fatalf("cabinet %s printed a server's bytes raw: %.200q", strings.Join(args, " "), out[max(0, i-80):])
		}
	}
	if _, stdout, _ := c.run("", "source", "map", "fleet"); !strings.Contains(stdout, "Lincoln") {
		t.Fatalf("the map lost its names:\n%s", stdout)
	}
}
