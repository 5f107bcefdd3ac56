// Package onerostertest serves a fake OneRoster 1.2 rostering service for
// tests and benchmarks: an OAuth 2.0 client-credentials token endpoint,
// and GET .../schools and .../enrollments with limit and offset paging,
// X-Total-Count and Link headers, filter=dateLastModified>'...', records
// marked tobedeleted, and OneRoster's error body. Tokens can be made to
// expire early, so clients meet a 401 in the middle of a sync. Its fixture
// is a small district's roster written to the 1.2 shapes.
package onerostertest

import (
	"bytes"
	"crypto/subtle"
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

//go:embed testdata/orgs.json
var orgsJSON []byte

//go:embed testdata/enrollments.json
var enrollmentsJSON []byte

// Paths the service answers.
const (
	TokenPath = "/oauth/token"
	Base      = "/ims/oneroster/rostering/v1p2"
)

// Paging says which paging headers the service sends.
type Paging int

// Paging headers.
const (
	// Both sends X-Total-Count and Link.
	Both Paging = iota
	// TotalOnly sends X-Total-Count.
	TotalOnly
	// LinkOnly sends Link: rel="next" while there are more.
	LinkOnly
)

// Server is a fake OneRoster service.
type Server struct {
	ClientID, Secret string
	// TokenLife is the expires_in tokens are given, in seconds.
	TokenLife int
	// TokenUses, if set, is how many requests a token serves before the
	// service refuses it: an expiry the client cannot see coming.
	TokenUses int
	Paging    Paging
	// Hook, if set, sees each request first, numbered from 1, and may
	// answer it itself (returning true) to break it.
	Hook func(w http.ResponseWriter, r *http.Request, n int) bool

	mu          sync.Mutex
	orgs        []record
	enrollments func() (int, func(i int) record)
	fixed       []record // the enrollments, when not generated
	tokens      map[string]int
	issued      int
	// ahead is how far the service's clock runs ahead of this computer's
	// (Advance), for its Date header and the changes it stamps.
	ahead time.Duration

	requests atomic.Int64
}

// Advance moves the service's clock forward, as time passing would,
// without waiting for it.
func (s *Server) Advance(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ahead += d
}

// now is the service's time; s.mu must be held.
func (s *Server) now() time.Time { return time.Now().Add(s.ahead).UTC() }

// record is one org or enrollment: its JSON, and what filters read.
type record struct {
	raw      []byte
	modified time.Time
}

func newRecord(raw []byte) record {
	var r struct {
		Modified time.Time `json:"dateLastModified"`
	}
	if err := json.Unmarshal(raw, &r); err != nil {
		panic(err)
	}
	return record{raw: raw, modified: r.Modified}
}

func records(list []byte) []record {
	var raw []json.RawMessage
	if err := json.Unmarshal(list, &raw); err != nil {
		panic(err)
	}
	out := make([]record, len(raw))
	for i, r := range raw {
		out[i] = newRecord(r)
	}
	return out
}

// New serves the fixture roster: ten orgs, twenty-five enrollments.
func New(clientID, secret string) *Server {
	s := &Server{ClientID: clientID, Secret: secret, TokenLife: 3600, orgs: records(orgsJSON), fixed: records(enrollmentsJSON), tokens: map[string]int{}}
	s.enrollments = s.fixedEnrollments
	return s
}

// Generated serves n enrollments made up on the fly: students in six
// classes each and a teacher for every 25 students, spread over schools
// named as given.
func Generated(clientID, secret string, n int, schools []string) *Server {
	s := &Server{ClientID: clientID, Secret: secret, TokenLife: 3600, tokens: map[string]int{}}
	for i, name := range schools {
		s.orgs = append(s.orgs, newRecord(fmt.Appendf(nil, `{"sourcedId":"org-%d","status":"active","dateLastModified":"2025-07-01T12:00:00.000Z","metadata":{},"name":%q,"type":"school","identifier":"%04d","parent":{"href":"https://sis.example/orgs/org-district","sourcedId":"org-district","type":"org"},"children":[]}`, i, name, i)))
	}
	modified := time.Date(2025, time.August, 21, 6, 30, 0, 0, time.UTC)
	s.enrollments = func() (int, func(int) record) {
		return n, func(i int) record { return record{raw: generatedEnrollment(i, len(schools)), modified: modified} }
	}
	return s
}

func (s *Server) fixedEnrollments() (int, func(int) record) {
	list := s.fixed
	return len(list), func(i int) record { return list[i] }
}

// Fixture returns the fixture's enrollments, for tests that change them.
func Fixture() []json.RawMessage {
	var raw []json.RawMessage
	if err := json.Unmarshal(enrollmentsJSON, &raw); err != nil {
		panic(err)
	}
	return raw
}

// SetEnrollments replaces the enrollments.
func (s *Server) SetEnrollments(list []json.RawMessage) {
	out := make([]record, len(list))
	for i, r := range list {
		out[i] = newRecord(r)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fixed = out
}

// Change edits enrollment i as the service does: each field given is set,
// and dateLastModified becomes now. Setting "status" to "tobedeleted" is
// how OneRoster deletes.
func (s *Server) Change(i int, fields map[string]any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var m map[string]any
	if err := json.Unmarshal(s.fixed[i].raw, &m); err != nil {
		panic(err)
	}
	now := s.now()
	for k, v := range fields {
		m[k] = v
	}
	m["dateLastModified"] = now.Format("2006-01-02T15:04:05.000Z")
	raw, err := json.Marshal(m)
	if err != nil {
		panic(err)
	}
	list := append([]record(nil), s.fixed...)
	list[i] = record{raw: raw, modified: now}
	s.fixed = list
}

// Requests is how many requests the service has had, tokens included.
func (s *Server) Requests() int { return int(s.requests.Load()) }

// TokensIssued is how many tokens the token endpoint has given out.
func (s *Server) TokensIssued() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.issued
}

// ServeHTTP answers as a OneRoster 1.2 service and its token endpoint do.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := int(s.requests.Add(1))
	// The Date header, in whole seconds as HTTP has it, from the service's clock.
	s.mu.Lock()
	w.Header().Set("Date", s.now().Format(http.TimeFormat))
	s.mu.Unlock()
	if s.Hook != nil && s.Hook(w, r, n) {
		return
	}
	if r.URL.Path == TokenPath {
		s.token(w, r)
		return
	}
	if !s.authorised(r) {
		Error(w, http.StatusUnauthorized, "unauthorized", "The access token is missing, expired or revoked.")
		return
	}
	var list []record
	key := ""
	switch r.URL.Path {
	case Base + "/schools":
		key = "orgs"
		list = s.orgs
	case Base + "/enrollments":
		key = "enrollments"
		s.mu.Lock()
		count, at := s.enrollments()
		s.mu.Unlock()
		s.page(w, r, key, count, at)
		return
	default:
		Error(w, http.StatusNotFound, "unknownobject", "No such collection.")
		return
	}
	s.page(w, r, key, len(list), func(i int) record { return list[i] })
}

// token issues a bearer token for the client's id and secret, sent with
// HTTP Basic authentication, form-encoded first.
func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	id, secret, ok := r.BasicAuth()
	// RFC 6749, section 2.3.1: both are form-encoded before Basic
	// authentication.
	id, idErr := url.QueryUnescape(id)
	secret, secretErr := url.QueryUnescape(secret)
	ok = ok && idErr == nil && secretErr == nil
	if r.Method != http.MethodPost || r.FormValue("grant_type") != "client_credentials" {
		oauthError(w, http.StatusBadRequest, "unsupported_grant_type")
		return
	}
	if !ok || subtle.ConstantTimeCompare([]byte(id), []byte(s.ClientID)) != 1 || subtle.ConstantTimeCompare([]byte(secret), []byte(s.Secret)) != 1 {
		oauthError(w, http.StatusUnauthorized, "invalid_client")
		return
	}
	s.mu.Lock()
	s.issued++
	tok := fmt.Sprintf("access-%d-%d", s.issued, time.Now().UnixNano())
	s.tokens[tok] = 0
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	fmt.Fprintf(w, `{"access_token":%q,"token_type":"Bearer","expires_in":%d,"scope":%q}`, tok, s.TokenLife, r.FormValue("scope"))
}

func oauthError(w http.ResponseWriter, status int, code string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	fmt.Fprintf(w, `{"error":%q,"error_description":"Client authentication failed"}`, code)
}

// authorised checks the bearer token and counts its use.
func (s *Server) authorised(r *http.Request) bool {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	uses, ok := s.tokens[tok]
	if !ok || s.TokenUses > 0 && uses >= s.TokenUses {
		return false
	}
	s.tokens[tok] = uses + 1
	return true
}

// page answers one page of a collection, filtered by dateLastModified if
// asked.
func (s *Server) page(w http.ResponseWriter, r *http.Request, key string, count int, at func(int) record) {
	q := r.URL.Query()
	limit, offset := 100, 0
	var err error
	if v := q.Get("limit"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil || limit < 1 {
			Error(w, http.StatusBadRequest, "invalid_selection_field", "limit must be a positive whole number")
			return
		}
	}
	if v := q.Get("offset"); v != "" {
		if offset, err = strconv.Atoi(v); err != nil || offset < 0 {
			Error(w, http.StatusBadRequest, "invalid_selection_field", "offset must be a whole number")
			return
		}
	}
	var since time.Time
	if f := q.Get("filter"); f != "" {
		v, ok := strings.CutPrefix(f, "dateLastModified>")
		if ok {
			since, err = time.Parse(time.RFC3339, strings.Trim(v, "'"))
		}
		if !ok || err != nil {
			Error(w, http.StatusBadRequest, "invalid_filter_field", "Only dateLastModified>'...' is supported.")
			return
		}
	}
	// Only a filtered listing is gathered first; a plain one is read
	// straight from the list, so a generated million costs nothing.
	if !since.IsZero() {
		var kept []record
		for i := range count {
			if rec := at(i); rec.modified.After(since) {
				kept = append(kept, rec)
			}
		}
		count, at = len(kept), func(i int) record { return kept[i] }
	}
	end := min(count, offset+limit)
	if s.Paging != LinkOnly {
		w.Header().Set("X-Total-Count", strconv.Itoa(count))
	}
	if s.Paging != TotalOnly {
		next := *r.URL
		nq := next.Query()
		nq.Set("offset", strconv.Itoa(end))
		next.RawQuery = nq.Encode()
		first := *r.URL
		fq := first.Query()
		fq.Set("offset", "0")
		first.RawQuery = fq.Encode()
		links := []string{fmt.Sprintf("<%s>; rel=\"first\"", absolute(r, &first))}
		if end < count {
			links = append(links, fmt.Sprintf("<%s>; rel=\"next\"", absolute(r, &next)))
		}
		w.Header().Set("Link", strings.Join(links, ", "))
	}
	w.Header().Set("Content-Type", "application/json")
	var b bytes.Buffer
	fmt.Fprintf(&b, `{%q:[`, key)
	for i := offset; i < end; i++ {
		if i > offset {
			b.WriteByte(',')
		}
		b.Write(at(i).raw)
	}
	b.WriteString("]}")
	w.Write(b.Bytes())
}

func absolute(r *http.Request, u *url.URL) string { return "http://" + r.Host + u.RequestURI() }

// Error writes OneRoster's error body with status.
func Error(w http.ResponseWriter, status int, code, description string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	fmt.Fprintf(w, `{"imsx_codeMajor":"failure","imsx_severity":"error","imsx_description":%q,"imsx_CodeMinor":{"imsx_codeMinorField":[{"imsx_codeMinorFieldName":"TargetEndSystem","imsx_codeMinorFieldValue":%q}]}}`, description, code)
}

// generatedEnrollment is enrollment i of a generated roster: each student
// in six classes of one school, a teacher every 150 enrollments, one in
// fifty tobedeleted.
func generatedEnrollment(i, schools int) []byte {
	student := i / 6
	school := student % schools
	role, user := "student", fmt.Sprintf("stu-%08d-%04x", student, student*7919%65536)
	if i%150 == 149 {
		role, user = "teacher", fmt.Sprintf("tch-%06d", i/150%2000)
	}
	status := "active"
	if i%50 == 7 {
		status = "tobedeleted"
	}
	return fmt.Appendf(nil, `{"sourcedId":"enr-%09d","status":%q,"dateLastModified":"2025-08-21T06:30:00.000Z","metadata":{},`+
		`"user":{"href":"https://sis.example/ims/oneroster/rostering/v1p2/users/%s","sourcedId":%q,"type":"user"},`+
		`"class":{"href":"https://sis.example/ims/oneroster/rostering/v1p2/classes/cls-%d-%d","sourcedId":"cls-%d-%d","type":"class"},`+
		`"school":{"href":"https://sis.example/ims/oneroster/rostering/v1p2/schools/org-%d","sourcedId":"org-%d","type":"org"},`+
		`"role":%q,"primary":false,"beginDate":"2025-08-20","endDate":"2026-06-12"}`,
		i, status, user, user, school, i%6, school, i%6, school, school, role)
}
