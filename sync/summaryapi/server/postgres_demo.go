package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"iter"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/district/demo"
)

// The demo warehouse: tables named as a district's warehouse might name
// them (schema warehouse), with the change versions and deletions
// districtd needs kept by triggers, and the views districtd reads over
// them (schema cabinet). docs/districtd-postgres.md shows the same.
const demoTables = `
DROP SCHEMA IF EXISTS warehouse CASCADE;
CREATE SCHEMA warehouse;
CREATE SCHEMA IF NOT EXISTS cabinet;

CREATE TABLE warehouse.district_profile (
	district_name           text NOT NULL,
	fiscal_year_start_month integer NOT NULL
);
CREATE TABLE warehouse.schools (
	school_code text PRIMARY KEY,
	school_name text NOT NULL,
	grade_span  text NOT NULL, -- ES, MS, HS or ALT
	enrolled    integer NOT NULL
);
-- Measures the district defines, or built-in ones it redefines.
CREATE TABLE warehouse.measure_definitions (
	measure_code   text PRIMARY KEY,
	title          text NOT NULL,
	dashboard_tab  text NOT NULL,
	unit           text NOT NULL,
	counts         text,
	good_direction text NOT NULL,
	goal           double precision,
	goal_source    text,
	notes          text,
	about_students boolean NOT NULL,
	rollup         text NOT NULL
);
CREATE TABLE warehouse.tech_budget (
	fiscal_year    integer NOT NULL,
	category       text NOT NULL,
	funding_source text NOT NULL,
	budgeted       double precision NOT NULL,
	spent          double precision NOT NULL,
	funding_ends   integer,
	PRIMARY KEY (fiscal_year, category, funding_source)
);
CREATE TABLE warehouse.edtech_products (
	product_code   text PRIMARY KEY,
	product_name   text NOT NULL,
	category       text NOT NULL,
	subject        text,
	annual_cost    double precision NOT NULL,
	licenses       integer NOT NULL,
	contract_start date,
	renewal_date   date
);
-- The load's generation: a reload that replaces the tables changes it.
CREATE TABLE warehouse.load_generation (
	generation   text NOT NULL,
	history_from bigint NOT NULL DEFAULT 0
);
-- Every row of a fact table carries the id of the transaction that last
-- wrote it; a deleted row leaves its key behind with the id of the
-- transaction that deleted it.
CREATE FUNCTION warehouse.stamp_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	NEW.change_version := pg_current_xact_id()::text::bigint;
	RETURN NEW;
END $$;
`

// factTable is a fact table the demo keeps change versions for.
type factTable struct {
	name, key, values string
}

var demoFacts = []factTable{
	{"measure_values", "measure_code text NOT NULL, school_code text NOT NULL, month date NOT NULL", "value double precision NOT NULL, n integer NOT NULL DEFAULT 0"},
	{"product_use", "product_code text NOT NULL, school_code text NOT NULL, month date NOT NULL", "active_users integer NOT NULL, weekly_active_students double precision NOT NULL"},
}

// keyColumns are the names of the key's columns.
func (f factTable) keyColumns() string {
	var cols []string
	for c := range strings.SplitSeq(f.key, ",") {
		cols = append(cols, strings.Fields(c)[0])
	}
	return strings.Join(cols, ", ")
}

// tables creates the fact table and the table of its deletions.
func (f factTable) tables() string {
	return fmt.Sprintf(`
CREATE TABLE warehouse.%[1]s (%[2]s, %[3]s,
	change_version bigint NOT NULL DEFAULT pg_current_xact_id()::text::bigint);
CREATE TABLE warehouse.%[1]s_deleted (%[2]s,
	change_version bigint NOT NULL DEFAULT pg_current_xact_id()::text::bigint);
`, f.name, f.key, f.values)
}

// indexes and triggers, made after the first load, which they would slow:
// the keys, the (version, key) order districtd pages in, and the triggers
// that stamp versions and remember deletions (also of a key an update
// moves away from) and forget them when a key returns.
func (f factTable) indexes() string {
	return fmt.Sprintf(`
ALTER TABLE warehouse.%[1]s ADD PRIMARY KEY (%[2]s);
ALTER TABLE warehouse.%[1]s_deleted ADD PRIMARY KEY (%[2]s);
CREATE INDEX %[1]s_by_version ON warehouse.%[1]s (change_version, %[2]s);
CREATE INDEX %[1]s_deleted_by_version ON warehouse.%[1]s_deleted (change_version, %[2]s);
CREATE TRIGGER %[1]s_stamp BEFORE INSERT OR UPDATE ON warehouse.%[1]s
	FOR EACH ROW EXECUTE FUNCTION warehouse.stamp_change();
CREATE FUNCTION warehouse.%[1]s_keep_deletions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('DELETE', 'UPDATE') THEN
		INSERT INTO warehouse.%[1]s_deleted (%[2]s)
			SELECT %[2]s FROM old_rows o WHERE NOT EXISTS
				(SELECT 1 FROM warehouse.%[1]s v WHERE (%[3]s) = (%[4]s))
			ON CONFLICT (%[2]s) DO UPDATE SET change_version = EXCLUDED.change_version;
	END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') THEN
		DELETE FROM warehouse.%[1]s_deleted d USING new_rows n WHERE (%[5]s) = (%[6]s);
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER %[1]s_deletions AFTER DELETE ON warehouse.%[1]s REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION warehouse.%[1]s_keep_deletions();
CREATE TRIGGER %[1]s_updates AFTER UPDATE ON warehouse.%[1]s REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION warehouse.%[1]s_keep_deletions();
CREATE TRIGGER %[1]s_returns AFTER INSERT ON warehouse.%[1]s REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION warehouse.%[1]s_keep_deletions();
`, f.name, f.keyColumns(), prefixed("v", f.keyColumns()), prefixed("o", f.keyColumns()), prefixed("d", f.keyColumns()), prefixed("n", f.keyColumns()))
}

func prefixed(alias, cols string) string {
	var out []string
	for c := range strings.SplitSeq(cols, ", ") {
		out = append(out, alias+"."+c)
	}
	return strings.Join(out, ", ")
}

// demoViews are the views districtd reads, over the demo's tables.
const demoViews = `
CREATE VIEW cabinet.feed AS
	SELECT generation, history_from FROM warehouse.load_generation;
CREATE VIEW cabinet.district AS
	SELECT district_name AS name, fiscal_year_start_month AS fiscal_year_start FROM warehouse.district_profile;
CREATE VIEW cabinet.schools AS
	SELECT school_code AS id, school_name AS name,
		CASE grade_span WHEN 'ES' THEN 'elementary' WHEN 'MS' THEN 'middle' WHEN 'HS' THEN 'high' ELSE 'alternative' END AS level,
		enrolled AS enrollment
	FROM warehouse.schools;
CREATE VIEW cabinet.metrics AS
	SELECT measure_code AS id, title AS name, dashboard_tab AS domain, unit, counts AS noun, good_direction AS polarity,
		goal AS target, goal_source AS benchmark, notes AS description, about_students AS student_based, rollup AS aggregation
	FROM warehouse.measure_definitions;
CREATE VIEW cabinet.observations AS
	SELECT measure_code AS metric, school_code AS school, month AS period, value, n, change_version AS version, false AS deleted
		FROM warehouse.measure_values
	UNION ALL
	SELECT measure_code, school_code, month, NULL, NULL, change_version, true
		FROM warehouse.measure_values_deleted;
CREATE VIEW cabinet.budget_lines AS
	SELECT fiscal_year, category, funding_source, budgeted, spent AS actual, funding_ends FROM warehouse.tech_budget;
CREATE VIEW cabinet.products AS
	SELECT product_code AS id, product_name AS name, category, subject, annual_cost, licenses, contract_start, renewal_date
	FROM warehouse.edtech_products;
CREATE VIEW cabinet.product_usage AS
	SELECT product_code AS product, school_code AS school, month AS period, active_users, weekly_active_students,
		change_version AS version, false AS deleted
		FROM warehouse.product_use
	UNION ALL
	SELECT product_code, school_code, month, NULL, NULL, change_version, true
		FROM warehouse.product_use_deleted;
`

// gradeSpans are the demo warehouse's codes for school levels.
var gradeSpans = map[district.Level]string{district.Elementary: "ES", district.Middle: "MS", district.High: "HS", district.Alternative: "ALT"}

// LoadDemo makes the demo warehouse in the database dsn names and loads
// the demo district of cfg into it, the one districtd serves from memory
// with the same flags, in one transaction: the tables, the views over
// them, and a new generation, so that cabinets synced from an earlier load
// list everything again. Each statement may take up to timeout. It
// returns how many rows it loaded.
func LoadDemo(ctx context.Context, dsn string, cfg demo.Config, timeout time.Duration) (int64, error) {
	pc, secrets, err := poolConfig(dsn, timeout, true)
	if err != nil {
		return 0, err
	}
	fail := func(what string, err error) error {
		return fmt.Errorf("%s: %s", what, redact(err.Error(), secrets))
	}
	conn, err := pgx.ConnectConfig(ctx, pc.ConnConfig)
	if err != nil {
		return 0, fail("connecting to the warehouse", err)
	}
	defer conn.Close(context.Background())
	tx, err := conn.Begin(ctx)
	if err != nil {
		return 0, fail("starting the load", err)
	}
	defer tx.Rollback(context.Background())
	ddl := "SET LOCAL maintenance_work_mem = '256MB';" + demoTables
	for _, f := range demoFacts {
		ddl += f.tables()
	}
	if _, err := tx.Exec(ctx, ddl); err != nil {
		return 0, fail("creating the demo's tables", err)
	}
	d := demo.New(cfg)
	nonce := make([]byte, 8)
	rand.Read(nonce)
	p := d.Profile()
	var schools, budget, products [][]any
	for _, s := range d.Schools() {
		schools = append(schools, []any{s.ID, s.Name, gradeSpans[s.Level], s.Enrolment})
	}
	for _, b := range d.Budget() {
		budget = append(budget, []any{b.FiscalYear, b.Category, b.FundingSource, b.Budgeted, b.Actual, nullIfZero(b.FundingEnds)})
	}
	for _, pr := range d.Products() {
		products = append(products, []any{pr.ID, pr.Name, pr.Category, nullIfEmpty(pr.Subject), pr.AnnualCost, pr.Licences, nullIfZeroTime(pr.ContractStart), nullIfZeroTime(pr.RenewalDate)})
	}
	small := []struct {
		table string
		cols  []string
		rows  [][]any
	}{
		{"district_profile", []string{"district_name", "fiscal_year_start_month"}, [][]any{{p.Name, int(p.FiscalYearStart)}}},
		{"load_generation", []string{"generation"}, [][]any{{hex.EncodeToString(nonce)}}},
		{"schools", []string{"school_code", "school_name", "grade_span", "enrolled"}, schools},
		{"tech_budget", []string{"fiscal_year", "category", "funding_source", "budgeted", "spent", "funding_ends"}, budget},
		{"edtech_products", []string{"product_code", "product_name", "category", "subject", "annual_cost", "licenses", "contract_start", "renewal_date"}, products},
	}
	var loaded int64
	for _, t := range small {
		n, err := tx.CopyFrom(ctx, pgx.Identifier{"warehouse", t.table}, t.cols, pgx.CopyFromRows(t.rows))
		if err != nil {
			return 0, fail("loading warehouse."+t.table, err)
		}
		loaded += n
	}
	n, err := copySeq(ctx, tx, "measure_values", []string{"measure_code", "school_code", "month", "value", "n"}, d.Observations(),
		func(o district.Observation) []any { return []any{o.Metric, o.School, o.Period, o.Value, o.N} })
	if err != nil {
		return 0, fail("loading warehouse.measure_values", err)
	}
	loaded += n
	n, err = copySeq(ctx, tx, "product_use", []string{"product_code", "school_code", "month", "active_users", "weekly_active_students"}, d.Usage(),
		func(u district.ProductUsage) []any {
			return []any{u.Product, u.School, u.Period, u.ActiveUsers, u.WeeklyActive}
		})
	if err != nil {
		return 0, fail("loading warehouse.product_use", err)
	}
	loaded += n
	ddl = demoViews
	for _, f := range demoFacts {
		ddl += f.indexes()
	}
	if _, err := tx.Exec(ctx, ddl); err != nil {
		return 0, fail("indexing the demo's tables and creating the views", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return 0, fail("committing the load", err)
	}
	// Fresh statistics for the planner, and a visibility map so that
	// counting a listing reads the index alone.
	if _, err := conn.Exec(ctx, "VACUUM (ANALYZE) warehouse.measure_values, warehouse.product_use, warehouse.schools"); err != nil {
		return 0, fail("analysing the demo's tables", err)
	}
	return loaded, nil
}

// copySeq copies a sequence of values into a demo table with COPY.
func copySeq[V any](ctx context.Context, tx pgx.Tx, table string, cols []string, seq iter.Seq[V], row func(V) []any) (int64, error) {
	next, stop := iter.Pull(seq)
	defer stop()
	return tx.CopyFrom(ctx, pgx.Identifier{"warehouse", table}, cols, pgx.CopyFromFunc(func() ([]any, error) {
		v, ok := next()
		if !ok {
			return nil, nil
		}
		return row(v), nil
	}))
}

func nullIfZero(n int) any {
	if n == 0 {
		return nil
	}
	return n
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullIfZeroTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}
