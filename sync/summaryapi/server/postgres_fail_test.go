package server

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/district/demo"
	"github.com/cabinetapp/cabinet/sync/summaryapi/server/pgtest"
	"github.com/cabinetapp/cabinet/sync/summaryapi/wire"
)

// TestPostgresUnavailable breaks the warehouse the ways a reload, an
// outage or a slow load do: each is answered 503 with Retry-After and a
// sentence, never with an empty collection, and districtd serves again
// once the warehouse is back.
func TestPostgresUnavailable(t *testing.T) {
	cfg := demo.Config{Seed: 5, Schools: 2, Years: 1, End: pgEnd}
	w := newWarehouse(t, cfg, PostgresConfig{Timeout: time.Second})
	ctx := context.Background()
	cases := []struct {
		name   string
		path   string
		cursor bool // ask for the changes since a full listing, made before the break
		brk    func() (undo func())
		want   string
	}{
		{"a view dropped by a reload", wire.PathSchools, false, func() func() {
			w.exec(`DROP VIEW cabinet.schools`)
			return nil
		}, "The warehouse's view cabinet.schools is missing or lacks a column (relation"},
		{"no schools", wire.PathSchools, false, func() func() {
			w.exec(`DELETE FROM warehouse.schools`)
			return nil
		}, "The warehouse's view cabinet.schools holds no rows, and a district needs them"},
		{"no district", wire.PathDistrict, false, func() func() {
			w.exec(`DELETE FROM warehouse.district_profile`)
			return nil
		}, "The warehouse's view cabinet.district holds no row"},
		{"products emptied", wire.PathProducts, false, func() func() {
			w.exec(`DELETE FROM warehouse.edtech_products`)
			return nil
		}, "The warehouse's view cabinet.products holds no rows, though it held some before"},
		{"observations deleted", wire.PathObservations, false, func() func() {
			w.exec(`DELETE FROM warehouse.measure_values`)
			return nil
		}, "The warehouse's view cabinet.observations holds no rows, though it held some before"},
		{"observations truncated, asked for changes", wire.PathObservations, true, func() func() {
			w.exec(`TRUNCATE warehouse.measure_values, warehouse.measure_values_deleted`)
			return nil
		}, "The warehouse's view cabinet.observations holds no rows, though it held some before"},
		{"no feed row", wire.PathUsage, true, func() func() {
			w.exec(`DELETE FROM warehouse.load_generation`)
			return nil
		}, "The warehouse's view cabinet.feed holds no rows"},
		{"a load holding a lock", wire.PathSchools, false, func() func() {
			conn := w.loader()
			tx, err := conn.Begin(ctx)
			if err == nil {
				_, err = tx.Exec(ctx, `LOCK TABLE warehouse.schools IN ACCESS EXCLUSIVE MODE`)
			}
			if err != nil {
				t.Fatal(err)
			}
			return func() { tx.Rollback(ctx); conn.Close(ctx) }
		}, "The warehouse did not answer from cabinet.schools within 1s: it may be busy with a load"},
		{"a slow view", wire.PathBudget, false, func() func() {
			w.exec(`CREATE OR REPLACE VIEW cabinet.budget_lines AS SELECT fiscal_year, category, funding_source, budgeted, spent AS actual, funding_ends
				FROM warehouse.tech_budget WHERE pg_sleep(3) IS NOT NULL`)
			return nil
		}, "The warehouse did not answer from cabinet.budget_lines within 1s"},
		{"the warehouse down", wire.PathDistrict, false, func() func() {
			if err := w.c.Stop(ctx); err != nil {
				t.Fatal(err)
			}
			return func() {
				if err := w.c.Resume(ctx); err != nil {
					t.Fatal(err)
				}
			}
		}, "The district's warehouse cannot be reached: it may be down for maintenance"},
	}
	for _, tc := range cases {
		w.load(cfg)
		path := tc.path
		if tc.path == wire.PathObservations || tc.path == wire.PathUsage {
			listed := listAll(t, w.h, tc.path, "", 1000)
			if tc.cursor {
				path += "?cursor=" + listed.cursor
			}
		} else if rec := get(w.h, tc.path, ""); rec.Code != http.StatusOK {
			t.Fatalf("%s: before the break: %d %s", tc.name, rec.Code, rec.Body)
		}
		undo := tc.brk()
		began := time.Now()
		rec := get(w.h, path, "")
		took := time.Since(began)
		if undo != nil {
			undo()
		}
		if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" || !strings.Contains(rec.Body.String(), tc.want) {
			t.Errorf("%s: %d (Retry-After %q) %s\nwant 503 and %q", tc.name, rec.Code, rec.Header().Get("Retry-After"), rec.Body, tc.want)
		}
		// A timeout of 1s, a connection refused at once: never the
		// minutes a client would wait.
		if took > 10*time.Second {
			t.Errorf("%s: the answer took %s", tc.name, took)
		}
	}
	w.load(cfg)
	if rec := get(w.h, wire.PathDistrict, ""); rec.Code != http.StatusOK {
		t.Fatalf("after the warehouse came back: %d %s", rec.Code, rec.Body)
	}
}

// TestPostgresEmptyOnPurpose empties a view that held rows: districtd
// answers 503 for the grace a reload needs, and then believes it.
func TestPostgresEmptyOnPurpose(t *testing.T) {
	w := newWarehouse(t, demo.Config{Seed: 5, Schools: 2, Years: 1, End: pgEnd}, PostgresConfig{})
	if rec := get(w.h, wire.PathProducts, ""); rec.Code != http.StatusOK {
		t.Fatalf("products: %d %s", rec.Code, rec.Body)
	}
	w.exec(`DELETE FROM warehouse.edtech_products`)
	now := time.Now()
	w.p.now = func() time.Time { return now }
	for _, after := range []time.Duration{0, emptyGrace - time.Minute} {
		now = now.Add(after)
		if rec := get(w.h, wire.PathProducts, ""); rec.Code != http.StatusServiceUnavailable {
			t.Fatalf("%s after the view emptied: %d %s", after, rec.Code, rec.Body)
		}
	}
	now = now.Add(2 * time.Minute)
	if rec := get(w.h, wire.PathProducts, ""); rec.Code != http.StatusOK || rec.Body.String() != `{"items":[]}` {
		t.Fatalf("past the grace: %d %s", rec.Code, rec.Body)
	}
}

// TestPostgresPoolLimit sends more requests than the pool has connections
// while a load holds locks: districtd opens no more than its limit, and
// answers every request once the locks are gone. (Requests for the same
// collection share one read, so each asks for another.)
func TestPostgresPoolLimit(t *testing.T) {
	w := newWarehouse(t, demo.Config{Seed: 5, Schools: 2, Years: 1, End: pgEnd}, PostgresConfig{MaxConns: 2, Timeout: time.Minute})
	ctx := context.Background()
	conn := w.loader()
	defer conn.Close(ctx)
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `LOCK TABLE warehouse.schools, warehouse.district_profile, warehouse.measure_definitions,
		warehouse.tech_budget, warehouse.edtech_products, warehouse.load_generation IN ACCESS EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(w.h)
	defer srv.Close()
	paths := []string{wire.PathDistrict, wire.PathSchools, wire.PathMetrics, wire.PathBudget, wire.PathProducts, wire.PathObservations, wire.PathUsage}
	codes := make(chan int, len(paths))
	var wg sync.WaitGroup
	for _, path := range paths {
		wg.Go(func() {
			resp, err := srv.Client().Get(srv.URL + path)
			if err != nil {
				codes <- 0
				return
			}
			resp.Body.Close()
			codes <- resp.StatusCode
		})
	}
	// Wait until districtd's connections wait for the lock, then count them.
	su, err := w.c.Superuser(ctx, pgtest.Database)
	if err != nil {
		t.Fatal(err)
	}
	defer su.Close(ctx)
	count := func(cond string) int {
		var n int
		if err := su.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity WHERE application_name = 'districtd' `+cond).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	deadline := time.Now().Add(30 * time.Second)
	for count(`AND wait_event_type = 'Lock'`) < 2 {
		if time.Now().After(deadline) {
			t.Fatalf("districtd's requests never reached the lock: %d waiting", count(`AND wait_event_type = 'Lock'`))
		}
		time.Sleep(20 * time.Millisecond)
	}
	if n := count(""); n != 2 {
		t.Errorf("districtd holds %d connections with --pg-max-conns 2", n)
	}
	tx.Rollback(ctx)
	wg.Wait()
	close(codes)
	for code := range codes {
		if code != http.StatusOK {
			t.Errorf("a request waiting for the pool got %d", code)
		}
	}
}

// TestPostgresPasswordNeverShown gives districtd a DSN whose password
// holds characters a URL escapes, and fails every way it can: a wrong
// password, the warehouse down, a DSN that cannot be read. Neither the
// answers nor the log nor the errors hold the password, raw or escaped.
func TestPostgresPasswordNeverShown(t *testing.T) {
	c := pgtest.For(t)
	ctx := context.Background()
	secret := c.Password(pgtest.Reader)
	wrong := secret + "-wrong"
	forms := func(pw string) []string {
		return []string{pw, url.QueryEscape(pw), url.PathEscape(pw), url.UserPassword("u", pw).String()}
	}
	dsns := []struct{ name, dsn string }{
		{"wrong password in a URL", strings.Replace(c.DSN(pgtest.Reader, pgtest.Database), url.UserPassword(pgtest.Reader, secret).String(), url.UserPassword(pgtest.Reader, wrong).String(), 1)},
		{"wrong password in key=value", fmt.Sprintf("host=127.0.0.1 port=%d dbname=%s user=%s password='%s' sslmode=disable", c.Port, pgtest.Database, pgtest.Reader, wrong)},
		{"right password, server down", c.DSN(pgtest.Reader, pgtest.Database)},
	}
	var log logBuffer
	var shown strings.Builder
	for _, d := range dsns {
		name, dsn := d.name, d.dsn
		if name == "right password, server down" {
			if err := c.Stop(ctx); err != nil {
				t.Fatal(err)
			}
		}
		p, err := OpenPostgres(PostgresConfig{DSN: dsn, MaxConns: 2, Timeout: time.Second, PageCache: 1 << 20})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		h := Handler(p, Options{Logger: slog.New(slog.NewTextHandler(&log, nil))})
		for _, path := range []string{wire.PathDistrict, wire.PathObservations} {
			rec := get(h, path, "")
			if rec.Code != http.StatusServiceUnavailable {
				t.Errorf("%s: %s answered %d %s", name, path, rec.Code, rec.Body)
			}
			fmt.Fprintln(&shown, rec.Body.String())
		}
		if err := p.Ping(ctx); err == nil {
			t.Errorf("%s: the warehouse answered", name)
		} else {
			fmt.Fprintln(&shown, err)
		}
		p.Close()
	}
	for _, bad := range []string{
		"postgres://districtd:" + wrong + "@127.0.0.1:notaport/warehouse",
		"host=127.0.0.1 password='" + wrong + "' port=nope",
		"postgres://districtd:" + url.QueryEscape(wrong) + "@[::1/warehouse",
	} {
		_, err := OpenPostgres(PostgresConfig{DSN: bad, MaxConns: 1, Timeout: time.Second})
		if err == nil {
			t.Errorf("%q was read", bad)
			continue
		}
		fmt.Fprintln(&shown, err)
		_, err = LoadDemo(ctx, bad, demo.Config{Seed: 1, Schools: 1, Years: 1, End: pgEnd}, time.Second)
		fmt.Fprintln(&shown, err)
	}
	all := shown.String() + log.String()
	for _, pw := range append(forms(secret), forms(wrong)...) {
		if strings.Contains(all, pw) {
			t.Fatalf("the password appears as %q in what districtd said:\n%s", pw, all)
		}
	}
	for _, want := range []string{"refused districtd's login", "cannot be reached", "cannot be read", "xxxxx"} {
		if !strings.Contains(all, want) {
			t.Errorf("what districtd said lacks %q:\n%s", want, all)
		}
	}
}

// TestPostgresSharedReads has eight cabinets list the observations at
// once: each page is read from the warehouse once, so the eight cost
// little more than one.
func TestPostgresSharedReads(t *testing.T) {
	w := newWarehouse(t, demo.Config{Seed: 5, Schools: 2, Years: 1, End: pgEnd}, PostgresConfig{})
	ctx := context.Background()
	count := func() int64 {
		n, err := w.c.Statements(ctx, pgtest.Reader)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := count()
	one := listAll(t, w.h, wire.PathObservations, "", 100)
	single := count() - before
	// Another listing's bound, so the eight find none of those pages kept.
	if err := w.c.Exec(ctx, pgtest.Database, "SELECT pg_current_xact_id()"); err != nil {
		t.Fatal(err)
	}
	before = count()
	const cabinets = 8
	var wg sync.WaitGroup
	start := make(chan struct{})
	got := make([]listed, cabinets)
	errs := make([]error, cabinets)
	for i := range cabinets {
		wg.Go(func() {
			<-start
			got[i], errs[i] = listPages(w.h, wire.PathObservations, "", 100)
		})
	}
	close(start)
	wg.Wait()
	eight := count() - before
	for i, l := range got {
		if errs[i] != nil || len(l.items) != len(one.items) {
			t.Fatalf("a cabinet listed %d items, one alone %d: %v", len(l.items), len(one.items), errs[i])
		}
	}
	// Each cabinet may read the listing's start on its own; the pages are
	// read once.
	if eight > single+cabinets {
		t.Fatalf("eight cabinets listing at once cost %d statements, one alone %d", eight, single)
	}
	t.Logf("one listing: %d statements; eight at once: %d", single, eight)
}
