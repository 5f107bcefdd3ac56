package rest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// drip sends body at rate bytes a second, in tenths of a second, as a
// server on a poor line or one that means to hold a client does.
func drip(w http.ResponseWriter, r *http.Request, body string, rate int) {
	step := max(rate/10, 1)
	for len(body) > 0 {
		n := min(step, len(body))
		if _, err := w.Write([]byte(body[:n])); err != nil {
			return
		}
		w.(http.Flusher).Flush()
		body = body[n:]
		select {
		case <-r.Context().Done():
			return
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// slowSentence is what a client that gave up on a slow server says: the
// window of 2 seconds, or the part of a request's 1.5 s the body took to
// come (less on a busy machine, where the first bytes come late).
var slowSentence = regexp.MustCompile(`^the server sent ([0-9.]+) KB/s for (2 seconds|1(\.[0-9]+)?s) while Cabinet fetched /items, less than the 4 KB/s a sync needs to finish in time, so Cabinet gave up on it$`)

// TestTooSlowToBeUseful gives up on a server that delivers less than a
// useful rate: valid pages trickled at 2 KB/s, each well within the
// request timeout and above the stall limit, over the window; and one
// body too big to arrive at that rate before the request's timeout, which
// is not tried again. Small limits stand in for the defaults (4 KB/s over
// 2 minutes, and a timeout of a minute) so the test runs in seconds.
func TestTooSlowToBeUseful(t *testing.T) {
	cases := []struct {
		name  string
		serve func(w http.ResponseWriter, r *http.Request)
		run   func(c *Client) error
	}{
		{"pages of 400 bytes at 2 KB/s", func(w http.ResponseWriter, r *http.Request) {
			offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
			body := fmt.Sprintf(`{"items":[%d,%d,%d,%d,%d]`, offset, offset+1, offset+2, offset+3, offset+4)
			drip(w, r, body+strings.Repeat(" ", 399-len(body))+"}", 2000)
		}, func(c *Client) error {
			return Listing[int]{Path: "/items", Limit: 5,
				Decode: func(resp *Response, offset int) (Page[int], error) { return decodeInts(resp, offset, 5) },
				Each:   func(Page[int]) error { return nil }}.Run(context.Background(), c)
		}},
		{"a megabyte at 2 KB/s", func(w http.ResponseWriter, r *http.Request) {
			drip(w, r, `{"items":[`+strings.Repeat(" ", 1<<20)+`]}`, 2000)
		}, func(c *Client) error {
			_, err := c.Get(context.Background(), "/items", nil, "")
			return err
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var requests atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				requests.Add(1)
				tc.serve(w, r)
			}))
			defer srv.Close()
			c, err := New(Config{BaseURL: srv.URL, Timeout: 1500 * time.Millisecond, Retries: 3, MinWait: time.Millisecond,
				LowSpeedTime: time.Second, SlowRate: 4000, SlowTime: 2 * time.Second})
			if err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			err = tc.run(c)
			took := time.Since(start)
			var slow *SlowError
			m := slowSentence.FindStringSubmatch(fmt.Sprint(err))
			if !errors.As(err, &slow) || m == nil {
				t.Fatalf("after %s: %v", took, err)
			}
			if rate, _ := strconv.ParseFloat(m[1], 64); rate < 1.5 || rate > 2.5 {
				t.Fatalf("it says the server sent %s KB/s; it sent 2", m[1])
			}
			if took > 5*time.Second {
				t.Fatalf("gave up after %s", took)
			}
			t.Logf("gave up after %s and %d requests: %v", took.Round(10*time.Millisecond), requests.Load(), err)
		})
	}
}

// TestSlowButUseful keeps a sync whose server is slow but fast enough:
// pages at 8 KB/s, over several windows.
func TestSlowButUseful(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
		if offset >= 40 {
			fmt.Fprint(w, `{"items":[]}`)
			return
		}
		drip(w, r, fmt.Sprintf(`{"items":[%d,%d,%d,%d,%d]%s}`, offset, offset+1, offset+2, offset+3, offset+4, strings.Repeat(" ", 1600)), 8000)
	}))
	defer srv.Close()
	c, _ := New(Config{BaseURL: srv.URL, LowSpeedTime: time.Second, SlowRate: 4000, SlowTime: time.Second})
	err := Listing[int]{Path: "/items", Limit: 5,
		Decode: func(resp *Response, offset int) (Page[int], error) { return decodeInts(resp, offset, 5) },
		Each:   func(Page[int]) error { return nil }}.Run(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
}

// TestTimeoutRetriedOnce: a request that times out is sent once more, not
// four times more, and the message counts the tries made.
func TestTimeoutRetriedOnce(t *testing.T) {
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		// Fast enough for every speed limit, too big for the timeout.
		drip(w, r, `{"items":[`+strings.Repeat(" ", 1<<20)+`]}`, 100_000)
	}))
	defer srv.Close()
	c, _ := New(Config{BaseURL: srv.URL, Timeout: 500 * time.Millisecond, Retries: 4, MinWait: time.Millisecond})
	start := time.Now()
	_, err := c.Get(context.Background(), "/items", nil, "")
	if err == nil || err.Error() != "the server did not answer /items within 500ms, after 2 tries" || requests.Load() != 2 {
		t.Fatalf("%d requests in %s: %v", requests.Load(), time.Since(start), err)
	}
	t.Logf("gave up after %s", time.Since(start).Round(10*time.Millisecond))
}
