package helpdesk

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/sync/engine"
	"github.com/cabinetapp/cabinet/sync/schoolmatch"
)

// Count is one sync of a help desk: what it was counted from, and the
// count. A help desk is recounted whole whenever anything moved, since a
// changed ticket may change any month.
type Count struct {
	// Cursor names the most recently changed ticket; State holds the rest
	// of what the figures were counted from.
	Cursor string
	State  State
	Tally  *Tally
}

// State is what a count's figures depend on besides the tickets' changes:
// the month (an open ticket moves into each new month), how many tickets
// there are (a deletion changes no ticket's date) and how places map to
// schools.
type State struct {
	Month   string `json:"month"`
	Total   int64  `json:"total"`
	Mapping string `json:"mapping"`
}

// Begin starts a count of total tickets, the newest changed at cursor, and
// reports whether the last sync's figures still hold.
func Begin(now time.Time, total int64, cursor string, resolver *schoolmatch.Resolver, req engine.Request) (Count, bool) {
	c := Count{Cursor: cursor, State: State{Month: now.Format("2006-01"), Total: total, Mapping: resolver.Fingerprint()}, Tally: &Tally{}}
	if req.Full || cursor == "" || req.Since.Cursor != cursor {
		return c, false
	}
	var last State
	return c, json.Unmarshal([]byte(req.Since.State), &last) == nil && last == c.State
}

// Store maps the places the tickets were counted under (found, in the
// Tally's place order) to Cabinet's schools, replaces every month's
// figures, and notes what could not be placed or dated: places names what
// a place is ("queues", "locations"), closing what a ticket's time of
// closing is called ("ClosedDate").
func (c Count) Store(w *cache.Writer, req engine.Request, resolver *schoolmatch.Resolver, found []schoolmatch.Found, places, closing string) (engine.Position, error) {
	m, err := resolver.Resolve(found)
	if err != nil {
		return engine.Position{}, err
	}
	schools := make([]string, len(found))
	held := map[string]int{}
	for i, f := range found {
		schools[i] = m.School(f.ID)
		if schools[i] == "" {
			held[f.ID] = c.Tally.Held[i]
		}
	}
	if err := w.Clear(cache.DatasetObservations); err != nil {
		return engine.Position{}, err
	}
	for _, o := range c.Tally.Observations(w.Now().UTC(), schools) {
		if err := w.PutObservation(o); err != nil {
			return engine.Position{}, err
		}
	}
	if note := m.Note(held, places, "tickets"); note != "" {
		req.Meter.Note(note)
	}
	if c.Tally.Undated > 0 {
		req.Meter.Note(fmt.Sprintf("Closed tickets with no %s count as opened but not as resolved: %s.", closing, district.Thousands(float64(c.Tally.Undated))))
	}
	state, err := json.Marshal(c.State)
	if err != nil {
		return engine.Position{}, err
	}
	return engine.Position{Cursor: c.Cursor, State: string(state)}, nil
}
