package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/cabinetapp/cabinet/district/demo"
	"github.com/cabinetapp/cabinet/sync/summaryapi/server"
)

// loadTimeout bounds each statement of --load-demo: copying ten years of
// New York City's figures takes minutes, not hours.
const loadTimeout = 30 * time.Minute

// demoConfig is the demo district the flags describe, served from memory or
// loaded into PostgreSQL with --load-demo.
func demoConfig(schools, years int, seed uint64, end string) (demo.Config, error) {
	cfg := demo.Config{Seed: seed, Schools: schools, Years: years, End: time.Now()}
	if schools < 1 || years < 1 {
		return cfg, fmt.Errorf("--schools and --years must be at least 1")
	}
	if end != "" {
		t, err := time.Parse("2006-01", end)
		if err != nil {
			return cfg, fmt.Errorf("--end %q is not a month like 2026-05", end)
		}
		cfg.End = t
	}
	return cfg, nil
}

// loadDemo runs --load-demo: the demo warehouse's tables and views, and
// the demo district of cfg in them.
func loadDemo(ctx context.Context, dsn string, cfg demo.Config, stderr io.Writer) int {
	warnPassword(dsn, stderr)
	start := time.Now()
	n, err := server.LoadDemo(ctx, dsn, cfg, loadTimeout)
	if err != nil {
		fmt.Fprintf(stderr, "districtd: loading the demo district: %v\n", err)
		return 1
	}
	fmt.Fprintf(stderr, "districtd: loaded the demo district (%d schools, %d years) into the warehouse: %d rows in %s\n",
		cfg.Schools, cfg.Years, n, time.Since(start).Round(time.Millisecond))
	return 0
}

// openWarehouse prepares --postgres. A warehouse that does not answer yet
// is no reason to refuse to start: clients are told so until it does.
func openWarehouse(ctx context.Context, dsn string, conns int, timeout time.Duration, log *slog.Logger, stderr io.Writer) (*server.Postgres, error) {
	warnPassword(dsn, stderr)
	p, err := server.OpenPostgres(server.PostgresConfig{DSN: dsn, MaxConns: int32(conns), Timeout: timeout, PageCache: server.DefaultPageCache})
	if err != nil {
		return nil, err
	}
	if err := p.Ping(ctx); err != nil {
		log.Warn("the warehouse does not answer yet; clients are answered 503 until it does", "warehouse", p.Where(), "error", err.Error())
	}
	return p, nil
}

// warnPassword warns when the DSN on the command line holds a password,
// which every user of the computer can read in the process list. It never
// repeats the password.
func warnPassword(dsn string, stderr io.Writer) {
	inURL := false
	if u, err := url.Parse(dsn); err == nil {
		_, inURL = u.User.Password()
	}
	if inURL || strings.Contains(dsn, "password=") {
		fmt.Fprintln(stderr, "districtd: warning: a password in --postgres can be read by every user of this computer in the process list; put it in ~/.pgpass (or PGPASSFILE) or PGPASSWORD instead")
	}
}
