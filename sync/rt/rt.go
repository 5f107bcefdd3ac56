// Package rt is the source kind for Request Tracker 5, the open-source help
// desk, through its REST 2.0 API. It reads every ticket's status, dates,
// priority and queue or school custom field, counts them in memory into
// monthly help-desk figures per school and for the district, from the
// first ticket to the present month, and keeps nothing else: no subject,
// requestor, owner, body or ticket number reaches the cache or a message.
//
// Counts are all it keeps, so a changed ticket cannot be taken out of the
// months it was counted in. A later sync asks RT for the most recently
// updated ticket and the number of tickets: if neither moved since the
// last count, and the month and school map are the same, the figures stand
// and nothing is written; otherwise everything is counted again. A
// deleted ticket vanishes from RT's searches, so the number of tickets is
// what shows it.
package rt

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/sync/engine"
	"github.com/cabinetapp/cabinet/sync/helpdesk"
	"github.com/cabinetapp/cabinet/sync/rest"
	"github.com/cabinetapp/cabinet/sync/schoolmatch"
)

// KindName is the kind's name in source settings and on the command line.
const KindName = "rt"

// Options of the kind.
const (
	OptUser        = "user"
	OptSchoolField = "school_field"
	OptSchoolsBy   = "schools_by"
	OptPageSize    = "page_size"
)

// Defaults.
const (
	DefaultSchoolField = "School"
	// MaxPageSize is the most tickets RT sends in a page, whatever is
	// asked.
	MaxPageSize = 100
)

// apiPath is where REST 2.0 lives below RT's address.
const apiPath = "/REST/2.0"

// Kind is the Request Tracker kind of source.
func Kind() engine.Kind {
	return engine.Kind{
		Name:     KindName,
		Title:    "Request Tracker",
		Priority: 10,
		Order:    2,
		Secret:   "secret",
		Options: []engine.Option{
			{Name: OptUser, Usage: "the RT user whose password the secret is; leave empty when the secret is an RT auth token"},
			{Name: OptSchoolsBy, Usage: "where a ticket's school comes from: field (a custom field, the default) or queue",
				Check: func(v string) error { _, err := schoolsBy(v); return err }},
			{Name: OptSchoolField, Usage: "the custom field that names a ticket's school (default " + DefaultSchoolField + ")"},
			{Name: helpdesk.OptTargets, Usage: helpdesk.TargetsUsage,
				Check: func(v string) error { _, err := helpdesk.ParseTargets(v); return err }},
			{Name: OptPageSize, Usage: fmt.Sprintf("tickets asked for per page, 1 to %d (default %d)", MaxPageSize, MaxPageSize),
				Check: func(v string) error { _, err := engine.PageSize(OptPageSize, v, MaxPageSize, MaxPageSize); return err }},
		},
		Open: open,
	}
}

func schoolsBy(v string) (string, error) {
	switch v = strings.ToLower(strings.TrimSpace(v)); v {
	case "", "field":
		return "field", nil
	case "queue":
		return v, nil
	}
	return "", fmt.Errorf("%s %q: use field or queue", OptSchoolsBy, v)
}

type source struct {
	http     *rest.Client
	api      string
	field    string // the school custom field; "" when schools are queues
	pageSize int
	targets  helpdesk.Targets
}

func open(s engine.Settings) (engine.Source, error) {
	by, err := schoolsBy(s.Options[OptSchoolsBy])
	if err != nil {
		return nil, err
	}
	src := &source{api: apiPath}
	if by == "field" {
		src.field = strings.TrimSpace(s.Options[OptSchoolField])
		if src.field == "" {
			src.field = DefaultSchoolField
		}
	}
	if src.pageSize, err = engine.PageSize(OptPageSize, s.Options[OptPageSize], MaxPageSize, MaxPageSize); err != nil {
		return nil, err
	}
	if src.targets, err = helpdesk.ParseTargets(s.Options[helpdesk.OptTargets]); err != nil {
		return nil, err
	}
	u, err := rest.CheckURL(s.URL)
	if err != nil {
		return nil, err
	}
	if strings.HasSuffix(strings.TrimSuffix(u.Path, "/"), apiPath) {
		src.api = ""
	}
	cfg := s.HTTP
	if user := strings.TrimSpace(s.Options[OptUser]); user != "" {
		// As a token, the encoded pair is redacted wherever it appears.
		cfg.Token, cfg.AuthScheme, cfg.Credential = base64.StdEncoding.EncodeToString([]byte(user+":"+s.Secret)), "Basic", "user and password"
		cfg.Secrets, cfg.IDs = append(cfg.Secrets, s.Secret), append(cfg.IDs, user)
	} else {
		cfg.Token, cfg.AuthScheme, cfg.Credential = s.Secret, "token", "auth token"
	}
	if src.http, err = rest.New(cfg); err != nil {
		return nil, err
	}
	return src, nil
}

// fields are all the count asks of a ticket.
func (s *source) query(q string, perPage int, orderBy string) url.Values {
	v := url.Values{
		"query":    {q},
		"fields":   {"Status,Created,Resolved,Due,LastUpdated,Priority,Queue"},
		"per_page": {strconv.Itoa(perPage)},
		"orderby":  {orderBy},
		"order":    {"ASC"},
	}
	if s.field != "" {
		v.Set("fields", v.Get("fields")+",CustomFields")
	} else {
		v.Set("fields[Queue]", "Name")
	}
	return v
}

// newest asks for the most recently updated ticket and the number of
// tickets.
func (s *source) newest(ctx context.Context, req engine.Request) (Page, error) {
	q := s.query("id > 0", 1, "LastUpdated")
	q.Set("order", "DESC")
	resp, err := s.http.Get(ctx, s.api+"/tickets", q, "")
	if err != nil {
		return Page{}, err
	}
	if req.Meter != nil {
		req.Meter.Page(len(resp.Body))
	}
	p, err := DecodePage(resp.Body, s.field)
	if err != nil {
		return Page{}, fmt.Errorf("%s/tickets: %w", s.api, err)
	}
	return p, nil
}

// Test signs in and counts the tickets.
func (s *source) Test(ctx context.Context) (string, error) {
	p, err := s.newest(ctx, engine.Request{})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("Request Tracker answered, with %s tickets", district.Thousands(float64(max(p.Total, int64(len(p.Items)))))), nil
}

// Sync counts every ticket again, unless nothing changed since the last
// count. The cursor is the newest ticket's LastUpdated.
func (s *source) Sync(ctx context.Context, w *cache.Writer, req engine.Request) (engine.Position, error) {
	resolver, err := schoolmatch.NewResolver(w, false)
	if err != nil {
		return engine.Position{}, err
	}
	req.Meter.Stage("changes")
	head, err := s.newest(ctx, req)
	if err != nil {
		return engine.Position{}, err
	}
	cursor := ""
	if len(head.Items) > 0 {
		cursor = head.Items[0].LastUpdated.Format(time.RFC3339)
	}
	hc, unchanged := helpdesk.Begin(w.Now().UTC(), head.Total, cursor, resolver, req)
	if unchanged {
		return engine.Position{}, cache.ErrUnchanged
	}
	c := count{s: s, tally: hc.Tally, places: map[string]int32{}, name: w.Name}
	if err := c.tickets(ctx, req, head.Total); err != nil {
		return engine.Position{}, err
	}
	found := make([]schoolmatch.Found, len(c.names))
	for i, n := range c.names {
		found[i] = schoolmatch.Found{ID: n, Name: n}
	}
	what := "queues"
	if s.field != "" {
		what = "schools named in " + s.field
	}
	return hc.Store(w, req, resolver, found, what, "time of closing")
}

// count is one count of every ticket.
type count struct {
	s      *source
	tally  *helpdesk.Tally
	places map[string]int32 // school or queue name → place
	names  []string         // by place
	// name is the name of a school or queue as the cache keeps it; it
	// fails once the source has sent too many.
	name func(string) (string, error)
}

// tickets reads every ticket, a page at a time, each page asking for the
// tickets after the last one seen. Pages by number shift when tickets
// are added or deleted during the count; ids do not, so no ticket is
// counted twice or missed. The shared listing guard ends a listing that
// gives a ticket again or runs past its total or the source's limits.
func (c *count) tickets(ctx context.Context, req engine.Request, total int64) error {
	req.Meter.Stage("tickets")
	req.Meter.Expect(total)
	var after int64
	guard := c.s.http.Guard(c.s.api + "/tickets")
	for page := 1; ; page++ {
		q := c.s.query(fmt.Sprintf("id > %d", after), c.s.pageSize, "id")
		resp, err := c.s.http.Get(ctx, c.s.api+"/tickets", q, "")
		if err != nil {
			return err
		}
		req.Meter.Page(len(resp.Body))
		p, err := DecodePage(resp.Body, c.s.field)
		if err != nil {
			return fmt.Errorf("%s/tickets page %d: %w", c.s.api, page, err)
		}
		if err := guard.Page(page, p.Total, len(p.Items)); err != nil {
			return err
		}
		for _, t := range p.Items {
			if err := guard.Key(page, strconv.FormatInt(t.ID, 10)); err != nil {
				return err
			}
			if t.ID < after {
				return fmt.Errorf("%s/tickets page %d: the server sent tickets out of order, so the count would not be right", c.s.api, page)
			}
			after = t.ID
			if err := c.add(&t); err != nil {
				return err
			}
		}
		req.Meter.Records(len(p.Items))
		if len(p.Items) < c.s.pageSize {
			return nil
		}
	}
}

// add counts one ticket.
func (c *count) add(t *Ticket) error {
	tk := helpdesk.Ticket{Opened: t.Created, Due: t.Due, Place: -1}
	switch t.Status {
	case "deleted":
		return nil
	case "new", "open", "stalled":
	case "resolved":
		tk.Done, tk.Resolved = true, true
	case "rejected":
		tk.Done = true
	default:
		// A status of a lifecycle of the district's own: RT sets Resolved
		// when a ticket becomes inactive.
		tk.Done, tk.Resolved = !t.Resolved.IsZero(), !t.Resolved.IsZero()
	}
	if tk.Done {
		tk.Closed = t.Resolved
		if tk.Closed.IsZero() {
			tk.Closed = t.LastUpdated
		}
	}
	if tk.Due.IsZero() {
		tk.Due = c.s.targets.Due(t.Priority, t.Created)
	}
	name := t.Queue
	if c.s.field != "" {
		name = t.School
	}
	name, err := c.name(name)
	if err != nil {
		return err
	}
	if name != "" {
		p, ok := c.places[name]
		if !ok {
			p = int32(len(c.names))
			c.places[name] = p
			c.names = append(c.names, name)
		}
		tk.Place = p
	}
	c.tally.Add(tk)
	return nil
}
