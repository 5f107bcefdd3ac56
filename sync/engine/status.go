package engine

import (
	"context"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
)

// Status is what the cache knows of one source: the sync panel's row and
// `cabinet status`'s entry.
type Status struct {
	Name string
	Kind string
	URL  string
	// Demo is true for the generated demo district, which is not a
	// configured source.
	Demo bool
	// LastSuccess is the end of the last sync that succeeded or found
	// nothing new; zero if there was none.
	LastSuccess time.Time
	// Age is how old the data are: the time since LastSuccess.
	Age time.Duration
	// Stale is true when the data are older than the engine's StaleAfter.
	Stale bool
	// LastAttempt is the newest run of any outcome.
	LastAttempt *cache.Run
	Counts      cache.Counts
}

// Status lists every configured source, then the demo district if the
// cache holds it.
func (e *Engine) Status(ctx context.Context) ([]Status, error) {
	sources, err := e.Sources()
	if err != nil {
		return nil, err
	}
	now := time.Now()
	var out []Status
	add := func(st Status) error {
		counts, err := e.cache.Counts(ctx, st.Name)
		if err != nil {
			return err
		}
		st.Counts = counts
		if ok, found, err := e.cache.LastRun(ctx, st.Name, cache.OutcomeOK, cache.OutcomeUnchanged); err != nil {
			return err
		} else if found {
			st.LastSuccess = ok.Finished
		}
		if s, found := e.cache.SyncState(st.Name); found && s.SyncedAt.After(st.LastSuccess) {
			st.LastSuccess = s.SyncedAt
		}
		last, found, err := e.cache.LastRun(ctx, st.Name)
		if err != nil {
			return err
		}
		if found {
			st.LastAttempt = &last
		}
		if !st.LastSuccess.IsZero() {
			st.Age = now.Sub(st.LastSuccess).Round(time.Second)
			st.Stale = st.Age > e.opts.StaleAfter
		}
		out = append(out, st)
		return nil
	}
	for _, s := range sources {
		if err := add(Status{Name: s.Name, Kind: s.Kind, URL: s.URL}); err != nil {
			return nil, err
		}
	}
	for _, s := range e.cache.SyncStates() {
		if s.Kind == district.DemoKind {
			if err := add(Status{Name: s.Name, Kind: s.Kind, Demo: true}); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}
