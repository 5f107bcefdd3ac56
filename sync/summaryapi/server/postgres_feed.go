package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/sync/summaryapi/wire"
)

// The paged collections come from views whose rows carry a change version:
// the id of the transaction that last wrote the row (pg_current_xact_id(),
// which the warehouse's triggers set; docs/districtd-postgres.md), and
// "deleted" rows that stand for removed ones. districtd derives nothing: it
// reads the versions the warehouse keeps.
//
// A listing is bounded by the oldest transaction still running when it
// began (its Upto, pg_snapshot_xmin): every version below that has
// committed or never will, so the listing sees a fixed set of rows, each
// once, however long its pages take, and a change committed later has a
// version at or above Upto, which the next sync asks for (Since = Upto).
// A change seen early is sent again then; sending twice is harmless.
// Pages are keyset pages in (version, key) order, which an index of the
// table behind the view serves without sorting.

// feed is a paged collection: its view, the columns read, and how a row
// becomes an item.
type feed[W any] struct {
	path, view string
	// cols are the key's three columns, then the values'.
	cols []string
	scan func(rows pgx.Rows, metrics func(string) (district.Metric, bool)) (W, int64, [3]string, error)
	// needsMetrics says scan checks items against the metric catalogue.
	needsMetrics bool
}

var observations = feed[wire.Observation]{
	path: wire.PathObservations, view: "cabinet.observations", needsMetrics: true,
	cols: []string{"metric", "school", "period", "value", "n"},
	scan: func(rows pgx.Rows, metrics func(string) (district.Metric, bool)) (wire.Observation, int64, [3]string, error) {
		var r feedRow
		var value pgtype.Float8
		var n pgtype.Int8
		key, err := r.scan(rows, "metric", &value, &n)
		if err != nil {
			return wire.Observation{}, 0, key, err
		}
		if !r.deleted.Bool && !value.Valid {
			return wire.Observation{}, 0, key, errors.New("value is NULL")
		}
		o := district.Observation{Metric: r.id.String, School: r.school.String, Period: r.period.Time, Value: value.Float64, N: int(n.Int64)}
		it, err := observationItem(o, r.deleted.Bool, metrics)
		return it, r.version.Int64, key, err
	},
}

var usage = feed[wire.Usage]{
	path: wire.PathUsage, view: "cabinet.product_usage",
	cols: []string{"product", "school", "period", "active_users", "weekly_active_students"},
	scan: func(rows pgx.Rows, _ func(string) (district.Metric, bool)) (wire.Usage, int64, [3]string, error) {
		var r feedRow
		var users pgtype.Int8
		var weekly pgtype.Float8
		key, err := r.scan(rows, "product", &users, &weekly)
		if err != nil {
			return wire.Usage{}, 0, key, err
		}
		if !r.deleted.Bool && (!users.Valid || !weekly.Valid) {
			return wire.Usage{}, 0, key, errors.New("active_users or weekly_active_students is NULL")
		}
		u := district.ProductUsage{Product: r.id.String, School: r.school.String, Period: r.period.Time, ActiveUsers: int(users.Int64), WeeklyActive: weekly.Float64}
		it, err := usageItem(u, r.deleted.Bool)
		return it, r.version.Int64, key, err
	},
}

// feedRow is what every paged view's row holds besides its two values:
// its key, version and whether it is a deletion. pgtype values scan
// without reflection or allocation, which counts at millions of rows.
type feedRow struct {
	id, school pgtype.Text
	period     pgtype.Date
	version    pgtype.Int8
	deleted    pgtype.Bool
}

// scan reads a row with its two values, checks that what the listing
// needs is there, and returns its key.
func (r *feedRow) scan(rows pgx.Rows, idCol string, a, b any) ([3]string, error) {
	if err := rows.Scan(&r.id, &r.school, &r.period, a, b, &r.version, &r.deleted); err != nil {
		return [3]string{}, err
	}
	if err := notNull([]string{idCol, "school", "period", "version", "deleted"}, !r.id.Valid, !r.school.Valid, !r.period.Valid, !r.version.Valid, !r.deleted.Valid); err != nil {
		return [3]string{}, err
	}
	key := [3]string{r.id.String, r.school.String, r.period.Time.Format(time.DateOnly)}
	if r.period.InfinityModifier != pgtype.Finite {
		return key, errors.New("period is not a month")
	}
	return key, nil
}

// notNull names the first column that is NULL. A NULL school would break
// the keyset order: the whole district is ” in the views, never NULL.
func notNull(cols []string, null ...bool) error {
	for i, n := range null {
		if n {
			if cols[i] == "school" {
				return errors.New("school is NULL: write '' (empty) for the whole district")
			}
			return fmt.Errorf("%s is NULL", cols[i])
		}
	}
	return nil
}

func (f *feed[W]) register(p *Postgres, mux *http.ServeMux, log *slog.Logger) {
	mux.HandleFunc(f.path, func(w http.ResponseWriter, r *http.Request) { f.serve(p, w, r, log) })
}

// feedState is what a listing starts from: the data's generation, the
// oldest version whose deletions the warehouse still keeps, the listing's
// upper bound, and the newest version below it (0 when the view is empty),
// which the ETag names.
type feedState struct {
	epoch       string
	historyFrom int64
	upto        int64
	tag         int64
}

func (s feedState) etag() string { return etagOf(s.epoch, s.tag) }

func etagOf(epoch string, tag int64) string { return fmt.Sprintf(`"%s.%d"`, epoch, tag) }

// epochOf names the warehouse's data by the generation cabinet.feed gives:
// a reload that changes it makes every cursor gone.
func epochOf(generation string) string {
	h := sha256.Sum256([]byte(generation))
	return "pg-" + hex.EncodeToString(h[:6])
}

// state reads where a listing starts, in one statement, which cabinets
// that ask at once share.
func (f *feed[W]) state(ctx context.Context, p *Postgres) (feedState, error) {
	return p.states.get(ctx, f.path, func(ctx context.Context) (feedState, error) {
		ctx, cancel := p.context(ctx)
		defer cancel()
		return f.readState(ctx, p)
	})
}

func (f *feed[W]) readState(ctx context.Context, p *Postgres) (feedState, error) {
	q := fmt.Sprintf(`SELECT f.generation, f.history_from, w.upto, (SELECT max(version) FROM %s WHERE version < w.upto)
FROM (SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS upto) w LEFT JOIN cabinet.feed f ON true`, f.view)
	rows, err := p.pool.Query(ctx, q)
	if err != nil {
		return feedState{}, err
	}
	defer rows.Close()
	var s feedState
	n := 0
	for rows.Next() {
		var generation *string
		var history, tag *int64
		if err := rows.Scan(&generation, &history, &s.upto, &tag); err != nil {
			return feedState{}, invalidData{fmt.Errorf("cabinet.feed: %w", err)}
		}
		if n++; n > 1 {
			return feedState{}, invalidData{errors.New("cabinet.feed holds more than one row; it must hold one")}
		}
		if generation == nil {
			return feedState{}, errNoFeed
		}
		s.epoch, s.historyFrom, s.tag = epochOf(*generation), deref(history), deref(tag)
	}
	return s, rows.Err()
}

// errNoFeed is an empty cabinet.feed, which only a reload leaves.
var errNoFeed = errors.New("cabinet.feed holds no row")

// serve answers one page.
func (f *feed[W]) serve(p *Postgres, w http.ResponseWriter, r *http.Request, log *slog.Logger) {
	limit, ok := pageLimit(w, r)
	if !ok {
		return
	}
	ctx, cancel := p.context(r.Context())
	defer cancel()
	var c cursor
	text := r.URL.Query().Get("cursor")
	if text != "" {
		var err error
		c, err = decodeCursor(text, 4)
		if err == nil && c.After != nil {
			_, err = afterKey(c.After)
		}
		if err != nil {
			problem(w, http.StatusBadRequest, err.Error())
			return
		}
	}
	first := c.After == nil
	var st feedState
	if first {
		var err error
		if st, err = f.state(ctx, p); err != nil {
			p.fail(w, log, f.path, f.view, err)
			return
		}
		// A cursor from other data, from before the history the
		// warehouse keeps, or from past what it has written (another
		// cluster's versions) is gone.
		if text != "" && (c.Epoch != st.epoch || c.Since < st.historyFrom || c.Since > st.upto) {
			problem(w, http.StatusGone, errGone.Error())
			return
		}
		if r.Header.Get("If-None-Match") == st.etag() {
			w.Header().Set("ETag", st.etag())
			w.WriteHeader(http.StatusNotModified)
			return
		}
		if st.tag == 0 && p.reloading(f.path, c.Tag > 0) {
			p.emptyView(w, f.view)
			return
		}
		c = cursor{Epoch: st.epoch, Full: text == "", Since: c.Since, Upto: st.upto, Tag: st.tag}
	}
	pg, err := f.read(ctx, p, log, c, limit)
	if err != nil {
		p.fail(w, log, f.path, f.view, err)
		return
	}
	if pg.items > 0 {
		p.saw(f.path)
	} else if first && c.Full && p.reloading(f.path, st.tag != 0) {
		// Versions but no rows: only deletions, which a full listing
		// leaves out. A warehouse emptied by deletes is mid-reload.
		p.emptyView(w, f.view)
		return
	}
	if pg.more {
		f.readAhead(p, log, pg.next, limit)
	}
	w.Header().Set("ETag", etagOf(c.Epoch, c.Tag))
	writeBody(w, http.StatusOK, "application/json", pg.body)
}

// page is one encoded page of a listing, and where the listing goes on.
type page struct {
	body  []byte
	items int
	next  cursor
	more  bool
}

func (f *feed[W]) key(c cursor, limit int) string {
	return fmt.Sprintf("%s\x00%d\x00%s", f.path, limit, c)
}

// read returns a page of listing c, read once however many ask for it.
func (f *feed[W]) read(ctx context.Context, p *Postgres, log *slog.Logger, c cursor, limit int) (page, error) {
	return p.pages.get(ctx, f.key(c, limit), func(ctx context.Context) (page, error) {
		ctx, cancel := p.context(ctx)
		defer cancel()
		return f.page(ctx, p, log, c, limit)
	})
}

// readAhead reads the page after one a cabinet was just given while it
// reads that one, so that the warehouse works while the network does, and
// cabinets listing together find the page ready. One page ahead, and only
// a few at once: the pool is for the cabinets.
func (f *feed[W]) readAhead(p *Postgres, log *slog.Logger, next cursor, limit int) {
	if p.pages.has(f.key(next, limit)) {
		return
	}
	select {
	case p.ahead <- struct{}{}:
	default:
		return
	}
	go func() {
		defer func() { <-p.ahead }()
		f.read(context.Background(), p, log, next, limit)
	}()
}

// page reads one page of the listing c and encodes it. A full listing
// leaves deletions out; a listing of changes sends them.
func (f *feed[W]) page(ctx context.Context, p *Postgres, log *slog.Logger, c cursor, limit int) (page, error) {
	var metrics func(string) (district.Metric, bool)
	if f.needsMetrics {
		var err error
		if metrics, err = p.metricLookup(ctx); err != nil {
			return page{}, err
		}
	}
	q, args, err := f.pageQuery(c, limit)
	if err != nil {
		return page{}, err
	}
	rows, err := p.pool.Query(ctx, q, args...)
	if err != nil {
		return page{}, err
	}
	defer rows.Close()
	out := wire.List[W]{Items: make([]W, 0, min(limit, 1024))}
	var last [4]string
	for rows.Next() {
		if len(out.Items) == limit {
			out.HasMore = true
			break
		}
		it, version, key, err := f.scan(rows, metrics)
		if err != nil && key[0] == "" {
			return page{}, invalidData{fmt.Errorf("%s: %w", f.view, err)}
		} else if err != nil {
			return page{}, invalidData{fmt.Errorf("%s, %s at %s, %s: %w", f.view, key[0], schoolName(key[1]), key[2], err)}
		}
		out.Items = append(out.Items, it)
		last = [4]string{strconv.FormatInt(version, 10), key[0], key[1], key[2]}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return page{}, err
	}
	next := cursor{Epoch: c.Epoch, Since: c.Upto, Tag: c.Tag}
	if out.HasMore {
		next = c
		next.After = last[:]
	} else if c.After != nil {
		// A listing of many pages ends only if its data were not
		// replaced meanwhile: a reload changes the generation.
		if err := f.sameGeneration(ctx, p, c.Epoch); err != nil {
			return page{}, err
		}
	}
	out.Cursor = next.String()
	switch {
	case c.After == nil && out.HasMore:
		out.Total = f.count(ctx, p, log, c, args)
	case c.After == nil:
		out.Total = int64(len(out.Items))
	}
	b, err := json.Marshal(out)
	return page{body: b, items: len(out.Items), next: next, more: out.HasMore}, err
}

// bounds is the condition of listing c's versions: at or above Since
// (a full listing has no lower bound, and leaves deletions out) and below
// Upto.
func (f *feed[W]) bounds(c cursor) string {
	if c.Full {
		return "version >= $1 AND version < $2 AND NOT deleted"
	}
	return "version >= $1 AND version < $2"
}

// pageQuery is the statement that reads a page of listing c, and its
// arguments: a keyset page in (version, key) order, never an offset.
func (f *feed[W]) pageQuery(c cursor, limit int) (string, []any, error) {
	since := c.Since
	if c.Full {
		since = math.MinInt64
	}
	where, args := f.bounds(c), []any{since, c.Upto}
	if c.After != nil {
		after, err := afterKey(c.After)
		if err != nil {
			return "", nil, err
		}
		where += fmt.Sprintf(" AND (version, %s, %s, %s) > ($3, $4, $5, $6)", f.cols[0], f.cols[1], f.cols[2])
		args = append(args, after...)
	}
	return fmt.Sprintf("SELECT %s, version, deleted FROM %s WHERE %s ORDER BY version, %s LIMIT %d",
		strings.Join(f.cols, ", "), f.view, where, strings.Join(f.cols[:3], ", "), limit+1), args, nil
}

// afterKey is a cursor's last key as the page query's arguments: version,
// two ids and a month.
func afterKey(k []string) ([]any, error) {
	version, err := strconv.ParseInt(k[0], 10, 64)
	period, perr := time.Parse(time.DateOnly, k[3])
	if err != nil || perr != nil {
		return nil, errBadCursor
	}
	return []any{version, k[1], k[2], period}, nil
}

func schoolName(id string) string {
	if id == "" {
		return "the district"
	}
	return "school " + id
}

// count is how many items the listing holds, for the client's progress
// bar; 0 (unknown) when counting takes more than a few seconds.
func (f *feed[W]) count(ctx context.Context, p *Postgres, log *slog.Logger, c cursor, args []any) int64 {
	ctx, cancel := context.WithTimeout(ctx, min(3*time.Second, p.timeout))
	defer cancel()
	var n int64
	if err := p.pool.QueryRow(ctx, fmt.Sprintf("SELECT count(*) FROM %s WHERE %s", f.view, f.bounds(c)), args[:2]...).Scan(&n); err != nil {
		if log != nil {
			log.Info("listing sent without a total", "view", f.view, "error", p.redactErr(err).Error())
		}
		return 0
	}
	return n
}

// sameGeneration reports errGone if cabinet.feed no longer names epoch.
func (f *feed[W]) sameGeneration(ctx context.Context, p *Postgres, epoch string) error {
	var generation *string
	if err := p.pool.QueryRow(ctx, "SELECT generation FROM cabinet.feed").Scan(&generation); errors.Is(err, pgx.ErrNoRows) {
		return errNoFeed
	} else if err != nil {
		return err
	}
	if generation == nil || epochOf(*generation) != epoch {
		return errGone
	}
	return nil
}
