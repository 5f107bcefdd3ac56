package rest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
	"unicode"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// TokenGrant gets OAuth 2.0 access tokens and keeps each until shortly
// before it expires: with the client credentials grant (RFC 6749, section
// 4.4), as OneRoster 1.2 and Ed-Fi ask, or with any other grant
// golang.org/x/oauth2 makes, such as the signed JWT of a Google service
// account (RFC 7523). It is the Tokens of the Client that reads the
// service. The grant's request goes through the shared client's transport
// (its TLS settings, redirect policy and stall watch), and its failures
// are worded without the server's body or the credentials.
type TokenGrant struct {
	http  *Client
	path  string
	fetch func(context.Context) (*oauth2.Token, error)
	now   func() time.Time

	mu      sync.Mutex // held while a token is fetched, so only one is
	token   string
	expires time.Time // zero: until a server refuses it
}

// NewClientCredentials prepares to fetch tokens from tokenURL for the
// client id and secret, asking for scope (space-separated; "" asks for
// none). golang.org/x/oauth2 form-encodes the client ID and secret before
// HTTP Basic authentication, as section 2.3.1 says. cfg is the shared
// client set-up; its BaseURL and tokens are not used.
func NewClientCredentials(cfg Config, tokenURL, id, secret, scope string) (*TokenGrant, error) {
	conf := clientcredentials.Config{ClientID: id, ClientSecret: secret, TokenURL: tokenURL, Scopes: strings.Fields(scope),
		AuthStyle: oauth2.AuthStyleInHeader}
	cfg.Secrets, cfg.IDs = append(cfg.Secrets, secret), append(cfg.IDs, id)
	cfg.Credential = "client ID and secret"
	return NewTokenGrant(cfg, tokenURL, conf.Token)
}

// NewTokenGrant prepares to fetch tokens from tokenURL with fetch, a
// golang.org/x/oauth2 grant, which must send its request through the
// oauth2.HTTPClient of the context it is given. cfg is the shared client
// set-up, with the credential's name and its secrets for messages; its
// BaseURL and tokens are not used.
func NewTokenGrant(cfg Config, tokenURL string, fetch func(context.Context) (*oauth2.Token, error)) (*TokenGrant, error) {
	u, err := CheckURL(tokenURL)
	if err != nil {
		return nil, fmt.Errorf("the token address: %w", err)
	}
	cfg.BaseURL = u.Scheme + "://" + u.Host
	cfg.Token, cfg.Tokens = "", nil
	c, err := New(cfg)
	if err != nil {
		return nil, err
	}
	return &TokenGrant{http: c, path: u.EscapedPath(), now: time.Now, fetch: fetch}, nil
}

// maxLife bounds how long a token is kept, whatever the server says.
const maxLife = 366 * 24 * time.Hour

// Token returns the access token, fetching one when there is none or it
// is about to expire.
func (cc *TokenGrant) Token(ctx context.Context) (string, error) {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if cc.token != "" && (cc.expires.IsZero() || cc.now().Before(cc.expires)) {
		return cc.token, nil
	}
	host := cc.http.base.Host
	t, err := cc.fetch(context.WithValue(ctx, oauth2.HTTPClient, cc.http.r.GetClient()))
	if err == nil {
		err = checkToken(t)
	}
	if err != nil {
		return "", fmt.Errorf("getting an access token from %s: %w", host, cc.failure(ctx, err))
	}
	cc.token, cc.expires = t.AccessToken, time.Time{}
	if !t.Expiry.IsZero() {
		// Renew a little early, so a token does not lapse between the
		// check and the server reading it.
		life := min(time.Until(t.Expiry).Round(time.Second), maxLife)
		cc.expires = cc.now().Add(life - min(time.Minute, life/10))
	}
	return cc.token, nil
}

// checkToken refuses what a bearer token cannot be.
func checkToken(t *oauth2.Token) error {
	switch {
	case t.AccessToken == "":
		return errors.New("the token answer holds no access_token")
	case strings.IndexFunc(t.AccessToken, func(r rune) bool { return r > unicode.MaxASCII || !unicode.IsPrint(r) || r == ' ' }) >= 0:
		return errors.New("the access token holds characters a bearer token cannot")
	case !t.Expiry.IsZero() && time.Until(t.Expiry) <= 0:
		return errors.New("the token's expires_in is not a number of seconds")
	case t.TokenType != "" && !strings.EqualFold(t.TokenType, "bearer"):
		return fmt.Errorf("the token is of type %q, and Cabinet can use only bearer tokens", Echo(t.TokenType))
	}
	return nil
}

// failure words what went wrong fetching a token, without the server's
// body or the credentials: oauth2's own errors quote the body whole.
func (cc *TokenGrant) failure(ctx context.Context, err error) error {
	var refused *oauth2.RetrieveError
	switch {
	case errors.As(err, &refused):
		detail := ErrorDetail(refused.Body)
		if detail == "" {
			detail = refused.ErrorCode
		}
		status := refused.Response.StatusCode
		if status/100 == 2 {
			// Some servers answer 200 with an error code.
			status = http.StatusBadRequest
		}
		return &StatusError{Status: status, Path: cc.path, Detail: cc.http.redact(detail), Credential: cc.http.cfg.Credential, Tries: 1}
	case strings.HasPrefix(err.Error(), "oauth2: server response missing access_token"):
		return errors.New("the token answer holds no access_token")
	case strings.HasPrefix(err.Error(), "oauth2: cannot parse"):
		return errors.New("the token answer could not be read as JSON or a form")
	case strings.HasPrefix(err.Error(), "oauth2: cannot fetch token: ") && unreadable(err.Error()):
		// The JWT grant reports a body it cannot read so.
		return errors.New("the token answer could not be read as JSON")
	case strings.HasPrefix(err.Error(), "oauth2: cannot fetch token: "):
		return fmt.Errorf("the connection broke while reading the token answer (%s)", cc.http.redact(strings.TrimPrefix(err.Error(), "oauth2: cannot fetch token: ")))
	}
	// The token endpoint is asked once: oauth2 does not retry.
	return cc.http.failure(ctx, cc.path, err, 1)
}

// Invalidate forgets token, so the next request fetches another.
func (cc *TokenGrant) Invalidate(token string) {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if cc.token == token {
		cc.token = ""
	}
}

// unreadable reports whether an error of golang.org/x/oauth2 says the
// answer was not JSON, which its grants report in words only.
func unreadable(msg string) bool {
	for _, s := range []string{"invalid character", "unexpected end of JSON", "cannot unmarshal"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}
