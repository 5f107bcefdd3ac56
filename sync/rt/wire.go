package rt

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/cabinetapp/cabinet/sync/decode"
	"github.com/cabinetapp/cabinet/sync/rest"
)

// Page is one page of REST 2.0's ticket search, as far as the count needs
// it. Subject, requestors, owner and the rest are never asked for, and
// would not be decoded if sent.
type Page struct {
	Total int64
	Items []Ticket
}

// Ticket is one ticket of a search page. ID is held only while the
// listing is read, to ask for the tickets after it.
type Ticket struct {
	ID          int64
	Status      string
	Created     time.Time
	Resolved    time.Time
	Due         time.Time
	LastUpdated time.Time
	Priority    string
	Queue       string
	// School is the first value of the school custom field, if asked for.
	School string
}

type wirePage struct {
	Total *json.Number `json:"total"`
	Items []wireTicket `json:"items"`
}

type wireTicket struct {
	ID           json.RawMessage `json:"id"`
	Status       string          `json:"Status"`
	Created      string          `json:"Created"`
	Resolved     string          `json:"Resolved"`
	Due          string          `json:"Due"`
	LastUpdated  string          `json:"LastUpdated"`
	Priority     json.RawMessage `json:"Priority"`
	Queue        json.RawMessage `json:"Queue"`
	CustomFields json.RawMessage `json:"CustomFields"`
}

// maxItems bounds a page, whatever the server says: RT sends 100 at most.
const maxItems = 1000

// DecodePage reads a page of GET /REST/2.0/tickets. field names the custom
// field that holds the school; "" when schools come from queues.
func DecodePage(body []byte, field string) (Page, error) {
	var w wirePage
	if err := decode.JSON(body, &w); err != nil {
		return Page{}, err
	}
	if w.Items == nil {
		return Page{}, errors.New("the ticket search answered without a list of tickets")
	}
	if len(w.Items) > maxItems {
		return Page{}, fmt.Errorf("the ticket search sent %d tickets in one page, more than the %d Cabinet accepts", len(w.Items), maxItems)
	}
	p := Page{Total: -1, Items: make([]Ticket, 0, len(w.Items))}
	if w.Total != nil {
		// RT writes some counts as 0.0.
		f, err := w.Total.Float64()
		if err != nil || f < 0 || f > 1e12 {
			return Page{}, fmt.Errorf("the ticket search gave %q as its total", rest.Echo(w.Total.String()))
		}
		p.Total = int64(f)
	}
	for i, it := range w.Items {
		t, err := it.decode(field)
		if err != nil {
			return Page{}, fmt.Errorf("ticket %d of the page: %w", i+1, err)
		}
		p.Items = append(p.Items, t)
	}
	return p, nil
}

func (w wireTicket) decode(field string) (Ticket, error) {
	var t Ticket
	id, err := text(w.ID)
	if err != nil {
		return t, errors.New("its id is neither a number nor text")
	}
	if t.ID, err = strconv.ParseInt(id, 10, 64); err != nil || t.ID <= 0 {
		return t, errors.New("its id is not a positive whole number")
	}
	t.Status = strings.ToLower(strings.TrimSpace(w.Status))
	for _, d := range []struct {
		name string
		text string
		dst  *time.Time
	}{{"Created", w.Created, &t.Created}, {"Resolved", w.Resolved, &t.Resolved}, {"Due", w.Due, &t.Due}, {"LastUpdated", w.LastUpdated, &t.LastUpdated}} {
		if *d.dst, err = date(d.text); err != nil {
			return t, fmt.Errorf("its %s %w", d.name, err)
		}
	}
	if t.Priority, err = text(w.Priority); err != nil {
		return t, errors.New("its priority is neither a number nor text")
	}
	if len(w.Queue) > 0 && string(w.Queue) != "null" {
		var q struct {
			ID   json.RawMessage `json:"id"`
			Name string          `json:"Name"`
		}
		if json.Unmarshal(w.Queue, &q) != nil {
			return t, errors.New("its queue is not an object")
		}
		t.Queue = strings.TrimSpace(q.Name)
	}
	if field != "" {
		t.School = school(w.CustomFields, field)
	}
	return t, nil
}

// school finds the value of the named custom field. RT sends "" in place
// of the list when no custom field applies to the ticket's queue.
func school(raw json.RawMessage, field string) string {
	var cfs []struct {
		Name   string   `json:"name"`
		Values []string `json:"values"`
	}
	if json.Unmarshal(raw, &cfs) != nil {
		return ""
	}
	for _, cf := range cfs {
		if strings.EqualFold(strings.TrimSpace(cf.Name), field) {
			for _, v := range cf.Values {
				if v = strings.TrimSpace(v); v != "" {
					return v
				}
			}
		}
	}
	return ""
}

// text reads a JSON string or number as text: RT writes ids and numbers
// as strings in lists and as numbers elsewhere.
func text(raw json.RawMessage) (string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return strings.TrimSpace(s), nil
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err != nil {
		return "", err
	}
	return n.String(), nil
}

// unset is how RT writes a date that was never set.
var unset = time.Unix(0, 0).UTC()

// date reads RT's ISO 8601 times; the epoch and "" mean none.
func date(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t, err = time.Parse(time.DateTime, s)
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a date and time", rest.Echo(s))
	}
	if !t.After(unset) || t.Year() > 9999 {
		return time.Time{}, nil
	}
	return t.UTC(), nil
}
