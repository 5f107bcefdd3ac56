// Package googleadmintest serves a fake Google for tests and benchmarks,
// built from the published APIs: the OAuth 2.0 token endpoint a service
// account signs a JWT for (RFC 7523), which checks the JWT's RS256
// signature with the test key's public half, its issuer, subject, scope,
// audience and lifetime, and answers invalid_grant for a subject that is
// not an administrator; and the Admin SDK Directory API's
// chromeosdevices.list, with its bearer tokens, maxResults and
// pageToken/nextPageToken paging, its projection and fields mask, and its
// errors (403 userRateLimitExceeded and quotaExceeded, 429). Its fixture
// is a small district's Chromebooks written to the API's documented
// shape, serial numbers, device ids, users and addresses included, so
// tests can check that none of them reaches the cache.
package googleadmintest

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	_ "embed"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

//go:embed testdata/devices.json
var devicesJSON []byte

// Paths the fake answers.
const (
	TokenPath = "/token"
	// DevicesPath is chromeosdevices.list's, with %s for the customer.
	DevicesPath = "/admin/directory/v1/customer/%s/devices/chromeos"
)

// Scope is the scope the fake's service account is delegated.
const Scope = "https://www.googleapis.com/auth/admin.directory.device.chromeos.readonly"

// The fake domain's service account, administrator and customer ID.
const (
	ClientEmail = "cabinet-fleet@riverside-cabinet.iam.gserviceaccount.com"
	ClientID    = "104729384756102938475"
	Admin       = "admin@riverside.example"
	Teacher     = "teacher@riverside.example" // a user of the domain, not an administrator
	CustomerID  = "C03az79cb"
)

// MaxResults is the most devices chromeosdevices.list sends in a page.
const MaxResults = 300

// Server is a fake Google.
type Server struct {
	key   *rsa.PrivateKey
	keyID string

	mu      sync.Mutex
	devices []json.RawMessage
	tokens  map[string]time.Time // access token → when it expires
	pages   map[string]int       // page token → the offset it starts at
	queries []url.Values
	// Now is the fake's clock, for the lifetime of JWTs and tokens.
	Now func() time.Time
	// PageCap, if set, sends at most this many devices a page whatever
	// maxResults asks, as Google may.
	PageCap int
	// IgnoreFields sends every field whatever the fields mask asks, as a
	// proxy that drops the query might.
	IgnoreFields bool

	// Hook, if set, sees each request first, numbered from 1, and may
	// answer it itself (returning true) to break it: Error and
	// Throttled answer as Google does.
	Hook func(w http.ResponseWriter, r *http.Request, n int) bool

	requests     atomic.Int64
	tokensIssued atomic.Int64
}

// New serves the fixture's 17 devices with a newly made service account
// key.
func New() *Server {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	var id [20]byte
	rand.Read(id[:])
	s := &Server{key: key, keyID: hex.EncodeToString(id[:]), tokens: map[string]time.Time{}, pages: map[string]int{}, Now: time.Now}
	s.devices = Fixture()
	return s
}

// Fixture returns the fixture's devices, for tests that change them.
func Fixture() []json.RawMessage {
	var devices []json.RawMessage
	if err := json.Unmarshal(devicesJSON, &devices); err != nil {
		panic(err)
	}
	return devices
}

// SetDevices replaces the listing.
func (s *Server) SetDevices(devices []json.RawMessage) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.devices = devices
}

// Key is the service account's JSON key file, as the Google Cloud console
// makes it, for the fake at base (its token_uri).
func (s *Server) Key(base string) []byte {
	der, err := x509.MarshalPKCS8PrivateKey(s.key)
	if err != nil {
		panic(err)
	}
	b, err := json.MarshalIndent(map[string]string{
		"type":                        "service_account",
		"project_id":                  "riverside-cabinet",
		"private_key_id":              s.keyID,
		"private_key":                 string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})),
		"client_email":                ClientEmail,
		"client_id":                   ClientID,
		"auth_uri":                    "https://accounts.google.com/o/oauth2/auth",
		"token_uri":                   base + TokenPath,
		"auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
		"client_x509_cert_url":        "https://www.googleapis.com/robot/v1/metadata/x509/cabinet-fleet%40riverside-cabinet.iam.gserviceaccount.com",
		"universe_domain":             "googleapis.com",
	}, "", "  ")
	if err != nil {
		panic(err)
	}
	return b
}

// Requests is how many requests the server has had.
func (s *Server) Requests() int { return int(s.requests.Load()) }

// TokensIssued is how many access tokens the token endpoint has issued.
func (s *Server) TokensIssued() int { return int(s.tokensIssued.Load()) }

// Queries are the queries the device listing was asked with, in order.
func (s *Server) Queries() []url.Values {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]url.Values(nil), s.queries...)
}

// ServeHTTP answers as Google's token endpoint and Admin SDK do.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := int(s.requests.Add(1))
	if s.Hook != nil && s.Hook(w, r, n) {
		return
	}
	if r.URL.Path == TokenPath {
		s.token(w, r)
		return
	}
	customer, ok := strings.CutPrefix(r.URL.Path, "/admin/directory/v1/customer/")
	customer, listing := strings.CutSuffix(customer, "/devices/chromeos")
	if !ok || !listing || customer == "" || strings.Contains(customer, "/") {
		Error(w, http.StatusNotFound, "notFound", "Not Found")
		return
	}
	if !s.authorised(r) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="https://accounts.google.com/"`)
		Error(w, http.StatusUnauthorized, "authError", "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.")
		return
	}
	if customer != "my_customer" && customer != CustomerID {
		Error(w, http.StatusNotFound, "notFound", "Resource Not Found: customer")
		return
	}
	s.list(w, r)
}

// authorised reports whether the request carries a token the fake issued
// and that has not expired.
func (s *Server) authorised(r *http.Request) bool {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	s.mu.Lock()
	defer s.mu.Unlock()
	expires, issued := s.tokens[token]
	return ok && issued && s.Now().Before(expires)
}

// list answers chromeosdevices.list.
func (s *Server) list(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	size := 100
	if v := q.Get("maxResults"); v != "" {
		var err error
		if size, err = strconv.Atoi(v); err != nil || size < 1 || size > MaxResults {
			Error(w, http.StatusBadRequest, "invalid", "Invalid Input: maxResults")
			return
		}
	}
	if p := q.Get("projection"); p != "" && p != "FULL" && p != "BASIC" {
		Error(w, http.StatusBadRequest, "invalid", "Invalid value for: "+p+" is not a valid value")
		return
	}
	mask, err := parseMask(q.Get("fields"))
	if err != nil {
		Error(w, http.StatusBadRequest, "invalidParameter", "Invalid field selection "+q.Get("fields"))
		return
	}
	s.mu.Lock()
	s.queries = append(s.queries, q)
	offset := 0
	if t := q.Get("pageToken"); t != "" {
		var ok bool
		if offset, ok = s.pages[t]; !ok {
			s.mu.Unlock()
			Error(w, http.StatusBadRequest, "invalid", "Invalid Input: pageToken")
			return
		}
	}
	if s.PageCap > 0 {
		size = min(size, s.PageCap)
	}
	devices := s.devices[min(offset, len(s.devices)):min(offset+size, len(s.devices))]
	page := map[string]any{"kind": "admin#directory#chromeosdevices", "etag": `"Zm9vYmFyYmF6"`}
	if len(devices) > 0 {
		page["chromeosdevices"] = devices
	}
	if offset+size < len(s.devices) {
		next := newToken()
		s.pages[next] = offset + size
		page["nextPageToken"] = next
	}
	ignore := s.IgnoreFields
	s.mu.Unlock()
	body, err := json.Marshal(page)
	if err == nil && !ignore {
		body, err = mask.apply(body)
	}
	if err != nil {
		Error(w, http.StatusInternalServerError, "backendError", "Backend Error")
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.Write(body)
}

// token answers the JWT bearer grant.
func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	refuse := func(status int, code, description string) {
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(map[string]string{"error": code, "error_description": description})
	}
	if r.Method != http.MethodPost || r.FormValue("grant_type") != "urn:ietf:params:oauth:grant-type:jwt-bearer" {
		refuse(http.StatusBadRequest, "unsupported_grant_type", "Invalid grant_type: "+r.FormValue("grant_type"))
		return
	}
	claims, refused := s.verify(r.FormValue("assertion"))
	if refused != "" {
		refuse(http.StatusBadRequest, "invalid_grant", refused)
		return
	}
	now := s.Now()
	switch {
	case claims.Iss != ClientEmail:
		refuse(http.StatusUnauthorized, "invalid_client", "The OAuth client was not found.")
	case claims.Aud != "http://"+r.Host+TokenPath:
		refuse(http.StatusBadRequest, "invalid_grant", "Invalid JWT: Failed audience check.")
	case claims.Exp <= now.Unix() || claims.Iat > now.Unix()+60 || claims.Exp-claims.Iat > 3600:
		refuse(http.StatusBadRequest, "invalid_grant", "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.")
	case claims.Scope != Scope:
		refuse(http.StatusUnauthorized, "unauthorized_client", "Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.")
	case claims.Sub != Admin:
		refuse(http.StatusBadRequest, "invalid_grant", "Invalid email or User ID")
	default:
		access := "ya29." + newToken()
		s.mu.Lock()
		s.tokens[access] = now.Add(time.Hour)
		s.mu.Unlock()
		s.tokensIssued.Add(1)
		json.NewEncoder(w).Encode(map[string]any{"access_token": access, "expires_in": 3599, "token_type": "Bearer"})
	}
}

// claims are the JWT's claims a service account sends.
type claims struct {
	Iss   string `json:"iss"`
	Sub   string `json:"sub"`
	Scope string `json:"scope"`
	Aud   string `json:"aud"`
	Iat   int64  `json:"iat"`
	Exp   int64  `json:"exp"`
}

// verify checks a JWT's RS256 signature against the service account's
// public key and reads its claims, or says why it refuses them.
func (s *Server) verify(assertion string) (claims, string) {
	parts := strings.Split(assertion, ".")
	if len(parts) != 3 {
		return claims{}, "Invalid JWT: not three parts"
	}
	var header struct {
		Alg string `json:"alg"`
		Typ string `json:"typ"`
		Kid string `json:"kid"`
	}
	var c claims
	h, err1 := base64.RawURLEncoding.DecodeString(parts[0])
	p, err2 := base64.RawURLEncoding.DecodeString(parts[1])
	sig, err3 := base64.RawURLEncoding.DecodeString(parts[2])
	if err1 != nil || err2 != nil || err3 != nil || json.Unmarshal(h, &header) != nil || json.Unmarshal(p, &c) != nil {
		return claims{}, "Invalid JWT: not base64url JSON"
	}
	digest := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if header.Alg != "RS256" || header.Kid != s.keyID || rsa.VerifyPKCS1v15(&s.key.PublicKey, crypto.SHA256, digest[:], sig) != nil {
		return claims{}, "Invalid JWT Signature."
	}
	return c, ""
}

func newToken() string {
	var b [24]byte
	rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// Error writes Google's error body with status and reason.
func Error(w http.ResponseWriter, status int, reason, message string) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(status)
	b, _ := json.Marshal(map[string]any{"error": map[string]any{
		"code": status, "message": message,
		"errors": []map[string]string{{"message": message, "domain": "global", "reason": reason}},
	}})
	w.Write(b)
}

// Throttled answers as Google does past a user's queries a minute: 403
// userRateLimitExceeded, with no Retry-After.
func Throttled(w http.ResponseWriter) {
	Error(w, http.StatusForbidden, "userRateLimitExceeded", "Quota exceeded for quota metric 'Queries' and limit 'Queries per minute per user' of service 'admin.googleapis.com'.")
}

// TooMany answers 429 with Retry-After in seconds.
func TooMany(w http.ResponseWriter, wait int) {
	w.Header().Set("Retry-After", strconv.Itoa(wait))
	Error(w, http.StatusTooManyRequests, "rateLimitExceeded", "Too Many Requests")
}
