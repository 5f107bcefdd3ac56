package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
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

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/sync/summaryapi/wire"
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
	pages   *pageCache

	mu sync.Mutex
	// seen holds the collections that have had rows since districtd
	// started, and empty when each was first found empty again.
	seen  map[string]bool
	empty map[string]time.Time
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
	p := &Postgres{timeout: cfg.Timeout, secrets: secrets, pages: newPageCache(cfg.PageCache), seen: map[string]bool{}, empty: map[string]time.Time{}}
	pc.MaxConns = cfg.MaxConns
	p.pool, err = pgxpool.NewWithConfig(context.Background(), pc)
	if err != nil {
		return nil, p.redactErr(fmt.Errorf("opening the warehouse's connection pool: %w", err))
	}
	return p, nil
}

// poolConfig reads a DSN and sets what every connection of districtd's
// runs with: statements ended after timeout, read-only transactions unless
// it writes (--load-demo), its name in pg_stat_activity, and a search path
// that no schema of the warehouse's can shadow. It also returns the
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
		p.empty[path] = time.Now()
		return true
	}
	return time.Since(since) < emptyGrace
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

// register serves the views' collections.
func (p *Postgres) register(mux *http.ServeMux, log *slog.Logger) {
	mux.HandleFunc(wire.PathDistrict, func(w http.ResponseWriter, r *http.Request) { p.district(w, r, log) })
	mux.HandleFunc(wire.PathSchools, func(w http.ResponseWriter, r *http.Request) {
		serveTable(p, w, r, log, wire.PathSchools, "cabinet.schools", true,
			"SELECT id, name, level, enrollment FROM cabinet.schools ORDER BY id",
			func(rows pgx.Rows) (wire.School, error) {
				var s wire.School
				var id, name, level *string
				if err := rows.Scan(&id, &name, &level, &s.Enrollment); err != nil {
					return s, err
				}
				s.ID, s.Name, s.Level = deref(id), deref(name), deref(level)
				_, err := s.Convert()
				return s, err
			})
	})
	mux.HandleFunc(wire.PathMetrics, func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := p.context(r.Context())
		defer cancel()
		catalogue, rows, err := p.readMetrics(ctx)
		if err != nil {
			p.fail(w, log, wire.PathMetrics, "cabinet.metrics", err)
			return
		}
		list, err := checked(catalogue, wire.FromMetric, wire.Metric.Convert)
		if err != nil {
			invalid(w, log, wire.PathMetrics, err)
			return
		}
		p.sendTable(w, r, wire.PathMetrics, "cabinet.metrics", false, list, rows)
	})
	mux.HandleFunc(wire.PathBudget, func(w http.ResponseWriter, r *http.Request) {
		serveTable(p, w, r, log, wire.PathBudget, "cabinet.budget_lines", false,
			"SELECT fiscal_year, category, funding_source, budgeted, actual, funding_ends FROM cabinet.budget_lines ORDER BY fiscal_year, category, funding_source",
			func(rows pgx.Rows) (wire.BudgetLine, error) {
				var b wire.BudgetLine
				var category, source *string
				var ends *int
				if err := rows.Scan(&b.FiscalYear, &category, &source, &b.Budgeted, &b.Actual, &ends); err != nil {
					return b, err
				}
				b.Category, b.FundingSource, b.FundingEnds = deref(category), deref(source), deref(ends)
				_, err := b.Convert()
				return b, err
			})
	})
	mux.HandleFunc(wire.PathProducts, func(w http.ResponseWriter, r *http.Request) {
		serveTable(p, w, r, log, wire.PathProducts, "cabinet.products", false,
			"SELECT id, name, category, subject, annual_cost, licenses, contract_start, renewal_date FROM cabinet.products ORDER BY id",
			func(rows pgx.Rows) (wire.Product, error) {
				var pr wire.Product
				var id, name, category, subject *string
				var start, renewal *time.Time
				if err := rows.Scan(&id, &name, &category, &subject, &pr.AnnualCost, &pr.Licenses, &start, &renewal); err != nil {
					return pr, err
				}
				pr.ID, pr.Name, pr.Category, pr.Subject = deref(id), deref(name), deref(category), deref(subject)
				pr.ContractStart, pr.RenewalDate = dateOf(start), dateOf(renewal)
				_, err := pr.Convert()
				return pr, err
			})
	})
	observations.register(p, mux, log)
	usage.register(p, mux, log)
}

func deref[T any](v *T) T {
	if v == nil {
		var zero T
		return zero
	}
	return *v
}

func dateOf(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format(time.DateOnly)
}

// district serves the one row of cabinet.district.
func (p *Postgres) district(w http.ResponseWriter, r *http.Request, log *slog.Logger) {
	const view = "cabinet.district"
	ctx, cancel := p.context(r.Context())
	defer cancel()
	rows, err := p.pool.Query(ctx, "SELECT name, fiscal_year_start FROM cabinet.district LIMIT 2")
	if err != nil {
		p.fail(w, log, wire.PathDistrict, view, err)
		return
	}
	var found []wire.District
	for rows.Next() {
		var name *string
		var start *int
		if err := rows.Scan(&name, &start); err != nil {
			rows.Close()
			p.fail(w, log, wire.PathDistrict, view, invalidData{fmt.Errorf("%s: %w", view, err)})
			return
		}
		found = append(found, wire.District{Name: deref(name), FiscalYearStart: deref(start)})
	}
	if err := rows.Err(); err != nil {
		p.fail(w, log, wire.PathDistrict, view, err)
		return
	}
	switch len(found) {
	case 0:
		w.Header().Set("Retry-After", retryAfter)
		problem(w, http.StatusServiceUnavailable, "The warehouse's view cabinet.district holds no row: the warehouse is probably being reloaded. Try again in a few minutes.")
		return
	case 2:
		invalid(w, log, wire.PathDistrict, errors.New("cabinet.district holds more than one row; it must hold the district's one profile"))
		return
	}
	if _, err := found[0].Convert(); err != nil {
		invalid(w, log, wire.PathDistrict, fmt.Errorf("%s: %w", view, err))
		return
	}
	p.sendTable(w, r, wire.PathDistrict, view, true, found[0], 1)
}

// serveTable reads an unpaged collection from its view, in key order,
// checks every row with the client's rules and sends it.
func serveTable[W any](p *Postgres, w http.ResponseWriter, r *http.Request, log *slog.Logger, path, view string, required bool, query string, scan func(pgx.Rows) (W, error)) {
	ctx, cancel := p.context(r.Context())
	defer cancel()
	items, err := readTable(ctx, p, view, query, scan)
	if err != nil {
		p.fail(w, log, path, view, err)
		return
	}
	p.sendTable(w, r, path, view, required, wire.List[W]{Items: items}, len(items))
}

// readTable reads at most wire.MaxCollection rows of a view.
func readTable[W any](ctx context.Context, p *Postgres, view, query string, scan func(pgx.Rows) (W, error)) ([]W, error) {
	rows, err := p.pool.Query(ctx, fmt.Sprintf("%s LIMIT %d", query, wire.MaxCollection+1))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	items := []W{}
	for rows.Next() {
		if len(items) == wire.MaxCollection {
			return nil, invalidData{fmt.Errorf("%s holds more than %d rows, the most the API allows", view, wire.MaxCollection)}
		}
		it, err := scan(rows)
		if err != nil {
			return nil, invalidData{fmt.Errorf("%s, row %d: %w", view, len(items)+1, err)}
		}
		items = append(items, it)
	}
	return items, rows.Err()
}

// sendTable answers with an unpaged body whose ETag comes from its
// content: 304 when the client has it, and 503 when its view is empty
// though a district needs it (required) or it held rows before. The
// client's ETag tells what it held: one of ours that is not the ETag of
// what the empty view gives means it held rows.
func (p *Postgres) sendTable(w http.ResponseWriter, r *http.Request, path, view string, required bool, body any, rows int) {
	b, err := json.Marshal(body)
	if err != nil {
		problem(w, http.StatusInternalServerError, "the response could not be encoded")
		return
	}
	etag := contentETag(b)
	sent := r.Header.Get("If-None-Match")
	if rows == 0 {
		if required {
			w.Header().Set("Retry-After", retryAfter)
			problem(w, http.StatusServiceUnavailable, fmt.Sprintf("The warehouse's view %s holds no rows, and a district needs them: the warehouse is probably being reloaded. Try again in a few minutes.", view))
			return
		}
		if p.reloading(path, strings.HasPrefix(sent, `"c-`) && sent != etag) {
			p.emptyView(w, view)
			return
		}
	} else {
		p.saw(path)
	}
	w.Header().Set("ETag", etag)
	if sent == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	writeBody(w, http.StatusOK, "application/json", b)
}

// contentETag is the ETag of an encoded body.
func contentETag(b []byte) string {
	h := sha256.Sum256(b)
	return `"c-` + hex.EncodeToString(h[:10]) + `"`
}

// readMetrics reads cabinet.metrics, which holds the metrics the district
// defines or redefines, checks each with the rules metrics.csv keeps, and
// returns the whole catalogue and how many rows the view held.
func (p *Postgres) readMetrics(ctx context.Context) ([]district.Metric, int, error) {
	defs, err := readTable(ctx, p, "cabinet.metrics",
		"SELECT id, name, domain, unit, noun, polarity, target, benchmark, description, student_based, aggregation FROM cabinet.metrics ORDER BY id",
		func(rows pgx.Rows) (district.Metric, error) {
			var id, name, domain, unit, noun, polarity, benchmark, description, aggregation *string
			var target *float64
			var studentBased *bool
			if err := rows.Scan(&id, &name, &domain, &unit, &noun, &polarity, &target, &benchmark, &description, &studentBased, &aggregation); err != nil {
				return district.Metric{}, err
			}
			m := district.Metric{ID: deref(id), Name: deref(name), Domain: district.Domain(deref(domain)), Unit: district.Unit(deref(unit)),
				Noun: deref(noun), Polarity: district.Polarity(deref(polarity)), Benchmark: deref(benchmark),
				Description: deref(description), Aggregation: district.Aggregation(deref(aggregation))}
			if target != nil {
				m.Target, m.HasTarget = *target, true
			}
			m, bad := defineMetric(m, studentBased)
			if bad != nil {
				return m, fmt.Errorf("metric %q, column %s", m.ID, bad)
			}
			return m, nil
		})
	if err != nil {
		return nil, 0, err
	}
	catalogue := district.Catalogue()
	byID := make(map[string]district.Metric, len(catalogue)+len(defs))
	for _, m := range defs {
		catalogue = withMetric(catalogue, m)
	}
	for _, m := range catalogue {
		byID[m.ID] = m
	}
	p.mu.Lock()
	p.metrics, p.metricsAt = byID, time.Now()
	p.mu.Unlock()
	return catalogue, len(defs), nil
}

// metricLookup is the catalogue to check observations against, read again
// when older than metricsAge.
func (p *Postgres) metricLookup(ctx context.Context) (func(string) (district.Metric, bool), error) {
	p.mu.Lock()
	byID, at := p.metrics, p.metricsAt
	p.mu.Unlock()
	if byID == nil || time.Since(at) > metricsAge {
		if _, _, err := p.readMetrics(ctx); err != nil {
			return nil, err
		}
		p.mu.Lock()
		byID = p.metrics
		p.mu.Unlock()
	}
	return func(id string) (district.Metric, bool) {
		m, ok := byID[id]
		return m, ok
	}, nil
}
