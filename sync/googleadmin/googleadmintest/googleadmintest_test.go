package googleadmintest

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestTokenEndpoint: the fake issues a token only for a JWT signed with
// its service account's key whose claims Google would accept, and refuses
// each other one as Google does.
func TestTokenEndpoint(t *testing.T) {
	s := New()
	srv := httptest.NewServer(s)
	defer srv.Close()
	other := New()
	now := time.Now().Unix()
	good := claims{Iss: ClientEmail, Sub: Admin, Scope: Scope, Aud: srv.URL + TokenPath, Iat: now - 10, Exp: now + 3590}
	cases := []struct {
		name   string
		change func(c *claims, h *header)
		signer *Server // signs in place of the fake's own key
		status int
		want   string
	}{
		{name: "Google would accept it", status: http.StatusOK, want: `"access_token":"ya29.`},
		{name: "another key", signer: other, status: http.StatusBadRequest, want: "Invalid JWT Signature."},
		{name: "another key id", change: func(_ *claims, h *header) { h.Kid = "0000" }, status: http.StatusBadRequest, want: "Invalid JWT Signature."},
		{name: "another issuer", change: func(c *claims, _ *header) { c.Iss = "x@y.iam.gserviceaccount.com" }, status: http.StatusUnauthorized, want: "invalid_client"},
		{name: "another audience", change: func(c *claims, _ *header) { c.Aud = "https://oauth2.googleapis.com/token" }, status: http.StatusBadRequest, want: "Failed audience check"},
		{name: "expired", change: func(c *claims, _ *header) { c.Iat, c.Exp = now-7200, now-3600 }, status: http.StatusBadRequest, want: "short-lived token"},
		{name: "too long-lived", change: func(c *claims, _ *header) { c.Exp = now + 7200 }, status: http.StatusBadRequest, want: "short-lived token"},
		{name: "another scope", change: func(c *claims, _ *header) { c.Scope = "https://www.googleapis.com/auth/admin.directory.user" }, status: http.StatusUnauthorized, want: "unauthorized_client"},
		{name: "a subject who is not an administrator", change: func(c *claims, _ *header) { c.Sub = Teacher }, status: http.StatusBadRequest, want: `"error":"invalid_grant"`},
		{name: "no subject", change: func(c *claims, _ *header) { c.Sub = "" }, status: http.StatusBadRequest, want: `"error":"invalid_grant"`},
	}
	for _, tc := range cases {
		c, h := good, header{Alg: "RS256", Typ: "JWT", Kid: s.keyID}
		if tc.change != nil {
			tc.change(&c, &h)
		}
		signer := s
		if tc.signer != nil {
			signer = tc.signer
		}
		assertion := sign(t, h, c, signer.key)
		resp, err := http.PostForm(srv.URL+TokenPath, url.Values{"grant_type": {"urn:ietf:params:oauth:grant-type:jwt-bearer"}, "assertion": {assertion}})
		if err != nil {
			t.Fatal(err)
		}
		var body strings.Builder
		io.Copy(&body, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.status || !strings.Contains(body.String(), tc.want) {
			t.Errorf("%s: %d %s, want %d with %q", tc.name, resp.StatusCode, body.String(), tc.status, tc.want)
		}
	}
	if s.TokensIssued() != 1 {
		t.Errorf("%d tokens issued, want 1", s.TokensIssued())
	}
}

// header is a JWT's header.
type header struct {
	Alg string `json:"alg"`
	Typ string `json:"typ"`
	Kid string `json:"kid"`
}

// sign makes a JWT as RFC 7515 says, signed RS256 with key.
func sign(t *testing.T, h header, c claims, key *rsa.PrivateKey) string {
	t.Helper()
	part := func(v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return base64.RawURLEncoding.EncodeToString(b)
	}
	signed := part(h) + "." + part(c)
	digest := sha256.Sum256([]byte(signed))
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, digest[:])
	if err != nil {
		t.Fatal(err)
	}
	return signed + "." + base64.RawURLEncoding.EncodeToString(sig)
}

// TestMask keeps what a fields mask names and nothing else.
func TestMask(t *testing.T) {
	doc := `{"kind":"k","nextPageToken":"n","chromeosdevices":[{"status":"ACTIVE","serialNumber":"S1","recentUsers":[{"type":"T","email":"e@x"}]},{"status":"DISABLED","serialNumber":"S2"}]}`
	cases := []struct{ mask, want string }{
		{"", doc},
		{"nextPageToken,chromeosdevices(status)", `{"chromeosdevices":[{"status":"ACTIVE"},{"status":"DISABLED"}],"nextPageToken":"n"}`},
		{"chromeosdevices/status", `{"chromeosdevices":[{"status":"ACTIVE"},{"status":"DISABLED"}]}`},
		{"chromeosdevices(recentUsers/type),chromeosdevices(status)", `{"chromeosdevices":[{"recentUsers":[{"type":"T"}],"status":"ACTIVE"},{"status":"DISABLED"}]}`},
		{"chromeosdevices(status),chromeosdevices", `{"chromeosdevices":[{"recentUsers":[{"email":"e@x","type":"T"}],"serialNumber":"S1","status":"ACTIVE"},{"serialNumber":"S2","status":"DISABLED"}]}`},
	}
	for _, tc := range cases {
		m, err := parseMask(tc.mask)
		if err != nil {
			t.Fatalf("%q: %v", tc.mask, err)
		}
		got, err := m.apply([]byte(doc))
		if err != nil || string(got) != tc.want {
			t.Errorf("%q: %s, %v; want %s", tc.mask, got, err, tc.want)
		}
	}
	for _, bad := range []string{"a(b", "a,", "(a)", "a)b", "a//b"} {
		if _, err := parseMask(bad); err == nil {
			t.Errorf("%q was taken as a mask", bad)
		}
	}
}
