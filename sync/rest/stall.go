package rest

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// StallError says a server stopped sending: it delivered less than the
// low-speed limit for the low-speed time, like git's http.lowSpeedLimit
// and http.lowSpeedTime.
type StallError struct {
	Path  string
	Limit int
	Time  time.Duration
}

func (e *StallError) Error() string {
	return fmt.Sprintf("the server stopped sending while Cabinet fetched %s: less than %s a second for %s, so Cabinet gave up on it", e.Path, sizeText(e.Limit), e.Time)
}

// stallTransport abandons a request, waiting for the answer or reading its
// body, once it delivers less than limit bytes a second for window, or
// once the client's requests together deliver less than a useful rate
// (pace); and tells waiting when a request has been slow for a while and
// when it is not any more.
type stallTransport struct {
	base    http.RoundTripper
	limit   int
	window  time.Duration
	waiting func(bool)
	pace    *pace
}

func (t *stallTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := t.pace.begin(time.Now()); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(req.Context())
	w := &watch{t: t, cancel: cancel, start: time.Now(), done: make(chan struct{}), exited: make(chan struct{})}
	go w.run()
	resp, err := t.base.RoundTrip(req.WithContext(ctx))
	if err != nil {
		if why := w.stop(); why != nil {
			return nil, why
		}
		return nil, err
	}
	w.arrived.Add(1) // the header counts as a sign of life
	resp.Body = &watchedBody{ReadCloser: resp.Body, w: w, start: time.Now()}
	return resp, nil
}

type watch struct {
	t       *stallTransport
	cancel  context.CancelFunc
	start   time.Time
	arrived atomic.Int64
	// why is the StallError or SlowError the watch gave up for.
	why    atomic.Pointer[error]
	done   chan struct{}
	exited chan struct{}
	once   sync.Once
}

// speedTicks is how many ticks the speed is averaged over, as curl
// averages the last few seconds: a server that sends in bursts is not
// taken for a stalled one.
const speedTicks = 5

// run checks the speed every twentieth of the window.
func (w *watch) run() {
	tick := max(w.t.window/20, time.Millisecond)
	waitAfter := min(2*time.Second, w.t.window/4)
	ticker := time.NewTicker(tick)
	defer ticker.Stop()
	var last int64
	var recent [speedTicks]int64
	var ticks int
	now := time.Now()
	slowSince := now
	waiting := false
	defer func() {
		if waiting && w.t.waiting != nil {
			w.t.waiting(false)
		}
		w.t.pace.end(time.Now())
		close(w.exited)
	}()
	for {
		select {
		case <-w.done:
			return
		case now = <-ticker.C:
		}
		got := w.arrived.Load()
		delta := got - last
		last = got
		recent[ticks%speedTicks] = delta
		ticks++
		var sum int64
		for _, d := range recent {
			sum += d
		}
		if float64(sum) >= float64(w.t.limit)*(speedTicks*tick).Seconds() {
			slowSince = now
		}
		if w.t.waiting != nil && waiting != (now.Sub(slowSince) >= waitAfter) {
			waiting = !waiting
			w.t.waiting(waiting)
		}
		var why error
		if now.Sub(slowSince) >= w.t.window {
			why = &StallError{Limit: w.t.limit, Time: w.t.window}
		} else if slow := w.t.pace.check(now); slow != nil {
			why = slow
		}
		if why != nil {
			w.why.Store(&why)
			w.cancel()
			return
		}
	}
}

// stop ends the watch, once it has said it is no longer waiting, and
// returns what it gave up for, if it did.
func (w *watch) stop() error {
	w.once.Do(func() { close(w.done); w.cancel() })
	<-w.exited
	if why := w.why.Load(); why != nil {
		return *why
	}
	return nil
}

type watchedBody struct {
	io.ReadCloser
	w     *watch
	start time.Time
	read  int64
}

func (b *watchedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.w.arrived.Add(int64(n))
	b.w.t.pace.add(n)
	b.read += int64(n)
	if err != nil && err != io.EOF {
		if why := b.w.why.Load(); why != nil {
			return n, *why
		}
		// A body cut off by the timeout while it came too slowly to be
		// of use is said to be slow, and not asked for again.
		took := time.Since(b.start)
		if rate := float64(b.read) / took.Seconds(); b.read > 0 && rate < float64(b.w.t.pace.limit) {
			return n, b.w.t.pace.giveUp(&SlowError{Rate: rate, Time: took.Round(100 * time.Millisecond), Limit: b.w.t.pace.limit})
		}
	}
	return n, err
}

func (b *watchedBody) Close() error {
	b.w.stop()
	return b.ReadCloser.Close()
}
