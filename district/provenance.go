package district

import (
	"errors"
	"time"
)

// DemoKind is the kind of source the generated demo district is written as.
const DemoKind = "demo"

// Provenance says where a number came from and how fresh it is.
type Provenance struct {
	Source   string
	Kind     string
	SyncedAt time.Time
	// First and Last are the oldest and newest months (or fiscal years, for
	// the budget) the source holds of the dataset.
	First, Last time.Time
}

// Demo reports whether the data is the generated demo district.
func (p Provenance) Demo() bool { return p.Kind == DemoKind }

// ErrNoData is returned by reads of a dataset no source has supplied.
var ErrNoData = errors.New("no data")

// ErrNotFound is returned for a deck or annotation that is not stored.
var ErrNotFound = errors.New("not found")

// ErrConflict is returned for an edit of a deck that changed after the
// editor read it: the edit is refused, and nothing is written.
var ErrConflict = errors.New("it was changed in another window or program after it was opened, so this change was not saved")

// MetricDataset names the dataset of a metric's observations, as a reader's
// Provenance takes it; the other datasets are "profile", "schools",
// "budget", "products" and "usage".
func MetricDataset(id string) string { return "metric:" + id }
