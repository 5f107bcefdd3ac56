package oneroster

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/cabinetapp/cabinet/sync/decode"
	"github.com/cabinetapp/cabinet/sync/rest"
)

// Org is an org of GET .../schools.
type Org struct {
	SourcedID string `json:"sourcedId"`
	Status    string `json:"status"`
	Name      string `json:"name"`
	Type      string `json:"type"`
}

// Enrollment is the part of an enrollment Cabinet reads: whose it is
// (only to count each person once, in memory), at which school, in what
// role, and when; and the enrolment's own id, so a server that gives one
// twice is caught. The class and everything else are not decoded.
type Enrollment struct {
	SourcedID string `json:"sourcedId"`
	Status    string `json:"status"`
	Role      string `json:"role"`
	User      Ref    `json:"user"`
	School    Ref    `json:"school"`
	BeginDate string `json:"beginDate"`
	EndDate   string `json:"endDate"`
}

// Ref is OneRoster's GUIDRef: {href, sourcedId, type}.
type Ref struct {
	SourcedID string `json:"sourcedId"`
}

// StatusDeleted marks a record the system has deleted.
const StatusDeleted = "tobedeleted"

// Roles counted.
const (
	RoleStudent = "student"
	RoleTeacher = "teacher"
)

// failure is OneRoster's error body, which some servers send with 200 OK.
type failure struct {
	CodeMajor string `json:"imsx_codeMajor"`
}

// check turns a failure body into an error.
func (f failure) check(body []byte) error {
	if !strings.EqualFold(f.CodeMajor, "failure") {
		return nil
	}
	msg := rest.ErrorDetail(body)
	if msg == "" {
		msg = "it gave no reason"
	}
	return fmt.Errorf("the server answered with an error: %s", msg)
}

// DecodeOrgs reads the items of one page of GET .../schools: "orgs" in
// OneRoster 1.2, "schools" from some servers.
func DecodeOrgs(body []byte) ([]Org, error) {
	var l struct {
		failure
		Orgs    *[]Org `json:"orgs"`
		Schools *[]Org `json:"schools"`
	}
	if err := decode.JSON(body, &l); err != nil {
		return nil, err
	}
	if err := l.check(body); err != nil {
		return nil, err
	}
	switch {
	case l.Orgs != nil:
		return *l.Orgs, nil
	case l.Schools != nil:
		return *l.Schools, nil
	}
	return nil, errors.New(`the body has no "orgs" list`)
}

// DecodeEnrollments reads the items of one page of GET .../enrollments.
func DecodeEnrollments(body []byte) ([]Enrollment, error) {
	var l struct {
		failure
		Enrollments *[]Enrollment `json:"enrollments"`
	}
	if err := decode.JSON(body, &l); err != nil {
		return nil, err
	}
	if err := l.check(body); err != nil {
		return nil, err
	}
	if l.Enrollments == nil {
		return nil, errors.New(`the body has no "enrollments" list`)
	}
	return *l.Enrollments, nil
}

// page makes a rest.Page of items that arrived for offset, asked for with
// limit: the total from X-Total-Count, and the next page from the Link
// header's rel="next" when the server sends one, else from the total, else
// from a page coming full.
func page[T any](items []T, h http.Header, offset, limit int) (rest.Page[T], error) {
	p := rest.Page[T]{Items: items, Total: -1}
	if v := strings.TrimSpace(h.Get("X-Total-Count")); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return rest.Page[T]{}, fmt.Errorf("X-Total-Count %q is not a count", v)
		}
		p.Total = n
	}
	n := len(items)
	link, hasLink := NextLink(h.Values("Link"))
	switch {
	case n == 0:
	case link != "":
		p.Next = offset + n
		if u, err := url.Parse(link); err == nil {
			if o, err := strconv.Atoi(u.Query().Get("offset")); err == nil && o > offset {
				p.Next = o
			}
		}
	case p.Total >= 0 && int64(offset+n) < p.Total:
		p.Next = offset + n
	case p.Total < 0 && !hasLink && n >= limit:
		p.Next = offset + n
	}
	return p, nil
}

// NextLink finds the rel="next" target in Link headers (RFC 8288). has is
// true when a Link header is present at all: then its lack of a next link
// means the last page.
func NextLink(values []string) (next string, has bool) {
	for _, v := range values {
		for part := range strings.SplitSeq(v, ",") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			has = true
			end := strings.Index(part, ">")
			if !strings.HasPrefix(part, "<") || end < 0 {
				continue
			}
			target := part[1:end]
			for param := range strings.SplitSeq(part[end+1:], ";") {
				name, value, ok := strings.Cut(strings.TrimSpace(param), "=")
				if !ok || !strings.EqualFold(strings.TrimSpace(name), "rel") {
					continue
				}
				for rel := range strings.FieldsSeq(strings.Trim(strings.TrimSpace(value), `"`)) {
					if strings.EqualFold(rel, "next") {
						return target, true
					}
				}
			}
		}
	}
	return "", has
}

// parseDate reads a OneRoster date, "2025-08-20"; ok is false for none or
// one that cannot be read.
func parseDate(s string) (time.Time, bool) {
	if s == "" {
		return time.Time{}, false
	}
	if len(s) > 10 && s[10] == 'T' {
		s = s[:10]
	}
	t, err := time.Parse(time.DateOnly, s)
	return t, err == nil
}
