// Package server is the reference implementation of the District Summary
// API (api/summaryapi.yaml) that cmd/districtd runs: it serves a generated
// demo district or a district's CSV exports, pages by cursor, answers
// If-None-Match with 304, reports errors as RFC 9457 problem details, and
// checks every item it sends with the same rules the client applies.
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

// Handler serves the Store's data as the Summary API.
func Handler(s *Store, o Options) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc(wire.PathDistrict, func(w http.ResponseWriter, r *http.Request) {
		p := wire.FromProfile(s.base.Profile())
		if _, err := p.Convert(); err != nil {
			invalid(w, o.Logger, wire.PathDistrict, err)
			return
		}
		s.respond(w, r, wire.PathDistrict, p)
	})
	mux.HandleFunc(wire.PathSchools, func(w http.ResponseWriter, r *http.Request) {
		s.mu.RLock()
		schools := s.schools
		s.mu.RUnlock()
		collection(s, w, r, o.Logger, wire.PathSchools, schools, wire.FromSchool, wire.School.Convert)
	})
	mux.HandleFunc(wire.PathMetrics, func(w http.ResponseWriter, r *http.Request) {
		collection(s, w, r, o.Logger, wire.PathMetrics, s.base.Metrics(), wire.FromMetric, wire.Metric.Convert)
	})
	mux.HandleFunc(wire.PathBudget, func(w http.ResponseWriter, r *http.Request) {
		collection(s, w, r, o.Logger, wire.PathBudget, s.base.Budget(), wire.FromBudgetLine, wire.BudgetLine.Convert)
	})
	mux.HandleFunc(wire.PathProducts, func(w http.ResponseWriter, r *http.Request) {
		collection(s, w, r, o.Logger, wire.PathProducts, s.base.Products(), wire.FromProduct, wire.Product.Convert)
	})
	mux.HandleFunc(wire.PathObservations, func(w http.ResponseWriter, r *http.Request) {
		paged(s, w, r, o.Logger, wire.PathObservations, &s.obs, s.base.Observations, s.base.ObservationCount(), obsKey,
			func(k []string) wire.ObservationKey {
				return wire.ObservationKey{Metric: k[0], School: k[1], Period: k[2]}
			},
			func(k wire.ObservationKey) []string { return []string{k.Metric, k.School, k.Period} },
			func(ch change[district.Observation]) (wire.Observation, error) {
				if ch.deleted {
					k := obsKey(ch.v)
					return wire.Observation{Metric: k.Metric, School: k.School, Period: k.Period, Deleted: true}, nil
				}
				it := wire.FromObservation(ch.v)
				_, err := it.Convert(s.metric)
				return it, err
			})
	})
	mux.HandleFunc(wire.PathUsage, func(w http.ResponseWriter, r *http.Request) {
		paged(s, w, r, o.Logger, wire.PathUsage, &s.usage, s.base.Usage, s.base.UsageCount(), usageKey,
			func(k []string) wire.UsageKey { return wire.UsageKey{Product: k[0], School: k[1], Period: k[2]} },
			func(k wire.UsageKey) []string { return []string{k.Product, k.School, k.Period} },
			func(ch change[district.ProductUsage]) (wire.Usage, error) {
				if ch.deleted {
					k := usageKey(ch.v)
					return wire.Usage{Product: k.Product, School: k.School, Period: k.Period, Deleted: true}, nil
				}
				it := wire.FromUsage(ch.v)
				_, err := it.Convert()
				return it, err
			})
	})
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

// collection serves an unpaged collection after checking every item.
func collection[D, W any](s *Store, w http.ResponseWriter, r *http.Request, log *slog.Logger, path string, items []D, toWire func(D) W, check func(W) (D, error)) {
	out := wire.List[W]{Items: make([]W, 0, len(items))}
	for _, it := range items {
		wi := toWire(it)
		if _, err := check(wi); err != nil {
			invalid(w, log, path, err)
			return
		}
		out.Items = append(out.Items, wi)
	}
	s.respond(w, r, path, out)
}

// paged serves one page of a paged collection.
func paged[K comparable, V, W any](s *Store, w http.ResponseWriter, r *http.Request, log *slog.Logger, path string, ov *overlay[K, V], base func(K) iter.Seq[V], count int64, key func(V) K, fromKey func([]string) K, toKey func(K) []string, toWire func(change[V]) (W, error)) {
	limit := wire.DefaultPageSize
	if text := r.URL.Query().Get("limit"); text != "" {
		n, err := strconv.Atoi(text)
		if err != nil || n < 1 || n > wire.MaxPageSize {
			problem(w, http.StatusBadRequest, fmt.Sprintf("limit must be a whole number from 1 to %d", wire.MaxPageSize))
			return
		}
		limit = n
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
func (s *Store) respond(w http.ResponseWriter, r *http.Request, path string, body any) {
	etag := s.ETag(path)
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
