// Package summaryapi is the source kind for the District Summary API
// (api/summaryapi.yaml), the contract a district's data warehouse or
// cmd/districtd implements. It fetches the district's summaries collection
// by collection, pages through observations and product use by cursor so
// memory stays flat at any size, and on later syncs asks only for what
// changed: small collections by ETag, the paged ones by cursor.
package summaryapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"sync"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/sync/engine"
	"github.com/cabinetapp/cabinet/sync/rest"
	"github.com/cabinetapp/cabinet/sync/summaryapi/wire"
)

// KindName is the kind's name in source settings and on the command line.
const KindName = "summaryapi"

// DefaultPageSize is how many items the client asks for in one page unless
// the source's page_size option says otherwise.
const DefaultPageSize = 5000

// Kind is the Summary API kind of source.
func Kind() engine.Kind {
	return engine.Kind{
		Name:     KindName,
		Title:    "District Summary API",
		Priority: 100,
		Secret:   "token",
		Options: []engine.Option{{Name: "page_size",
			Usage: fmt.Sprintf("items asked for per page, 1 to %d (default %d)", wire.MaxPageSize, DefaultPageSize),
			Check: func(v string) error {
				_, err := engine.PageSize("page_size", v, DefaultPageSize, wire.MaxPageSize)
				return err
			}}},
		Open: open,
	}
}

type source struct {
	http     *rest.Client
	pageSize int
}

func open(s engine.Settings) (engine.Source, error) {
	size, err := engine.PageSize("page_size", s.Options["page_size"], DefaultPageSize, wire.MaxPageSize)
	if err != nil {
		return nil, err
	}
	cfg := s.HTTP
	cfg.Token, cfg.Credential = s.Secret, "token"
	c, err := rest.New(cfg)
	if err != nil {
		return nil, err
	}
	return &source{http: c, pageSize: size}, nil
}

// Test reads the district's profile and schools.
func (s *source) Test(ctx context.Context) (string, error) {
	resp, err := s.http.Get(ctx, wire.PathDistrict, nil, "")
	if err != nil {
		return "", err
	}
	d, err := wire.DecodeDistrict(resp.Body)
	if err != nil {
		return "", fmt.Errorf("%s: %w", wire.PathDistrict, err)
	}
	p, err := d.Convert()
	if err != nil {
		return "", fmt.Errorf("%s: %w", wire.PathDistrict, err)
	}
	resp, err = s.http.Get(ctx, wire.PathSchools, nil, "")
	if err != nil {
		return "", err
	}
	l, err := wire.DecodeSchools(resp.Body)
	if err != nil {
		return "", fmt.Errorf("%s: %w", wire.PathSchools, err)
	}
	return fmt.Sprintf("%s answered, with %d schools", p.Name, len(l.Items)), nil
}

// position is what the kind stores between syncs: the ETag of every
// collection as the last sync saw it, and the cursor the paged ones ended
// with.
type position struct {
	ETags   map[string]string `json:"etags,omitempty"`
	Cursors map[string]string `json:"cursors,omitempty"`
}

// syncRun is one sync in progress.
type syncRun struct {
	s       *source
	w       *cache.Writer
	req     engine.Request
	pos     position
	changed bool
}

// Sync fetches every collection. In an incremental sync a collection the
// server reports unchanged (304) is left alone, a small collection that
// changed is replaced whole, and the paged ones apply their changes.
func (s *source) Sync(ctx context.Context, w *cache.Writer, req engine.Request) (engine.Position, error) {
	r := &syncRun{s: s, w: w, req: req, pos: position{ETags: map[string]string{}, Cursors: map[string]string{}}}
	if !req.Full {
		// A position this version cannot read is as good as none: fetch the
		// unchanged collections again rather than fail.
		json.Unmarshal([]byte(req.Since.State), &r.pos.ETags)
		json.Unmarshal([]byte(req.Since.Cursor), &r.pos.Cursors)
	}
	steps := []func(context.Context) error{
		r.district,
		func(ctx context.Context) error {
			return collection(ctx, r, wire.PathSchools, cache.DatasetSchools, wire.DecodeSchools, wire.School.Convert, w.PutSchool)
		},
		func(ctx context.Context) error {
			return collection(ctx, r, wire.PathMetrics, cache.DatasetMetrics, wire.DecodeMetrics, wire.Metric.Convert, w.PutMetric)
		},
		func(ctx context.Context) error {
			return collection(ctx, r, wire.PathBudget, cache.DatasetBudget, wire.DecodeBudget, wire.BudgetLine.Convert, w.PutBudgetLine)
		},
		func(ctx context.Context) error {
			return collection(ctx, r, wire.PathProducts, cache.DatasetProducts, wire.DecodeProducts, wire.Product.Convert, w.PutProduct)
		},
		func(ctx context.Context) error {
			metrics := w.Metrics()
			return feed(ctx, r, wire.PathObservations, cache.DatasetObservations, wire.DecodeObservations,
				func(it wire.Observation) (district.Observation, error) { return it.Convert(metrics) },
				func(o district.Observation, deleted bool) error {
					if deleted {
						return w.DeleteObservation(o.Metric, o.School, o.Period)
					}
					return w.PutObservation(o)
				})
		},
		func(ctx context.Context) error {
			return feed(ctx, r, wire.PathUsage, cache.DatasetUsage, wire.DecodeUsage, wire.Usage.Convert,
				func(u district.ProductUsage, deleted bool) error {
					if deleted {
						return w.DeleteUsage(u.Product, u.School, u.Period)
					}
					return w.PutUsage(u)
				})
		},
	}
	for _, step := range steps {
		if err := step(ctx); err != nil {
			return engine.Position{}, err
		}
	}
	if !r.changed {
		return engine.Position{}, cache.ErrUnchanged
	}
	etags, err := json.Marshal(r.pos.ETags)
	if err != nil {
		return engine.Position{}, err
	}
	cursors, err := json.Marshal(r.pos.Cursors)
	if err != nil {
		return engine.Position{}, err
	}
	return engine.Position{Cursor: string(cursors), State: string(etags)}, nil
}

// get fetches one response, asking for it only if it changed since etag.
func (r *syncRun) get(ctx context.Context, path string, query url.Values, etag string) (*rest.Response, error) {
	if r.req.Full {
		etag = ""
	}
	resp, err := r.s.http.Get(ctx, path, query, etag)
	if err != nil {
		return nil, err
	}
	r.req.Meter.Page(len(resp.Body))
	return resp, nil
}

func (r *syncRun) district(ctx context.Context) error {
	r.req.Meter.Stage("district")
	resp, err := r.get(ctx, wire.PathDistrict, nil, r.pos.ETags[wire.PathDistrict])
	if err != nil || resp.NotModified() {
		return err
	}
	d, err := wire.DecodeDistrict(resp.Body)
	if err != nil {
		return fmt.Errorf("%s: %w", wire.PathDistrict, err)
	}
	p, err := d.Convert()
	if err != nil {
		return fmt.Errorf("%s: %w", wire.PathDistrict, err)
	}
	if err := r.w.SetProfile(p); err != nil {
		return err
	}
	r.pos.ETags[wire.PathDistrict] = resp.ETag
	r.changed = true
	// What arrives whole is expected as it arrives, so the count never
	// runs past what is expected.
	r.req.Meter.Expect(1)
	r.req.Meter.Records(1)
	return nil
}

// collection fetches an unpaged collection and, if it changed, replaces
// the dataset with it.
func collection[T, D any](ctx context.Context, r *syncRun, path, dataset string, decode func([]byte) (wire.List[T], error), convert func(T) (D, error), put func(D) error) error {
	r.req.Meter.Stage(dataset)
	resp, err := r.get(ctx, path, nil, r.pos.ETags[path])
	if err != nil || resp.NotModified() {
		return err
	}
	l, err := decode(resp.Body)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if len(l.Items) > wire.MaxCollection {
		return fmt.Errorf("%s: %d items is more than the %d the API allows", path, len(l.Items), wire.MaxCollection)
	}
	if !r.req.Full {
		if err := r.w.Clear(dataset); err != nil {
			return err
		}
	}
	for i, it := range l.Items {
		v, err := convert(it)
		if err == nil {
			err = put(v)
		}
		if err != nil {
			return fmt.Errorf("%s, item %d: %w", path, i+1, err)
		}
	}
	r.req.Meter.Expect(int64(len(l.Items)))
	r.req.Meter.Records(len(l.Items))
	r.pos.ETags[path] = resp.ETag
	r.changed = true
	return nil
}

// page is one page of a paged collection, decoded and checked.
type page[K comparable, V any] struct {
	items   []V
	keys    []K
	deleted []bool
	cursor  string
	more    bool
	total   int64
	n       int
	err     error
}

// feed pages through a paged collection from the stored cursor. The next
// page is fetched, decoded and checked while this one is written, so the
// network, the decoder and SQLite work at once; only a few pages are ever
// in memory. A rest.Guard ends a feed that returns to a cursor it gave
// before, runs far past its total or past the source's limits; a record
// given again on the next page ends it too (memory stays flat, so only
// the page before is remembered).
func feed[T interface {
	Key() K
	IsDeleted() bool
}, K comparable, V any](ctx context.Context, r *syncRun, path, dataset string, decode func([]byte) (wire.List[T], error), convert func(T) (V, error), apply func(V, bool) error) error {
	r.req.Meter.Stage(dataset)
	cursor, etag := r.pos.Cursors[path], r.pos.ETags[path]
	if r.req.Full {
		cursor = ""
	}
	fetch := func(ctx context.Context, cursor, etag string, n int) (resp *rest.Response, p page[K, V]) {
		// This runs on a goroutine of its own, where a panic would end
		// the program.
		defer rest.Recover(&p.err)
		q := url.Values{"limit": {strconv.Itoa(r.s.pageSize)}}
		if cursor != "" {
			q.Set("cursor", cursor)
		}
		p.n = n
		resp, err := r.get(ctx, path, q, etag)
		if err != nil || resp.NotModified() {
			p.err = err
			return resp, p
		}
		l, err := decode(resp.Body)
		switch {
		case err != nil:
			p.err = fmt.Errorf("%s page %d: %w", path, n, err)
			return resp, p
		case l.HasMore && l.Cursor == cursor:
			p.err = fmt.Errorf("%s page %d: the server sent back the cursor it was given, so the listing would never end", path, n)
			return resp, p
		}
		p.cursor, p.more, p.total = l.Cursor, l.HasMore, l.Total
		p.items, p.keys, p.deleted = make([]V, len(l.Items)), make([]K, len(l.Items)), make([]bool, len(l.Items))
		for i, it := range l.Items {
			v, err := convert(it)
			if err != nil {
				p.err = fmt.Errorf("%s page %d, item %d (%s): %w", path, n, i+1, rest.Echo(fmt.Sprint(it.Key())), err)
				return resp, p
			}
			p.items[i], p.keys[i], p.deleted[i] = v, it.Key(), it.IsDeleted()
		}
		return resp, p
	}
	resp, first := fetch(ctx, cursor, etag, 1)
	var gone *rest.StatusError
	if errors.As(first.err, &gone) && gone.Status == http.StatusGone && cursor != "" {
		// The server no longer knows the cursor (its data were replaced or
		// the cursor is too old): list everything again.
		if err := r.w.Clear(dataset); err != nil {
			return err
		}
		resp, first = fetch(ctx, "", "", 1)
	}
	if first.err != nil {
		return first.err
	}
	if resp.NotModified() {
		return nil
	}
	r.req.Meter.Expect(first.total)
	g := r.s.http.Guard(path)
	if err := g.Follow(1, cursor); err != nil {
		return err
	}
	pages := make(chan page[K, V], 2)
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer func() { cancel(); wg.Wait() }()
	wg.Go(func() {
		defer close(pages)
		for p := first; p.err == nil && p.more; {
			_, p = fetch(ctx, p.cursor, "", p.n+1)
			select {
			case pages <- p:
			case <-ctx.Done():
				return
			}
		}
	})
	last := first
	var before, these map[K]struct{}
	for p := first; ; {
		if p.err != nil {
			return p.err
		}
		total := p.total
		if total == 0 {
			total = -1 // the API's "unknown"
		}
		if err := g.Page(p.n, total, len(p.items)); err != nil {
			return err
		}
		if p.more {
			if err := g.Follow(p.n, p.cursor); err != nil {
				return err
			}
		}
		before, these = these, make(map[K]struct{}, len(p.keys))
		for _, k := range p.keys {
			_, again := these[k]
			if _, ok := before[k]; ok || again {
				return fmt.Errorf("%s page %d: the server sent the record %s again, so the listing would never end", path, p.n, rest.Echo(fmt.Sprint(k)))
			}
			these[k] = struct{}{}
		}
		for i, v := range p.items {
			if err := apply(v, p.deleted[i]); err != nil {
				return fmt.Errorf("%s: %w", path, err)
			}
		}
		r.req.Meter.Records(len(p.items))
		last = p
		next, ok := <-pages
		if !ok {
			break
		}
		p = next
	}
	if last.more {
		return fmt.Errorf("%s: the listing stopped before its last page", path)
	}
	r.pos.ETags[path] = resp.ETag
	r.pos.Cursors[path] = last.cursor
	r.changed = true
	return ctx.Err()
}
