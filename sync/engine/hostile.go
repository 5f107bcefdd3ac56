package engine

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/sync/rest"
)

// What the engine does against a server it cannot trust, kept apart from
// the sync's flow: the listing limits every kind takes as settings, the
// check that an environment variable's name is a name, the cleaning of
// every message before it is shown or stored, and panics turned into
// failed syncs.

// Settings every kind takes, besides its own: the most pages and items
// read from one listing, and the longest a sync of the source may take.
const (
	OptMaxPages = "max_pages"
	OptMaxItems = "max_items"
	OptDeadline = "deadline"
)

// CommonOptions are the settings every kind takes besides its Options.
var CommonOptions = []Option{
	{Name: OptMaxPages, Usage: fmt.Sprintf("the most pages read from one collection (default %d)", rest.DefaultLimits.MaxPages),
		Check: func(v string) error { _, err := limit(OptMaxPages, v); return err }},
	{Name: OptMaxItems, Usage: fmt.Sprintf("the most items read from one collection (default %d)", rest.DefaultLimits.MaxItems),
		Check: func(v string) error { _, err := limit(OptMaxItems, v); return err }},
	{Name: OptDeadline, Usage: fmt.Sprintf("the longest a sync of the source may take, such as 90s, 20m or 1h (default %s)", rest.Span(DefaultDeadline)),
		Check: func(v string) error { _, err := deadline(v); return err }},
}

// deadline reads a source's deadline setting; "" is none.
func deadline(v string) (time.Duration, error) {
	if v == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(strings.TrimSpace(v))
	if err != nil || d < time.Second || d > 24*time.Hour {
		return 0, fmt.Errorf("%s %q is not a length of time from 1s to 24h, such as 90s, 20m or 1h", OptDeadline, v)
	}
	return d, nil
}

// deadlineOf is the longest a sync of the named source may take.
func (e *Engine) deadlineOf(name string) time.Duration {
	if cfg, err := e.Source(name); err == nil {
		if d, err := deadline(cfg.Options[OptDeadline]); err == nil && d > 0 {
			return d
		}
	}
	return e.opts.Deadline
}

// limit reads a listing limit; "" is the default.
func limit(name, v string) (int64, error) {
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 1 || n > 1<<40 {
		return 0, fmt.Errorf("%s %q is not a whole number of at least 1", name, v)
	}
	return n, nil
}

// limits are a source's listing limits.
func limits(cfg SourceConfig) rest.Limits {
	pages, _ := limit(OptMaxPages, cfg.Options[OptMaxPages])
	items, _ := limit(OptMaxItems, cfg.Options[OptMaxItems])
	return rest.Limits{MaxPages: pages, MaxItems: items}
}

// kindOptions are the settings a kind's source may have: its own, then
// the common ones.
func kindOptions(k Kind) []Option { return slices.Concat(k.Options, CommonOptions) }

var envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// checkEnvName refuses a variable name that is not one. The value is not
// repeated: a person who typed the secret itself there must not see it
// echoed, logged or stored.
func checkEnvName(name string) error {
	if name == "" || envName.MatchString(name) {
		return nil
	}
	return fmt.Errorf("what was given as the environment variable's name is not a name (letters, digits and _, not starting with a digit); if it is the secret itself, put it in the secret field instead, and nothing was saved")
}

// MessageLimit is how long a message stored in the sync log may be.
const MessageLimit = 600

// clean makes a message fit to show and store: the secret redacted in
// every form (the redactor finds it in base64 whatever user name or client
// ID it is paired with), and each piece of a private key it holds, then
// control characters and escape sequences out, then cut short.
func clean(secret, msg string) string {
	return redactor(secret).Clean(msg, MessageLimit)
}

// redactor takes a source's secret out of text in every form, and each
// piece of a private key it holds.
func redactor(secret string) *rest.Redactor {
	return rest.NewRedactor(append([]string{secret}, rest.KeyPieces(secret)...), nil)
}

// cleanAll cleans each of a sync's notes.
func cleanAll(secret string, notes []string) []string {
	for i, n := range notes {
		notes[i] = clean(secret, n)
	}
	return notes
}

// syncSafely runs a source's Sync, turning a panic into an error so the
// transaction is rolled back and the program goes on.
func syncSafely(ctx context.Context, src Source, w *cache.Writer, req Request) (pos Position, err error) {
	defer rest.Recover(&err)
	return src.Sync(ctx, w, req)
}

// afterFailure empties the cache's write-ahead log of what a failed or
// cancelled sync wrote and rolled back.
func (e *Engine) afterFailure(ctx context.Context, outcome string) {
	if outcome == cache.OutcomeFailed || outcome == cache.OutcomeCancelled {
		e.cache.Checkpoint(context.WithoutCancel(ctx))
	}
}

// PageSize reads a page-size option: def when empty, else a whole number
// from 1 to most, since a server caps its pages and a larger ask is refused
// or silently cut.
func PageSize(name, text string, def, most int) (int, error) {
	if text == "" {
		return def, nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(text))
	if err != nil || n < 1 || n > most {
		return 0, fmt.Errorf("%s %q is not a whole number from 1 to %d", name, text, most)
	}
	return n, nil
}
