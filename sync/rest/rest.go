// Package rest is the HTTP client every sync source shares, built on resty.
// It sets a timeout per request; retries transport errors, 429 and 5xx with
// capped exponential backoff and jitter, honouring Retry-After, and never
// other 4xx (a timeout only once); abandons a server that stalls or sends
// too slowly to be of use; limits the size of a response; always verifies TLS
// certificates and allows plain http only to this computer; follows no
// redirect to another host; and reports failures as plain words that never
// contain the credential.
package rest

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/go-resty/resty/v2"
)

// Config sets up a Client.
type Config struct {
	// BaseURL is the source's address; request paths are appended to it.
	BaseURL string
	// Token is sent as a bearer token; empty sends none.
	Token string
	// Credential names the secret in messages, such as "token".
	Credential string
	// UserAgent is sent with every request: "Cabinet/1.2.0".
	UserAgent string
	// Timeout bounds one request, reading its body included.
	Timeout time.Duration
	// Retries is how many times a failed request is tried again.
	Retries int
	// MinWait and MaxWait bound the wait before a retry. A server that asks
	// (with Retry-After) to wait longer than MaxWait is not retried.
	MinWait, MaxWait time.Duration
	// MaxBody is the largest response body accepted, in bytes.
	MaxBody int
	// RootCAs are the certificate authorities trusted; nil means the
	// system's.
	RootCAs *x509.CertPool
	// OnRetry, if set, is called before each retry.
	OnRetry func()
	// Tokens, if set, supplies bearer tokens that expire, such as OAuth
	// 2.0 access tokens, in place of Token. A request the server refuses
	// with 401 is sent once more with a fresh token.
	Tokens Tokens
	// Secrets and IDs are credentials to keep out of messages besides
	// Token, and the user names or client IDs that go with them in HTTP
	// Basic authentication.
	Secrets, IDs []string
	// LowSpeedLimit and LowSpeedTime abandon a request that delivers less
	// than LowSpeedLimit bytes a second for LowSpeedTime, as git's
	// http.lowSpeedLimit does.
	LowSpeedLimit int
	LowSpeedTime  time.Duration
	// SlowRate and SlowTime abandon a client whose requests together
	// deliver less than SlowRate bytes a second over SlowTime of waiting
	// for the server: valid pages trickled slowly would otherwise take a
	// sync's whole deadline.
	SlowRate int
	SlowTime time.Duration
	// Waiting, if set, is told when a request has received nothing for a
	// while (true) and when that ends (false), from the goroutines that
	// fetch.
	Waiting func(bool)
	// Limits cap the pages and items of one listing.
	Limits Limits
	// AuthScheme, if set, replaces "Bearer" before Token: "Basic" with a
	// Token of base64(user:password), or Request Tracker's "token".
	AuthScheme string
	// Header holds headers sent with every request, such as a tenant's id.
	Header map[string]string
	// RetryIf, if set, says whether an answer that is otherwise final (a
	// 4xx other than 429) is worth trying again after a wait: Google's
	// APIs answer 403 with the reason userRateLimitExceeded when they
	// throttle.
	RetryIf func(status int, body []byte) bool
}

// Tokens supplies bearer tokens that expire.
type Tokens interface {
	// Token returns a token, fetching one when it has none or its token
	// has expired.
	Token(ctx context.Context) (string, error)
	// Invalidate forgets token after a server refused it.
	Invalidate(token string)
}

// Defaults are the settings used where a Config leaves a field zero.
var Defaults = Config{
	Credential: "token",
	UserAgent:  "Cabinet",
	Timeout:    60 * time.Second,
	Retries:    4,
	MinWait:    500 * time.Millisecond,
	MaxWait:    30 * time.Second,
	MaxBody:    16 << 20,

	LowSpeedLimit: 1 << 10,
	LowSpeedTime:  20 * time.Second,
	SlowRate:      4000,
	SlowTime:      2 * time.Minute,
	Limits:        DefaultLimits,
}

func (c Config) withDefaults() Config {
	if c.Credential == "" {
		c.Credential = Defaults.Credential
	}
	if c.UserAgent == "" {
		c.UserAgent = Defaults.UserAgent
	}
	if c.Timeout <= 0 {
		c.Timeout = Defaults.Timeout
	}
	if c.Retries < 0 {
		c.Retries = 0
	}
	if c.MinWait <= 0 {
		c.MinWait = Defaults.MinWait
	}
	if c.MaxWait < c.MinWait {
		c.MaxWait = max(c.MinWait, Defaults.MaxWait)
	}
	if c.MaxBody <= 0 {
		c.MaxBody = Defaults.MaxBody
	}
	if c.LowSpeedLimit <= 0 {
		c.LowSpeedLimit = Defaults.LowSpeedLimit
	}
	if c.LowSpeedTime <= 0 {
		c.LowSpeedTime = Defaults.LowSpeedTime
	}
	if c.SlowRate <= 0 {
		c.SlowRate = Defaults.SlowRate
	}
	if c.SlowTime <= 0 {
		c.SlowTime = Defaults.SlowTime
	}
	return c
}

// Client sends requests to one source.
type Client struct {
	cfg  Config
	base *url.URL
	r    *resty.Client
	pace *pace
}

// Response is a successful answer: 2xx, or 304 Not Modified.
type Response struct {
	Status int
	Body   []byte
	ETag   string
	Header http.Header
}

// NotModified reports whether the server answered 304.
func (r *Response) NotModified() bool { return r.Status == http.StatusNotModified }

// CheckURL reports whether raw may be a source's address: https, or plain
// http to this computer, with no credentials, query or fragment in it.
func CheckURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	switch {
	case err != nil || u.Host == "" || !u.IsAbs():
		return nil, fmt.Errorf("%q is not a web address like https://data.example.org/summary", raw)
	case u.User != nil:
		return nil, errors.New("the address holds a user name or password; give the credential separately so it can be kept secret")
	case u.RawQuery != "" || u.Fragment != "":
		return nil, fmt.Errorf("the address %s must not have a query or fragment", u.Redacted())
	case u.Scheme == "https":
		return u, nil
	case u.Scheme == "http" && loopback(u.Hostname()):
		return u, nil
	case u.Scheme == "http":
		return nil, fmt.Errorf("plain http is allowed only to this computer, and %s is another; use https", u.Hostname())
	}
	return nil, fmt.Errorf("the address %s must start with https://", u.Redacted())
}

// loopback reports whether host names this computer.
func loopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// New makes a client for cfg.BaseURL.
func New(cfg Config) (*Client, error) {
	base, err := CheckURL(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	c := &Client{cfg: cfg, base: base, pace: newPace(cfg.SlowRate, cfg.SlowTime)}
	transport := http.DefaultTransport.(*http.Transport).Clone()
	// Verification is never switched off: a district's data is only worth
	// showing if it came from the district's server.
	transport.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12, RootCAs: cfg.RootCAs}
	transport.MaxIdleConnsPerHost = 4
	r := resty.New().
		SetTransport(&stallTransport{base: transport, limit: cfg.LowSpeedLimit, window: cfg.LowSpeedTime, waiting: cfg.Waiting, pace: c.pace}).
		SetLogger(quiet{}).
		SetDisableWarn(true).
		SetTimeout(cfg.Timeout).
		SetResponseBodyLimit(cfg.MaxBody).
		SetHeader("User-Agent", cfg.UserAgent).
		SetHeader("Accept", "application/json").
		SetRedirectPolicy(resty.RedirectPolicyFunc(c.redirect)).
		SetRetryCount(cfg.Retries).
		SetRetryWaitTime(cfg.MinWait).
		SetRetryMaxWaitTime(cfg.MaxWait).
		SetRetryAfter(c.retryAfter).
		AddRetryCondition(c.retryable)
	if cfg.Token != "" {
		r.SetAuthToken(cfg.Token)
	}
	if cfg.AuthScheme != "" {
		r.SetAuthScheme(cfg.AuthScheme)
	}
	r.SetHeaders(cfg.Header)
	if cfg.RetryIf != nil {
		r.AddRetryCondition(func(resp *resty.Response, err error) bool {
			return err == nil && resp != nil && cfg.RetryIf(resp.StatusCode(), resp.Body())
		})
	}
	if cfg.OnRetry != nil {
		r.AddRetryHook(func(*resty.Response, error) { cfg.OnRetry() })
	}
	c.r = r
	return c, nil
}

// Get fetches path (appended to the base URL) with query. With etag set
// it asks for the body only if it changed, and a 304 comes back as a
// Response whose NotModified is true. Any other status outside 2xx is an
// error.
func (c *Client) Get(ctx context.Context, path string, query url.Values, etag string) (*Response, error) {
	return c.send(ctx, path, func(req *resty.Request) (*resty.Response, error) {
		req.SetQueryParamsFromValues(query)
		if etag != "" {
			req.SetHeader("If-None-Match", etag)
		}
		return req.Get(c.target(path))
	})
}

// PostJSON posts body, already JSON, to path with query: how some systems
// take a search. Any status outside 2xx is an error.
func (c *Client) PostJSON(ctx context.Context, path string, query url.Values, body []byte) (*Response, error) {
	return c.send(ctx, path, func(req *resty.Request) (*resty.Response, error) {
		req.SetQueryParamsFromValues(query)
		return req.SetHeader("Content-Type", "application/json").SetBody(body).Post(c.target(path))
	})
}

func (c *Client) target(path string) string { return strings.TrimSuffix(c.base.String(), "/") + path }

// send makes a request with do and reads the answer, fetching a new token
// once if the server refuses the one it was sent.
func (c *Client) send(ctx context.Context, path string, do func(*resty.Request) (*resty.Response, error)) (*Response, error) {
	for refreshed := false; ; refreshed = true {
		req := c.r.R().SetContext(ctx)
		var token string
		if c.cfg.Tokens != nil {
			t, err := c.cfg.Tokens.Token(ctx)
			if err != nil {
				return nil, err
			}
			token = t
			req.SetAuthToken(token)
		}
		resp, err := do(req)
		if err != nil {
			return nil, c.failure(ctx, path, err, req.Attempt)
		}
		status := resp.StatusCode()
		if status == http.StatusUnauthorized && token != "" && !refreshed {
			// Tokens may expire or be revoked before the time they gave.
			c.cfg.Tokens.Invalidate(token)
			continue
		}
		if status/100 != 2 && status != http.StatusNotModified {
			return nil, &StatusError{Status: status, Path: path, Detail: c.redact(ErrorDetail(resp.Body()), token), Credential: c.cfg.Credential, Tries: resp.Request.Attempt}
		}
		return &Response{Status: status, Body: resp.Body(), ETag: resp.Header().Get("ETag"), Header: resp.Header()}, nil
	}
}

// redirect follows redirects only on the source's own host and never from
// https down to http.
func (c *Client) redirect(req *http.Request, via []*http.Request) error {
	if len(via) >= 5 {
		return errors.New("the server redirected five times in a row")
	}
	if !strings.EqualFold(req.URL.Host, c.base.Host) || (c.base.Scheme == "https" && req.URL.Scheme != "https") {
		return &redirectError{to: req.URL.Scheme + "://" + req.URL.Host}
	}
	return nil
}

type redirectError struct{ to string }

func (e *redirectError) Error() string {
	return fmt.Sprintf("the server redirected to another host (%s), and Cabinet follows redirects only on the source's own host", e.to)
}

// retryable says which failures are worth another try: transport errors,
// 429 and 5xx. Failures that will not change by trying again are not.
func (c *Client) retryable(resp *resty.Response, err error) bool {
	if c.pace.failed() != nil {
		// The server was found too slow to be of use.
		return false
	}
	if err != nil {
		var redirect *redirectError
		var cert *tls.CertificateVerificationError
		var unknown x509.UnknownAuthorityError
		var host x509.HostnameError
		var stall *StallError
		var slow *SlowError
		var netErr net.Error
		switch {
		case errors.Is(err, resty.ErrResponseBodyTooLarge), errors.As(err, &redirect), errors.As(err, &stall), errors.As(err, &slow),
			errors.As(err, &cert), errors.As(err, &unknown), errors.As(err, &host):
			return false
		case errors.As(err, &netErr) && netErr.Timeout():
			// A server that did not answer in time once rarely does the
			// second time; trying more only makes the person wait.
			return resp == nil || resp.Request == nil || resp.Request.Attempt < 2
		}
		return true
	}
	s := resp.StatusCode()
	return s == http.StatusTooManyRequests || (s >= 500 && s != http.StatusNotImplemented)
}

// retryAfter honours a Retry-After header, in seconds or as a date. Zero
// lets resty pick the backoff.
func (c *Client) retryAfter(_ *resty.Client, resp *resty.Response) (time.Duration, error) {
	h := resp.Header().Get("Retry-After")
	if h == "" {
		return 0, nil
	}
	var wait time.Duration
	if secs, err := strconv.Atoi(strings.TrimSpace(h)); err == nil {
		wait = time.Duration(secs) * time.Second
	} else if t, err := http.ParseTime(h); err == nil {
		wait = time.Until(t)
	} else {
		return 0, nil
	}
	if wait > c.cfg.MaxWait {
		// failure fills in the path.
		return 0, &StatusError{Status: resp.StatusCode(), Credential: c.cfg.Credential, Tries: resp.Request.Attempt,
			Detail: fmt.Sprintf("it asked Cabinet to wait %s before trying again", wait.Round(time.Second))}
	}
	return max(wait, time.Millisecond), nil
}

// failure turns a transport error, after tries tries, into plain words.
func (c *Client) failure(ctx context.Context, path string, err error, tries int) error {
	var status *StatusError
	var redirect *redirectError
	var cert *tls.CertificateVerificationError
	var unknown x509.UnknownAuthorityError
	var host x509.HostnameError
	var netErr net.Error
	var stall *StallError
	var slow *SlowError
	// net/http keeps only the words of an error it wraps in a timeout, so
	// the client's own record says whether it gave up for slowness.
	if !errors.As(err, &slow) {
		slow = c.pace.failed()
	}
	switch {
	case ctx.Err() != nil:
		return ctx.Err()
	case slow != nil:
		s := *slow
		s.Path = path
		return &s
	case errors.As(err, &stall):
		s := *stall
		s.Path = path
		return &s
	case errors.As(err, &status):
		status.Path = path
		return status
	case errors.Is(err, resty.ErrResponseBodyTooLarge):
		return fmt.Errorf("the server sent more than %s for %s, the most Cabinet accepts in one response", sizeText(c.cfg.MaxBody), path)
	case errors.As(err, &redirect):
		return redirect
	case errors.As(err, &cert), errors.As(err, &unknown), errors.As(err, &host):
		return fmt.Errorf("the server's TLS certificate is not trusted (%s); Cabinet always checks certificates", c.redact(certText(err)))
	case errors.As(err, &netErr) && netErr.Timeout():
		return fmt.Errorf("the server did not answer %s within %s, %s", path, c.cfg.Timeout, triesText(tries))
	case strings.Contains(err.Error(), "connection refused"):
		return fmt.Errorf("could not connect to %s: nothing is listening there, %s", c.base.Host, triesText(tries))
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return fmt.Errorf("could not find the server %s (%s)", c.base.Hostname(), dns.Err)
	}
	return fmt.Errorf("the connection broke while fetching %s (%s), %s", path, c.redact(rootCause(err)), triesText(tries))
}

func triesText(tries int) string {
	if tries <= 1 {
		return "with no retries"
	}
	return fmt.Sprintf("after %d tries", tries)
}

// redact removes the credentials, and any other tokens given, from text
// that came from elsewhere, such as a server's error body, and tames it.
func (c *Client) redact(s string, tokens ...string) string {
	secrets := append(append(tokens, c.cfg.Token), c.cfg.Secrets...)
	return NewRedactor(secrets, c.cfg.IDs).Clean(s, TextLimit)
}

func certText(err error) string {
	var unknown x509.UnknownAuthorityError
	var host x509.HostnameError
	switch {
	case errors.As(err, &unknown):
		return "it is signed by an authority this computer does not trust"
	case errors.As(err, &host):
		return host.Error()
	}
	return rootCause(err)
}

// rootCause is the innermost message of a url.Error chain, without the
// method and address resty and net/http put in front.
func rootCause(err error) string {
	var u *url.Error
	if errors.As(err, &u) {
		err = u.Err
	}
	return err.Error()
}

func sizeText(n int) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

type quiet struct{}

func (quiet) Errorf(string, ...any) {}
func (quiet) Warnf(string, ...any)  {}
func (quiet) Debugf(string, ...any) {}
