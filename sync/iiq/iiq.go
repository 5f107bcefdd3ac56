// Package iiq is the source kind for Incident IQ, the help desk many US
// districts' IT teams use. It pages through the ticket search (POST
// /tickets, $p and $s), reads each ticket's dates, priority and location,
// counts them in memory into monthly help-desk figures per school and for
// the district, from the first ticket to the present month, and keeps
// nothing else: no subject, requester, agent or ticket number reaches the
// cache or a message. Locations map to Cabinet's schools by name.
//
// Incident IQ publishes no rate limit, so requests are paced (one a second
// unless set otherwise) and a 429 is waited out as the server asks.
//
// As for Request Tracker, only counts are kept, so a later sync first asks
// for the most recently modified ticket and the number of tickets: if
// neither moved since the last count, and the month and school map are
// the same, nothing is written; otherwise everything is counted again.
package iiq

import (
	"context"
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
const KindName = "iiq"

// Options of the kind.
const (
	OptSiteID   = "site_id"
	OptPace     = "pace"
	OptPageSize = "page_size"
)

// MaxPageSize is the most tickets Incident IQ sends in a page.
const MaxPageSize = 100

// DefaultPace is the wait between requests, in seconds.
const DefaultPace = 1.0

// apiPath is where the API lives below a tenant's address.
const apiPath = "/api/v1.0"

// startOvers is how many times a listing that shrank is read again.
const startOvers = 2

// Kind is the Incident IQ kind of source.
func Kind() engine.Kind {
	return engine.Kind{
		Name:     KindName,
		Title:    "Incident IQ",
		Priority: 10,
		Order:    2,
		Secret:   "token",
		Options: []engine.Option{
			{Name: OptSiteID, Usage: "the SiteId of the district's Incident IQ site, a GUID", Required: true},
			{Name: helpdesk.OptTargets, Usage: helpdesk.TargetsUsage,
				Check: func(v string) error { _, err := helpdesk.ParseTargets(v); return err }},
			{Name: OptPace, Usage: fmt.Sprintf("seconds to wait between requests, 0 to 60 (default %g)", DefaultPace),
				Check: func(v string) error { _, err := pace(v); return err }},
			{Name: OptPageSize, Usage: fmt.Sprintf("tickets asked for per page, 1 to %d (default %d)", MaxPageSize, MaxPageSize),
				Check: func(v string) error { _, err := engine.PageSize(OptPageSize, v, MaxPageSize, MaxPageSize); return err }},
		},
		Open: open,
	}
}

func pace(text string) (time.Duration, error) {
	if text == "" {
		return time.Duration(DefaultPace * float64(time.Second)), nil
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(text), 64)
	if err != nil || f < 0 || f > 60 {
		return 0, fmt.Errorf("%s %q is not a number of seconds from 0 to 60", OptPace, text)
	}
	return time.Duration(f * float64(time.Second)), nil
}

type source struct {
	http     *rest.Client
	api      string
	pace     time.Duration
	last     time.Time // when the last request was sent
	pageSize int
	targets  helpdesk.Targets
}

func open(s engine.Settings) (engine.Source, error) {
	site := strings.TrimSpace(s.Options[OptSiteID])
	if site == "" {
		return nil, fmt.Errorf("an Incident IQ source needs its %s", OptSiteID)
	}
	src := &source{api: apiPath}
	var err error
	if src.pace, err = pace(s.Options[OptPace]); err != nil {
		return nil, err
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
	cfg.Token, cfg.Credential = s.Secret, "API token"
	cfg.Header = map[string]string{"SiteId": site, "Client": "ApiClient"}
	if src.http, err = rest.New(cfg); err != nil {
		return nil, err
	}
	return src, nil
}

// search is the body of every ticket search: all tickets of the site,
// child tickets included, none deleted.
var search = []byte(`{"Filters":[],"ShowChildTickets":true,"OnlyShowDeleted":false}`)

// page asks for one page of the search, keeping to the pace.
func (s *source) page(ctx context.Context, index, size int, order string, meter *engine.Meter) (Page, error) {
	if wait := s.pace - time.Since(s.last); wait > 0 && !s.last.IsZero() {
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return Page{}, ctx.Err()
		case <-t.C:
		}
	}
	s.last = time.Now()
	q := url.Values{"$p": {strconv.Itoa(index)}, "$s": {strconv.Itoa(size)}, "$o": {order}}
	resp, err := s.http.PostJSON(ctx, s.api+"/tickets", q, search)
	if err != nil {
		return Page{}, err
	}
	if meter != nil {
		meter.Page(len(resp.Body))
	}
	p, err := DecodePage(resp.Body)
	if err != nil {
		return Page{}, fmt.Errorf("%s/tickets page %d: %w", s.api, index+1, err)
	}
	return p, nil
}

// Test signs in and counts the tickets.
func (s *source) Test(ctx context.Context) (string, error) {
	p, err := s.page(ctx, 0, 1, "TicketModifiedDate desc", nil)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("Incident IQ answered, with %s tickets", district.Thousands(float64(max(p.Total, int64(len(p.Items)))))), nil
}

// Sync counts every ticket again, unless nothing changed since the last
// count. The cursor is the most recently modified ticket's ModifiedDate.
func (s *source) Sync(ctx context.Context, w *cache.Writer, req engine.Request) (engine.Position, error) {
	resolver, err := schoolmatch.NewResolver(w, false)
	if err != nil {
		return engine.Position{}, err
	}
	req.Meter.Stage("changes")
	head, err := s.page(ctx, 0, 1, "TicketModifiedDate desc", req.Meter)
	if err != nil {
		return engine.Position{}, err
	}
	cursor := ""
	if len(head.Items) > 0 {
		cursor = head.Items[0].Modified.Format(time.RFC3339Nano)
	}
	hc, unchanged := helpdesk.Begin(w.Now().UTC(), head.Total, cursor, resolver, req)
	if unchanged {
		return engine.Position{}, cache.ErrUnchanged
	}
	var c *count
	for try := 0; ; try++ {
		hc.Tally = &helpdesk.Tally{}
		c = &count{s: s, tally: hc.Tally, places: map[string]int32{}, name: w.Name}
		err := c.tickets(ctx, req)
		if err == nil {
			break
		}
		if _, shrank := err.(shrankError); !shrank || try == startOvers {
			return engine.Position{}, err
		}
	}
	if c.nowhere > 0 {
		req.Meter.Note(fmt.Sprintf("Tickets with no location count only toward the district: %s.", district.Thousands(float64(c.nowhere))))
	}
	found := make([]schoolmatch.Found, len(c.ids))
	for i, id := range c.ids {
		found[i] = schoolmatch.Found{ID: id, Name: c.names[i]}
	}
	return hc.Store(w, req, resolver, found, "locations", "ClosedDate")
}

// count is one count of every ticket.
type count struct {
	s     *source
	tally *helpdesk.Tally
	// places numbers locations by id; ids and names are by place.
	places  map[string]int32
	ids     []string
	names   []string
	nowhere int
	// name is a location's name or id as the cache keeps it; it fails
	// once the source has sent too many.
	name func(string) (string, error)
}

type shrankError struct{ from, to int64 }

func (e shrankError) Error() string {
	return fmt.Sprintf("the ticket list shrank from %d to %d while Cabinet read it, %d times running; try again when the help desk is quieter", e.from, e.to, startOvers+1)
}

// tickets reads every page, oldest tickets first, so tickets opened
// while the count runs land on the last pages. The shared listing guard
// ends a listing that gives a ticket again (a server that repeats its
// pages) or runs past its total or the source's limits.
func (c *count) tickets(ctx context.Context, req engine.Request) error {
	req.Meter.Stage("tickets")
	size := c.s.pageSize
	var total, read int64 = -1, 0
	guard := c.s.http.Guard(c.s.api + "/tickets")
	for index := 0; ; index++ {
		p, err := c.s.page(ctx, index, size, "TicketCreatedDate asc", req.Meter)
		if err != nil {
			return err
		}
		if err := guard.Page(index+1, p.Total, len(p.Items)); err != nil {
			return err
		}
		switch {
		case total < 0:
			total = p.Total
			req.Meter.Expect(max(total, 0))
		case p.Total >= 0 && p.Total < total:
			// A deletion shifted the pages: a ticket may have been skipped.
			return shrankError{from: total, to: p.Total}
		}
		for i := range p.Items {
			if err := guard.Key(index+1, p.Items[i].ID); err != nil {
				return err
			}
			if err := c.add(&p.Items[i]); err != nil {
				return err
			}
		}
		read += int64(len(p.Items))
		req.Meter.Records(len(p.Items))
		if len(p.Items) < size || total >= 0 && read >= total {
			return nil
		}
	}
}

// add counts one ticket.
func (c *count) add(t *Ticket) error {
	tk := helpdesk.Ticket{Opened: t.Created, Due: t.Due, Place: -1, Done: t.IsClosed || !t.Closed.IsZero()}
	if tk.Done {
		tk.Closed, tk.Resolved = t.Closed, true
	}
	if tk.Due.IsZero() {
		tk.Due = c.s.targets.Due(t.Priority, t.Created)
	}
	id, err := c.name(t.LocationID)
	if err != nil {
		return err
	}
	if id == "" {
		c.nowhere++
	} else {
		p, ok := c.places[id]
		if !ok {
			p = int32(len(c.ids))
			c.places[id] = p
			name, err := c.name(t.LocationName)
			if err != nil {
				return err
			}
			if name == "" {
				name = id
			}
			c.ids, c.names = append(c.ids, id), append(c.names, name)
		}
		tk.Place = p
	}
	c.tally.Add(tk)
	return nil
}
