package cache

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/district"
)

// schemaOf is the schema version a migration produces, found by its name,
// so that the test of a migration does not depend on its number.
func schemaOf(t *testing.T, name string) int {
	t.Helper()
	for _, m := range migrations() {
		if strings.Contains(m.name, name) {
			return m.version
		}
	}
	t.Fatalf("no migration is named %s", name)
	return 0
}

// converted are the tables the integer keys' migration rebuilds, and how
// to read each by name, as an older Cabinet wrote it.
var converted = map[string][2]string{
	"observations": {"SELECT source, metric, school, period, value, n FROM observations ORDER BY 1, 2, 3, 4",
		`SELECT s.name, m.name, k.name, printf('%04d-%02d-01', o.period / 12, o.period % 12 + 1), o.value, o.n FROM observations AS o
			JOIN source_keys AS s ON s.id = o.source JOIN metric_keys AS m ON m.id = o.metric JOIN school_keys AS k ON k.id = o.school ORDER BY 1, 2, 3, 4`},
	"product_usage": {"SELECT source, product, school, period, active_users, weekly_active FROM product_usage ORDER BY 1, 2, 3, 4",
		`SELECT s.name, p.name, k.name, printf('%04d-%02d-01', u.period / 12, u.period % 12 + 1), u.active_users, u.weekly_active FROM product_usage AS u
			JOIN source_keys AS s ON s.id = u.source JOIN product_keys AS p ON p.id = u.product JOIN school_keys AS k ON k.id = u.school ORDER BY 1, 2, 3, 4`},
	"observation_sums": {"SELECT source, metric, period, n, rest FROM observation_sums ORDER BY 1, 2, 3",
		`SELECT s.name, m.name, printf('%04d-%02d-01', o.period / 12, o.period % 12 + 1), o.n, o.rest FROM observation_sums AS o
			JOIN source_keys AS s ON s.id = o.source JOIN metric_keys AS m ON m.id = o.metric ORDER BY 1, 2, 3`},
	"usage_sums": {"SELECT source, product, period, active_users, weekly_active, rest_users, rest_weekly FROM usage_sums ORDER BY 1, 2, 3",
		`SELECT s.name, p.name, printf('%04d-%02d-01', u.period / 12, u.period % 12 + 1), u.active_users, u.weekly_active, u.rest_users, u.rest_weekly
			FROM usage_sums AS u JOIN source_keys AS s ON s.id = u.source JOIN product_keys AS p ON p.id = u.product ORDER BY 1, 2, 3`},
}

// TestIntegerKeysMigration builds a cache at the schema before the integer
// keys, holding two sources' figures and their sums, a deck, a note, a
// setting, a plan's settings, a school map and a sync log (and whatever the
// schemas before it added), and opens it: every figure must read back as it was written,
// through the typed reads too, every other table must keep its rows, the
// space the old tables took must be given back, and a sync afterwards must
// add a school beside the numbered ones.
func TestIntegerKeysMigration(t *testing.T) {
	ctx := context.Background()
	before := schemaOf(t, "lean_figures") - 1
	path := fileAtSchema(t, before, func(db *sql.DB) error {
		_, err := db.Exec(`
			INSERT INTO sources (name, kind, priority, synced_at, cursor, state) VALUES
				('feed', 'summaryapi', 50, '2026-11-29T08:00:00Z', 'c1', '{}'), ('fleet', 'snipeit', 10, '2026-11-29T09:00:00Z', '', '');
			INSERT INTO coverage (dataset, source, first_period, last_period, priority) VALUES
				('metric:instruction.attendance_pct', 'feed', '2025-12-01', '2026-02-01', NULL),
				('metric:devices.in_service', 'fleet', '2026-01-01', '2026-01-01', NULL),
				('usage', 'feed', '2026-01-01', '2026-02-01', NULL);
			INSERT INTO schools (source, id, name, level, enrolment) VALUES
				('feed', 'S1', 'Adams Elementary', 'elementary', 400), ('feed', 'S10', 'Brookside Elementary', 'elementary', 30),
				('feed', 'S2', 'Lincoln Middle School', 'middle', 700);
			INSERT INTO observations (source, metric, school, period, value, n) VALUES
				('feed', 'instruction.attendance_pct', '', '2025-12-01', 94.5, 1100),
				('feed', 'instruction.attendance_pct', 'S1', '2025-12-01', 95, 400),
				('feed', 'instruction.attendance_pct', 'S10', '2025-12-01', 91.25, 6),
				('feed', 'instruction.attendance_pct', 'S2', '2025-12-01', 94, 700),
				('feed', 'instruction.attendance_pct', '', '2026-02-01', 93, 1000),
				('feed', 'instruction.attendance_pct', 'S1', '2026-02-01', 92, 420),
				('feed', 'instruction.attendance_pct', 'S2', '2026-02-01', 94, 700),
				('fleet', 'devices.in_service', 'S2', '2026-01-01', 812, 0);
			INSERT INTO observation_sums (source, metric, period, n, rest) VALUES
				('feed', 'instruction.attendance_pct', '2025-12-01', 1106, -6),
				('feed', 'instruction.attendance_pct', '2026-02-01', 1120, -120),
				('fleet', 'devices.in_service', '2026-01-01', 0, NULL);
			INSERT INTO product_usage (source, product, school, period, active_users, weekly_active) VALUES
				('feed', 'P2', '', '2026-01-01', 30, 12.5), ('feed', 'P2', 'S1', '2026-01-01', 20, 10),
				('feed', 'P2', 'S10', '2026-01-01', 6, 2.5), ('feed', 'P10', 'S2', '2026-02-01', 300, 150.75);
			INSERT INTO usage_sums (source, product, period, active_users, weekly_active, rest_users, rest_weekly) VALUES
				('feed', 'P10', '2026-02-01', 300, 150.75, NULL, NULL), ('feed', 'P2', '2026-01-01', 26, 12.5, 4, 0);
			INSERT INTO decks (id, name, updated) VALUES (1, 'Board prep', '2026-01-05T08:00:00Z');
			INSERT INTO slides (deck, position, kind, panel, tiles, school, period, fiscal_year, product, headline, takeaway, notes)
				VALUES (1, 0, 'chart', 'tech.tickets', '', '', 'last_12_months', 0, '', '', '', '');
			INSERT INTO annotations (panel, day, text) VALUES ('tech.tickets', '2026-01-05', 'New help desk');
			UPDATE settings SET suppression_threshold = 12, technicians = 3;
			INSERT INTO plan_kinds (kind, price, life) VALUES ('chromebook', 310, 4);
			INSERT INTO school_map (source, id, name, school, how, seen) VALUES ('fleet', 'loc-7', 'Lincoln MS', 'S2', 'hand', '');
			INSERT INTO sync_log (source, started, finished, outcome, records, bytes, message) VALUES
				('feed', '2026-11-29T08:00:00Z', '2026-11-29T08:00:05Z', 'ok', 12, 3400, '');
			-- Enough rows that the old tables are most of the file.
			WITH RECURSIVE i(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM i WHERE x < 5000)
			INSERT INTO observations (source, metric, school, period, value, n)
				SELECT 'fleet', 'devices.in_service', printf('L%04d', x), '2025-06-01', x, 0 FROM i`)
		return err
	})
	old := openRaw(t, path)
	want := map[string]string{}
	for table, q := range converted {
		want[table] = dump(t, old, q[0])
	}
	kept := tableDumps(t, old)
	old.Close()

	c, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if c.Recovered != nil {
		t.Fatalf("the cache was set aside: %s", c.Recovered)
	}
	for table, q := range converted {
		if got := dump(t, c.write, q[1]); got != want[table] {
			t.Errorf("%s after the migration:\n%s\nwritten before it:\n%s", table, got, want[table])
		}
	}
	after := tableDumps(t, c.write)
	for table, rows := range kept {
		if _, ok := converted[table]; !ok && after[table] != rows {
			t.Errorf("table %s changed in the migration:\n%s\nwas:\n%s", table, after[table], rows)
		}
	}
	for _, gone := range []string{"observations_by_period", "product_usage_by_school"} {
		var n int
		if err := c.write.QueryRow("SELECT count(*) FROM sqlite_schema WHERE name = ?", gone).Scan(&n); err != nil || n != 0 {
			t.Errorf("index %s is still there (%d, %v)", gone, n, err)
		}
	}
	var free, pages int
	if err := c.write.QueryRow("SELECT (SELECT freelist_count FROM pragma_freelist_count), (SELECT page_count FROM pragma_page_count)").Scan(&free, &pages); err != nil {
		t.Fatal(err)
	}
	if 4*free > pages {
		t.Errorf("%d of the file's %d pages are free after the migration: the old tables' space was not given back", free, pages)
	}

	at := func(y int, m time.Month) time.Time { return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC) }
	all := district.Range{From: at(2025, time.January), To: at(2027, time.January)}
	series, prov, err := c.Series(ctx, district.AttendanceRate, "S1", all)
	if err != nil || prov.Source != "feed" || len(series) != 2 || series[0].Value != 95 || !series[1].Period.Equal(at(2026, time.February)) {
		t.Errorf("S1's attendance reads back as %+v from %s, %v", series, prov.Source, err)
	}
	obs, sums, err := c.Group(ctx, district.AttendanceRate, "", all, 10)
	if err != nil || len(obs) != 7 || len(sums) != 2 || sums[0].N+sums[1].N != 1106+1120 {
		t.Errorf("every school's attendance reads back as %d values and sums %+v, %v", len(obs), sums, err)
	}
	use, err := c.UsageRange(ctx, "", all)
	if err != nil || len(use) != 1 || use[0].Product != "P2" || use[0].WeeklyActive != 12.5 {
		t.Errorf("the district's use reads back as %+v, %v", use, err)
	}
	overlaps, err := c.Overlaps(ctx)
	if err != nil || len(overlaps) != 1 || overlaps[0].Metric != district.AttendanceRate || overlaps[0].Months != 2 {
		t.Errorf("overlaps read back as %+v, %v", overlaps, err)
	}

	err = c.Write(ctx, Source{Name: "feed", Kind: "summaryapi", Priority: 50}, Change, func(w *Writer) error {
		return w.PutObservation(district.Observation{Metric: district.AttendanceRate, School: "S3", Period: at(2026, time.February), Value: 90, N: 50})
	})
	if err != nil {
		t.Fatal(err)
	}
	ranked, _, err := c.Schoolwide(ctx, district.AttendanceRate, at(2026, time.March))
	var schools []string
	for _, o := range ranked {
		schools = append(schools, o.School)
	}
	if err != nil || !slices.Equal(schools, []string{"S1", "S2", "S3"}) {
		t.Errorf("the schools of February after a sync: %v, %v", schools, err)
	}
}

// openRaw opens a cache file with no pragmas, as it lies.
func openRaw(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", dsn(path, nil))
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// tableDumps dumps every table of a file, its rows in order.
func tableDumps(t *testing.T, db *sql.DB) map[string]string {
	t.Helper()
	tables, err := column[string](db.Query("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, table := range tables {
		rows := strings.Split(dump(t, db, "SELECT * FROM "+table), "\n")
		slices.Sort(rows)
		out[table] = strings.Join(rows, "\n")
	}
	return out
}
