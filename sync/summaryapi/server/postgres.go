package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/cabinetapp/cabinet/district"
)

// Postgres serves the Summary API from the views a district's PostgreSQL
// warehouse keeps in its schema "cabinet" (docs/districtd-postgres.md):
// district, schools, metrics, budget_lines and products, read whole with
// an ETag from their content, and observations and product_usage, paged by
// change version (postgres_feed.go). A role that may only read those views
// is enough. Every statement has a timeout, the pool a limit, and a
// warehouse that is down, slow or mid-reload is answered with 503 and a
// sentence, never with empty collections.
type Postgres struct {
	pool    *pgxpool.Pool
	timeout time.Duration
	secrets []string
	// pages keeps encoded pages; tables and states share reads in flight
	// (shared.go). ahead limits the pages read ahead of the cabinets.
	pages  *shared[page]
	tables *shared[table]
	states *shared[feedState]
	ahead  chan struct{}

	mu sync.Mutex
	// seen holds the collections that have had rows since districtd
	// started, and empty when each was first found empty again, by now.
	seen  map[string]bool
	empty map[string]time.Time
	now   func() time.Time
	// metrics is the catalogue with the warehouse's definitions, read at
	// most every metricsAge, to check observations against.
	metrics   map[string]district.Metric
	metricsAt time.Time
}

// PostgresConfig says how to reach the warehouse and how much of it
// districtd may use.
type PostgresConfig struct {
	// DSN is a libpq connection string or URL. PGPASSWORD, PGPASSFILE
	// (~/.pgpass) and the other PG variables are read too.
	DSN string
	// MaxConns is the most connections districtd opens at once.
	MaxConns int32
	// Timeout ends any statement that runs longer, in the server
	// (statement_timeout) and in districtd.
	Timeout time.Duration
	// PageCache is how many bytes of encoded pages districtd keeps, so that
	// cabinets syncing at once ask the warehouse for each page once.
	PageCache int64
}

// Defaults of PostgresConfig.
const (
	DefaultPostgresConns = 8
	DefaultPostgresWait  = 10 * time.Second
	DefaultPageCache     = 64 << 20
)

const (
	// connectTimeout bounds a connection attempt, so a warehouse that is
	// down is reported in seconds.
	connectTimeout = 5 * time.Second
	// emptyGrace is how long a view that held rows may be empty before
	// districtd believes it: a reload that deletes and inserts leaves its
	// tables empty for minutes, not for longer.
	emptyGrace = 15 * time.Minute
	// metricsAge is how long districtd checks observations against the
	// metric definitions it last read.
	metricsAge = 30 * time.Second
	// retryAfter is what a 503 asks a client to wait, in seconds.
	retryAfter = "30"
)

// OpenPostgres prepares a pool of connections to the warehouse. It
// connects only when asked; Ping tells whether the warehouse answers now.
func OpenPostgres(cfg PostgresConfig) (*Postgres, error) {
	pc, secrets, err := poolConfig(cfg.DSN, cfg.Timeout, false)
	if err != nil {
		return nil, err
	}
	p := &Postgres{timeout: cfg.Timeout, secrets: secrets, seen: map[string]bool{}, empty: map[string]time.Time{}, now: time.Now,
		pages:  newShared(cfg.PageCache, func(pg page) int64 { return int64(len(pg.body)) }),
		tables: newShared(0, func(table) int64 { return 0 }),
		states: newShared(0, func(feedState) int64 { return 0 }),
		ahead:  make(chan struct{}, max(1, cfg.MaxConns/4))}
	pc.MaxConns = cfg.MaxConns
	p.pool, err = pgxpool.NewWithConfig(context.Background(), pc)
	if err != nil {
		return nil, p.redactErr(fmt.Errorf("opening the warehouse's connection pool: %w", err))
	}
	return p, nil
}

// poolConfig reads a DSN and sets what every connection of districtd's
// runs with: statements ended after timeout, read-only transactions and
// index order unless it writes (--load-demo), its name in
// pg_stat_activity, and a search path that no schema of the warehouse's
// can shadow. It also returns the
// password in every form it may take, to keep out of messages.
func poolConfig(dsn string, timeout time.Duration, writes bool) (*pgxpool.Config, []string, error) {
	secrets := dsnSecrets(dsn)
	pc, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, nil, errors.New(redact(fmt.Sprintf("the PostgreSQL connection string cannot be read: %v", err), secrets))
	}
	if pw := pc.ConnConfig.Password; pw != "" {
		secrets = append(secrets, pw, url.QueryEscape(pw), url.PathEscape(pw), url.UserPassword("u", pw).String()[2:])
	}
	ms := strconv.FormatInt(timeout.Milliseconds(), 10)
	params := pc.ConnConfig.RuntimeParams
	params["application_name"] = "districtd"
	params["statement_timeout"] = ms
	params["lock_timeout"] = ms
	params["idle_in_transaction_session_timeout"] = ms
	params["search_path"] = "pg_catalog"
	if !writes {
		params["default_transaction_read_only"] = "on"
		// Pages are read in the order of the warehouse's index. Right
		// after a big change the planner's statistics do not know the new
		// versions yet, and would sort every changed row for every page.
		params["enable_sort"] = "off"
	}
	if pc.ConnConfig.ConnectTimeout == 0 || pc.ConnConfig.ConnectTimeout > connectTimeout {
		pc.ConnConfig.ConnectTimeout = connectTimeout
	}
	pc.MaxConnIdleTime = 5 * time.Minute
	pc.HealthCheckPeriod = 30 * time.Second
	return pc, secrets, nil
}

// keyValuePassword finds the password of a key=value connection string.
var keyValuePassword = regexp.MustCompile(`password\s*=\s*('(?:[^'\\]|\\.)*'|\S+)`)

// dsnSecrets is the password a DSN holds, as written and decoded.
func dsnSecrets(dsn string) []string {
	var out []string
	if u, err := url.Parse(dsn); err == nil && u.User != nil {
		if pw, ok := u.User.Password(); ok {
			out = append(out, pw)
		}
		if _, rest, ok := strings.Cut(u.User.String(), ":"); ok {
			out = append(out, rest)
		}
		if pw := u.Query().Get("password"); pw != "" {
			out = append(out, pw, url.QueryEscape(pw))
		}
	}
	for _, m := range keyValuePassword.FindAllStringSubmatch(dsn, -1) {
		out = append(out, m[1], strings.Trim(m[1], "'"))
	}
	// A password written raw in a URL that does not parse: everything
	// between the user's colon and the last @.
	if i, j := strings.Index(dsn, "://"), strings.LastIndex(dsn, "@"); i >= 0 && j > i {
		if _, pw, ok := strings.Cut(dsn[i+3:j], ":"); ok {
			out = append(out, pw)
		}
	}
	return out
}

// redact replaces every secret in text.
func redact(text string, secrets []string) string {
	secrets = slices.Clone(secrets)
	// The longest first, so a secret that contains another goes whole.
	slices.SortFunc(secrets, func(a, b string) int { return len(b) - len(a) })
	for _, s := range secrets {
		if s != "" {
			text = strings.ReplaceAll(text, s, "xxxxx")
		}
	}
	return text
}

func (p *Postgres) redactErr(err error) error {
	if err == nil {
		return nil
	}
	return errors.New(redact(err.Error(), p.secrets))
}

// Close closes the pool's connections.
func (p *Postgres) Close() { p.pool.Close() }

// Where names the warehouse: host, port, database and role, never the
// password.
func (p *Postgres) Where() string {
	c := p.pool.Config().ConnConfig
	return fmt.Sprintf("%s@%s:%d/%s", c.User, c.Host, c.Port, c.Database)
}

// Ping reports whether the warehouse answers now, in a sentence.
func (p *Postgres) Ping(ctx context.Context) error {
	ctx, cancel := p.context(ctx)
	defer cancel()
	if err := p.pool.Ping(ctx); err != nil {
		return p.redactErr(err)
	}
	return nil
}

// context bounds one request's work: the statement timeout, and as long
// again to get a connection from a busy pool or to reach the warehouse.
func (p *Postgres) context(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, 2*p.timeout+connectTimeout)
}

// invalidData is a row of a view that breaks the API's rules: the
// warehouse answered, but districtd will not send what it said.
type invalidData struct{ err error }

func (e invalidData) Error() string { return e.err.Error() }

// fail answers a request the warehouse could not serve: 410 for a cursor
// from other data, 500 for invalid data, and otherwise 503 with a sentence
// saying what happened and when to try again.
func (p *Postgres) fail(w http.ResponseWriter, log *slog.Logger, path, view string, err error) {
	var bad invalidData
	switch {
	case errors.Is(err, errGone):
		problem(w, http.StatusGone, err.Error())
		return
	case errors.Is(err, errNoFeed):
		p.emptyView(w, "cabinet.feed")
		return
	case errors.As(err, &bad):
		invalid(w, log, path, p.redactErr(bad.err))
		return
	}
	if log != nil {
		log.Warn("the warehouse could not answer", "path", path, "view", view, "error", p.redactErr(err).Error())
	}
	w.Header().Set("Retry-After", retryAfter)
	problem(w, http.StatusServiceUnavailable, p.explain(view, err))
}

// explain says in a sentence why the warehouse could not answer.
func (p *Postgres) explain(view string, err error) string {
	slow := fmt.Sprintf("The warehouse did not answer from %s within %s: it may be busy with a load. Try again in a few minutes.", view, p.timeout)
	down := "The district's warehouse cannot be reached: it may be down for maintenance. Try again in a few minutes."
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "57014" || pe.Code == "55P03" || strings.HasPrefix(pe.Code, "53"): // timeouts; too busy
			return slow
		case strings.HasPrefix(pe.Code, "57P") || strings.HasPrefix(pe.Code, "08"): // shutting down, starting, connection lost
			return down
		case pe.Code == "42P01" || pe.Code == "42703" || pe.Code == "3F000" || pe.Code == "42883":
			msg := pe.Message
			if len(msg) > 160 {
				msg = msg[:160] + "…"
			}
			return fmt.Sprintf("The warehouse's view %s is missing or lacks a column (%s): it may be being rebuilt. Try again in a few minutes; if this lasts, compare the view with docs/districtd-postgres.md.", view, p.redactErr(errors.New(msg)))
		case pe.Code == "42501":
			return fmt.Sprintf("districtd's database role may not read %s: grant it as docs/districtd-postgres.md says.", view)
		case strings.HasPrefix(pe.Code, "28"):
			return "The warehouse refused districtd's login: check the role and password districtd was given."
		}
		return fmt.Sprintf("The warehouse could not answer from %s (error %s). Try again in a few minutes.", view, pe.Code)
	}
	if errors.Is(err, context.DeadlineExceeded) || pgconn.Timeout(err) {
		return slow
	}
	return down
}

// reloading reports whether a view found empty should be answered with
// 503: it held rows (as districtd or the client saw), and has been empty
// for less than emptyGrace.
func (p *Postgres) reloading(path string, had bool) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !had && !p.seen[path] {
		return false
	}
	since, ok := p.empty[path]
	if !ok {
		p.empty[path] = p.now()
		return true
	}
	return p.now().Sub(since) < emptyGrace
}

// saw notes that a collection has rows.
func (p *Postgres) saw(path string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.seen[path] = true
	delete(p.empty, path)
}

func (p *Postgres) emptyView(w http.ResponseWriter, view string) {
	w.Header().Set("Retry-After", retryAfter)
	problem(w, http.StatusServiceUnavailable, fmt.Sprintf("The warehouse's view %s holds no rows, though it held some before: the warehouse is probably being reloaded. Try again in a few minutes.", view))
}
