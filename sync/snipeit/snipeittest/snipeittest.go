// Package snipeittest serves a fake Snipe-IT for tests and benchmarks:
// GET /api/v1/hardware and /api/v1/locations as Snipe-IT's API sends them,
// with its bearer token, its limit and offset paging ({total, rows}), its
// error body ({status: "error", messages}) and its throttle (429 with
// Retry-After). Its fixture is a small district's fleet written by hand
// to Snipe-IT's documented shapes, names, serials and assignees included,
// so tests can check that none of them reaches the cache.
package snipeittest

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

//go:embed testdata/hardware.json
var hardwareJSON []byte

//go:embed testdata/locations.json
var locationsJSON []byte

// MaxLimit is the largest page Snipe-IT sends unless configured otherwise.
const MaxLimit = 500

// Server is a fake Snipe-IT.
type Server struct {
	token string

	mu        sync.Mutex
	count     int
	asset     func(i int) []byte // the listing's ith row
	locations [][]byte

	// Hook, if set, sees each request first, numbered from 1, and may
	// answer it itself (returning true) to break it: Throttled answers as
	// Snipe-IT's throttle does.
	Hook func(w http.ResponseWriter, r *http.Request, n int) bool

	requests atomic.Int64
}

// New serves the hand-written fixture fleet: 19 assets in 13 locations.
func New(token string) *Server {
	var assets []json.RawMessage
	if err := json.Unmarshal(hardwareJSON, &assets); err != nil {
		panic(err)
	}
	s := &Server{token: token, locations: rows(locationsJSON)}
	s.SetAssets(assets)
	return s
}

// Generated serves n assets made up on the fly, spread over locations
// named after the schools given (and a warehouse), each row the size and
// shape of a real one.
func Generated(token string, n int, schools []string) *Server {
	var locs [][]byte
	for i, name := range append(schools, "Warehouse") {
		locs = append(locs, fmt.Appendf(nil, `{"id":%d,"name":%q,"parent":null,"manager":{"id":%d,"name":"Pat Manager"},"assets_count":0}`, i+1, name, 900+i))
	}
	s := &Server{token: token, locations: locs, count: n}
	s.asset = func(i int) []byte { return generatedAsset(i, len(locs)) }
	return s
}

// Fixture returns the fixture's assets, for tests that change them.
func Fixture() []json.RawMessage {
	var assets []json.RawMessage
	if err := json.Unmarshal(hardwareJSON, &assets); err != nil {
		panic(err)
	}
	return assets
}

// SetAssets replaces the listing.
func (s *Server) SetAssets(assets []json.RawMessage) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.count = len(assets)
	s.asset = func(i int) []byte { return assets[i] }
}

// Requests is how many requests the server has had.
func (s *Server) Requests() int { return int(s.requests.Load()) }

func rows(list []byte) [][]byte {
	var raw []json.RawMessage
	if err := json.Unmarshal(list, &raw); err != nil {
		panic(err)
	}
	out := make([][]byte, len(raw))
	for i, r := range raw {
		out[i] = r
	}
	return out
}

// ServeHTTP answers as Snipe-IT's API does.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := int(s.requests.Add(1))
	if s.Hook != nil && s.Hook(w, r, n) {
		return
	}
	w.Header().Set("Content-Type", "application/json")
	if r.Header.Get("Authorization") != "Bearer "+s.token {
		Error(w, http.StatusUnauthorized, "Unauthorized or unauthenticated.")
		return
	}
	limit, offset, ok := paging(r)
	if !ok {
		// Snipe-IT answers many mistakes with 200 and an error body.
		Error(w, http.StatusOK, "The limit and offset must be whole numbers.")
		return
	}
	switch r.URL.Path {
	case "/api/v1/hardware":
		s.mu.Lock()
		count, asset := s.count, s.asset
		s.mu.Unlock()
		page(w, count, limit, offset, asset)
	case "/api/v1/locations":
		page(w, len(s.locations), limit, offset, func(i int) []byte { return s.locations[i] })
	default:
		Error(w, http.StatusNotFound, "404 endpoint not found")
	}
}

// Throttled answers as Snipe-IT does past its requests a minute: 429,
// with the seconds to wait.
func Throttled(w http.ResponseWriter, wait int) {
	w.Header().Set("Retry-After", strconv.Itoa(wait))
	w.Header().Set("X-RateLimit-Remaining", "0")
	Error(w, http.StatusTooManyRequests, "Too Many Requests")
}

// paging reads limit (Snipe-IT caps it at 500) and offset.
func paging(r *http.Request) (limit, offset int, ok bool) {
	limit, offset = 50, 0
	q := r.URL.Query()
	var err error
	if v := q.Get("limit"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil || limit < 1 {
			return 0, 0, false
		}
	}
	if v := q.Get("offset"); v != "" {
		if offset, err = strconv.Atoi(v); err != nil || offset < 0 {
			return 0, 0, false
		}
	}
	return min(limit, MaxLimit), offset, true
}

func page(w http.ResponseWriter, count, limit, offset int, row func(int) []byte) {
	var b bytes.Buffer
	fmt.Fprintf(&b, `{"total":%d,"rows":[`, count)
	for i := offset; i < min(count, offset+limit); i++ {
		if i > offset {
			b.WriteByte(',')
		}
		b.Write(row(i))
	}
	b.WriteString("]}")
	w.Write(b.Bytes())
}

// Error writes Snipe-IT's error body with status.
func Error(w http.ResponseWriter, status int, messages string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	fmt.Fprintf(w, `{"status":"error","messages":%q,"payload":null}`, messages)
}

// generatedAsset is asset i of a generated fleet: a mix of models, labels
// and ages, about as long as a real row.
func generatedAsset(i, locations int) []byte {
	id := i + 1
	loc := i%locations + 1
	kinds := []struct{ category, model string }{{"Chromebooks", "Dell Chromebook 3110"}, {"Laptops", "Latitude 5440"}, {"Tablets", "iPad (9th generation)"}, {"Chromebooks", "Lenovo 100e Chromebook Gen 3"}}
	k := kinds[i%len(kinds)]
	labels := []struct{ name, typ string }{{"Ready to Deploy", "deployable"}, {"Ready to Deploy", "deployable"}, {"Ready to Deploy", "deployable"}, {"Out for Repair", "undeployable"}, {"Pending", "pending"}, {"Archived", "archived"}}
	l := labels[(i/7)%len(labels)]
	bought := time.Date(2018, time.July, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, (i*37)%2900)
	return fmt.Appendf(nil, `{"id":%d,"name":"ASSET-%06d","asset_tag":"RUSD-%06d","serial":"SN%09dX","model":{"id":%d,"name":%q},"byod":false,"requestable":false,"model_number":"M-%d","eol":"48 months",`+
		`"asset_eol_date":{"date":%q,"formatted":"x"},"status_label":{"id":%d,"name":%q,"status_type":%q,"status_meta":%q},"category":{"id":%d,"name":%q},"manufacturer":{"id":1,"name":"Dell"},"supplier":null,"notes":"","order_number":"PO-%d","company":null,`+
		`"location":{"id":%d,"name":"Location %d"},"rtd_location":{"id":%d,"name":"Location %d"},"image":null,"qr":null,"alt_barcode":null,`+
		`"assigned_to":{"id":%d,"username":"student%d","name":"Student %d","first_name":"Student","last_name":"%d","email":"student%d@students.example","employee_number":"S-%d","type":"user"},`+
		`"warranty_months":"36 months","warranty_expires":{"date":%q,"formatted":"x"},"created_at":{"datetime":"2020-01-01 00:00:00","formatted":"x"},"updated_at":{"datetime":"2020-01-01 00:00:00","formatted":"x"},"last_audit_date":null,"next_audit_date":null,"deleted_at":null,`+
		`"purchase_date":{"date":%q,"formatted":"x"},"age":"","last_checkout":null,"expected_checkin":null,"purchase_cost":"289.00","checkin_counter":0,"checkout_counter":1,"requests_counter":0,"user_can_checkout":false,"book_value":"100.00",`+
		`"custom_fields":{"AUE Date":{"field":"_snipeit_aue_date_7","value":%q,"field_format":"ANY","element":"text"}},"available_actions":{"checkout":false,"checkin":true,"clone":true,"restore":false,"update":true,"audit":true,"delete":false}}`,
		id, id, id, id, i%len(kinds)+1, k.model, i%len(kinds), bought.AddDate(5, 0, 0).Format(time.DateOnly), (i/7)%len(labels)+1, l.name, l.typ, l.typ,
		i%len(kinds)+1, k.category, i/100, loc, loc, loc, loc, 10000+i, i, i, i, i, i,
		bought.AddDate(3, 0, 0).Format(time.DateOnly), bought.Format(time.DateOnly), bought.AddDate(6, 0, 0).Format("Jan 2006"))
}
