package rest

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// pageServer answers a listing by limit and offset with whatever page
// says for that offset.
func pageServer(t *testing.T, page func(offset, limit int) (items []int, total *int64)) *httptest.Server {
	srv, _ := countingPageServer(t, page)
	return srv
}

// countingPageServer is pageServer that also counts the requests it answers.
func countingPageServer(t *testing.T, page func(offset, limit int) (items []int, total *int64)) (*httptest.Server, *atomic.Int32) {
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
		offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
		items, total := page(offset, limit)
		body := map[string]any{"items": items}
		if total != nil {
			body["total"] = *total
		}
		json.NewEncoder(w).Encode(body)
	}))
	t.Cleanup(srv.Close)
	return srv, &requests
}

func total(n int64) *int64 { return &n }

// TestHostileListings ends listings that would otherwise exhaust memory or
// never end, each with a sentence naming the listing and the page, and
// with no more requests than the pages read and one fetched ahead.
func TestHostileListings(t *testing.T) {
	const limit = 5
	cases := []struct {
		name   string
		page   func(offset, limit int) ([]int, *int64)
		next   func(p Page[int], offset int) int // the Next the decoder makes; nil: decodeInts's
		limits Limits
		want   string
	}{
		{name: "a total of a quadrillion", page: func(o, l int) ([]int, *int64) { return ints(l), total(1_000_000_000_000_000) },
			want: "/items page 1: the server says the listing holds 1000000000000000 items, more than the 20000000 Cabinet reads from one listing; if that is right, raise max_items in the source's settings"},
		{name: "a total needing too many pages", page: func(o, l int) ([]int, *int64) { return []int{o}, total(5_000_000) },
			want: "/items: the server's total needs 5000000 pages, more than the 100000 Cabinet reads from one listing"},
		{name: "a next link one record on", page: func(o, l int) ([]int, *int64) { return ints(l), nil },
			next: func(p Page[int], offset int) int { return offset + 1 },
			want: "/items page 1: the server's next page starts at offset 1, inside the 5 items from offset 0 it just sent, so the listing would repeat itself"},
		{name: "the same records under new offsets", page: func(o, l int) ([]int, *int64) { return ints(l), nil },
			want: `/items page 2: the server sent the record "0" again, which an earlier page held, so the listing would never end`},
		{name: "far past its total", page: func(o, l int) ([]int, *int64) {
			return []int{o, o + 1, o + 2, o + 3, o + 4}, total(10)
		}, next: func(p Page[int], offset int) int { return offset + len(p.Items) },
			want: "/items page 203: the server has sent 1015 items of a listing it said holds 10, so it would not end"},
		{name: "no total and no end", page: func(o, l int) ([]int, *int64) { return []int{o, o + 1, o + 2, o + 3, o + 4}, nil },
			limits: Limits{MaxPages: 50},
			want:   "/items page 51: the listing ran past 50 pages, the most Cabinet reads from one listing; if the source really holds more, raise max_pages in its settings"},
		{name: "no total and too many items", page: func(o, l int) ([]int, *int64) { return []int{o, o + 1, o + 2, o + 3, o + 4}, nil },
			limits: Limits{MaxItems: 42},
			want:   "/items page 9: the listing ran past 42 items"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv, requests := countingPageServer(t, tc.page)
			c, err := New(Config{BaseURL: srv.URL, Retries: 0, Limits: tc.limits})
			if err != nil {
				t.Fatal(err)
			}
			err = Listing[int]{
				Path:  "/items",
				Limit: limit,
				Decode: func(resp *Response, offset int) (Page[int], error) {
					p, err := decodeInts(resp, offset, limit)
					if tc.next != nil {
						p.Next = tc.next(p, offset)
					}
					return p, err
				},
				Each: func(Page[int]) error { return nil },
				Key:  func(v *int) string { return strconv.Itoa(*v) },
			}.Run(context.Background(), c)
			if err == nil || err.Error() != tc.want && !strings.HasPrefix(err.Error(), tc.want) {
				t.Fatalf("error %v\nwant %s", err, tc.want)
			}
			// It ended there: no more requests than the pages it read and
			// the one fetched ahead while the last was checked.
			read := 1
			if m := regexp.MustCompile(`page (\d+)`).FindStringSubmatch(tc.want); m != nil {
				read, _ = strconv.Atoi(m[1])
			}
			if n := int(requests.Load()); n > read+1 {
				t.Fatalf("the listing made %d requests after it ended at page %d", n, read)
			}
		})
	}
}

// TestListingPanic turns a decoder's panic, on a goroutine that fetches,
// into an error.
func TestListingPanic(t *testing.T) {
	srv := pageServer(t, func(o, l int) ([]int, *int64) { return ints(l), total(100) })
	c, _ := New(Config{BaseURL: srv.URL})
	err := Listing[int]{
		Path:  "/items",
		Limit: 5,
		Decode: func(resp *Response, offset int) (Page[int], error) {
			if offset == 50 {
				panic("assignment to entry in nil map")
			}
			return decodeInts(resp, offset, 5)
		},
		Each: func(Page[int]) error { return nil },
	}.Run(context.Background(), c)
	var p *PanicError
	if !errors.As(err, &p) || !strings.Contains(err.Error(), "Cabinet hit an internal error while syncing (assignment to entry in nil map)") {
		t.Fatalf("error %v", err)
	}
}

// trickle starts an answer and then sends a byte every gap.
func trickle(gap time.Duration) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"items":[`))
		w.(http.Flusher).Flush()
		for {
			select {
			case <-r.Context().Done():
				return
			case <-time.After(gap):
			}
			w.Write([]byte(" "))
			w.(http.Flusher).Flush()
		}
	}
}

// TestStall abandons a server that stops sending, whether before its
// header or in its body, within the low-speed time and without retrying,
// and says it waits meanwhile.
func TestStall(t *testing.T) {
	cases := []struct {
		name    string
		handler http.HandlerFunc
	}{
		{"a body a byte at a time", trickle(100 * time.Millisecond)},
		{"no header at all", func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var calls atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				calls.Add(1)
				tc.handler(w, r)
			}))
			defer srv.Close()
			var waits []bool
			waited := make(chan bool, 10)
			c, _ := New(Config{BaseURL: srv.URL, Retries: 3, LowSpeedTime: time.Second, Waiting: func(w bool) { waited <- w }})
			start := time.Now()
			_, err := c.Get(context.Background(), "/items", nil, "")
			took := time.Since(start)
			close(waited)
			for w := range waited {
				waits = append(waits, w)
			}
			var stall *StallError
			if !errors.As(err, &stall) || err.Error() != "the server stopped sending while Cabinet fetched /items: less than 1024 bytes a second for 1s, so Cabinet gave up on it" {
				t.Fatalf("error %v", err)
			}
			if took < time.Second || took > 3*time.Second || calls.Load() != 1 {
				t.Fatalf("gave up after %s and %d requests, want about 1s and 1", took, calls.Load())
			}
			if fmt.Sprint(waits) != "[true false]" {
				t.Fatalf("waiting reports %v, want [true false]", waits)
			}
			t.Logf("gave up after %s", took)
		})
	}
}

// TestStallDefaults checks the real defaults once: under 1 KB/s for 20 s.
func TestStallDefaults(t *testing.T) {
	if testing.Short() {
		t.Skip("takes 20 seconds")
	}
	srv := httptest.NewServer(trickle(time.Second))
	defer srv.Close()
	c, _ := New(Config{BaseURL: srv.URL})
	start := time.Now()
	_, err := c.Get(context.Background(), "/items", nil, "")
	took := time.Since(start)
	if err == nil || err.Error() != "the server stopped sending while Cabinet fetched /items: less than 1024 bytes a second for 20s, so Cabinet gave up on it" {
		t.Fatalf("error %v", err)
	}
	if took < 20*time.Second || took > 2*time.Minute {
		t.Fatalf("gave up after %s", took)
	}
	t.Logf("gave up after %s", took)
}

// TestSlowButSteady keeps a server that sends slowly but above the limit.
func TestSlowButSteady(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"items":[`))
		for range 12 {
			time.Sleep(100 * time.Millisecond)
			w.Write([]byte(strings.Repeat(" ", 300)))
			w.(http.Flusher).Flush()
		}
		w.Write([]byte(`]}`))
	}))
	defer srv.Close()
	c, _ := New(Config{BaseURL: srv.URL, LowSpeedTime: 500 * time.Millisecond})
	if _, err := c.Get(context.Background(), "/items", nil, ""); err != nil {
		t.Fatal(err)
	}
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }

var percent = regexp.MustCompile(`%[0-9A-F]{2}`)

// echoes are the ways a server may give a credential back.
func echoes(id, secret string) []string {
	pair := base64.StdEncoding.EncodeToString([]byte(id + ":" + secret))
	formPair := base64.StdEncoding.EncodeToString([]byte(url.QueryEscape(id) + ":" + url.QueryEscape(secret)))
	j, _ := json.Marshal(secret)
	return []string{
		secret, url.QueryEscape(secret), url.PathEscape(secret), percent.ReplaceAllStringFunc(url.QueryEscape(secret), strings.ToLower),
		string(j[1 : len(j)-1]), pair, formPair, "Basic " + pair, "Basic " + formPair,
		base64.RawURLEncoding.EncodeToString([]byte(id + ":" + secret)),
		"Bearer " + secret, "authorization: Bearer " + secret,
	}
}

// FuzzRedaction sends random echoes of a client's credentials back in a
// token endpoint's and a resource's error bodies: no form of them may
// survive into the error.
func FuzzRedaction(f *testing.F) {
	f.Add("client", "s3cret+/%:=", "the token tok-1", uint8(0), uint8(5), uint8(3))
	f.Add("a:b", "p@ss word", "x", uint8(7), uint8(8), uint8(1))
	var body atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		w.Write(body.Load().([]byte))
	}))
	// Every run makes new clients: no connection may outlive it.
	srv.Config.SetKeepAlivesEnabled(false)
	defer srv.Close()
	f.Fuzz(func(t *testing.T, id, secret, text string, a, b, field uint8) {
		if len(secret) < 6 || id == "" || strings.ContainsFunc(secret, func(r rune) bool { return r < 0x20 || r == 0x7f || r == 0xfffd }) ||
			!utf8Valid(secret) || !utf8Valid(id) || strings.TrimSpace(secret) != secret || strings.Contains(secret, "  ") {
			t.Skip("not a secret a person would use")
		}
		forms := echoes(id, secret)
		echo := text + " " + forms[int(a)%len(forms)] + " and " + forms[int(b)%len(forms)] + " " + text
		fields := []string{"detail", "imsx_description", "error_description", "messages", "title", "error"}
		b2, _ := json.Marshal(map[string]string{fields[int(field)%len(fields)]: echo})
		body.Store(b2)
		cc, err := NewClientCredentials(Config{Retries: 0}, srv.URL+"/token", id, secret, "")
		if err != nil {
			t.Fatal(err)
		}
		c, err := New(Config{BaseURL: srv.URL, Token: secret, Retries: 0})
		if err != nil {
			t.Fatal(err)
		}
		_, tokenErr := cc.Token(context.Background())
		_, getErr := c.Get(context.Background(), "/data", nil, "")
		for _, err := range []error{tokenErr, getErr} {
			if err == nil {
				t.Fatal("no error from a 401")
			}
			msg := err.Error()
			for _, f := range forms {
				inner := strings.TrimPrefix(strings.TrimPrefix(strings.TrimPrefix(f, "authorization: "), "Bearer "), "Basic ")
				if strings.Contains(msg, inner) {
					t.Fatalf("%q survived in %q", inner, msg)
				}
			}
		}
	})
}

// FuzzListing pages through servers that declare any total, send pages of
// any size, repeat themselves from any point and point the next page
// anywhere: every listing must end within the limits, without a panic,
// and one that succeeds gave each record once.
func FuzzListing(f *testing.F) {
	f.Add(int64(23), uint8(5), int16(0), uint16(0), uint8(0))
	f.Add(int64(1_000_000_000_000_000), uint8(5), int16(0), uint16(0), uint8(0))
	f.Add(int64(-1), uint8(5), int16(1), uint16(0), uint8(0))
	f.Add(int64(10), uint8(5), int16(0), uint16(7), uint8(3))
	limits := Limits{MaxPages: 200, MaxItems: 2000}
	f.Fuzz(func(t *testing.T, declared int64, size uint8, step int16, wrap uint16, missing uint8) {
		var requests atomic.Int64
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			requests.Add(1)
			offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
			start := offset
			if wrap > 0 {
				// The server's records run out and it starts again.
				start = offset % int(wrap)
			}
			n := int(size)
			if missing > 0 && offset/max(n, 1)%int(missing+1) == 0 {
				n /= 2
			}
			body := map[string]any{"items": ints(start + n)[start:]}
			if declared >= 0 {
				body["total"] = declared
			}
			json.NewEncoder(w).Encode(body)
		}))
		srv.Config.SetKeepAlivesEnabled(false)
		defer srv.Close()
		c, err := New(Config{BaseURL: srv.URL, Retries: 0, Limits: limits})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[int]bool{}
		err = Listing[int]{
			Path:  "/items",
			Limit: 5,
			Decode: func(resp *Response, offset int) (Page[int], error) {
				p, err := decodeInts(resp, offset, 5)
				if step != 0 && p.Next != 0 {
					p.Next = offset + int(step)
				}
				return p, err
			},
			Begin: func() { clear(seen) },
			Each: func(p Page[int]) error {
				for _, v := range p.Items {
					if seen[v] {
						t.Fatalf("record %d given twice", v)
					}
					seen[v] = true
				}
				return nil
			},
			Key: func(v *int) string { return strconv.Itoa(*v) },
		}.Run(context.Background(), c)
		// Three tries at most, each within the page limit and the pages in
		// flight.
		if n := requests.Load(); n > (startOvers+1)*(limits.MaxPages+inFlight+1) {
			t.Fatalf("%d requests (%v)", n, err)
		}
		if err == nil && int64(len(seen)) > limits.MaxItems {
			t.Fatalf("%d records read, over the limit", len(seen))
		}
	})
}

// FuzzCursorPaging drives a Guard the way a cursor-paged feed does (the
// Summary API's), with a server whose cursors, page sizes, record keys
// and totals come from the fuzzer: the feed must end within the limits,
// and never after a cursor it already followed or a record it already had.
func FuzzCursorPaging(f *testing.F) {
	f.Add([]byte{1, 2, 1}, []byte{3, 3, 3}, int64(-1))
	f.Add([]byte{1, 2, 3, 4, 5}, []byte{200, 200}, int64(10))
	f.Add([]byte{7}, []byte{0}, int64(1_000_000_000_000))
	f.Fuzz(func(t *testing.T, cursors, sizes []byte, total int64) {
		g := NewGuard("/feed", Limits{MaxPages: 50, MaxItems: 500})
		followed := map[string]bool{"": true}
		if err := g.Follow(1, ""); err != nil {
			t.Fatal(err)
		}
		key := 0
		for n := 1; ; n++ {
			if n > 52 {
				t.Fatalf("page %d: the feed did not end", n)
			}
			size := 1
			if len(sizes) > 0 {
				size = int(sizes[n%len(sizes)])
			}
			err := g.Page(n, total, size)
			for i := 0; err == nil && i < size; i++ {
				// Keys climb, but fall back now and then as a server
				// that repeats itself does.
				if size%7 == 0 && i == 0 {
					key -= size
				}
				key++
				err = g.Key(n, strconv.Itoa(key))
			}
			if err != nil {
				if !strings.HasPrefix(err.Error(), "/feed") {
					t.Fatalf("the error does not name the listing: %v", err)
				}
				return
			}
			if len(cursors) == 0 || n > 3*len(cursors) {
				return // the server says there is no more
			}
			next := strconv.Itoa(int(cursors[n%len(cursors)]))
			err = g.Follow(n, next)
			if followed[next] != (err != nil) {
				t.Fatalf("cursor %q, followed before %v: %v", next, followed[next], err)
			}
			if err != nil {
				return
			}
			followed[next] = true
		}
	})
}
