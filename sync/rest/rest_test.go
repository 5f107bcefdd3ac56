package rest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestCheckURL(t *testing.T) {
	cases := []struct{ url, want string }{
		{"https://data.district.example/summary", ""},
		{"http://127.0.0.1:8080", ""},
		{"http://localhost:8080/api", ""},
		{"http://[::1]:8080", ""},
		{"http://data.district.example", "plain http is allowed only to this computer"},
		{"ftp://data.district.example", "must start with https://"},
		{"https://me:hunter2@data.district.example", "holds a user name or password"},
		{"https://data.district.example/?token=x", "must not have a query"},
		{"data.district.example", "is not a web address"},
	}
	for _, tc := range cases {
		_, err := CheckURL(tc.url)
		if (tc.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("CheckURL(%q) = %v, want %q", tc.url, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "hunter2") {
			t.Errorf("CheckURL(%q) repeats the password: %v", tc.url, err)
		}
	}
}

// TestProblemDetail reads the message of each error body, and makes it
// one short line as the client does before it reaches an error.
func TestProblemDetail(t *testing.T) {
	cases := []struct{ body, want string }{
		{`{"type":"about:blank","title":"Bad Request","status":400,"detail":"limit must be\n a number"}`, "limit must be a number"},
		{`{"title":"Forbidden","status":403}`, "Forbidden"},
		{`{"status":"error","messages":"Unauthenticated."}`, "Unauthenticated."},
		{`{"status":"error","messages":{"limit":["too big"]}}`, `{"limit":["too big"]}`},
		{`{"imsx_codeMajor":"failure","imsx_description":"Invalid filter"}`, "Invalid filter"},
		{`{"error":"invalid_client","error_description":"Client authentication failed"}`, "Client authentication failed"},
		{`{"error":"invalid_scope"}`, "invalid_scope"},
		{`{"error":{"code":403,"message":"Quota exceeded for quota metric 'Queries'","errors":[{"reason":"userRateLimitExceeded"}]}}`, "Quota exceeded for quota metric 'Queries'"},
		{`<html><body>502 Bad Gateway</body></html>`, ""},
		{`{"detail":"` + strings.Repeat("x", 400) + `"}`, strings.Repeat("x", TextLimit-1) + "…"},
	}
	for _, tc := range cases {
		if got := NewRedactor(nil, nil).Clean(ErrorDetail([]byte(tc.body)), TextLimit); got != tc.want {
			t.Errorf("ErrorDetail(%.40q) = %q, want %q", tc.body, got, tc.want)
		}
	}
}

// TestRetryAfterDate honours Retry-After given as an HTTP date.
func TestRetryAfterDate(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			w.Header().Set("Retry-After", time.Now().Add(1500*time.Millisecond).UTC().Format(http.TimeFormat))
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte(`{}`))
	}))
	defer srv.Close()
	c, err := New(Config{BaseURL: srv.URL, Retries: 2, MinWait: time.Millisecond, MaxWait: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	resp, err := c.Get(context.Background(), "/v1/district", nil, "")
	if err != nil || resp.Status != http.StatusOK || calls.Load() != 2 {
		t.Fatalf("%v, %v after %d calls", resp, err, calls.Load())
	}
	// HTTP dates have whole seconds, so the wait is at least half a second.
	if time.Since(start) < 500*time.Millisecond {
		t.Fatalf("retried after %s, before the server's Retry-After", time.Since(start))
	}
}

// TestRetryIf retries the answers a source says are worth another try,
// such as Google's 403 for its rate limit, and no other 4xx.
func TestRetryIf(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := calls.Add(1)
		switch {
		case r.URL.Path == "/throttled" && n == 1:
			w.WriteHeader(http.StatusForbidden)
			w.Write([]byte(`{"error":{"code":403,"message":"Rate limit","errors":[{"reason":"userRateLimitExceeded"}]}}`))
		case r.URL.Path == "/denied":
			w.WriteHeader(http.StatusForbidden)
			w.Write([]byte(`{"error":{"code":403,"message":"Not Authorized to access this resource/api","errors":[{"reason":"forbidden"}]}}`))
		default:
			w.Write([]byte(`{}`))
		}
	}))
	defer srv.Close()
	var retried atomic.Int32
	c, err := New(Config{BaseURL: srv.URL, Retries: 2, MinWait: time.Millisecond, MaxWait: 10 * time.Millisecond, OnRetry: func() { retried.Add(1) },
		RetryIf: func(status int, body []byte) bool {
			return status == http.StatusForbidden && strings.Contains(string(body), "RateLimitExceeded")
		}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Get(context.Background(), "/throttled", nil, ""); err != nil || calls.Load() != 2 || retried.Load() != 1 {
		t.Fatalf("throttled: %v after %d calls, %d retries", err, calls.Load(), retried.Load())
	}
	calls.Store(0)
	_, err = c.Get(context.Background(), "/denied", nil, "")
	if err == nil || calls.Load() != 1 || !strings.Contains(err.Error(), "403 Forbidden for /denied; the token is not allowed to read it (Not Authorized") {
		t.Fatalf("denied: %v after %d calls", err, calls.Load())
	}
}

// FuzzProblemDetail feeds the error-body reader whatever a server might
// send: the message the client makes of it must be one short line.
func FuzzProblemDetail(f *testing.F) {
	f.Fuzz(func(t *testing.T, body []byte) {
		msg := NewRedactor(nil, nil).Clean(ErrorDetail(body), TextLimit)
		if strings.ContainsAny(msg, "\n\r\t\x00") || len([]rune(msg)) > TextLimit {
			t.Fatalf("ErrorDetail made %q", msg)
		}
	})
}
