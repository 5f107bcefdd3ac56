package engine

import (
	"context"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/sync/rest"
)

// Kind is a kind of source. Adding one is a package that returns a Kind and
// one line where the program lists its kinds; the engine does not change.
type Kind struct {
	// Name is how sources and the command line name the kind: "summaryapi".
	Name string
	// Title is the kind's name as people read it: "District Summary API".
	Title string
	// Priority ranks the kind's data against other sources' of the same
	// dataset: the lowest is shown. Connectors that read a system directly
	// rank before a summary feed.
	Priority int
	// Ranks overrides Priority for some datasets: OneRoster's enrolment
	// ranks before a summary feed's, its schools after the feed's, whose
	// other figures name them.
	Ranks map[string]int
	// Order places the kind's sources in SyncAll, lowest first: sources
	// whose schools others map to sync before those that map to them.
	Order int
	// Snapshots is true for kinds that record the present state of a
	// system (device counts, enrolment) as the current month's figures,
	// which the system cannot give again for months gone by. A full sync
	// of such a source fetches everything but keeps the earlier months;
	// only a new address or kind starts it afresh.
	Snapshots bool
	// Secret names the credential in messages and forms: "token".
	Secret string
	// SecretFile, if set, names the option that may give the full path of
	// a file holding the secret, in place of the keyring or an environment
	// variable: a key file a system issues, such as a Google service
	// account's. The file must be readable by its owner only; it is read
	// at each sync and test, and never copied.
	SecretFile string
	// DefaultURL is the address of a source that gives none: a cloud
	// service's own.
	DefaultURL string
	// Options are settings the kind needs besides the address.
	Options []Option
	// Open prepares a source for one sync or test. It does no I/O.
	Open func(Settings) (Source, error)
}

// Option is a setting of a kind, stored in the source's config.
type Option struct {
	Name     string
	Usage    string
	Required bool
	// Check, if set, says what is wrong with a value.
	Check func(value string) error
}

// Settings are what Open gets: the source's config with its secret and the
// shared HTTP set-up.
type Settings struct {
	Name    string
	URL     string
	Options map[string]string
	// Secret is the credential; "" when the source has none.
	Secret string
	// HTTP is the shared client set-up for the source's URL. A kind that
	// sends the secret as a bearer token sets HTTP.Token itself.
	HTTP rest.Config
}

// Source is an opened source.
type Source interface {
	// Test checks that the server answers and accepts the credential,
	// writing nothing, and says what it found in a short sentence.
	Test(ctx context.Context) (string, error)
	// Sync fetches the source's data and puts it through w, inside the
	// sync's one transaction. It returns the position to store with the
	// data for the next incremental sync, or cache.ErrUnchanged when the
	// server reported nothing new. It must not call w.SetCursor or
	// w.SetState: the engine stores the position.
	Sync(ctx context.Context, w *cache.Writer, req Request) (Position, error)
}

// Request says how to sync.
type Request struct {
	// Full is true when everything must be fetched; Since is then empty.
	// The source's data were cleared first, except a Snapshots kind's
	// earlier months on a full sync that only the user asked for.
	Full bool
	// Since is the position the last sync stored.
	Since Position
	// Meter takes the progress.
	Meter *Meter
}

// Position is a source's own record of how far it has synced, such as
// cursors and ETags. The engine stores it with the data and hands it back.
type Position struct {
	Cursor string
	State  string
}
