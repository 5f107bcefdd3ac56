// Package engine runs Cabinet's sync sources: it keeps their settings in
// the data folder and their secrets in the keyring (or names an environment
// variable), opens each source through its kind, applies what it fetches in
// one cache transaction, reports progress, and writes every run to the sync
// log with its error in one plain sentence.
//
// Kinds of source (the Summary API, Snipe-IT, OneRoster, ...) live in their
// own packages and are handed to New; the engine knows none of them. A new
// kind is a package with a function returning a Kind whose Open makes a
// Source: Test reads something cheap with the credential; Sync builds a
// client with rest.New(settings.HTTP), fetches, and puts rows through the
// cache.Writer it is given (Clear replaces a dataset within an incremental
// sync), reporting on req.Meter and returning the Position to resume from,
// or cache.ErrUnchanged. The engine opens and commits the transaction,
// picks full or incremental, keeps the secret, logs the run and words the
// error; see sync/summaryapi for a complete kind.
//
// Connectors that read a system directly (sync/snipeit, sync/oneroster)
// add three things to a Kind: Ranks, so a source can rank apart for one
// dataset (OneRoster's schools come after a Summary API's, its enrolment
// before); Order, so sources whose schools others map to sync first; and
// Snapshots, for data that are the present state of a system recorded as
// this month's figures, which a full sync must not throw away. Their
// schools are mapped to Cabinet's through sync/schoolmatch, and what a
// person should know after a sync (schools that match none) goes through
// Meter.Note into the Result and the sync log.
package engine

import (
	"crypto/x509"
	"fmt"
	"os"
	"sort"
	"sync"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/sync/rest"
)

// Options set up an Engine. Zero fields take the defaults.
type Options struct {
	// Kinds are the kinds of source this Cabinet can sync.
	Kinds []Kind
	// Version goes into the User-Agent: "Cabinet/<version>".
	Version string
	// Keyring keeps secrets; nil means the operating system's keyring.
	Keyring Keyring
	// Getenv reads environment variables; nil means os.Getenv.
	Getenv func(string) string
	// HTTP overrides the shared client's timeouts, retries and size limit.
	HTTP HTTPOptions
	// Deadline bounds a whole sync of one source, unless the source's
	// deadline setting says otherwise; 0 means DefaultDeadline.
	Deadline time.Duration
	// StaleAfter is the age past which a source's data is called stale; 0
	// means 7 days.
	StaleAfter time.Duration
}

// HTTPOptions are the settings of the client every source shares.
type HTTPOptions struct {
	Timeout          time.Duration
	Retries          int
	MinWait, MaxWait time.Duration
	MaxBody          int
	// RootCAs, if set, replace the system's certificate authorities.
	RootCAs *x509.CertPool
	// LowSpeedLimit and LowSpeedTime: a response that delivers less than
	// LowSpeedLimit bytes a second for LowSpeedTime is abandoned (1 KiB/s
	// and 20 s unless set).
	LowSpeedLimit int
	LowSpeedTime  time.Duration
	// SlowRate and SlowTime: a source whose server delivers less than
	// SlowRate bytes a second over SlowTime of waiting for it is
	// abandoned (4 KB/s and 2 minutes unless set).
	SlowRate int
	SlowTime time.Duration
}

// DefaultDeadline bounds a whole sync of one source unless its deadline
// setting says otherwise: a server that is slow but not stalled must not
// hold the person, or the sources after it, for an hour.
const DefaultDeadline = 10 * time.Minute

// DefaultStaleAfter is the age past which data is marked stale.
const DefaultStaleAfter = 7 * 24 * time.Hour

// Engine syncs the sources configured in one data folder into one cache.
type Engine struct {
	dir   string
	cache *cache.Cache
	opts  Options
	kinds map[string]Kind

	mu      sync.Mutex // guards the config file and running
	running map[string]bool
}

// New makes an engine for the data folder dir and the cache in it.
func New(dir string, c *cache.Cache, opts Options) *Engine {
	if opts.Keyring == nil {
		opts.Keyring = SystemKeyring{}
	}
	if opts.Getenv == nil {
		opts.Getenv = os.Getenv
	}
	if opts.Deadline <= 0 {
		opts.Deadline = DefaultDeadline
	}
	if opts.StaleAfter <= 0 {
		opts.StaleAfter = DefaultStaleAfter
	}
	e := &Engine{dir: dir, cache: c, opts: opts, kinds: map[string]Kind{}, running: map[string]bool{}}
	for _, k := range opts.Kinds {
		e.kinds[k.Name] = k
	}
	return e
}

// Kinds lists the kinds of source, by name.
func (e *Engine) Kinds() []Kind {
	out := make([]Kind, 0, len(e.kinds))
	for _, k := range e.kinds {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func (e *Engine) kind(name string) (Kind, error) {
	k, ok := e.kinds[name]
	if !ok {
		return Kind{}, fmt.Errorf("the kind %q is not one this Cabinet knows (%s)", name, e.kindNames())
	}
	return k, nil
}

func (e *Engine) kindNames() string {
	s := ""
	for i, k := range e.Kinds() {
		if i > 0 {
			s += ", "
		}
		s += k.Name
	}
	return s
}

// httpConfig is the shared client set-up for one source.
func (e *Engine) httpConfig(cfg SourceConfig, m *Meter) rest.Config {
	h := e.opts.HTTP
	version := e.opts.Version
	if version == "" {
		version = "dev"
	}
	return rest.Config{
		BaseURL:   cfg.URL,
		UserAgent: "Cabinet/" + version,
		Timeout:   h.Timeout,
		Retries:   retries(h.Retries),
		MinWait:   h.MinWait,
		MaxWait:   h.MaxWait,
		MaxBody:   h.MaxBody,
		RootCAs:   h.RootCAs,
		OnRetry:   m.retried,

		LowSpeedLimit: h.LowSpeedLimit,
		LowSpeedTime:  h.LowSpeedTime,
		SlowRate:      h.SlowRate,
		SlowTime:      h.SlowTime,
		Waiting:       m.waiting,
		Limits:        limits(cfg),
	}
}

// retries maps the option (0 for the default, negative for none) to rest's.
func retries(n int) int {
	switch {
	case n == 0:
		return rest.Defaults.Retries
	case n < 0:
		return 0
	}
	return n
}
