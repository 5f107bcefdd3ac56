// Package oneroster is the source kind for a OneRoster 1.2 rostering
// service, the standard way student information systems publish schools
// and class rosters. It signs in with OAuth 2.0 client credentials, lists
// the schools, pages through every enrolment, and stores only counts:
// students and teachers per school and for the district this month, each
// person once however many classes they are in. It supplies the schools
// too, when no other source (a Summary API) supplies them first.
//
// Counts are all it keeps, so it cannot subtract a deleted enrolment from
// them: it would need to know whether that enrolment was counted, which
// means keeping a record per enrolment, and so per person. Instead, a
// later sync asks the service whether anything changed since the last one
// (filter=dateLastModified>'...', which also returns records now marked
// tobedeleted). Nothing: the counts stand and the sync writes nothing.
// Anything: it counts everything again, leaving out what is tobedeleted.
// A new month, an enrolment starting or ending by date, or a change to
// Cabinet's schools or the school map also means counting again.
package oneroster

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/sync/engine"
	"github.com/cabinetapp/cabinet/sync/rest"
	"github.com/cabinetapp/cabinet/sync/schoolmatch"
)

// KindName is the kind's name in source settings and on the command line.
const KindName = "oneroster"

// Options of the kind.
const (
	OptTokenURL = "token_url"
	OptClientID = "client_id"
	OptScope    = "scope"
	OptPageSize = "page_size"
)

// DefaultScope is the OneRoster 1.2 scope for reading schools and rosters.
const DefaultScope = "https://purl.imsglobal.org/spec/or/v1p2/scope/roster-core.readonly"

// DefaultPageSize and MaxPageSize bound the records asked for per page.
const (
	DefaultPageSize = 1000
	MaxPageSize     = 10000
)

// rosteringPath is where the rostering service lives below a server's
// address, when the address given does not already name it.
const rosteringPath = "/ims/oneroster/rostering/v1p2"

// Kind is the OneRoster 1.2 kind of source.
func Kind() engine.Kind {
	return engine.Kind{
		Name:     KindName,
		Title:    "OneRoster 1.2",
		Priority: 20,
		// A Summary API's schools come first: its other figures name them.
		Ranks:     map[string]int{cache.DatasetSchools: 110},
		Order:     1,
		Snapshots: true,
		Secret:    "client secret",
		Options: []engine.Option{
			{Name: OptTokenURL, Usage: "the OAuth 2.0 token address", Required: true,
				Check: func(v string) error { _, err := rest.CheckURL(v); return err }},
			{Name: OptClientID, Usage: "the OAuth 2.0 client ID", Required: true},
			{Name: OptScope, Usage: "the scopes asked for, space-separated (default " + DefaultScope + ")"},
			{Name: OptPageSize, Usage: fmt.Sprintf("records asked for per page, 1 to %d (default %d)", MaxPageSize, DefaultPageSize),
				Check: func(v string) error {
					_, err := engine.PageSize(OptPageSize, v, DefaultPageSize, MaxPageSize)
					return err
				}},
		},
		Open: open,
	}
}

type source struct {
	http     *rest.Client
	api      string // the rostering service's path below the address, or ""
	pageSize int
}

func open(s engine.Settings) (engine.Source, error) {
	size, err := engine.PageSize(OptPageSize, s.Options[OptPageSize], DefaultPageSize, MaxPageSize)
	if err != nil {
		return nil, err
	}
	id := strings.TrimSpace(s.Options[OptClientID])
	if id == "" || s.Options[OptTokenURL] == "" {
		return nil, errors.New("a OneRoster source needs its token address and client ID")
	}
	scope := s.Options[OptScope]
	if scope == "" {
		scope = DefaultScope
	}
	tokens, err := rest.NewClientCredentials(s.HTTP, s.Options[OptTokenURL], id, s.Secret, scope)
	if err != nil {
		return nil, err
	}
	u, err := rest.CheckURL(s.URL)
	if err != nil {
		return nil, err
	}
	src := &source{api: rosteringPath, pageSize: size}
	if strings.Contains(u.Path, "/ims/oneroster/") {
		src.api = ""
	}
	cfg := s.HTTP
	cfg.Token, cfg.Tokens, cfg.Credential = "", tokens, "client ID and secret"
	if src.http, err = rest.New(cfg); err != nil {
		return nil, err
	}
	return src, nil
}

// Test signs in and reads the first school.
func (s *source) Test(ctx context.Context) (string, error) {
	resp, err := s.http.Get(ctx, s.api+"/schools", url.Values{"limit": {"1"}}, "")
	if err != nil {
		return "", err
	}
	orgs, err := DecodeOrgs(resp.Body)
	if err != nil {
		return "", fmt.Errorf("%s/schools: %w", s.api, err)
	}
	p, err := page(orgs, resp.Header, 0, 1)
	if err != nil {
		return "", fmt.Errorf("%s/schools: %w", s.api, err)
	}
	if p.Total >= 0 {
		return fmt.Sprintf("OneRoster answered, with %s schools", district.Thousands(float64(p.Total))), nil
	}
	return "OneRoster answered, and accepts the client ID and secret", nil
}

// position is what the kind keeps between syncs besides the time of the
// last count, which is the cursor.
type position struct {
	// Month is the month the counts are for: "2026-03".
	Month string `json:"month"`
	// Until is the day the counts change by date alone.
	Until string `json:"until,omitempty"`
	// Mapping is the school map's fingerprint when they were counted.
	Mapping string `json:"mapping"`
}

// sinceLayout writes the time of the last count as OneRoster's filter
// takes it.
const sinceLayout = "2006-01-02T15:04:05Z"

// Sync counts the roster again, unless the service reports nothing changed
// since the last count and nothing else has.
func (s *source) Sync(ctx context.Context, w *cache.Writer, req engine.Request) (engine.Position, error) {
	now := w.Now()
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	period := district.Month(today)
	resolver, err := schoolmatch.NewResolver(w, true)
	if err != nil {
		return engine.Position{}, err
	}
	pos := position{Month: period.Format("2006-01"), Mapping: resolver.Fingerprint()}
	if !req.Full {
		same, err := s.unchanged(ctx, req, pos, today)
		if err != nil {
			return engine.Position{}, err
		}
		if same {
			return engine.Position{}, cache.ErrUnchanged
		}
	}
	c := &recount{s: s, req: req, today: today, name: w.Name}
	if err := c.schools(ctx); err != nil {
		return engine.Position{}, err
	}
	m, err := resolver.Resolve(c.found)
	if err != nil {
		return engine.Position{}, err
	}
	if err := c.enrollments(ctx, m); err != nil {
		return engine.Position{}, err
	}
	if err := c.write(w, m, period); err != nil {
		return engine.Position{}, err
	}
	if !c.roster.Until.IsZero() {
		pos.Until = c.roster.Until.Format(time.DateOnly)
	}
	state, err := json.Marshal(pos)
	if err != nil {
		return engine.Position{}, err
	}
	// The service's Date has whole seconds, rounded down: a record changed
	// in the second the count began is asked about again next time rather
	// than missed.
	return engine.Position{Cursor: c.stamp.UTC().Format(sinceLayout), State: string(state)}, nil
}

// unchanged reports whether the last count still holds: same month, same
// school map, no enrolment started or ended by date, and the service
// reports no school or enrolment changed since.
func (s *source) unchanged(ctx context.Context, req engine.Request, pos position, today time.Time) (bool, error) {
	var last position
	if req.Since.Cursor == "" || json.Unmarshal([]byte(req.Since.State), &last) != nil || last.Month != pos.Month || last.Mapping != pos.Mapping {
		return false, nil
	}
	if until, ok := parseDate(last.Until); ok && !today.Before(until) {
		return false, nil
	}
	req.Meter.Stage("changes")
	query := url.Values{"filter": {"dateLastModified>'" + req.Since.Cursor + "'"}, "limit": {"1"}}
	for _, c := range []struct {
		path  string
		count func([]byte) (int, error)
	}{
		{"/schools", func(b []byte) (int, error) { l, err := DecodeOrgs(b); return len(l), err }},
		{"/enrollments", func(b []byte) (int, error) { l, err := DecodeEnrollments(b); return len(l), err }},
	} {
		resp, err := s.http.Get(ctx, s.api+c.path, query, "")
		var refused *rest.StatusError
		if errors.As(err, &refused) && (refused.Status == http.StatusBadRequest || refused.Status == http.StatusUnprocessableEntity || refused.Status == http.StatusNotImplemented) {
			// A service that cannot filter by date is counted afresh.
			return false, nil
		}
		if err != nil {
			return false, err
		}
		req.Meter.Page(len(resp.Body))
		n, err := c.count(resp.Body)
		if err != nil {
			return false, fmt.Errorf("%s%s: %w", s.api, c.path, err)
		}
		total := resp.Header.Get("X-Total-Count")
		if n > 0 || total != "" && total != "0" {
			return false, nil
		}
	}
	return true, nil
}

// recount is one full count.
type recount struct {
	s     *source
	req   engine.Request
	today time.Time
	// name is a school's name as the cache keeps it; it fails once the
	// service has sent too many.
	name func(string) (string, error)
	// stamp is the service's time when the count began.
	stamp  time.Time
	orgs   []Org
	found  []schoolmatch.Found
	roster *Roster
	// targets are the Cabinet schools counted toward; the places after
	// them are the schools that match none, one each.
	targets   []string
	unmatched []string
}

// schools lists the schools, and notes the service's time when it
// answered first; failing that, this computer's, less a margin for clocks
// that disagree.
func (c *recount) schools(ctx context.Context) error {
	c.req.Meter.Stage("schools")
	c.stamp = time.Now().Add(-5 * time.Minute)
	first := true
	return rest.Listing[Org]{
		Path:  c.s.api + "/schools",
		Limit: c.s.pageSize,
		Decode: func(resp *rest.Response, offset int) (rest.Page[Org], error) {
			if t, err := http.ParseTime(resp.Header.Get("Date")); err == nil && first {
				c.stamp, first = t, false
			}
			orgs, err := DecodeOrgs(resp.Body)
			if err != nil {
				return rest.Page[Org]{}, err
			}
			return page(orgs, resp.Header, offset, c.s.pageSize)
		},
		Begin: func() { c.orgs, c.found = c.orgs[:0], c.found[:0] },
		Key:   func(o *Org) string { return o.SourcedID },
		Each: func(p rest.Page[Org]) error {
			for _, o := range p.Items {
				if o.SourcedID == "" || o.Status == StatusDeleted || o.Type != "" && o.Type != "school" {
					continue
				}
				name, err := c.name(o.Name)
				if err != nil {
					return err
				}
				if o.Name = name; o.Name == "" {
					o.Name = o.SourcedID
				}
				c.orgs = append(c.orgs, o)
				c.found = append(c.found, schoolmatch.Found{ID: o.SourcedID, Name: o.Name})
			}
			return nil
		},
		Fetched: c.req.Meter.Page,
	}.Run(ctx, c.s.http)
}

// enrollments counts every current enrolment toward the Cabinet school
// its school maps to.
func (c *recount) enrollments(ctx context.Context, m *schoolmatch.Mapping) error {
	places := map[string]int32{}
	index := map[string]int32{}
	for _, o := range c.orgs {
		if school := m.School(o.SourcedID); school != "" {
			i, ok := index[school]
			if !ok {
				i = int32(len(c.targets))
				index[school] = i
				c.targets = append(c.targets, school)
			}
			places[o.SourcedID] = i
		}
	}
	for _, o := range c.orgs {
		if _, ok := places[o.SourcedID]; !ok {
			places[o.SourcedID] = int32(len(c.targets) + len(c.unmatched))
			c.unmatched = append(c.unmatched, o.SourcedID)
		}
	}
	c.req.Meter.Stage("enrollments")
	expected := int64(0)
	return rest.Listing[Enrollment]{
		Path:  c.s.api + "/enrollments",
		Limit: c.s.pageSize,
		Decode: func(resp *rest.Response, offset int) (rest.Page[Enrollment], error) {
			items, err := DecodeEnrollments(resp.Body)
			if err != nil {
				return rest.Page[Enrollment]{}, err
			}
			return page(items, resp.Header, offset, c.s.pageSize)
		},
		Begin: func() { c.roster = NewRoster(c.today, places, len(c.targets)+len(c.unmatched)) },
		Key:   func(e *Enrollment) string { return e.SourcedID },
		Each: func(p rest.Page[Enrollment]) error {
			if p.Total > expected {
				c.req.Meter.Expect(p.Total - expected)
				expected = p.Total
			}
			for i := range p.Items {
				c.roster.Add(&p.Items[i])
			}
			c.req.Meter.Records(len(p.Items))
			return nil
		},
		Fetched: c.req.Meter.Page,
	}.Run(ctx, c.s.http)
}

// write puts the schools (when OneRoster's are Cabinet's) and the month's
// counts.
func (c *recount) write(w *cache.Writer, m *schoolmatch.Mapping, period time.Time) error {
	r := c.roster
	if err := w.Clear(cache.DatasetSchools); err != nil {
		return err
	}
	if m.Own() {
		place := make(map[string]int, len(c.targets))
		for i, t := range c.targets {
			place[t] = i
		}
		for _, o := range c.orgs {
			if m.School(o.SourcedID) != o.SourcedID {
				continue
			}
			// The dashboard does not show levels; a name that names none
			// (a K-8, a magnet, a virtual school) is taken as alternative.
			level, ok := schoolmatch.LevelOf(o.Name)
			if !ok {
				level = district.Alternative
			}
			s := district.School{ID: o.SourcedID, Name: o.Name, Level: level, Enrolment: r.Students[place[o.SourcedID]]}
			if err := w.PutSchool(s); err != nil {
				return err
			}
		}
	}
	if err := w.ClearMonth(period); err != nil {
		return err
	}
	obs := []district.Observation{
		{Metric: district.StudentsEnrolled, Period: period, Value: float64(r.WholeStudents)},
		{Metric: district.TeachersEnrolled, Period: period, Value: float64(r.WholeTeachers)},
	}
	for i, school := range c.targets {
		obs = append(obs,
			district.Observation{Metric: district.StudentsEnrolled, School: school, Period: period, Value: float64(r.Students[i])},
			district.Observation{Metric: district.TeachersEnrolled, School: school, Period: period, Value: float64(r.Teachers[i])})
	}
	for _, o := range obs {
		if err := w.PutObservation(o); err != nil {
			return err
		}
	}
	held := map[string]int{}
	for i, org := range c.unmatched {
		held[org] = r.Students[len(c.targets)+i]
	}
	if note := m.Note(held, "schools", "students"); note != "" {
		c.req.Meter.Note(note)
	}
	if r.Elsewhere > 0 {
		c.req.Meter.Note(fmt.Sprintf("Current enrolments that name a school the service does not list count only toward the district: %s.", district.Thousands(float64(r.Elsewhere))))
	}
	return nil
}
