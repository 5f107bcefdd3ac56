package rest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/cabinetapp/cabinet/sync/decode"
)

// ClientCredentials gets OAuth 2.0 access tokens with the client
// credentials grant (RFC 6749, section 4.4), as OneRoster 1.2 and Ed-Fi
// ask, and keeps each until shortly before it expires. It is the Tokens
// of the Client that reads the service.
type ClientCredentials struct {
	http   *Client
	path   string
	id     string
	secret string
	scope  string
	now    func() time.Time

	mu      sync.Mutex // held while a token is fetched, so only one is
	token   string
	expires time.Time // zero: until a server refuses it
}

// NewClientCredentials prepares to fetch tokens from tokenURL for the
// client id and secret, asking for scope (space-separated; "" asks for
// none). cfg is the shared client set-up; its BaseURL and tokens are not
// used.
func NewClientCredentials(cfg Config, tokenURL, id, secret, scope string) (*ClientCredentials, error) {
	u, err := CheckURL(tokenURL)
	if err != nil {
		return nil, fmt.Errorf("the token address: %w", err)
	}
	cfg.BaseURL = u.Scheme + "://" + u.Host
	cfg.Token, cfg.Tokens = "", nil
	cfg.Credential = "client ID and secret"
	c, err := New(cfg)
	if err != nil {
		return nil, err
	}
	return &ClientCredentials{http: c, path: u.EscapedPath(), id: id, secret: secret, scope: scope, now: time.Now}, nil
}

// Token returns the access token, fetching one when there is none or it
// is about to expire.
func (cc *ClientCredentials) Token(ctx context.Context) (string, error) {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if cc.token != "" && (cc.expires.IsZero() || cc.now().Before(cc.expires)) {
		return cc.token, nil
	}
	form := url.Values{"grant_type": {"client_credentials"}}
	if cc.scope != "" {
		form.Set("scope", cc.scope)
	}
	host := cc.http.base.Host
	resp, err := cc.http.PostForm(ctx, cc.path, form, cc.id, cc.secret)
	if err != nil {
		return "", fmt.Errorf("getting an access token from %s: %w", host, err)
	}
	t, err := DecodeToken(resp.Body)
	if err != nil {
		return "", fmt.Errorf("getting an access token from %s: %w", host, err)
	}
	cc.token, cc.expires = t.AccessToken, time.Time{}
	if t.ExpiresIn > 0 {
		// Renew a little early, so a token does not lapse between the
		// check and the server reading it.
		life := time.Duration(t.ExpiresIn) * time.Second
		cc.expires = cc.now().Add(life - min(time.Minute, life/10))
	}
	return cc.token, nil
}

// Invalidate forgets token, so the next request fetches another.
func (cc *ClientCredentials) Invalidate(token string) {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if cc.token == token {
		cc.token = ""
	}
}

// Token is a token endpoint's successful answer.
type Token struct {
	AccessToken string
	// ExpiresIn is the token's life in seconds; 0 when the server did not
	// say.
	ExpiresIn int64
}

// DecodeToken reads a token endpoint's answer (RFC 6749, section 5.1): a
// bearer access token, and how long it lasts.
func DecodeToken(body []byte) (Token, error) {
	var raw struct {
		AccessToken *string         `json:"access_token"`
		TokenType   string          `json:"token_type"`
		ExpiresIn   json.RawMessage `json:"expires_in"`
	}
	if err := decode.JSON(body, &raw); err != nil {
		return Token{}, fmt.Errorf("reading the token: %w", err)
	}
	switch {
	case raw.AccessToken == nil || *raw.AccessToken == "":
		return Token{}, errors.New("the token answer holds no access_token")
	case strings.IndexFunc(*raw.AccessToken, func(r rune) bool { return r > unicode.MaxASCII || !unicode.IsPrint(r) || r == ' ' }) >= 0:
		return Token{}, errors.New("the access token holds characters a bearer token cannot")
	case raw.TokenType != "" && !strings.EqualFold(raw.TokenType, "bearer"):
		return Token{}, fmt.Errorf("the token is of type %q, and Cabinet can use only bearer tokens", oneLine(raw.TokenType, 40))
	}
	t := Token{AccessToken: *raw.AccessToken}
	// Some servers send the number as a string.
	life := string(bytes.Trim(bytes.TrimSpace(raw.ExpiresIn), `"`))
	if life != "" && life != "null" {
		n, err := strconv.ParseInt(life, 10, 64)
		if err != nil || n < 0 {
			return Token{}, fmt.Errorf("the token's expires_in %q is not a number of seconds", oneLine(life, 40))
		}
		t.ExpiresIn = min(n, 366*24*3600)
	}
	return t, nil
}
