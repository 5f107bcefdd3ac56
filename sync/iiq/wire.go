package iiq

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/cabinetapp/cabinet/sync/decode"
	"github.com/cabinetapp/cabinet/sync/rest"
)

// Page is one page of Incident IQ's ticket search, as far as the count
// needs it. Subjects, requesters, agents and descriptions are never
// decoded.
type Page struct {
	// Total is the number of tickets the search matches; -1 if not given.
	Total int64
	Items []Ticket
}

// Ticket is one ticket of a search page. ID is held only while the
// listing is read, so a ticket that shifts between pages is not counted
// twice.
type Ticket struct {
	ID           string
	Created      time.Time
	Modified     time.Time
	Closed       time.Time
	IsClosed     bool
	Due          time.Time
	Priority     string
	LocationID   string
	LocationName string
}

type wirePage struct {
	Items  []wireTicket `json:"Items"`
	Paging *struct {
		TotalRows json.Number `json:"TotalRows"`
	} `json:"Paging"`
}

type wireTicket struct {
	TicketID     string          `json:"TicketId"`
	CreatedDate  string          `json:"CreatedDate"`
	ModifiedDate string          `json:"ModifiedDate"`
	ClosedDate   *string         `json:"ClosedDate"`
	IsClosed     bool            `json:"IsClosed"`
	DueDate      *string         `json:"DueDate"`
	Priority     json.RawMessage `json:"Priority"`
	LocationID   *string         `json:"LocationId"`
	Location     *struct {
		LocationID string `json:"LocationId"`
		Name       string `json:"Name"`
	} `json:"Location"`
}

// maxItems bounds a page whatever the server says: Incident IQ sends 100
// at most.
const maxItems = 1000

// DecodePage reads a page of POST /tickets.
func DecodePage(body []byte) (Page, error) {
	var w wirePage
	if err := decode.JSON(body, &w); err != nil {
		return Page{}, err
	}
	if w.Items == nil {
		return Page{}, errors.New("the ticket search answered without Items")
	}
	if len(w.Items) > maxItems {
		return Page{}, fmt.Errorf("the ticket search sent %d tickets in one page, more than the %d Cabinet accepts", len(w.Items), maxItems)
	}
	p := Page{Total: -1, Items: make([]Ticket, 0, len(w.Items))}
	if w.Paging != nil && w.Paging.TotalRows != "" {
		f, err := w.Paging.TotalRows.Float64()
		if err != nil || f < 0 || f > 1e12 {
			return Page{}, fmt.Errorf("the ticket search gave %q as its TotalRows", rest.Echo(w.Paging.TotalRows.String()))
		}
		p.Total = int64(f)
	}
	for i, it := range w.Items {
		t, err := it.decode()
		if err != nil {
			return Page{}, fmt.Errorf("ticket %d of the page: %w", i+1, err)
		}
		p.Items = append(p.Items, t)
	}
	return p, nil
}

func (w wireTicket) decode() (Ticket, error) {
	t := Ticket{ID: strings.TrimSpace(w.TicketID), IsClosed: w.IsClosed}
	if t.ID == "" {
		return t, errors.New("it has no TicketId")
	}
	var err error
	if t.Created, err = date(w.CreatedDate); err != nil {
		return t, fmt.Errorf("its CreatedDate %w", err)
	}
	if t.Modified, err = date(w.ModifiedDate); err != nil {
		return t, fmt.Errorf("its ModifiedDate %w", err)
	}
	if w.ClosedDate != nil {
		if t.Closed, err = date(*w.ClosedDate); err != nil {
			return t, fmt.Errorf("its ClosedDate %w", err)
		}
	}
	if w.DueDate != nil {
		if t.Due, err = date(*w.DueDate); err != nil {
			return t, fmt.Errorf("its DueDate %w", err)
		}
	}
	t.Priority = priority(w.Priority)
	if w.LocationID != nil {
		t.LocationID = strings.TrimSpace(*w.LocationID)
	}
	if w.Location != nil {
		if t.LocationID == "" {
			t.LocationID = strings.TrimSpace(w.Location.LocationID)
		}
		t.LocationName = strings.TrimSpace(w.Location.Name)
	}
	return t, nil
}

// priority reads a priority written as text ("High") or as a number.
func priority(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return strings.TrimSpace(s)
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	return ""
}

// date reads Incident IQ's times: ISO 8601, with or without a zone
// (without one it is UTC); "" means none.
func date(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", time.DateTime} {
		if t, err := time.Parse(layout, s); err == nil {
			if t.Year() < 1971 || t.Year() > 9999 {
				return time.Time{}, nil
			}
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date and time", rest.Echo(s))
}
