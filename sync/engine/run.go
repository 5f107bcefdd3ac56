package engine

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/sync/rest"
)

// SyncOptions say how to run a sync.
type SyncOptions struct {
	// Full fetches everything again instead of only what changed.
	Full bool
	// ReplaceHistory lets a sync from a source whose address now names
	// another server replace what the old server sent. Without it such a
	// sync fails with ErrServerChanged and changes nothing: connectors that
	// record the present state of a system cannot send past months again.
	ReplaceHistory bool
	// AcceptRemovals lets a sync empty a dataset the source holds, or
	// remove more than half of its rows. Without it such a sync fails with
	// a *cache.RemovalError (wrapped) and changes nothing: a server
	// reloading its tables sends empty collections for a while.
	AcceptRemovals bool
	// Progress, if set, receives the sync's progress at most every 100 ms,
	// on a goroutine of its own, one call at a time for each source; a UI
	// hands it to its own thread. The last call for a source is made
	// before its Sync returns. In SyncAll several sources report at once.
	Progress func(Progress)
	// Finished, if set, receives each source's Result in SyncAll as the
	// source finishes, one at a time.
	Finished func(Result)
}

// Result is how one source's sync ended.
type Result struct {
	Source  string
	Outcome string // cache.OutcomeOK, OutcomeUnchanged, OutcomeFailed or OutcomeCancelled
	// Full is true when everything was fetched, not only changes.
	Full     bool
	Records  int
	Pages    int
	Bytes    int64
	Started  time.Time
	Finished time.Time
	// Err says what went wrong in one sentence that names the source; nil
	// when the sync succeeded or found nothing new.
	Err error
	// Notes are what the person syncing should know of a sync that
	// succeeded, one sentence each: schools that match none of Cabinet's,
	// figures that could not be worked out. The sync log keeps them.
	Notes []string
}

// Error is a failed sync or test: one sentence naming the source and the
// cause, with the source's secret taken out.
type Error struct {
	Source string
	msg    string
	err    error
}

func (e *Error) Error() string { return e.Source + ": " + e.msg }

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.err }

func sourceError(source, secret string, err error) *Error {
	return &Error{Source: source, msg: clean(secret, err.Error()), err: err}
}

// ErrRunning is returned when a source is already syncing.
var ErrRunning = errors.New("a sync of this source is already running")

// ErrServerChanged is returned (wrapped) by a sync refused because the
// source's address names another server than the one its data came from.
var ErrServerChanged = errors.New("the source's address names another server than the one its data came from")

// Parallel is how many sources SyncAll syncs at once: enough that one
// slow server does not hold the others, few enough for a laptop's
// network and the cache's one writer.
const Parallel = 3

// SyncAll syncs every configured source, the "Sync now" action: the
// sources of each kind's Order side by side, Parallel at a time, and
// those of one Order only once all of the Order before have finished, so
// that the sources whose schools others map to come first. Results come
// back in SyncOrder. Once ctx is cancelled the sources not yet started
// are skipped.
func (e *Engine) SyncAll(ctx context.Context, o SyncOptions) ([]Result, error) {
	sources, err := e.SyncOrder()
	if err != nil {
		return nil, err
	}
	results := make([]*Result, len(sources))
	var mu sync.Mutex // one Finished at a time
	for start := 0; start < len(sources); {
		order := e.kinds[sources[start].Kind].Order
		end := start
		for end < len(sources) && e.kinds[sources[end].Kind].Order == order {
			end++
		}
		slots := make(chan struct{}, Parallel)
		var wg sync.WaitGroup
		for i := start; i < end && ctx.Err() == nil; i++ {
			slots <- struct{}{}
			wg.Go(func() {
				defer func() { <-slots }()
				res := e.Sync(ctx, sources[i].Name, o)
				results[i] = &res
				if o.Finished != nil {
					mu.Lock()
					defer mu.Unlock()
					o.Finished(res)
				}
			})
		}
		wg.Wait()
		start = end
	}
	var out []Result
	for _, r := range results {
		if r != nil {
			out = append(out, *r)
		}
	}
	return out, nil
}

// SyncOrder lists the configured sources in the order to sync them: by
// their kind's Order, then by name. Sources whose schools others map to
// go first, so the others find them on the very first sync.
func (e *Engine) SyncOrder() ([]SourceConfig, error) {
	sources, err := e.Sources()
	if err != nil {
		return nil, err
	}
	order := func(s SourceConfig) int { return e.kinds[s.Kind].Order }
	slices.SortStableFunc(sources, func(a, b SourceConfig) int { return cmp.Compare(order(a), order(b)) })
	return sources, nil
}

// Sync syncs one source: everything when o.Full is set or the source has
// no stored position, otherwise only what changed. Whatever happens, the
// cache holds either the source's last good data or all of the new, and
// the run is written to the sync log. Cancel ctx to stop it.
func (e *Engine) Sync(ctx context.Context, name string, o SyncOptions) Result {
	res := Result{Source: name, Started: time.Now()}
	meter := newMeter(name, o.Progress)
	limit := e.deadlineOf(name)
	deadline, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	secret, err := e.syncSource(deadline, name, o, meter, &res)
	meter.flush()
	p := meter.snapshot()
	res.Pages, res.Bytes, res.Finished = p.Pages, p.Bytes, time.Now()
	switch {
	case err == nil:
	case ctx.Err() != nil:
		res.Outcome = cache.OutcomeCancelled
		res.Err = &Error{Source: name, msg: "the sync was cancelled; the last good data are kept", err: ctx.Err()}
	case errors.Is(deadline.Err(), context.DeadlineExceeded):
		res.Outcome = cache.OutcomeFailed
		res.Err = &Error{Source: name, msg: fmt.Sprintf("the sync took longer than %s and was stopped; the last good data are kept; if the source needs longer, raise its %s setting", rest.Span(limit), OptDeadline), err: deadline.Err()}
	default:
		res.Outcome = cache.OutcomeFailed
		res.Err = sourceError(name, secret, err)
	}
	if res.Outcome != cache.OutcomeOK && res.Outcome != cache.OutcomeUnchanged {
		res.Records = 0
	}
	run := cache.Run{Source: name, Started: res.Started, Finished: res.Finished, Outcome: res.Outcome, Records: res.Records, Bytes: res.Bytes}
	if res.Err != nil {
		run.Message = res.Err.Error()
	} else {
		res.Notes = cleanAll(secret, meter.allNotes())
		run.Message = strings.Join(res.Notes, " ")
	}
	if lerr := e.cache.LogRun(context.WithoutCancel(ctx), run); lerr != nil && res.Err == nil {
		res.Outcome, res.Err = cache.OutcomeFailed, sourceError(name, secret, lerr)
	}
	e.afterFailure(ctx, res.Outcome)
	return res
}

// syncSource does the work of Sync and returns the secret it used, so the
// caller can keep it out of messages.
func (e *Engine) syncSource(ctx context.Context, name string, o SyncOptions, meter *Meter, res *Result) (secret string, err error) {
	defer rest.Recover(&err)
	if !e.claim(name) {
		return "", ErrRunning
	}
	defer e.release(name)
	cfg, err := e.Source(name)
	if err != nil {
		return "", errors.Unwrap(err)
	}
	kind, err := e.kind(cfg.Kind)
	if err != nil {
		return "", err
	}
	src, secret, err := e.open(cfg, kind, meter)
	if err != nil {
		return secret, err
	}
	prev, synced := e.cache.SyncState(name)
	since := Position{Cursor: prev.Cursor}
	var st state
	if synced && json.Unmarshal([]byte(prev.State), &st) == nil {
		since.State = st.Kind
	}
	// A new server or kind makes the stored position meaningless, and
	// replaces the history the old one sent: only when asked to. An
	// address written another way (a "/" at the end, capitals in the
	// host) is the same server.
	moved := synced && st.URL != "" && !sameServer(st.URL, cfg.URL)
	if moved && !o.ReplaceHistory {
		return secret, fmt.Errorf("%w: its data came from %s and it now points at %s; syncing would replace the history kept from the old server, which may not be sent again. Sync with --replace-history (in the app: confirm) to do so, or change the address back", ErrServerChanged, st.URL, cfg.URL)
	}
	fresh := !synced || prev.Kind != cfg.Kind || moved
	res.Full = o.Full || fresh
	mode := cache.Change
	if res.Full {
		since = Position{}
		// Snapshots of months gone by cannot be fetched again: only a new
		// server or kind replaces them.
		if fresh || !kind.Snapshots {
			mode = cache.Replace
		}
	}
	unchanged := false
	// The source's names are kept with its credential taken out, should
	// a server echo it there.
	err = e.cache.Write(ctx, cache.Source{Name: name, Kind: cfg.Kind, Priority: kind.Priority, Ranks: kind.Ranks, Redact: redactor(secret).Secrets}, mode, func(w *cache.Writer) error {
		if o.AcceptRemovals {
			w.AcceptRemovals()
		}
		pos, err := syncSafely(ctx, src, w, Request{Full: res.Full, Since: since, Meter: meter})
		if errors.Is(err, cache.ErrUnchanged) {
			unchanged = true
			return err
		}
		if err != nil {
			return err
		}
		b, err := json.Marshal(state{URL: cfg.URL, Kind: pos.State})
		if err != nil {
			return err
		}
		w.SetCursor(pos.Cursor)
		w.SetState(string(b))
		res.Records = w.Records()
		return nil
	})
	var held *cache.RemovalError
	switch {
	case errors.As(err, &held):
		err = fmt.Errorf("%w. If the removal is meant, sync again with 'cabinet sync --accept-removals' (in the app: accept the removal)", err)
	case err != nil:
	case unchanged:
		res.Outcome = cache.OutcomeUnchanged
	default:
		res.Outcome = cache.OutcomeOK
	}
	return secret, err
}

// sameServer reports whether two addresses name the same server and path:
// scheme and host compared without regard to case, a default port taken as
// written out, and a "/" at the end of the path ignored.
func sameServer(a, b string) bool {
	return normaliseURL(a) == normaliseURL(b)
}

func normaliseURL(s string) string {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil {
		return s
	}
	u.Scheme = strings.ToLower(u.Scheme)
	host, port := strings.ToLower(u.Hostname()), u.Port()
	if (u.Scheme == "https" && port == "443") || (u.Scheme == "http" && port == "80") {
		port = ""
	}
	u.Host = host
	if port != "" {
		u.Host = net.JoinHostPort(host, port)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u.String()
}

// state is what the engine stores in the cache's state column: the address
// the position belongs to, and the kind's own state.
type state struct {
	URL  string `json:"url"`
	Kind string `json:"kind,omitempty"`
}

func (e *Engine) claim(name string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.running[name] {
		return false
	}
	e.running[name] = true
	return true
}

func (e *Engine) release(name string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	delete(e.running, name)
}

// open finds the source's secret and opens it through its kind.
func (e *Engine) open(cfg SourceConfig, kind Kind, meter *Meter) (Source, string, error) {
	secret, err := e.secret(cfg, kind)
	if err != nil {
		return nil, "", err
	}
	src, err := kind.Open(Settings{Name: cfg.Name, URL: cfg.URL, Options: cfg.Options, Secret: secret, HTTP: e.httpConfig(cfg, meter)})
	return src, secret, err
}

// Test checks a source's settings without saving them or writing to the
// cache: the "Test connection" button. An empty secret uses the stored one.
// It returns a short description of what answered.
func (e *Engine) Test(ctx context.Context, cfg SourceConfig, secret string) (what string, err error) {
	defer rest.Recover(&err)
	switch {
	case secret != "":
		cfg.SecretEnv, cfg.Keyring = "", false
	case cfg.SecretEnv == "" && !cfg.Keyring:
		// As when saving: no new secret means the one stored for the source.
		if stored, err := e.Source(cfg.Name); err == nil {
			cfg.Keyring = stored.Keyring
		}
	}
	if err := e.check(cfg); err != nil {
		return "", sourceError(cfg.Name, secret, err)
	}
	kind, _ := e.kind(cfg.Kind)
	var src Source
	if secret != "" {
		src, err = kind.Open(Settings{Name: cfg.Name, URL: cfg.URL, Options: cfg.Options, Secret: secret, HTTP: e.httpConfig(cfg, newMeter(cfg.Name, nil))})
	} else {
		src, secret, err = e.open(cfg, kind, newMeter(cfg.Name, nil))
	}
	if err != nil {
		return "", sourceError(cfg.Name, secret, err)
	}
	ctx, cancel := context.WithTimeout(ctx, e.opts.Deadline)
	defer cancel()
	what, err = src.Test(ctx)
	if err != nil {
		return "", sourceError(cfg.Name, secret, err)
	}
	return what, nil
}
