package engine

import (
	"slices"
	"sync"
	"time"
)

// Progress is a running sync's progress, for a progress bar.
type Progress struct {
	Source string
	// Stage says what is being fetched: "schools", "observations".
	Stage string
	// Records is how many records have been written.
	Records int
	// Pages is how many responses have arrived, and Bytes their size.
	Pages int
	Bytes int64
	// Total is how many records the server expects to send; 0 when it
	// does not say.
	Total int64
	// Retries counts requests tried again.
	Retries int
	// Waiting is true while the server sends nothing, or next to nothing:
	// the sync is waiting for the server.
	Waiting bool
}

// Fraction is the share done, from 0 to 1, or -1 when the total is unknown.
func (p Progress) Fraction() float64 {
	if p.Total <= 0 {
		return -1
	}
	return min(1, float64(p.Records)/float64(p.Total))
}

// reportEvery spaces reports so a UI is not flooded.
const reportEvery = 100 * time.Millisecond

// Meter collects a sync's progress from the goroutines that fetch and
// write, and reports it at most every 100 ms, serialised. It also keeps
// the sync's notes.
//
// The callback runs on a goroutine of its own, with no lock held: a UI's
// callback waits for the UI goroutine, and the goroutines that fetch and
// write must not wait with it. A report owed while the callback is busy is
// kept as one, and delivers the newest progress when it runs.
type Meter struct {
	mu    sync.Mutex
	p     Progress
	fn    func(Progress)
	last  time.Time
	notes []string
	// waits counts the requests waiting for the server.
	waits int
	// due holds a report owed to the reporter goroutine, which closes
	// done when it has stopped; both are nil without a callback. closed
	// is set once flush has stopped it.
	due    chan struct{}
	done   chan struct{}
	closed bool
}

// newMeter makes a meter, and starts its reporter when fn is set; flush
// stops it.
func newMeter(source string, fn func(Progress)) *Meter {
	m := &Meter{p: Progress{Source: source}, fn: fn}
	if fn != nil {
		m.due, m.done = make(chan struct{}, 1), make(chan struct{})
		go m.report()
	}
	return m
}

// report calls the callback for each report owed, with the progress as it
// stands then.
func (m *Meter) report() {
	defer close(m.done)
	for range m.due {
		m.fn(m.snapshot())
	}
}

// Stage names what is being fetched now.
func (m *Meter) Stage(s string) { m.update(true, func(p *Progress) { p.Stage = s }) }

// Page counts a response of n bytes.
func (m *Meter) Page(n int) {
	m.update(false, func(p *Progress) { p.Pages++; p.Bytes += int64(n) })
}

// Records counts n records written.
func (m *Meter) Records(n int) { m.update(false, func(p *Progress) { p.Records += n }) }

// Expect adds n to the records the server expects to send.
func (m *Meter) Expect(n int64) { m.update(false, func(p *Progress) { p.Total += n }) }

// Note records something the person syncing should know that does not
// fail the sync, such as schools that match none of Cabinet's, in one
// sentence. Notes go into the sync's Result and the sync log.
func (m *Meter) Note(sentence string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.notes = append(m.notes, sentence)
}

// allNotes returns the notes so far.
func (m *Meter) allNotes() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.notes)
}

func (m *Meter) retried() { m.update(false, func(p *Progress) { p.Retries++ }) }

// waiting counts a request that started or stopped waiting for the
// server; a change of Waiting is reported at once.
func (m *Meter) waiting(yes bool) {
	m.update(true, func(p *Progress) {
		if yes {
			m.waits++
		} else {
			m.waits--
		}
		p.Waiting = m.waits > 0
	})
}

// snapshot returns the progress so far.
func (m *Meter) snapshot() Progress {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.p
}

func (m *Meter) update(force bool, f func(*Progress)) {
	m.mu.Lock()
	defer m.mu.Unlock()
	f(&m.p)
	if m.fn == nil || m.closed {
		return
	}
	if now := time.Now(); force || now.Sub(m.last) >= reportEvery {
		m.last = now
		m.owe()
	}
}

// owe asks the reporter for a report, unless one is owed already; m.mu
// must be held.
func (m *Meter) owe() {
	select {
	case m.due <- struct{}{}:
	default:
	}
}

// flush reports the progress as it stands, at the end of a sync, and
// returns once every report has been delivered.
func (m *Meter) flush() {
	if m.fn == nil {
		return
	}
	m.mu.Lock()
	if !m.closed {
		m.closed = true
		m.owe()
		close(m.due)
	}
	m.mu.Unlock()
	<-m.done
}
