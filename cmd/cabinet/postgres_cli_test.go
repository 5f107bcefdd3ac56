package main

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/district/demo"
	"github.com/cabinetapp/cabinet/panel"
	"github.com/cabinetapp/cabinet/sync/summaryapi/server/pgtest"
)

// districtdBinary builds districtd, as `make build` does.
func districtdBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "districtd")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/districtd")
	cmd.Dir = "../.."
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building districtd: %v\n%s", err, out)
	}
	return bin
}

var servingURL = regexp.MustCompile(`msg="serving the District Summary API" url=(\S+)`)

// startDistrictd runs districtd with args on a free port of 127.0.0.1 until
// the test ends, and returns its URL.
// pgToken is districtd's token in these tests: 16 characters or more, as
// districtd requires.
const pgToken = "a-token-of-32-characters-for-pg-test"

func startDistrictd(t *testing.T, bin, token string, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"--listen", "127.0.0.1:0"}, args...)...)
	cmd.Env = append(os.Environ(), "DISTRICTD_TOKEN="+token)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	lines := bufio.NewScanner(stderr)
	var said []string
	for lines.Scan() {
		said = append(said, lines.Text())
		if m := servingURL.FindStringSubmatch(lines.Text()); m != nil {
			go func() {
				for lines.Scan() {
				}
			}()
			return m[1]
		}
	}
	t.Fatalf("districtd %s did not start:\n%s", strings.Join(args, " "), strings.Join(said, "\n"))
	return ""
}

// writeDemoCSV writes the demo district of cfg as the CSV files of
// docs/districtd-csv.md.
func writeDemoCSV(t *testing.T, cfg demo.Config) string {
	t.Helper()
	dir := t.TempDir()
	newCSVDistrict(cfg).write(t, dir)
	return dir
}

// cachedTables are the cache's tables of a source's data.
var cachedTables = []string{"profile", "schools", "metrics", "observations", "budget_lines", "products", "product_usage", "coverage"}

// tableRows reads every row of a table of the cache in data, in order.
func tableRows(t *testing.T, data, table string) []string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(data, cache.FileName)+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query("SELECT * FROM " + table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprint(vals...))
	}
	slices.Sort(out)
	return out
}

// boardOf builds every panel of the dashboard from the cache in data, for
// the district and one school, as the window and the packet show them, and
// writes down what each shows: its scope, every series and value of its
// chart, its table, its notes and what it hides. Not when or from where it
// was synced.
func boardOf(t *testing.T, data string, now time.Time) map[string]string {
	t.Helper()
	ctx := context.Background()
	c, err := cache.Open(ctx, filepath.Join(data, cache.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	b, err := panel.NewBoard(ctx, c, district.Suppression{})
	if err != nil {
		t.Fatal(err)
	}
	b.Now = func() time.Time { return now }
	out := map[string]string{}
	for _, p := range panel.All() {
		for _, school := range []string{district.WholeDistrict, "S0002"} {
			res, err := b.Build(ctx, p.ID, panel.Filter{School: school, Period: district.Period{Kind: district.Last12Months}})
			if err != nil {
				t.Fatalf("%s at %q: %v", p.ID, school, err)
			}
			ch := res.Chart
			shown := fmt.Sprintf("scope %s\nchart %v %s %v %v %v %v %v\ntable %v\nthrough %s, %d hidden, %d of them to protect others\nnotes %q",
				res.Scope, ch.Kind, ch.Unit, ch.Categories, ch.Series, ch.Annotations, ch.Shaded, ch.Empty,
				res.Table, res.Through.Format(time.DateOnly), res.Suppressed, res.Complementary, res.Notes)
			if ch.Target != nil {
				shown += fmt.Sprintf("\ntarget %+v", *ch.Target)
			}
			if res.Ranking != nil {
				shown += fmt.Sprintf("\nranking %+v", *res.Ranking)
			}
			if res.Rest != nil {
				shown += fmt.Sprintf("\nrest %+v", *res.Rest)
			}
			out[p.ID+" at "+school] = shown
		}
	}
	return out
}

// TestPostgresDashboardMatchesCSV loads the demo district into PostgreSQL
// with `districtd --load-demo`, serves it with `districtd --postgres` as
// the read-only role, and the same district from CSV files with
// `districtd --dir`, syncs each with `cabinet sync`, and compares the two
// caches table by table and the dashboards built from them, figure for
// figure. A second sync from PostgreSQL costs one statement per collection.
func TestPostgresDashboardMatchesCSV(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the test keeps the keyring out of reach through D-Bus, which only Linux uses")
	}
	c := pgtest.For(t)
	bin, districtd := cabinetBinary(t), districtdBinary(t)
	flags := []string{"--schools", "6", "--years", "2", "--seed", "7", "--end", "2026-04"}
	cfg := demo.Config{Seed: 7, Schools: 6, Years: 2, End: time.Date(2026, time.April, 1, 0, 0, 0, 0, time.UTC)}
	load := exec.Command(districtd, append([]string{"--postgres", c.DSN(pgtest.Loader, pgtest.Database), "--load-demo"}, flags...)...)
	if out, err := load.CombinedOutput(); err != nil {
		t.Fatalf("districtd --load-demo: %v\n%s", err, out)
	}
	urls := map[string]string{
		"postgres": startDistrictd(t, districtd, pgToken, "--postgres", c.DSN(pgtest.Reader, pgtest.Database)),
		"csv":      startDistrictd(t, districtd, pgToken, "--dir", writeDemoCSV(t, cfg)),
	}
	data := map[string]string{}
	for name, url := range urls {
		cl := &cli{t: t, bin: bin, data: t.TempDir(), env: []string{"DISTRICT_TOKEN=" + pgToken}}
		data[name] = cl.data
		if code, _, stderr := cl.run("", "source", "add", "district", "--url", url, "--token-env", "DISTRICT_TOKEN"); code != 0 {
			t.Fatalf("%s: source add: %s", name, stderr)
		}
		if code, stdout, stderr := cl.run("", "sync"); code != 0 || !strings.Contains(stdout, "district: synced everything") {
			t.Fatalf("%s: cabinet sync: exit %d\n%s%s", name, code, stdout, stderr)
		}
		if name != "postgres" {
			continue
		}
		before, err := c.Statements(context.Background(), pgtest.Reader)
		if err != nil {
			t.Fatal(err)
		}
		code, stdout, stderr := cl.run("", "sync")
		after, err := c.Statements(context.Background(), pgtest.Reader)
		if err != nil {
			t.Fatal(err)
		}
		if code != 0 || !strings.Contains(stdout, "district: unchanged since the last sync") || after-before != 7 {
			t.Errorf("a second sync from PostgreSQL: exit %d after %d statements (want 7, one per collection)\n%s%s", code, after-before, stdout, stderr)
		}
	}
	for _, table := range cachedTables {
		pg, fromCSV := tableRows(t, data["postgres"], table), tableRows(t, data["csv"], table)
		if len(pg) == 0 || !slices.Equal(pg, fromCSV) {
			t.Errorf("%s: %d rows from PostgreSQL, %d from CSV, or they differ", table, len(pg), len(fromCSV))
			for i := range min(len(pg), len(fromCSV)) {
				if pg[i] != fromCSV[i] {
					t.Errorf("first difference:\n%s\n%s", pg[i], fromCSV[i])
					break
				}
			}
		}
	}
	now := cfg.End.AddDate(0, 0, 20)
	pg, fromCSV := boardOf(t, data["postgres"], now), boardOf(t, data["csv"], now)
	for id, shown := range pg {
		if shown != fromCSV[id] {
			t.Errorf("%s differs:\n%s\n%s", id, shown, fromCSV[id])
		}
	}
	if len(pg) != 2*len(panel.All()) || len(fromCSV) != len(pg) {
		t.Errorf("%d panels from PostgreSQL, %d from CSV", len(pg), len(fromCSV))
	}
	t.Logf("%d panels compared", len(pg))
}
