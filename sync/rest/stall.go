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
// body, once it delivers less than limit bytes a second for window, and
// tells waiting when it has been that slow for a while and when it is
// not any more.
type stallTransport struct {
	base    http.RoundTripper
	limit   int
	window  time.Duration
	waiting func(bool)
}

func (t *stallTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx, cancel := context.WithCancel(req.Context())
	w := &watch{t: t, cancel: cancel, done: make(chan struct{}), exited: make(chan struct{})}
	go w.run()
	resp, err := t.base.RoundTrip(req.WithContext(ctx))
	if err != nil {
		stalled := w.stop()
		if stalled {
			return nil, &StallError{Path: req.URL.Path, Limit: t.limit, Time: t.window}
		}
		return nil, err
	}
	w.arrived.Add(1) // the header counts as a sign of life
	resp.Body = &watchedBody{ReadCloser: resp.Body, w: w, path: req.URL.Path}
	return resp, nil
}

type watch struct {
	t       *stallTransport
	cancel  context.CancelFunc
	arrived atomic.Int64
	stalled atomic.Bool
	done    chan struct{}
	exited  chan struct{}
	once    sync.Once
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
		if now.Sub(slowSince) >= w.t.window {
			w.stalled.Store(true)
			w.cancel()
			return
		}
	}
}

// stop ends the watch, once it has said it is no longer waiting, and
// reports whether it found a stall.
func (w *watch) stop() bool {
	w.once.Do(func() { close(w.done); w.cancel() })
	<-w.exited
	return w.stalled.Load()
}

type watchedBody struct {
	io.ReadCloser
	w    *watch
	path string
}

func (b *watchedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.w.arrived.Add(int64(n))
	if err != nil && b.w.stalled.Load() {
		return n, &StallError{Path: b.path, Limit: b.w.t.limit, Time: b.w.t.window}
	}
	return n, err
}

func (b *watchedBody) Close() error {
	b.w.stop()
	return b.ReadCloser.Close()
}
