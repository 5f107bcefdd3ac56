package rest

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"strconv"
	"sync"
)

// Page is one page of a listing paged by limit and offset.
type Page[T any] struct {
	Items []T
	// Total is how many items the whole listing holds, as the server
	// says; -1 when it does not say.
	Total int64
	// Next is the offset of the following page; 0 when this page is the
	// last.
	Next int
}

// Listing pages through a collection with limit and offset, the way
// Snipe-IT and OneRoster page. When the first page says how many items
// there are, the pages after it are fetched and decoded a few at a time,
// so the server and the decoder work at once; otherwise each page is
// fetched while Each handles the one before. Either way pages reach Each
// in order and only a few are ever in memory.
//
// Offsets shift when items are deleted while the listing is read, and an
// item may then be skipped. So a listing whose total shrinks starts over
// from the first page (Begin is called again), a few times at most.
//
// No number the server sends sizes an allocation or a loop: a Guard
// within the client's Limits checks each page as it arrives, and a
// listing that repeats a record (by Key), points back inside a page it
// already sent, or runs far past its declared total ends with an error
// naming the page.
type Listing[T any] struct {
	Path string
	// Query is sent with every page, besides limit and offset.
	Query url.Values
	Limit int
	// Decode reads one page, which the server sent for offset. It is
	// called from the goroutines that fetch, several at once, but never
	// while the first page is being decoded.
	Decode func(resp *Response, offset int) (Page[T], error)
	// Begin, if set, is called before the first page and whenever the
	// listing starts over, so counts begin again from nothing.
	Begin func()
	// Each handles one page, in order.
	Each func(Page[T]) error
	// Fetched, if set, is told the size of each response as it arrives,
	// from the goroutines that fetch.
	Fetched func(bytes int)
	// Key, if set, gives a record's id: a listing that gives a record
	// again ends with an error.
	Key func(*T) string
}

// startOvers is how many times a shrinking listing is read again.
const startOvers = 2

// inFlight is how many pages are fetched at once when their offsets are
// known in advance: enough to keep a server and the decoder busy, few
// enough to be polite to a throttled server.
const inFlight = 3

// Run reads the listing through c.
func (l Listing[T]) Run(ctx context.Context, c *Client) error {
	var shrank *shrankError
	for try := 0; ; try++ {
		err := l.run(ctx, c)
		if !errors.As(err, &shrank) {
			return err
		}
		if try == startOvers {
			return fmt.Errorf("%s: the listing shrank from %d to %d items while Cabinet read it, %d times running; try again when the system is quieter", l.Path, shrank.from, shrank.to, try+1)
		}
	}
}

type shrankError struct{ from, to int64 }

func (e *shrankError) Error() string {
	return fmt.Sprintf("the listing shrank from %d to %d items", e.from, e.to)
}

type pageResult[T any] struct {
	page Page[T]
	n    int
	err  error
}

func (l Listing[T]) run(ctx context.Context, c *Client) error {
	if l.Begin != nil {
		l.Begin()
	}
	g := c.Guard(l.Path)
	first, err := l.fetch(ctx, c, 0, 1)
	if err != nil {
		return err
	}
	if err := l.each(g, 1, first); err != nil {
		return err
	}
	switch {
	case first.Next == 0:
		return nil
	case first.Total >= 0 && first.Next == len(first.Items):
		return l.known(ctx, c, g, first)
	}
	return l.follow(ctx, c, g, first, 2, first.Total)
}

// each checks page n with g and hands it to Each.
func (l Listing[T]) each(g *Guard, n int, p Page[T]) error {
	if err := g.Page(n, p.Total, len(p.Items)); err != nil {
		return err
	}
	if l.Key != nil {
		for i := range p.Items {
			if err := g.Key(n, l.Key(&p.Items[i])); err != nil {
				return err
			}
		}
	}
	return l.Each(p)
}

// known fetches the pages after the first at the offsets the total and
// the first page's size give, a few at once, then follows on from the
// last if the listing grew meanwhile.
func (l Listing[T]) known(ctx context.Context, c *Client, g *Guard, first Page[T]) error {
	stride := len(first.Items)
	// g has checked the total against the limits.
	pages := (first.Total-1)/int64(stride) + 1
	if err := g.Pages(pages); err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	// queue holds the pages being fetched, in order: at most inFlight.
	queue := make(chan chan pageResult[T], inFlight-1)
	var wg sync.WaitGroup
	defer func() { cancel(); wg.Wait() }()
	wg.Go(func() {
		defer close(queue)
		for n := 2; n <= int(pages); n++ {
			result := make(chan pageResult[T], 1)
			select {
			case queue <- result:
			case <-ctx.Done():
				return
			}
			wg.Go(func() {
				p, err := l.fetch(ctx, c, (n-1)*stride, n)
				result <- pageResult[T]{p, n, err}
			})
		}
	})
	last := first
	for result := range queue {
		r := <-result
		n := r.n
		switch {
		case r.err != nil:
			return r.err
		case r.page.Total >= 0 && r.page.Total < first.Total:
			return &shrankError{from: first.Total, to: r.page.Total}
		case int64(n) < pages && len(r.page.Items) != stride:
			return fmt.Errorf("%s page %d: the server sent %d items where the first page had %d, though the listing did not shrink", l.Path, n, len(r.page.Items), stride)
		}
		if err := l.each(g, n, r.page); err != nil {
			return err
		}
		last = r.page
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if last.Next == 0 {
		return nil
	}
	// Items were added while the listing was read: go on from its new end.
	return l.follow(ctx, c, g, last, int(pages)+1, first.Total)
}

// follow fetches page n on from where from says the next starts, each
// while Each handles the one before, as long as there are more.
func (l Listing[T]) follow(ctx context.Context, c *Client, g *Guard, from Page[T], n int, total int64) error {
	ctx, cancel := context.WithCancel(ctx)
	pages := make(chan pageResult[T], 1)
	var wg sync.WaitGroup
	defer func() { cancel(); wg.Wait() }()
	wg.Go(func() {
		defer close(pages)
		for offset := from.Next; ; n++ {
			p, err := l.fetch(ctx, c, offset, n)
			if err == nil && total >= 0 && p.Total >= 0 && p.Total < total {
				err = &shrankError{from: total, to: p.Total}
			}
			select {
			case pages <- pageResult[T]{p, n, err}:
			case <-ctx.Done():
				return
			}
			if err != nil || p.Next == 0 {
				return
			}
			offset = p.Next
		}
	})
	for r := range pages {
		if r.err != nil {
			return r.err
		}
		if err := l.each(g, r.n, r.page); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// fetch gets and decodes page n, which starts at offset.
func (l Listing[T]) fetch(ctx context.Context, c *Client, offset, n int) (_ Page[T], err error) {
	// Decode runs on the fetching goroutines, where a panic would end the
	// program.
	defer Recover(&err)
	q := maps.Clone(l.Query)
	if q == nil {
		q = url.Values{}
	}
	q.Set("limit", strconv.Itoa(l.Limit))
	q.Set("offset", strconv.Itoa(offset))
	resp, err := c.Get(ctx, l.Path, q, "")
	if err != nil {
		return Page[T]{}, err
	}
	if l.Fetched != nil {
		l.Fetched(len(resp.Body))
	}
	p, err := l.Decode(resp, offset)
	switch {
	case err != nil:
		return Page[T]{}, fmt.Errorf("%s page %d: %w", l.Path, n, err)
	case p.Next != 0 && p.Next <= offset:
		return Page[T]{}, fmt.Errorf("%s page %d: the server pointed back to offset %d, so the listing would never end", l.Path, n, p.Next)
	case p.Next != 0 && p.Next < offset+len(p.Items):
		return Page[T]{}, fmt.Errorf("%s page %d: the server's next page starts at offset %d, inside the %d items from offset %d it just sent, so the listing would repeat itself", l.Path, n, p.Next, len(p.Items), offset)
	}
	return p, nil
}
