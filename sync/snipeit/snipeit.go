// Package snipeit is the source kind for Snipe-IT, the asset manager many
// districts keep their devices in. It pages through the hardware list,
// counts the devices in memory by location, maps locations to Cabinet's
// schools (a room counts with its building), and stores only the month's
// device-fleet figures per school and for the district. No asset tag,
// serial number, name or assignee is decoded, kept or logged.
//
// Snipe-IT keeps no history of its own and reports no changes, so every
// sync counts the whole fleet again and replaces the current month's
// figures; earlier months stay as they were counted.
package snipeit

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/sync/engine"
	"github.com/cabinetapp/cabinet/sync/rest"
	"github.com/cabinetapp/cabinet/sync/schoolmatch"
)

// KindName is the kind's name in source settings and on the command line.
const KindName = "snipeit"

// MaxPageSize is the most assets Snipe-IT sends in one page by default.
const MaxPageSize = 500

// Options of the kind.
const (
	OptTechnicians = "technicians"
	OptBroken      = "broken_labels"
	OptRetired     = "retired_labels"
	OptRefresh     = "refresh_years"
	OptAUEField    = "aue_field"
	OptPageSize    = "page_size"
)

// throttleWait is the longest Snipe-IT asks a client to wait: its
// throttle counts requests a minute.
const throttleWait = 65 * time.Second

// Kind is the Snipe-IT kind of source.
func Kind() engine.Kind {
	return engine.Kind{
		Name:      KindName,
		Title:     "Snipe-IT",
		Priority:  10,
		Order:     2,
		Snapshots: true,
		Secret:    "token",
		Options: []engine.Option{
			{Name: OptTechnicians, Usage: "field technicians supporting the devices, for devices per technician",
				Check: func(v string) error { _, err := whole(OptTechnicians, v, 1, 100000); return err }},
			{Name: OptBroken, Usage: "status labels, comma-separated, that mean broken or in repair besides those of type undeployable"},
			{Name: OptRetired, Usage: "status labels, comma-separated, that take a device out of the fleet besides those of type archived"},
			{Name: OptRefresh, Usage: fmt.Sprintf("years a device serves before it is due for refresh (default %d)", district.RefreshCycleYears),
				Check: func(v string) error { _, err := whole(OptRefresh, v, 1, 20); return err }},
			{Name: OptAUEField, Usage: "the custom field holding a Chromebook's Auto Update Expiration date (default: one named for AUE)"},
			{Name: OptPageSize, Usage: fmt.Sprintf("assets asked for per page, 1 to %d (default %d)", MaxPageSize, MaxPageSize),
				Check: func(v string) error { _, err := whole(OptPageSize, v, 1, MaxPageSize); return err }},
		},
		Open: open,
	}
}

// whole reads a whole-number option from lo to hi.
func whole(name, text string, lo, hi int) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(text))
	if err != nil || n < lo || n > hi {
		return 0, fmt.Errorf("%s %q is not a whole number from %d to %d", name, text, lo, hi)
	}
	return n, nil
}

// labels reads a comma-separated list of status label names.
func labels(text string) map[string]bool {
	out := map[string]bool{}
	for _, l := range strings.Split(text, ",") {
		if l = strings.ToLower(strings.TrimSpace(l)); l != "" {
			out[l] = true
		}
	}
	return out
}

type source struct {
	http        *rest.Client
	api         string // the path of the API below the address: "/api/v1" or ""
	pageSize    int
	technicians int
	rules       Rules
}

func open(s engine.Settings) (engine.Source, error) {
	src := &source{pageSize: MaxPageSize, rules: Rules{RefreshYears: district.RefreshCycleYears,
		Broken: labels(s.Options[OptBroken]), Retired: labels(s.Options[OptRetired]), AUEField: strings.TrimSpace(s.Options[OptAUEField])}}
	for _, o := range []struct {
		name   string
		dst    *int
		lo, hi int
	}{{OptTechnicians, &src.technicians, 1, 100000}, {OptRefresh, &src.rules.RefreshYears, 1, 20}, {OptPageSize, &src.pageSize, 1, MaxPageSize}} {
		if v := s.Options[o.name]; v != "" {
			n, err := whole(o.name, v, o.lo, o.hi)
			if err != nil {
				return nil, err
			}
			*o.dst = n
		}
	}
	u, err := rest.CheckURL(s.URL)
	if err != nil {
		return nil, err
	}
	// The address may be the server's or its API's.
	src.api = "/api/v1"
	if strings.HasSuffix(strings.TrimSuffix(u.Path, "/"), "/api/v1") {
		src.api = ""
	}
	cfg := s.HTTP
	cfg.Token, cfg.Credential = s.Secret, "API token"
	cfg.MaxWait = max(cfg.MaxWait, throttleWait)
	if src.http, err = rest.New(cfg); err != nil {
		return nil, err
	}
	return src, nil
}

// Test reads one asset and the count of all of them.
func (s *source) Test(ctx context.Context) (string, error) {
	resp, err := s.http.Get(ctx, s.api+"/hardware", url.Values{"limit": {"1"}}, "")
	if err != nil {
		return "", err
	}
	p, err := DecodeAssets(resp.Body)
	if err != nil {
		return "", fmt.Errorf("%s/hardware: %w", s.api, err)
	}
	return fmt.Sprintf("Snipe-IT answered, with %s assets", district.Thousands(float64(max(p.Total, int64(len(p.Items)))))), nil
}

// count is one sync's counting, by location.
type count struct {
	rules  *Rules
	places map[int64]Tally // by location id; 0 for none
	names  map[int64]string
	whole  Tally
	// name is a location's name as the cache keeps it; it fails once the
	// server has sent too many.
	name func(string) (string, error)
}

func (c *count) begin() {
	c.places, c.names, c.whole = map[int64]Tally{}, map[int64]string{}, Tally{}
}

func (c *count) add(a *Asset) error {
	t := c.rules.Count(a)
	c.whole.Add(t)
	var place int64
	if p := a.Place(); p != nil {
		place = p.ID
		if _, ok := c.names[place]; !ok {
			name, err := c.name(p.Name)
			if err != nil {
				return err
			}
			c.names[place] = name
		}
	}
	sum := c.places[place]
	sum.Add(t)
	c.places[place] = sum
	return nil
}

// Sync counts every asset and replaces the month's figures.
func (s *source) Sync(ctx context.Context, w *cache.Writer, req engine.Request) (engine.Position, error) {
	now := w.Now()
	rules := s.rules
	rules.Today = time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	calendar, err := w.Calendar()
	if err != nil {
		return engine.Position{}, err
	}
	rules.Calendar = calendar
	locations, err := s.locations(ctx, req, w.Name)
	if err != nil {
		return engine.Position{}, err
	}
	req.Meter.Stage("assets")
	c := &count{rules: &rules, name: w.Name}
	expected := int64(0)
	err = rest.Listing[Asset]{
		Path:  s.api + "/hardware",
		Query: url.Values{"sort": {"id"}, "order": {"asc"}},
		Limit: s.pageSize,
		Decode: func(resp *rest.Response, offset int) (rest.Page[Asset], error) {
			p, err := DecodeAssets(resp.Body)
			return next(p, offset, s.pageSize), err
		},
		Begin: c.begin,
		// Ids make an asset given twice (pages that overlap, a server
		// that repeats itself) end the listing instead of counting again.
		Key: func(a *Asset) string { return idKey(a.ID) },
		Each: func(p rest.Page[Asset]) error {
			if p.Total > expected {
				req.Meter.Expect(p.Total - expected)
				expected = p.Total
			}
			for i := range p.Items {
				if err := c.add(&p.Items[i]); err != nil {
					return err
				}
			}
			req.Meter.Records(len(p.Items))
			return nil
		},
		Fetched: req.Meter.Page,
	}.Run(ctx, s.http)
	if err != nil {
		return engine.Position{}, err
	}
	return engine.Position{}, s.write(w, req, c, locations, district.Month(rules.Today))
}

// locations lists Snipe-IT's locations, for the buildings rooms lie in. A
// token that may not read them costs only that: each asset's own location
// is still known.
func (s *source) locations(ctx context.Context, req engine.Request, name func(string) (string, error)) ([]Location, error) {
	req.Meter.Stage("locations")
	var out []Location
	err := rest.Listing[Location]{
		Path:  s.api + "/locations",
		Limit: MaxPageSize,
		Decode: func(resp *rest.Response, offset int) (rest.Page[Location], error) {
			p, err := DecodeLocations(resp.Body)
			return next(p, offset, MaxPageSize), err
		},
		Begin: func() { out = out[:0] },
		Key:   func(l *Location) string { return idKey(l.ID) },
		Each: func(p rest.Page[Location]) error {
			for _, l := range p.Items {
				var err error
				if l.Name, err = name(l.Name); err != nil {
					return err
				}
				out = append(out, l)
			}
			return nil
		},
		Fetched: req.Meter.Page,
	}.Run(ctx, s.http)
	var denied *rest.StatusError
	if errors.As(err, &denied) && denied.Status == http.StatusForbidden {
		req.Meter.Note("The API token may not read locations, so devices in rooms are not counted with the building each room is in; give the token's user permission to view locations.")
		return nil, nil
	}
	return out, err
}

// write maps the locations to schools and puts the month's figures.
func (s *source) write(w *cache.Writer, req engine.Request, c *count, locations []Location, period time.Time) error {
	found := make([]schoolmatch.Found, 0, len(locations)+len(c.names))
	listed := map[int64]bool{}
	for _, l := range locations {
		f := schoolmatch.Found{ID: idText(l.ID), Name: l.Name}
		if l.Parent != nil && l.Parent.ID != 0 {
			f.Parent = idText(l.Parent.ID)
		}
		found = append(found, f)
		listed[l.ID] = true
	}
	for id, name := range c.names {
		if !listed[id] {
			found = append(found, schoolmatch.Found{ID: idText(id), Name: name})
		}
	}
	r, err := schoolmatch.NewResolver(w, false)
	if err != nil {
		return err
	}
	m, err := r.Resolve(found)
	if err != nil {
		return err
	}
	schools := map[string]Tally{}
	held := map[string]int{}
	for place, t := range c.places {
		if place == 0 {
			continue
		}
		id := idText(place)
		held[id] += t.Fleet
		if school := m.School(id); school != "" {
			sum := schools[school]
			sum.Add(t)
			schools[school] = sum
		}
	}
	if err := w.ClearMonth(period); err != nil {
		return err
	}
	if err := s.putMetrics(w); err != nil {
		return err
	}
	put := func(obs []district.Observation) error {
		for _, o := range obs {
			if err := w.PutObservation(o); err != nil {
				return fmt.Errorf("writing %s: %w", o.Metric, err)
			}
		}
		return nil
	}
	if err := put(c.whole.Figures(district.WholeDistrict, period, c.whole, s.technicians)); err != nil {
		return err
	}
	for school, t := range schools {
		if err := put(t.Figures(school, period, c.whole, 0)); err != nil {
			return err
		}
	}
	s.notes(req.Meter, m, c, held)
	return nil
}

// putMetrics puts the kind's own definitions of the metrics it reports,
// where they differ from the built-in ones: the refresh cycle is the
// district's.
func (s *source) putMetrics(w *cache.Writer) error {
	if err := w.Clear(cache.DatasetMetrics); err != nil {
		return err
	}
	if s.rules.RefreshYears == district.RefreshCycleYears {
		return nil
	}
	m, _ := district.Lookup(district.DevicesPastRefresh)
	m.Benchmark = fmt.Sprintf("District goal; %d-year refresh cycle", s.rules.RefreshYears)
	m.Description = fmt.Sprintf("Share of devices older than the %d-year refresh cycle.", s.rules.RefreshYears)
	return w.PutMetric(m)
}

// notes says what did not count where it might have.
func (s *source) notes(meter *engine.Meter, m *schoolmatch.Mapping, c *count, held map[string]int) {
	if note := m.Note(held, "locations", "devices"); note != "" {
		meter.Note(note)
	}
	if n := c.places[0].Fleet; n > 0 {
		meter.Note(fmt.Sprintf("Devices with no location count only toward the district: %s.", district.Thousands(float64(n))))
	}
	if c.whole.Chromebooks > 0 && c.whole.AUEKnown == 0 {
		meter.Note("No Chromebook has an Auto Update Expiration date, so Chromebooks past AUE are not counted; keep the date in a custom field and name it in the aue_field setting.")
	}
	if n := c.whole.BadDates; n > 0 {
		meter.Note(fmt.Sprintf("Dates that could not be read were left out: %s.", district.Thousands(float64(n))))
	}
}

// idKey is a record's id as a listing key; "" for none.
func idKey(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}
