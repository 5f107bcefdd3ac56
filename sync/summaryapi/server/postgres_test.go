package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/cabinetapp/cabinet/district/demo"
	"github.com/cabinetapp/cabinet/sync/summaryapi/server/pgtest"
	"github.com/cabinetapp/cabinet/sync/summaryapi/wire"
)

// The tests of this file run against a real PostgreSQL that each starts
// (pgtest), with the demo warehouse loaded by its loader role and served
// as districtd's read-only role, with exactly the grants the docs give.

var pgEnd = time.Date(2026, time.April, 1, 0, 0, 0, 0, time.UTC)

// logBuffer is a log the server writes while a test reads it.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// warehouse is a test's PostgreSQL with the demo district of cfg loaded,
// and districtd's handler on it.
type warehouse struct {
	t   *testing.T
	c   *pgtest.Cluster
	p   *Postgres
	h   http.Handler
	log *logBuffer
}

func newWarehouse(t *testing.T, cfg demo.Config, pc PostgresConfig) *warehouse {
	t.Helper()
	c := pgtest.For(t)
	w := &warehouse{t: t, c: c, log: &logBuffer{}}
	w.load(cfg)
	if pc.DSN == "" {
		pc.DSN = c.DSN(pgtest.Reader, pgtest.Database)
	}
	if pc.MaxConns == 0 {
		pc.MaxConns = 4
	}
	if pc.Timeout == 0 {
		pc.Timeout = 5 * time.Second
	}
	if pc.PageCache == 0 {
		pc.PageCache = 1 << 20
	}
	p, err := OpenPostgres(pc)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	w.p = p
	w.h = Handler(p, Options{Logger: slog.New(slog.NewTextHandler(w.log, nil))})
	return w
}

func (w *warehouse) load(cfg demo.Config) {
	w.t.Helper()
	if _, err := LoadDemo(context.Background(), w.c.DSN(pgtest.Loader, pgtest.Database), cfg, time.Minute); err != nil {
		w.t.Fatal(err)
	}
}

// exec runs SQL as the warehouse's loader, as its nightly jobs would.
func (w *warehouse) exec(sql string, args ...any) {
	w.t.Helper()
	conn := w.loader()
	defer conn.Close(context.Background())
	if _, err := conn.Exec(context.Background(), sql, args...); err != nil {
		w.t.Fatalf("%s: %v", sql, err)
	}
}

func (w *warehouse) loader() *pgx.Conn {
	w.t.Helper()
	conn, err := pgx.Connect(context.Background(), w.c.DSN(pgtest.Loader, pgtest.Database))
	if err != nil {
		w.t.Fatal(err)
	}
	return conn
}

func get(h http.Handler, path, etag string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// listed is what a client gets from listing a paged collection to its
// end: every item by key, in the order sent, the last cursor and the ETag
// of every page.
type listed struct {
	items  map[string]string
	order  []string
	cursor string
	etags  []string
}

func listAll(t *testing.T, h http.Handler, path, cursor string, limit int) listed {
	t.Helper()
	l, err := listPages(h, path, cursor, limit)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func listPages(h http.Handler, path, cursor string, limit int) (listed, error) {
	l := listed{items: map[string]string{}}
	for {
		rec := get(h, fmt.Sprintf("%s?limit=%d&cursor=%s", path, limit, cursor), "")
		if rec.Code != http.StatusOK {
			return l, fmt.Errorf("%s: %d %s", path, rec.Code, rec.Body)
		}
		var page struct {
			Items   []map[string]any `json:"items"`
			Cursor  string           `json:"cursor"`
			HasMore bool             `json:"has_more"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &page); err != nil {
			return l, err
		}
		l.etags = append(l.etags, rec.Header().Get("ETag"))
		for _, it := range page.Items {
			k := itemKey(it)
			if _, dup := l.items[k]; dup {
				return l, fmt.Errorf("%s sent %s twice in one listing", path, k)
			}
			b, _ := json.Marshal(it)
			l.items[k], l.order = string(b), append(l.order, k)
		}
		if !page.HasMore {
			l.cursor = page.Cursor
			return l, nil
		}
		cursor = page.Cursor
	}
}

func itemKey(it map[string]any) string {
	text := func(k string) string { s, _ := it[k].(string); return s }
	return text("metric") + text("product") + "|" + text("school") + "|" + text("period")
}

// unpaged is an unpaged collection's items, encoded one by one and sorted.
func unpaged(t *testing.T, h http.Handler, path string) []string {
	t.Helper()
	rec := get(h, path, "")
	if rec.Code != http.StatusOK {
		t.Fatalf("%s: %d %s", path, rec.Code, rec.Body)
	}
	if path == wire.PathDistrict {
		return []string{rec.Body.String()}
	}
	var l struct{ Items []json.RawMessage }
	if err := json.Unmarshal(rec.Body.Bytes(), &l); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, it := range l.Items {
		out = append(out, string(it))
	}
	slices.Sort(out)
	return out
}

// TestPostgresServesTheDemo loads the demo district into PostgreSQL and
// checks that districtd serves from it, as its read-only role, exactly
// what it serves of the same district from memory.
func TestPostgresServesTheDemo(t *testing.T) {
	cfg := demo.Config{Seed: 5, Schools: 4, Years: 2, End: pgEnd}
	w := newWarehouse(t, cfg, PostgresConfig{})
	mem := Handler(NewStore(Demo(cfg)), Options{})
	for _, path := range []string{wire.PathDistrict, wire.PathSchools, wire.PathMetrics, wire.PathBudget, wire.PathProducts} {
		if got, want := unpaged(t, w.h, path), unpaged(t, mem, path); !slices.Equal(got, want) {
			t.Errorf("%s from PostgreSQL differs from memory:\n%v\n%v", path, got, want)
		}
	}
	for _, path := range []string{wire.PathObservations, wire.PathUsage} {
		got, want := listAll(t, w.h, path, "", 97), listAll(t, mem, path, "", 97)
		if len(want.items) == 0 || !maps.Equal(got.items, want.items) {
			t.Errorf("%s: %d items from PostgreSQL, %d from memory, or they differ", path, len(got.items), len(want.items))
		}
	}
	// The role reads the views, and nothing behind them; it writes nothing.
	conn, err := pgx.Connect(context.Background(), w.c.DSN(pgtest.Reader, pgtest.Database))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	for _, sql := range []string{"SELECT count(*) FROM warehouse.measure_values", "DELETE FROM cabinet.schools", "CREATE TABLE cabinet.x (i int)"} {
		if _, err := conn.Exec(context.Background(), sql); err == nil || !strings.Contains(err.Error(), "permission denied") {
			t.Errorf("districtd's role ran %q: %v", sql, err)
		}
	}
	// Given a role that may write, districtd's sessions still write nothing.
	pc, _, err := poolConfig(w.c.DSN(pgtest.Loader, pgtest.Database), time.Minute, false)
	if err != nil {
		t.Fatal(err)
	}
	owner, err := pgx.ConnectConfig(context.Background(), pc.ConnConfig)
	if err != nil {
		t.Fatal(err)
	}
	defer owner.Close(context.Background())
	if _, err := owner.Exec(context.Background(), "DELETE FROM warehouse.schools"); err == nil || !strings.Contains(err.Error(), "read-only transaction") {
		t.Errorf("a districtd session of the tables' owner deleted: %v", err)
	}
}

// TestPostgresChanges changes, deletes and restores rows in the warehouse
// and checks that the next listing sends exactly those changes, deletions
// as the contract says, with one ETag on every page, and that a sync when
// nothing changed costs one statement and is answered 304.
func TestPostgresChanges(t *testing.T) {
	w := newWarehouse(t, demo.Config{Seed: 5, Schools: 2, Years: 1, End: pgEnd}, PostgresConfig{})
	full := listAll(t, w.h, wire.PathObservations, "", 7)
	if len(full.items) < 100 || len(slices.Compact(full.etags)) != 1 {
		t.Fatalf("full listing: %d items, ETags %v", len(full.items), slices.Compact(full.etags))
	}
	etag := full.etags[0]

	ctx := context.Background()
	before, err := w.c.Statements(ctx, pgtest.Reader)
	if err != nil {
		t.Fatal(err)
	}
	rec := get(w.h, wire.PathObservations+"?limit=7&cursor="+full.cursor, etag)
	after, err := w.c.Statements(ctx, pgtest.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Code != http.StatusNotModified || after-before != 1 {
		t.Fatalf("unchanged: %d after %d statements, want 304 after one", rec.Code, after-before)
	}

	w.exec(`UPDATE warehouse.measure_values SET value = value + 1 WHERE measure_code = 'devices.in_service' AND school_code = '' AND month = '2026-04-01'`)
	w.exec(`DELETE FROM warehouse.measure_values WHERE measure_code = 'devices.in_service' AND school_code = 'S0001' AND month = '2025-05-01'`)
	changes := listAll(t, w.h, wire.PathObservations, full.cursor, 1)
	updated := "devices.in_service||2026-04-01"
	deleted := "devices.in_service|S0001|2025-05-01"
	if len(changes.items) != 2 || !strings.Contains(changes.items[deleted], `"deleted":true`) || changes.items[updated] == full.items[updated] || changes.items[updated] == "" {
		t.Fatalf("changes: %v", changes.items)
	}
	if e := slices.Compact(changes.etags); len(e) != 1 || e[0] == etag {
		t.Fatalf("the changed listing's ETags: %v (before: %s)", e, etag)
	}
	if again := listAll(t, w.h, wire.PathObservations, "", 50); len(again.items) != len(full.items)-1 || again.items[deleted] != "" {
		t.Fatalf("a full listing after a deletion has %d items (had %d), deleted %q", len(again.items), len(full.items), again.items[deleted])
	}

	// The key comes back: its row is sent, its deletion is not.
	w.exec(`INSERT INTO warehouse.measure_values (measure_code, school_code, month, value, n) VALUES ('devices.in_service', 'S0001', '2025-05-01', 42, 0)`)
	back := listAll(t, w.h, wire.PathObservations, changes.cursor, 5)
	if len(back.items) != 1 || !strings.Contains(back.items[deleted], `"value":42`) {
		t.Fatalf("after the key came back: %v", back.items)
	}
}

// TestPostgresChangesCommittedLate has a change whose transaction began
// first commit after a later one: the listing between the two commits must
// not move its cursor past the first change, or that change would never
// reach the client.
func TestPostgresChangesCommittedLate(t *testing.T) {
	w := newWarehouse(t, demo.Config{Seed: 5, Schools: 2, Years: 1, End: pgEnd}, PostgresConfig{})
	full := listAll(t, w.h, wire.PathObservations, "", 500)
	ctx := context.Background()
	slow := w.loader()
	defer slow.Close(ctx)
	tx, err := slow.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	const first, second = "devices.in_service|S0001|2026-01-01", "devices.in_service|S0002|2026-01-01"
	if _, err := tx.Exec(ctx, `UPDATE warehouse.measure_values SET value = 1001 WHERE measure_code = 'devices.in_service' AND school_code = 'S0001' AND month = '2026-01-01'`); err != nil {
		t.Fatal(err)
	}
	w.exec(`UPDATE warehouse.measure_values SET value = 1002 WHERE measure_code = 'devices.in_service' AND school_code = 'S0002' AND month = '2026-01-01'`)
	between := listAll(t, w.h, wire.PathObservations, full.cursor, 500)
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	after := listAll(t, w.h, wire.PathObservations, between.cursor, 500)
	seen := maps.Clone(between.items)
	maps.Copy(seen, after.items)
	if !strings.Contains(seen[first], `"value":1001`) || !strings.Contains(seen[second], `"value":1002`) {
		t.Fatalf("a change was lost: between the commits %v, after them %v", between.items, after.items)
	}
}

// TestPostgresPagesAreIndexScans explains the statements districtd sends
// for pages, first and later, of full listings and of changes, in a
// session set up as districtd's are, right after a change of a fifth of
// the rows that the planner's statistics do not know of yet: each must
// read an index in order, never sort or scan a whole table.
func TestPostgresPagesAreIndexScans(t *testing.T) {
	w := newWarehouse(t, demo.Config{Seed: 5, Schools: 40, Years: 3, End: pgEnd}, PostgresConfig{})
	ctx := context.Background()
	w.exec(`UPDATE warehouse.measure_values SET n = n WHERE abs(hashtext(measure_code || school_code || month)) % 5 = 0`)
	pc, _, err := poolConfig(w.c.DSN(pgtest.Reader, pgtest.Database), time.Minute, false)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.ConnectConfig(ctx, pc.ConnConfig)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var since int64
	if err := conn.QueryRow(ctx, "SELECT max(version) FROM cabinet.observations").Scan(&since); err != nil {
		t.Fatal(err)
	}
	explain := func(q string, args ...any) string {
		rows, err := conn.Query(ctx, "EXPLAIN "+q, args...)
		if err != nil {
			t.Fatalf("EXPLAIN %s: %v", q, err)
		}
		lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		return strings.Join(lines, "\n")
	}
	type query struct {
		name, sql string
		args      []any
	}
	var queries []query
	for _, f := range []interface {
		pageQuery(cursor, int) (string, []any, error)
	}{&observations, &usage} {
		for _, c := range []cursor{
			{Full: true, Upto: 1 << 40},
			{Full: true, Upto: 1 << 40, After: []string{"1", "m", "S0001", "2025-01-01"}},
			{Since: since, Upto: 1 << 40},
			{Since: since, Upto: 1 << 40, After: []string{strconv.FormatInt(since, 10), "m", "", "2025-01-01"}},
		} {
			q, args, err := f.pageQuery(c, 5000)
			if err != nil {
				t.Fatal(err)
			}
			queries = append(queries, query{fmt.Sprint(c), q, args})
		}
	}
	for _, q := range queries {
		plan := explain(q.sql, q.args...)
		if !strings.Contains(plan, "Index") || sortNode.MatchString(plan) || strings.Contains(plan, "Seq Scan") {
			t.Errorf("%s:\n%s\n%s", q.name, q.sql, plan)
		}
	}
	st := explain(`SELECT max(version) FROM cabinet.observations WHERE version < 1000000`)
	if strings.Contains(st, "Seq Scan on measure_values") {
		t.Errorf("the newest version is found by scanning the table:\n%s", st)
	}
}

// sortNode is a Sort in a plan (not a Merge Append's "Sort Key").
var sortNode = regexp.MustCompile(`(?m)^\s*(->\s+)?(Incremental )?Sort\s+\(`)

// TestPostgresPrivacy defines metrics in the warehouse: the rules of
// metrics.csv hold, with the same words.
func TestPostgresPrivacy(t *testing.T) {
	w := newWarehouse(t, demo.Config{Seed: 5, Schools: 2, Years: 1, End: pgEnd}, PostgresConfig{})
	w.exec(`ALTER TABLE warehouse.measure_definitions ALTER COLUMN about_students DROP NOT NULL`)
	define := func(id string, aboutStudents any, target float64) {
		w.exec(`DELETE FROM warehouse.measure_definitions`)
		w.exec(`INSERT INTO warehouse.measure_definitions (measure_code, title, dashboard_tab, unit, good_direction, goal, about_students, rollup)
			VALUES ($1, 'ELA proficiency', 'instruction', 'percent', 'up', $2, $3, 'mean')`, id, target, aboutStudents)
	}
	cases := []struct {
		name          string
		aboutStudents any
		code          int
		want          string
	}{
		{"a built-in measure's target without student_based", nil, http.StatusInternalServerError,
			`column student_based: is empty: say true or false (does the value rest on counts of students?)`},
		{"a built-in measure about students made false", false, http.StatusInternalServerError,
			`instruction.ela_proficient_pct is a built-in measure about students; it cannot be made false`},
		{"a new target, still about students", true, http.StatusOK, `"id":"instruction.ela_proficient_pct","name":"ELA proficiency","domain":"instruction","unit":"percent","polarity":"up","target":71.5`},
	}
	for _, tc := range cases {
		define("instruction.ela_proficient_pct", tc.aboutStudents, 71.5)
		// Metric definitions are read again for observations at most every
		// metricsAge; /v1/metrics reads them at once.
		if rec := get(w.h, wire.PathMetrics, ""); rec.Code != tc.code || !strings.Contains(rec.Body.String(), tc.want) {
			t.Errorf("%s: %d %s\nwant %d and %q", tc.name, rec.Code, rec.Body, tc.code, tc.want)
		}
		if tc.code != http.StatusOK {
			if rec := get(w.h, wire.PathObservations, ""); rec.Code != tc.code {
				t.Errorf("%s: observations were served (%d) while the metrics were invalid", tc.name, rec.Code)
			}
		}
	}
	var metrics struct{ Items []wire.Metric }
	json.Unmarshal(get(w.h, wire.PathMetrics, "").Body.Bytes(), &metrics)
	for _, m := range metrics.Items {
		if m.ID == "instruction.ela_proficient_pct" && (m.StudentBased == nil || !*m.StudentBased) {
			t.Errorf("the redefined measure is served as not about students")
		}
	}
	if len(metrics.Items) < 30 {
		t.Errorf("the catalogue lost its built-in metrics: %d left", len(metrics.Items))
	}
}

// TestPostgresGone reloads the warehouse's data mid-listing and after it:
// a listing whose data were replaced, a cursor from before a reload and
// one from before the deletions the warehouse still keeps are all gone
// (410), and the client lists everything again.
func TestPostgresGone(t *testing.T) {
	w := newWarehouse(t, demo.Config{Seed: 5, Schools: 2, Years: 1, End: pgEnd}, PostgresConfig{})
	full := listAll(t, w.h, wire.PathObservations, "", 500)
	var page struct {
		Cursor string `json:"cursor"`
	}
	json.Unmarshal(get(w.h, wire.PathObservations+"?limit=600", "").Body.Bytes(), &page)

	w.exec(`UPDATE warehouse.load_generation SET generation = 'reloaded'`)
	cases := []struct{ name, query string }{
		{"the rest of a listing begun before a reload", "?limit=5000&cursor=" + page.Cursor},
		{"changes since a cursor from before a reload", "?cursor=" + full.cursor},
	}
	for _, tc := range cases {
		if rec := get(w.h, wire.PathObservations+tc.query, ""); rec.Code != http.StatusGone || !strings.Contains(rec.Body.String(), "start again without a cursor") {
			t.Errorf("%s: %d %s", tc.name, rec.Code, rec.Body)
		}
	}
	again := listAll(t, w.h, wire.PathObservations, "", 500)
	if len(again.items) != len(full.items) {
		t.Fatalf("listing again after the reload: %d items, before %d", len(again.items), len(full.items))
	}
	// Deletions up to and with this transaction's are trimmed.
	w.exec(`UPDATE warehouse.load_generation SET history_from = pg_current_xact_id()::text::bigint + 1`)
	if rec := get(w.h, wire.PathObservations+"?cursor="+again.cursor, ""); rec.Code != http.StatusGone {
		t.Errorf("a cursor from before the deletions kept: %d %s", rec.Code, rec.Body)
	}
}
