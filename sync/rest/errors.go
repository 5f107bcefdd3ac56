package rest

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// StatusError is a server's answer outside 2xx and 304.
type StatusError struct {
	Status int
	// Path is the request's path below the base URL.
	Path string
	// Detail is what the server's error body said, if anything.
	Detail     string
	Credential string
	// Tries is how many times the request was sent.
	Tries int
}

func (e *StatusError) Error() string {
	s := fmt.Sprintf("server answered %d %s", e.Status, http.StatusText(e.Status))
	switch {
	case e.Status == http.StatusUnauthorized:
		s += "; check the " + e.Credential
	case e.Status == http.StatusForbidden:
		s += fmt.Sprintf(" for %s; the %s is not allowed to read it", e.Path, e.Credential)
	case e.Status == http.StatusNotFound:
		s += fmt.Sprintf(" for %s; check the address", e.Path)
	case e.Status == http.StatusTooManyRequests || e.Status >= 500:
		s += fmt.Sprintf(" for %s", e.Path)
		if e.Tries > 1 {
			s += fmt.Sprintf(" %d times", e.Tries)
		}
		s += "; try again later"
	default:
		s += " for " + e.Path
	}
	if e.Detail != "" {
		s += " (" + e.Detail + ")"
	}
	return s
}

// ErrorDetail pulls a short message out of an error body: RFC 9457
// problem details, or the error shapes of the systems connectors read
// (Snipe-IT's messages, OneRoster's imsx_description, OAuth 2.0's
// error_description, Google APIs' error.message). Other bodies give
// nothing, so an HTML error page never lands in a message. The message is
// as the server wrote it, whole: it may hold a credential, so it is
// redacted before it is tamed and cut (Redactor.Clean), never cut before.
func ErrorDetail(body []byte) string {
	var p struct {
		Title       string          `json:"title"`
		Detail      string          `json:"detail"`
		Messages    json.RawMessage `json:"messages"`
		Description string          `json:"imsx_description"`
		OAuth       string          `json:"error_description"`
		OAuthCode   json.RawMessage `json:"error"`
	}
	if json.Unmarshal(body, &p) != nil {
		return ""
	}
	msg := p.Detail
	if msg == "" {
		msg = p.Description
	}
	if msg == "" {
		msg = p.OAuth
	}
	// OAuth's "error" is a code such as "invalid_client"; other systems
	// put other things under that name.
	var code string
	var google struct {
		Message string `json:"message"`
	}
	switch {
	case msg != "":
	case json.Unmarshal(p.OAuthCode, &code) == nil:
		msg = code
	case json.Unmarshal(p.OAuthCode, &google) == nil:
		// Google's APIs: {"error": {"code": 403, "message": ...}}.
		msg = google.Message
	}
	if msg == "" && len(p.Messages) > 0 {
		var s string
		if json.Unmarshal(p.Messages, &s) == nil {
			msg = s
		} else {
			msg = string(p.Messages)
		}
	}
	if msg == "" {
		msg = p.Title
	}
	return msg
}
