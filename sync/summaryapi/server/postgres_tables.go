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
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/sync/summaryapi/wire"
)

// The small collections: each read whole from its view in key order, every
// row checked with the client's rules, and sent with an ETag from its
// content, so that an unchanged sync costs one cheap statement each.

// table is a small collection as sent: its body, the ETag of its content,
// and how many rows its view held.
type table struct {
	body []byte
	etag string
	rows int
}

// register serves the views' collections.
func (p *Postgres) register(mux *http.ServeMux, log *slog.Logger) {
	mux.HandleFunc(wire.PathDistrict, func(w http.ResponseWriter, r *http.Request) {
		p.serveTable(w, r, log, wire.PathDistrict, "cabinet.district", true, p.district)
	})
	mux.HandleFunc(wire.PathSchools, func(w http.ResponseWriter, r *http.Request) {
		p.serveTable(w, r, log, wire.PathSchools, "cabinet.schools", true, func(ctx context.Context) (any, int, error) {
			return listOf(ctx, p, "cabinet.schools", "SELECT id, name, level, enrollment FROM cabinet.schools ORDER BY id",
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
	})
	mux.HandleFunc(wire.PathMetrics, func(w http.ResponseWriter, r *http.Request) {
		p.serveTable(w, r, log, wire.PathMetrics, "cabinet.metrics", false, func(ctx context.Context) (any, int, error) {
			catalogue, rows, err := p.readMetrics(ctx)
			if err != nil {
				return nil, 0, err
			}
			list, err := checked(catalogue, wire.FromMetric, wire.Metric.Convert)
			if err != nil {
				return nil, 0, invalidData{err}
			}
			return list, rows, nil
		})
	})
	mux.HandleFunc(wire.PathBudget, func(w http.ResponseWriter, r *http.Request) {
		p.serveTable(w, r, log, wire.PathBudget, "cabinet.budget_lines", false, func(ctx context.Context) (any, int, error) {
			return listOf(ctx, p, "cabinet.budget_lines",
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
	})
	mux.HandleFunc(wire.PathProducts, func(w http.ResponseWriter, r *http.Request) {
		p.serveTable(w, r, log, wire.PathProducts, "cabinet.products", false, func(ctx context.Context) (any, int, error) {
			return listOf(ctx, p, "cabinet.products",
				"SELECT id, name, category, subject, annual_cost, licenses, contract_start, renewal_date FROM cabinet.products ORDER BY id",
				func(rows pgx.Rows) (wire.Product, error) {
					var pr wire.Product
					var id, name, category, subject *string
					var start, renewal *time.Time
					if err := rows.Scan(&id, &name, &category, &subject, &pr.AnnualCost, &pr.Licenses, &start, &renewal); err != nil {
						return pr, err
					}
					cat := deref(category) // the contract requires the field; a NULL is no category
					pr.ID, pr.Name, pr.Category, pr.Subject = deref(id), deref(name), &cat, deref(subject)
					pr.ContractStart, pr.RenewalDate = dateOf(start), dateOf(renewal)
					_, err := pr.Convert()
					return pr, err
				})
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

// district reads the one row of cabinet.district.
func (p *Postgres) district(ctx context.Context) (any, int, error) {
	const view = "cabinet.district"
	found, err := readTable(ctx, p, view, "SELECT name, fiscal_year_start FROM cabinet.district", func(rows pgx.Rows) (wire.District, error) {
		var name *string
		var start *int
		err := rows.Scan(&name, &start)
		return wire.District{Name: deref(name), FiscalYearStart: deref(start)}, err
	})
	switch {
	case err != nil || len(found) == 0:
		return nil, 0, err
	case len(found) > 1:
		return nil, 0, invalidData{errors.New("cabinet.district holds more than one row; it must hold the district's one profile")}
	}
	if _, err := found[0].Convert(); err != nil {
		return nil, 0, invalidData{fmt.Errorf("%s: %w", view, err)}
	}
	return found[0], 1, nil
}

// serveTable answers with a small collection that read gives (its body and
// how many rows its view held): 304 when the client has it, and 503 when
// its view is empty though a district needs it (required) or it held rows
// before. The client's ETag tells what it held: one of ours that is not
// the ETag of what the empty view gives means it held rows. Cabinets that
// ask at once share one read.
func (p *Postgres) serveTable(w http.ResponseWriter, r *http.Request, log *slog.Logger, path, view string, required bool, read func(context.Context) (any, int, error)) {
	ctx, cancel := p.context(r.Context())
	defer cancel()
	t, err := p.tables.get(ctx, path, func(ctx context.Context) (table, error) {
		ctx, cancel := p.context(ctx)
		defer cancel()
		body, rows, err := read(ctx)
		if err != nil {
			return table{}, err
		}
		b, err := json.Marshal(body)
		return table{body: b, etag: contentETag(b), rows: rows}, err
	})
	if err != nil {
		p.fail(w, log, path, view, err)
		return
	}
	sent := r.Header.Get("If-None-Match")
	if t.rows == 0 {
		if required {
			w.Header().Set("Retry-After", retryAfter)
			problem(w, http.StatusServiceUnavailable, fmt.Sprintf("The warehouse's view %s holds no rows, and a district needs them: the warehouse is probably being reloaded. Try again in a few minutes.", view))
			return
		}
		if p.reloading(path, strings.HasPrefix(sent, `"c-`) && sent != t.etag) {
			p.emptyView(w, view)
			return
		}
	} else {
		p.saw(path)
	}
	w.Header().Set("ETag", t.etag)
	if sent == t.etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	writeBody(w, http.StatusOK, "application/json", t.body)
}

// listOf reads a small collection's view as a list.
func listOf[W any](ctx context.Context, p *Postgres, view, query string, scan func(pgx.Rows) (W, error)) (any, int, error) {
	items, err := readTable(ctx, p, view, query, scan)
	return wire.List[W]{Items: items}, len(items), err
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
