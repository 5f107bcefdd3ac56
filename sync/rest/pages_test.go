package rest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// listServer serves items 0..n-1 by limit and offset as {"total", "items"},
// letting change alter the listing before each answer.
type listServer struct {
	mu     sync.Mutex
	items  []int
	total  bool // whether to say the total
	cap    int  // the most items the server sends, whatever the limit
	change func(offset int, items []int) []int
}

func (s *listServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
	s.mu.Lock()
	if s.change != nil {
		s.items = s.change(offset, s.items)
	}
	if s.cap > 0 {
		limit = min(limit, s.cap)
	}
	page := s.items[min(offset, len(s.items)):min(offset+limit, len(s.items))]
	body := map[string]any{"items": page}
	if s.total {
		body["total"] = len(s.items)
	}
	s.mu.Unlock()
	json.NewEncoder(w).Encode(body)
}

func decodeInts(resp *Response, offset, limit int) (Page[int], error) {
	var b struct {
		Items []int `json:"items"`
		Total *int64
	}
	if err := json.Unmarshal(resp.Body, &b); err != nil {
		return Page[int]{}, err
	}
	p := Page[int]{Items: b.Items, Total: -1}
	if b.Total != nil {
		p.Total = *b.Total
	}
	switch n := len(b.Items); {
	case n == 0:
	case p.Total >= 0 && int64(offset+n) < p.Total, p.Total < 0 && n == limit:
		p.Next = offset + n
	}
	return p, nil
}

func ints(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// TestListing reads listings that page in the ways servers do, and that
// change while they are read.
func TestListing(t *testing.T) {
	cases := []struct {
		name   string
		server *listServer
		want   string // the items read, or part of the error
	}{
		{name: "a total, read a few pages at once", server: &listServer{items: ints(23), total: true}},
		{name: "no total, read a page at a time", server: &listServer{items: ints(23)}},
		{name: "an exact number of pages", server: &listServer{items: ints(20), total: true}},
		{name: "empty", server: &listServer{items: nil, total: true}, want: ""},
		{name: "a server that sends fewer than asked", server: &listServer{items: ints(23), total: true, cap: 3}},
		{name: "items added while read", server: &listServer{items: ints(23), total: true, change: func(offset int, items []int) []int {
			if offset == 20 && len(items) == 23 {
				return append(items, 23, 24, 25, 26, 27, 28)
			}
			return items
		}}, want: fmt.Sprint(ints(29))},
		{name: "an item deleted while read starts over", server: &listServer{items: ints(23), total: true, change: func(offset int, items []int) []int {
			if offset == 10 && len(items) == 23 {
				return append(items[:2:2], items[3:]...)
			}
			return items
		}}, want: fmt.Sprint(append([]int{0, 1}, ints(23)[3:]...))},
		{name: "a listing that keeps shrinking", server: &listServer{items: ints(400), total: true, change: func(offset int, items []int) []int {
			if offset == 5 {
				return items[1:]
			}
			return items
		}}, want: "the listing shrank from 398 to 397 items while Cabinet read it, 3 times running"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(tc.server)
			defer srv.Close()
			c, err := New(Config{BaseURL: srv.URL, Retries: 0})
			if err != nil {
				t.Fatal(err)
			}
			var got []int
			starts := 0
			err = Listing[int]{
				Path:   "/items",
				Limit:  5,
				Decode: func(resp *Response, offset int) (Page[int], error) { return decodeInts(resp, offset, 5) },
				Begin:  func() { got = got[:0]; starts++ },
				Each:   func(p Page[int]) error { got = append(got, p.Items...); return nil },
			}.Run(context.Background(), c)
			want := tc.want
			if want == "" && len(tc.server.items) > 0 {
				want = fmt.Sprint(tc.server.items)
			}
			switch {
			case err != nil && (want == "" || !strings.Contains(err.Error(), want)):
				t.Fatalf("error %v, want %q", err, want)
			case err == nil && want != "" && fmt.Sprint(got) != want:
				t.Fatalf("read %v\nwant %s", got, want)
			case err == nil && want == "" && len(got) > 0:
				t.Fatalf("read %v from an empty listing", got)
			}
		})
	}
}

// TestListingNeverEnds refuses a server that points back at a page
// already read.
func TestListingNeverEnds(t *testing.T) {
	srv := httptest.NewServer(&listServer{items: ints(20)})
	defer srv.Close()
	c, _ := New(Config{BaseURL: srv.URL})
	err := Listing[int]{
		Path:  "/items",
		Limit: 5,
		Decode: func(resp *Response, offset int) (Page[int], error) {
			p, err := decodeInts(resp, offset, 5)
			p.Next = 5
			return p, err
		},
		Each: func(Page[int]) error { return nil },
	}.Run(context.Background(), c)
	if err == nil || !strings.Contains(err.Error(), "/items page 2: the server pointed back to offset 5, so the listing would never end") {
		t.Fatalf("error %v", err)
	}
}
