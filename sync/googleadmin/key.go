package googleadmin

import (
	"bytes"
	"context"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/google"
	"golang.org/x/oauth2/jwt"

	"github.com/cabinetapp/cabinet/sync/rest"
)

// Scope is the one scope Cabinet asks for, and the one to list beside the
// service account's client ID under Domain-wide delegation.
const Scope = "https://www.googleapis.com/auth/admin.directory.device.chromeos.readonly"

// delegation says where the service account is allowed to act for an
// administrator, for messages about a refused token.
const delegation = "in the Admin console, Security › Access and data control › API controls › Domain-wide delegation must list the service account's client ID with the scope " + Scope

// jwtConfig reads a service account's JSON key and prepares the signed
// JWT (RFC 7523) that asks Google's token endpoint, the key's token_uri,
// for a token acting for subject. Nothing of the key reaches a message.
func jwtConfig(key []byte, subject string) (*jwt.Config, error) {
	var file struct {
		Type       string `json:"type"`
		PrivateKey string `json:"private_key"`
		Email      string `json:"client_email"`
	}
	if err := json.Unmarshal(bytes.TrimSpace(key), &file); err != nil {
		return nil, errors.New("the key is not a service account's JSON key file; in the Google Cloud console, create one under the service account's Keys › Add key › JSON")
	}
	switch {
	case file.Type != "service_account":
		return nil, fmt.Errorf("the key file is of type %q, not a service account's key; in the Google Cloud console, create one under the service account's Keys › Add key › JSON", rest.Echo(file.Type))
	case file.Email == "":
		return nil, errors.New("the key file has no client_email: it is not a whole service account key")
	case !rsaKey(file.PrivateKey):
		return nil, errors.New("the key file's private_key is not an RSA private key: it is not a whole service account key")
	}
	conf, err := google.JWTConfigFromJSON(key, Scope)
	if err != nil {
		return nil, errors.New("the key is not a service account's JSON key file")
	}
	conf.Subject = subject
	return conf, nil
}

// rsaKey reports whether text is an RSA private key in PEM, as Google's
// service account keys hold, so a broken key is refused when it is given
// rather than at the first sync.
func rsaKey(text string) bool {
	block, _ := pem.Decode([]byte(text))
	if block == nil {
		return false
	}
	if k, err := x509.ParsePKCS8PrivateKey(block.Bytes); err == nil {
		_, ok := k.(*rsa.PrivateKey)
		return ok
	}
	_, err := x509.ParsePKCS1PrivateKey(block.Bytes)
	return err == nil
}

// grant fetches access tokens with conf through the shared client's set-up.
func grant(cfg rest.Config, conf *jwt.Config) (*rest.TokenGrant, error) {
	return rest.NewTokenGrant(cfg, conf.TokenURL, func(ctx context.Context) (*oauth2.Token, error) {
		return conf.TokenSource(ctx).Token()
	})
}

// throttled reports whether Google answered that Cabinet is over a rate
// limit or quota, which passes: 403 with the reason userRateLimitExceeded,
// rateLimitExceeded or quotaExceeded. (429 is retried anyway.)
func throttled(status int, body []byte) bool {
	if status != http.StatusForbidden {
		return false
	}
	var e struct {
		Error struct {
			Errors []struct {
				Reason string `json:"reason"`
			} `json:"errors"`
		} `json:"error"`
	}
	if json.Unmarshal(body, &e) != nil {
		return false
	}
	for _, r := range e.Error.Errors {
		switch r.Reason {
		case "userRateLimitExceeded", "rateLimitExceeded", "quotaExceeded":
			return true
		}
	}
	return false
}

// explain adds to a failure what to do about it where Google's answer
// alone would not say.
func (s *source) explain(err error) error {
	var status *rest.StatusError
	if !errors.As(err, &status) {
		return err
	}
	switch {
	case status.Path == s.tokenPath && (status.Status == http.StatusBadRequest || status.Status == http.StatusUnauthorized):
		return fmt.Errorf("%w. Google would not let the service account act for the subject: the subject must be an administrator of the domain, and %s", err, delegation)
	case status.Status == http.StatusForbidden && status.Tries > 1:
		// Only a 403 for a rate limit is tried again.
		return &explained{err: err, msg: fmt.Sprintf("Google Admin answered %d %s for %s %d times: Cabinet was over its rate limit (%s); try again in a few minutes",
			status.Status, http.StatusText(status.Status), status.Path, status.Tries, status.Detail)}
	case status.Status == http.StatusForbidden:
		return fmt.Errorf("%w. The subject must be an administrator allowed to read Chrome devices, the Admin SDK API must be enabled in the service account's Google Cloud project, and %s", err, delegation)
	case status.Status == http.StatusNotFound || status.Status == http.StatusBadRequest:
		return fmt.Errorf("%w. Check the customer ID (%s unless set) and the address", err, MyCustomer)
	}
	return err
}

// devicesPath is the path of the customer's ChromeOS devices.
func devicesPath(customer string) string {
	return "/admin/directory/v1/customer/" + url.PathEscape(customer) + "/devices/chromeos"
}

// tokenPath is the path of the token endpoint, as failures name it.
func tokenPath(tokenURL string) string {
	u, err := url.Parse(tokenURL)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(u.EscapedPath())
}

// explained is a failure said in other words than its cause's.
type explained struct {
	err error
	msg string
}

func (e *explained) Error() string { return e.msg }
func (e *explained) Unwrap() error { return e.err }
