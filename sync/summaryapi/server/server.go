// Package server is the reference implementation of the District Summary
// API (api/summaryapi.yaml) that cmd/districtd runs: it serves a generated
// demo district, a district's CSV exports or the views of its PostgreSQL
// warehouse, pages by cursor, answers If-None-Match with 304, reports
// errors as RFC 9457 problem details, and checks every item it sends with
// the same rules the client applies.
//
// Its Store can be changed while it serves, which is how tests and
// benchmarks exercise incremental sync.
package server

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/sync/summaryapi/wire"
)

// Options set up the handler.
type Options struct {
	// Token is the bearer token clients must send; empty lets anyone read.
	Token string
	// Logger, if set, gets a line for every request.
	Logger *slog.Logger
}

// A Source is what Handler serves: a Store held in memory, or a district's
// PostgreSQL views (Postgres).
type Source interface {
	// register adds the API's collections to mux.
	register(mux *http.ServeMux, log *slog.Logger)
}

// Handler serves a Source's data as the Summary API.
func Handler(src Source, o Options) http.Handler {
	mux := http.NewServeMux()
	src.register(mux, o.Logger)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		problem(w, http.StatusNotFound, fmt.Sprintf("There is no %s here; the API's paths start with /v1/.", r.URL.Path))
	})
	var h http.Handler = mux
	h = authenticate(h, o.Token)
	h = onlyGet(h)
	if o.Logger != nil {
		h = logRequests(h, o.Logger)
	}
	return h
}

// register serves the Store's collections.
func (s *Store) register(mux *http.ServeMux, log *slog.Logger) {
	mux.HandleFunc(wire.PathDistrict, func(w http.ResponseWriter, r *http.Request) {
		p := wire.FromProfile(s.base.Profile())
		if _, err := p.Convert(); err != nil {
			invalid(w, log, wire.PathDistrict, err)
			return
		}
		respond(w, r, s.ETag(wire.PathDistrict), p)
	})
	mux.HandleFunc(wire.PathSchools, func(w http.ResponseWriter, r *http.Request) {
		collection(s, w, r, log, wire.PathSchools, s.base.Schools(), wire.FromSchool, wire.School.Convert)
	})
	mux.HandleFunc(wire.PathMetrics, func(w http.ResponseWriter, r *http.Request) {
		collection(s, w, r, log, wire.PathMetrics, s.base.Metrics(), wire.FromMetric, wire.Metric.Convert)
	})
	mux.HandleFunc(wire.PathBudget, func(w http.ResponseWriter, r *http.Request) {
		collection(s, w, r, log, wire.PathBudget, s.base.Budget(), wire.FromBudgetLine, wire.BudgetLine.Convert)
	})
	mux.HandleFunc(wire.PathProducts, func(w http.ResponseWriter, r *http.Request) {
		collection(s, w, r, log, wire.PathProducts, s.base.Products(), wire.FromProduct, wire.Product.Convert)
	})
	mux.HandleFunc(wire.PathObservations, func(w http.ResponseWriter, r *http.Request) {
		paged(s, w, r, log, wire.PathObservations, &s.obs, s.base.Observations, s.base.ObservationCount(), obsKey,
			func(k []string) wire.ObservationKey {
				return wire.ObservationKey{Metric: k[0], School: k[1], Period: k[2]}
			},
			func(k wire.ObservationKey) []string { return []string{k.Metric, k.School, k.Period} },
			func(ch change[district.Observation]) (wire.Observation, error) {
				return observationItem(ch.v, ch.deleted, s.metric)
			})
	})
	mux.HandleFunc(wire.PathUsage, func(w http.ResponseWriter, r *http.Request) {
		paged(s, w, r, log, wire.PathUsage, &s.usage, s.base.Usage, s.base.UsageCount(), usageKey,
			func(k []string) wire.UsageKey { return wire.UsageKey{Product: k[0], School: k[1], Period: k[2]} },
			func(k wire.UsageKey) []string { return []string{k.Product, k.School, k.Period} },
			func(ch change[district.ProductUsage]) (wire.Usage, error) { return usageItem(ch.v, ch.deleted) })
	})
}

// observationItem is an observation as it is sent, checked against its
// metric, or the removal of one.
func observationItem(o district.Observation, deleted bool, metric func(string) (district.Metric, bool)) (wire.Observation, error) {
	if deleted {
		k := obsKey(o)
		return wire.Observation{Metric: k.Metric, School: k.School, Period: k.Period, Deleted: true}, nil
	}
	it := wire.FromObservation(o)
	_, err := it.Convert(metric)
	return it, err
}

// usageItem is a month of a product's use as it is sent, checked, or the
// removal of one.
func usageItem(u district.ProductUsage, deleted bool) (wire.Usage, error) {
	if deleted {
		k := usageKey(u)
		return wire.Usage{Product: k.Product, School: k.School, Period: k.Period, Deleted: true}, nil
	}
	it := wire.FromUsage(u)
	_, err := it.Convert()
	return it, err
}

// collection serves an unpaged collection after checking every item.
func collection[D, W any](s *Store, w http.ResponseWriter, r *http.Request, log *slog.Logger, path string, items []D, toWire func(D) W, check func(W) (D, error)) {
	out, err := checked(items, toWire, check)
	if err != nil {
		invalid(w, log, path, err)
		return
	}
	respond(w, r, s.ETag(path), out)
}

// checked is an unpaged collection as it is sent, every item checked with
// the rules the client applies.
func checked[D, W any](items []D, toWire func(D) W, check func(W) (D, error)) (wire.List[W], error) {
	out := wire.List[W]{Items: make([]W, 0, len(items))}
	for _, it := range items {
		wi := toWire(it)
		if _, err := check(wi); err != nil {
			return wire.List[W]{}, err
		}
		out.Items = append(out.Items, wi)
	}
	return out, nil
}

// pageLimit reads a page's limit, or answers 400 and reports false.
func pageLimit(w http.ResponseWriter, r *http.Request) (int, bool) {
	text := r.URL.Query().Get("limit")
	if text == "" {
		return wire.DefaultPageSize, true
	}
	n, err := strconv.Atoi(text)
	if err != nil || n < 1 || n > wire.MaxPageSize {
		problem(w, http.StatusBadRequest, fmt.Sprintf("limit must be a whole number from 1 to %d", wire.MaxPageSize))
		return 0, false
	}
	return n, true
}

// paged serves one page of a paged collection.
func paged[K comparable, V, W any](s *Store, w http.ResponseWriter, r *http.Request, log *slog.Logger, path string, ov *overlay[K, V], base func(K) iter.Seq[V], count int64, key func(V) K, fromKey func([]string) K, toKey func(K) []string, toWire func(change[V]) (W, error)) {
	limit, ok := pageLimit(w, r)
	if !ok {
		return
	}
	if r.Header.Get("If-None-Match") == s.ETag(path) {
		w.Header().Set("ETag", s.ETag(path))
		w.WriteHeader(http.StatusNotModified)
		return
	}
	s.mu.RLock()
	c, err := s.parseCursor(r.URL.Query().Get("cursor"))
	if err != nil {
		s.mu.RUnlock()
		status := http.StatusBadRequest
		if errors.Is(err, errGone) {
			status = http.StatusGone
		}
		problem(w, status, err.Error())
		return
	}
	etag := s.etagLocked(path)
	l := list(s, ov, base, count, key, fromKey, toKey, c, limit)
	s.mu.RUnlock()
	out := wire.List[W]{Items: make([]W, 0, len(l.items)), Cursor: l.next.String(), HasMore: l.more, Total: l.total}
	for _, ch := range l.items {
		it, err := toWire(ch)
		if err != nil {
			invalid(w, log, path, err)
			return
		}
		out.Items = append(out.Items, it)
	}
	w.Header().Set("ETag", etag)
	writeJSON(w, http.StatusOK, "application/json", out)
}

// respond sends an unpaged body with its ETag, or 304 when the client has it.
func respond(w http.ResponseWriter, r *http.Request, etag string, body any) {
	w.Header().Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	writeJSON(w, http.StatusOK, "application/json", body)
}

func writeJSON(w http.ResponseWriter, status int, media string, body any) {
	b, err := json.Marshal(body)
	if err != nil {
		problem(w, http.StatusInternalServerError, "the response could not be encoded")
		return
	}
	writeBody(w, status, media, b)
}

// writeBody sends an encoded body.
func writeBody(w http.ResponseWriter, status int, media string, b []byte) {
	w.Header().Set("Content-Type", media)
	w.Header().Set("Cache-Control", "private, no-cache")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	w.Write(b)
}

// problem sends an RFC 9457 error.
func problem(w http.ResponseWriter, status int, detail string) {
	writeJSON(w, status, wire.MediaProblem, wire.Problem{Type: "about:blank", Title: http.StatusText(status), Status: status, Detail: detail})
}

// invalid refuses to send data that break the API's rules, which the
// client would refuse anyway, and says why in the server's log.
func invalid(w http.ResponseWriter, log *slog.Logger, path string, err error) {
	if log != nil {
		log.Error("refusing to serve invalid data", "path", path, "error", err)
	}
	problem(w, http.StatusInternalServerError, fmt.Sprintf("the server's own data are invalid: %v", err))
}

func onlyGet(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			problem(w, http.StatusMethodNotAllowed, "the API is read-only: use GET")
			return
		}
		h.ServeHTTP(w, r)
	})
}

// authenticate answers a request without the token with 401 and closes
// its connection: a client that cannot authenticate may not hold one
// open.
func authenticate(h http.Handler, token string) http.Handler {
	if token == "" {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !Authorized(r, token) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="districtd"`)
			w.Header().Set("Connection", "close")
			problem(w, http.StatusUnauthorized, "send the district's token as Authorization: Bearer <token>")
			return
		}
		h.ServeHTTP(w, r)
	})
}

// Authorized reports whether r carries token as its bearer token. The
// scheme's name is case-insensitive (RFC 6750, RFC 9110 section 11.1):
// "bearer x" is as good as "Bearer x".
func Authorized(r *http.Request, token string) bool {
	scheme, got, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	return strings.EqualFold(scheme, "Bearer") && subtle.ConstantTimeCompare([]byte(strings.TrimLeft(got, " ")), []byte(token)) == 1
}

// logRequests writes one line per request; never the Authorization header.
func logRequests(h http.Handler, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &recorder{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(rec, r)
		log.Info("request", "method", r.Method, "path", r.URL.Path, "status", rec.status, "bytes", rec.bytes,
			"ms", time.Since(start).Milliseconds(), "remote", r.RemoteAddr)
	})
}

type recorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (r *recorder) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}

func (r *recorder) Write(b []byte) (int, error) {
	n, err := r.ResponseWriter.Write(b)
	r.bytes += n
	return n, err
}
