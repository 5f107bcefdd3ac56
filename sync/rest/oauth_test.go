package rest

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// tokenServer issues numbered tokens for one client and serves /data to
// the newest, refusing the others.
type tokenServer struct {
	mu     sync.Mutex
	issued int
	life   int
	// refuse makes /data refuse every token.
	refuse bool
}

func (s *tokenServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	switch r.URL.Path {
	case "/oauth/token":
		id, secret, _ := r.BasicAuth()
		if id != "client" || secret != "s3cret" || r.FormValue("grant_type") != "client_credentials" || r.FormValue("scope") != "roster" {
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, `{"error":"invalid_client","error_description":"Client authentication failed"}`)
			return
		}
		s.issued++
		fmt.Fprintf(w, `{"access_token":"tok-%d","token_type":"bearer","expires_in":%d}`, s.issued, s.life)
	case "/data":
		if s.refuse || r.Header.Get("Authorization") != fmt.Sprintf("Bearer tok-%d", s.issued) {
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprintf(w, `{"imsx_codeMajor":"failure","imsx_description":"token %s refused"}`, strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "))
			return
		}
		fmt.Fprint(w, `{}`)
	}
}

func tokenClient(t *testing.T, srv *httptest.Server, secret string) (*Client, *TokenGrant) {
	t.Helper()
	cc, err := NewClientCredentials(Config{Retries: 0}, srv.URL+"/oauth/token", "client", secret, "roster")
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(Config{BaseURL: srv.URL, Tokens: cc, Credential: "client ID and secret", Retries: 0})
	if err != nil {
		t.Fatal(err)
	}
	return c, cc
}

// TestClientCredentials keeps a token until shortly before it expires,
// fetches another once when a server refuses one early, and says which
// credential to check when that fails too.
func TestClientCredentials(t *testing.T) {
	ts := &tokenServer{life: 3600}
	srv := httptest.NewServer(ts)
	defer srv.Close()
	ctx := context.Background()
	c, cc := tokenClient(t, srv, "s3cret")
	now := time.Now()
	cc.now = func() time.Time { return now }
	get := func() error { _, err := c.Get(ctx, "/data", nil, ""); return err }

	for range 3 {
		if err := get(); err != nil {
			t.Fatal(err)
		}
	}
	if ts.issued != 1 {
		t.Fatalf("%d tokens for three requests", ts.issued)
	}
	// A minute before the hour is out, the token is renewed.
	now = now.Add(59*time.Minute + time.Second)
	if err := get(); err != nil || ts.issued != 2 {
		t.Fatalf("near expiry: %v, %d tokens", err, ts.issued)
	}
	// The server revokes it early: one new token, and the request is sent
	// again.
	ts.mu.Lock()
	ts.issued++
	ts.mu.Unlock()
	if err := get(); err != nil || ts.issued != 4 {
		t.Fatalf("revoked: %v, %d tokens", err, ts.issued)
	}
	ts.refuse = true
	err := get()
	if err == nil || err.Error() != "server answered 401 Unauthorized; check the client ID and secret (token [redacted] refused)" {
		t.Fatalf("refused twice: %v", err)
	}

	c, _ = tokenClient(t, srv, "wrong")
	err = get()
	if err == nil || !strings.Contains(err.Error(), "getting an access token from 127.0.0.1:") ||
		!strings.HasSuffix(err.Error(), "server answered 401 Unauthorized; check the client ID and secret (Client authentication failed)") {
		t.Fatalf("a wrong secret: %v", err)
	}
}

// TestTokenAnswers reads token endpoints' answers, good and bad, through
// golang.org/x/oauth2: how long a token is kept, or what is wrong.
func TestTokenAnswers(t *testing.T) {
	cases := []struct {
		body string
		life time.Duration // how long the token is kept
		err  string
	}{
		{`{"access_token":"a.b-c_d~e+f/g=","token_type":"Bearer","expires_in":3600}`, 59 * time.Minute, ""},
		{`{"access_token":"abc","expires_in":"120"}`, 108 * time.Second, ""},
		{`{"access_token":"abc"}`, 0, ""},
		{`{"access_token":"abc","expires_in":null}`, 0, ""},
		{`{"token_type":"bearer"}`, 0, "holds no access_token"},
		{`{"access_token":"abc","token_type":"mac"}`, 0, `the token is of type "mac"`},
		{`{"access_token":"a b"}`, 0, "characters a bearer token cannot"},
		{`{"access_token":"abc","expires_in":-1}`, 0, "is not a number of seconds"},
		{`<html>`, 0, "could not be read as JSON"},
	}
	for _, tc := range cases {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, tc.body)
		}))
		cc, err := NewClientCredentials(Config{Retries: 0}, srv.URL+"/oauth/token", "client", "s3cret", "")
		if err != nil {
			t.Fatal(err)
		}
		now := time.Now()
		cc.now = func() time.Time { return now }
		_, err = cc.Token(context.Background())
		var life time.Duration
		if !cc.expires.IsZero() {
			life = cc.expires.Sub(now)
		}
		if tc.err == "" && (err != nil || life != tc.life) || tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("%s: kept %s, %v; want %s, error %q", tc.body, life, err, tc.life, tc.err)
		}
		srv.Close()
	}
}
