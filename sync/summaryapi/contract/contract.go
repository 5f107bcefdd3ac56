// Package contract checks what a District Summary API server sends
// against the contract, api/summaryapi.yaml, for tests: the reference
// server's every response, and the fields the contract requires. It reads
// the contract from the source tree, so only tests use it.
package contract

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// Contract is the Summary API's contract, loaded.
type Contract struct {
	doc    *openapi3.T
	router routers.Router
}

var (
	once   sync.Once
	loaded *Contract
	err    error
)

// Load reads api/summaryapi.yaml once and checks that it is a valid
// OpenAPI document.
func Load(t testing.TB) *Contract {
	t.Helper()
	once.Do(func() {
		_, here, _, _ := runtime.Caller(0)
		path := filepath.Join(filepath.Dir(here), "..", "..", "..", "api", "summaryapi.yaml")
		doc, e := openapi3.NewLoader().LoadFromFile(path)
		if e != nil {
			err = fmt.Errorf("loading %s: %w", path, e)
			return
		}
		if e := doc.Validate(context.Background()); e != nil {
			err = fmt.Errorf("%s is not a valid OpenAPI document: %w", path, e)
			return
		}
		// Routes match on the path alone: servers under test listen on
		// any port.
		doc.Servers = nil
		r, e := gorillamux.NewRouter(doc)
		if e != nil {
			err = e
			return
		}
		loaded = &Contract{doc: doc, router: r}
	})
	if err != nil {
		t.Fatal(err)
	}
	return loaded
}

// Check says how a response to req breaks the contract; nil when it
// keeps it, or when the contract does not describe the request (a path
// it has not, which the server does not serve; a method other than GET).
func (c *Contract) Check(req *http.Request, status int, header http.Header, body []byte) error {
	if req.Method != http.MethodGet {
		return nil
	}
	probe := req.Clone(context.Background())
	probe.URL.Scheme, probe.URL.Host, probe.Host = "", "", ""
	route, params, err := c.router.FindRoute(probe)
	if err != nil {
		// A path the contract has not may be refused (404) or sent on
		// (a redirect to the path written plainly), but not served.
		if status/100 != 2 {
			return nil
		}
		return fmt.Errorf("%s %s answered %d, and the contract has no such path", req.Method, req.URL.Path, status)
	}
	if status == http.StatusNotModified && len(body) > 0 {
		return fmt.Errorf("%s answered 304 with a body of %d bytes", req.URL.Path, len(body))
	}
	in := &openapi3filter.RequestValidationInput{Request: probe, PathParams: params, Route: route,
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true}}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: status, Header: header,
		Body: io.NopCloser(bytes.NewReader(body)), Options: in.Options}
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		return fmt.Errorf("%s answered %d against the contract: %w", req.URL.RequestURI(), status, err)
	}
	return nil
}

// Handler serves as h does, and fails t on every response of h's that
// breaks the contract.
func Handler(t testing.TB, h http.Handler) http.Handler {
	c := Load(t)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		if err := c.Check(r, rec.Code, rec.Header(), rec.Body.Bytes()); err != nil {
			t.Errorf("%.2000s", err)
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		w.Write(rec.Body.Bytes())
	})
}

// Field is a field the contract requires in a response.
type Field struct {
	// Path is the endpoint: "/v1/schools".
	Path string
	// At is where the field is in the body: "name" at the top, or
	// "items.0.name" in the first item of a list.
	At string
}

func (f Field) String() string { return f.Path + " " + f.At }

// Required lists every field the contract requires in a 200 answer of
// each endpoint, in the body and in the first item of its lists.
func (c *Contract) Required() []Field {
	var out []Field
	paths := c.doc.Paths.InMatchingOrder()
	sort.Strings(paths)
	for _, p := range paths {
		op := c.doc.Paths.Value(p).Get
		if op == nil {
			continue
		}
		resp := op.Responses.Status(http.StatusOK)
		if resp == nil || resp.Value == nil {
			continue
		}
		media := resp.Value.Content.Get("application/json")
		if media == nil || media.Schema == nil {
			continue
		}
		for _, at := range required(media.Schema.Value, "") {
			out = append(out, Field{Path: p, At: at})
		}
	}
	return out
}

// required lists the required fields of s and, for arrays, of its first
// item, each with the way to it.
func required(s *openapi3.Schema, prefix string) []string {
	if s == nil {
		return nil
	}
	var out []string
	names := slices.Clone(s.Required)
	slices.Sort(names)
	for _, name := range names {
		out = append(out, prefix+name)
	}
	props := make([]string, 0, len(s.Properties))
	for name := range s.Properties {
		props = append(props, name)
	}
	slices.Sort(props)
	for _, name := range props {
		p := s.Properties[name].Value
		if p != nil && p.Items != nil {
			out = append(out, required(p.Items.Value, prefix+name+".0.")...)
		}
	}
	return out
}
