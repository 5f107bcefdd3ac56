package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/cabinetapp/cabinet/sync/summaryapi"
	"github.com/cabinetapp/cabinet/sync/summaryapi/wire"
)

// cabinet syncs the way Cabinet does on the wire: the same requests, in
// the same order, with Cabinet's page size, its ETags and cursors kept
// from sync to sync, every body read to its end. It writes no cache, and
// unless it checks, it does not decode the items either, only the page's
// cursor: on this computer's two shared cores, fifty decoders and fifty
// SQLite caches would measure the laptops, each of which has its own, not
// districtd. One Cabinet that checks decodes every page with Cabinet's own
// decoder, to show the pages are what the others counted.
type cabinet struct {
	base, token string
	checks      bool
	http        *http.Client
	etags       map[string]string
	cursors     map[string]string
	// buf holds the body being read, kept from page to page as a client
	// that reads into a buffer of its own would.
	buf bytes.Buffer
}

func newCabinet(base, token string, checks bool, transport http.RoundTripper) *cabinet {
	return &cabinet{base: base, token: token, checks: checks, http: &http.Client{Transport: transport, Timeout: 5 * time.Minute},
		etags: map[string]string{}, cursors: map[string]string{}}
}

// synced is what one sync did.
type synced struct {
	took        time.Duration
	items       int64
	requests    int
	notModified int
}

// get asks for path, with the ETag the last sync kept when given.
func (c *cabinet) get(ctx context.Context, path string, q url.Values, etag string) (int, []byte, string, error) {
	u := c.base + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, nil, "", err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Accept", "application/json")
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, "", err
	}
	defer resp.Body.Close()
	c.buf.Reset()
	if _, err := c.buf.ReadFrom(resp.Body); err != nil {
		return 0, nil, "", err
	}
	body := c.buf.Bytes()
	if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusNotModified {
		return 0, nil, "", fmt.Errorf("%s: %s: %.300s", path, resp.Status, body)
	}
	return resp.StatusCode, body, resp.Header.Get("ETag"), nil
}

// sync runs one sync: the small collections by ETag, then the paged ones
// from the cursors the last sync ended with.
func (c *cabinet) sync(ctx context.Context) (synced, error) {
	start := time.Now()
	var s synced
	for _, path := range []string{wire.PathDistrict, wire.PathSchools, wire.PathMetrics, wire.PathBudget, wire.PathProducts} {
		code, body, etag, err := c.get(ctx, path, nil, c.etags[path])
		s.requests++
		if err != nil {
			return s, err
		}
		if code == http.StatusNotModified {
			s.notModified++
			continue
		}
		if len(body) == 0 {
			return s, fmt.Errorf("%s: an empty body", path)
		}
		c.etags[path] = etag
	}
	for _, path := range []string{wire.PathObservations, wire.PathUsage} {
		cursor, etag := c.cursors[path], c.etags[path]
		for n := 1; ; n++ {
			q := url.Values{"limit": {strconv.Itoa(summaryapi.DefaultPageSize)}}
			if cursor != "" {
				q.Set("cursor", cursor)
			}
			code, body, tag, err := c.get(ctx, path, q, etag)
			s.requests++
			if err != nil {
				return s, err
			}
			if code == http.StatusNotModified {
				s.notModified++
				break
			}
			items, next, more, err := c.page(path, body)
			if err != nil {
				return s, fmt.Errorf("%s page %d: %w", path, n, err)
			}
			s.items += int64(items)
			if n == 1 {
				c.etags[path] = tag
			}
			etag, cursor = "", next
			if !more {
				c.cursors[path] = next
				break
			}
		}
	}
	s.took = time.Since(start)
	return s, nil
}

// page reads a page's items, cursor and whether more follow: with
// Cabinet's decoder, which checks every item, or by counting its items and
// reading the cursor from its end.
func (c *cabinet) page(path string, body []byte) (int, string, bool, error) {
	switch {
	case c.checks && path == wire.PathObservations:
		l, err := wire.DecodeObservations(body)
		return len(l.Items), l.Cursor, l.HasMore, err
	case c.checks:
		l, err := wire.DecodeUsage(body)
		return len(l.Items), l.Cursor, l.HasMore, err
	}
	i := bytes.LastIndex(body, []byte(`],"cursor":`))
	if i < 0 {
		return 0, "", false, fmt.Errorf("a page without a cursor: %.200s", body)
	}
	var end struct {
		Cursor  string `json:"cursor"`
		HasMore bool   `json:"has_more"`
	}
	if err := json.Unmarshal(append([]byte{'{'}, body[i+2:]...), &end); err != nil {
		return 0, "", false, err
	}
	// An item is an object without objects inside: one brace each, past
	// the page's own. (The Cabinet that checks counts them by decoding.)
	return bytes.Count(body[:i], []byte{'{'}) - 1, end.Cursor, end.HasMore, nil
}
