package rest

import (
	"fmt"
	"strings"
	"sync"
	"time"
)

// SlowError says a server delivered, over a window of the time Cabinet
// waited for it, less than a sync needs: a server on a poor line, or one
// that trickles valid pages to hold a client, would otherwise take the
// whole of a sync's deadline, and a person would wait for nothing.
type SlowError struct {
	Path string
	// Rate is what the server sent, in bytes a second, over Time.
	Rate  float64
	Time  time.Duration
	Limit int
}

func (e *SlowError) Error() string {
	return fmt.Sprintf("the server sent %s for %s while Cabinet fetched %s, less than the %s a sync needs to finish in time, so Cabinet gave up on it",
		rateText(e.Rate), Span(e.Time), e.Path, rateText(float64(e.Limit)))
}

// pace watches one client's requests together: the bytes they deliver
// over the time at least one of them waits for the server. Time spent
// elsewhere (decoding, writing, waiting between requests) does not count
// against the server.
type pace struct {
	limit  int
	window time.Duration

	mu    sync.Mutex
	open  int
	since time.Time // when the last update was made
	busy  time.Duration
	bytes int64
	// marks are (busy, bytes) as they stood every twentieth of the window,
	// reaching back at least a window.
	marks []mark
	slow  *SlowError
}

type mark struct {
	busy  time.Duration
	bytes int64
}

func newPace(limit int, window time.Duration) *pace {
	return &pace{limit: limit, window: window, marks: []mark{{}}}
}

// update brings busy up to now.
func (p *pace) update(now time.Time) {
	if p.open > 0 {
		p.busy += now.Sub(p.since)
	}
	p.since = now
}

// begin notes a request that starts waiting for the server; it fails at
// once if the server was found too slow already.
func (p *pace) begin(now time.Time) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.slow != nil {
		return p.slow
	}
	p.update(now)
	p.open++
	return nil
}

// end notes a request that stopped waiting.
func (p *pace) end(now time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.update(now)
	p.open--
}

// add counts n bytes arrived.
func (p *pace) add(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.bytes += int64(n)
}

// giveUp says the server is too slow from now on, for the reason given.
func (p *pace) giveUp(e *SlowError) *SlowError {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.slow == nil {
		p.slow = e
	}
	return p.slow
}

// failed is the SlowError the client gave up for; nil while it has not.
func (p *pace) failed() *SlowError {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.slow
}

// check reports whether the last window of waiting brought less than the
// limit, and says so from then on.
func (p *pace) check(now time.Time) *SlowError {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.slow != nil {
		return p.slow
	}
	p.update(now)
	if last := p.marks[len(p.marks)-1]; p.busy-last.busy >= p.window/20 {
		p.marks = append(p.marks, mark{p.busy, p.bytes})
	}
	// The newest mark a whole window back.
	i := -1
	for j, m := range p.marks {
		if p.busy-m.busy >= p.window {
			i = j
		}
	}
	if i < 0 {
		return nil
	}
	from := p.marks[i]
	p.marks = p.marks[i:]
	span := p.busy - from.busy
	if rate := float64(p.bytes-from.bytes) / span.Seconds(); rate < float64(p.limit) {
		p.slow = &SlowError{Rate: rate, Time: p.window, Limit: p.limit}
	}
	return p.slow
}

// rateText writes bytes a second as people read them: "2.0 KB/s".
func rateText(r float64) string {
	switch {
	case r >= 10_000:
		return fmt.Sprintf("%.0f KB/s", r/1000)
	case r >= 100:
		return strings.TrimSuffix(fmt.Sprintf("%.1f", r/1000), ".0") + " KB/s"
	}
	return fmt.Sprintf("%.0f bytes/s", r)
}

// Span writes a span of time in words: "2 minutes", "90 seconds".
func Span(d time.Duration) string {
	unit := func(n int64, word string) string {
		if n == 1 {
			return "1 " + word
		}
		return fmt.Sprintf("%d %ss", n, word)
	}
	switch {
	case d >= time.Minute && d%time.Minute == 0:
		return unit(int64(d/time.Minute), "minute")
	case d >= time.Second && d%time.Second == 0:
		return unit(int64(d/time.Second), "second")
	}
	return d.Round(time.Millisecond).String()
}
