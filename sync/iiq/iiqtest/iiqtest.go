// Package iiqtest is an Incident IQ ticket search written from the
// published API description (the Stoplight contract a community SDK
// bundles): POST /api/v1.0/tickets with $p (zero-based page), $s (page
// size, at most 100) and $o (sort), the headers Authorization: Bearer,
// SiteId and Client: ApiClient, answering {Items, Paging{TotalRows,
// PageCount, PageSize, PageIndex}}. Tickets carry the fields a real one
// does that name people, so tests can check none of them is kept.
package iiqtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Ticket is one ticket the server holds.
type Ticket struct {
	ID           string
	Number       int
	Subject      string
	ForName      string
	ForEmail     string
	AgentName    string
	Created      time.Time
	Modified     time.Time
	Closed       time.Time // zero: no ClosedDate sent
	IsClosed     bool
	Due          time.Time
	Priority     string
	LocationID   string // "" sends no location
	LocationName string
	Deleted      bool
}

// Server serves the tickets to one token and site.
type Server struct {
	Token, Site string
	// Hook, if set, may answer request n (from 1) itself and return true.
	Hook func(w http.ResponseWriter, r *http.Request, n int) bool

	mu       sync.Mutex
	tickets  []Ticket
	sorted   map[string][]Ticket // by search: tickets in order, sorted once
	requests int
	// Pages are the $p and $s of each ticket search, in order.
	Pages [][2]int
}

// New serves tickets.
func New(token, site string, tickets []Ticket) *Server {
	return &Server{Token: token, Site: site, tickets: tickets}
}

// Update changes the tickets under the server's lock.
func (s *Server) Update(fn func([]Ticket) []Ticket) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tickets = fn(s.tickets)
	s.sorted = nil
}

// Requests is how many requests arrived.
func (s *Server) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests
}

func fail(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"Message": msg})
}

func date(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests++
	n := s.requests
	s.mu.Unlock()
	if s.Hook != nil && s.Hook(w, r, n) {
		return
	}
	switch {
	case r.Header.Get("Authorization") != "Bearer "+s.Token:
		fail(w, http.StatusUnauthorized, "Authorization has been denied for this request.")
		return
	case r.Header.Get("SiteId") != s.Site || r.Header.Get("Client") != "ApiClient":
		fail(w, http.StatusBadRequest, "SiteId and Client headers are required")
		return
	case r.Method != http.MethodPost || r.URL.Path != "/api/v1.0/tickets":
		fail(w, http.StatusNotFound, "No HTTP resource was found that matches the request URI.")
		return
	}
	var body struct {
		OnlyShowDeleted bool
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		fail(w, http.StatusBadRequest, "The request is invalid.")
		return
	}
	q := r.URL.Query()
	page, _ := strconv.Atoi(q.Get("$p"))
	size, err := strconv.Atoi(q.Get("$s"))
	if err != nil || size <= 0 {
		size = 20
	}
	size = min(size, 100)
	s.mu.Lock()
	s.Pages = append(s.Pages, [2]int{page, size})
	list := s.list(q.Get("$o"), body.OnlyShowDeleted)
	s.mu.Unlock()
	var items []map[string]any
	for i := page * size; i < min(len(list), (page+1)*size); i++ {
		t := list[i]
		item := map[string]any{
			"TicketId": t.ID, "TicketNumber": t.Number, "Subject": t.Subject,
			"CreatedDate": date(t.Created), "ModifiedDate": date(t.Modified), "ClosedDate": date(t.Closed), "DueDate": date(t.Due),
			"IsClosed": t.IsClosed, "Priority": t.Priority, "SlaId": nil,
			"For":          map[string]string{"Name": t.ForName, "Email": t.ForEmail},
			"AssignedTo":   map[string]string{"Name": t.AgentName},
			"WorkflowStep": map[string]string{"StepName": map[bool]string{true: "Resolved", false: "In Progress"}[t.IsClosed]},
		}
		if t.LocationID != "" {
			item["LocationId"] = t.LocationID
			item["Location"] = map[string]string{"LocationId": t.LocationID, "Name": t.LocationName}
		} else {
			item["LocationId"] = nil
		}
		items = append(items, item)
	}
	if items == nil {
		items = []map[string]any{}
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{
		"ItemCount": len(items),
		"Items":     items,
		"Paging":    map[string]int{"TotalRows": len(list), "PageCount": (len(list) + size - 1) / size, "PageSize": size, "PageIndex": page},
	})
}

// list is the tickets a search finds, in the order asked for.
func (s *Server) list(order string, deleted bool) []Ticket {
	key := fmt.Sprint(order, deleted)
	if l, ok := s.sorted[key]; ok {
		return l
	}
	var list []Ticket
	for _, t := range s.tickets {
		if t.Deleted == deleted {
			list = append(list, t)
		}
	}
	field, dir, _ := strings.Cut(order, " ")
	at := func(t Ticket) time.Time {
		if field == "TicketModifiedDate" {
			return t.Modified
		}
		return t.Created
	}
	slices.SortStableFunc(list, func(a, b Ticket) int {
		c := at(a).Compare(at(b))
		if c == 0 {
			c = strings.Compare(a.ID, b.ID)
		}
		if strings.HasPrefix(dir, "desc") {
			return -c
		}
		return c
	})
	if s.sorted == nil {
		s.sorted = map[string][]Ticket{}
	}
	s.sorted[key] = list
	return list
}

// Generate makes n tickets opened over months before now, at the
// locations given (and some at none), from a fixed seed.
func Generate(n int, now time.Time, locations [][2]string) []Ticket {
	out := make([]Ticket, n)
	r := uint64(2026)
	next := func(k uint64) uint64 {
		r = r*6364136223846793005 + 1442695040888963407
		return (r >> 33) % k
	}
	for i := range out {
		created := now.Add(-time.Duration(next(18*30*24)) * time.Hour).Add(-time.Duration(next(3600)) * time.Second).Truncate(time.Second)
		t := Ticket{
			ID: fmt.Sprintf("%08x-0000-4000-8000-%012d", i+1, i+1), Number: 1000 + i,
			Subject: fmt.Sprintf("Chromebook %d will not charge", i), ForName: "Avery Student", ForEmail: "avery.student@example.org",
			AgentName: "Casey Technician", Created: created, Priority: []string{"Low", "Medium", "High"}[i%3],
		}
		if loc := int(next(uint64(len(locations) + 1))); loc < len(locations) {
			t.LocationID, t.LocationName = locations[loc][0], locations[loc][1]
		}
		switch k := next(10); {
		case k < 6:
			t.IsClosed = true
			t.Closed = created.Add(time.Duration(next(30*24)) * time.Hour).Add(time.Duration(next(3600)) * time.Second)
			if t.Closed.After(now) {
				t.Closed = now.Add(-time.Minute)
			}
		case k < 7:
			t.IsClosed = true // closed, but no ClosedDate was recorded
		}
		if next(4) == 0 {
			t.Due = created.Add(time.Duration(1+next(10)) * 24 * time.Hour)
		}
		t.Modified = created.Add(time.Minute)
		if t.Closed.After(t.Modified) {
			t.Modified = t.Closed
		}
		out[i] = t
	}
	return out
}
