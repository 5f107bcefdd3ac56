package cache

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/cabinetapp/cabinet/district"
)

// A warehouse reloading its tables answers with empty collections for a
// few minutes; a sync that believed it would throw away what the cache
// holds and call the result fresh. So the apply counts the source's rows
// of each dataset it may take rows from, before and after, and a sync
// that would empty one or leave less than half of it is rolled back,
// unless the person accepted the removal (Writer.AcceptRemovals).

// counted are the datasets a source's rows are counted in, in the order
// Counts lists them: the table, and the noun a person reads.
var counted = []struct{ dataset, table, noun string }{
	{DatasetSchools, "schools", "schools"},
	{DatasetMetrics, "metrics", "metrics"},
	{DatasetObservations, "observations", "observations"},
	{DatasetBudget, "budget_lines", "budget lines"},
	{DatasetProducts, "products", "products"},
	{DatasetUsage, "product_usage", "months of product use"},
}

// countRows counts the source's rows of the datasets counted[i] for each
// i in which, in one query.
func countRows(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, source string, which []int) ([]int, error) {
	if len(which) == 0 {
		return nil, nil
	}
	parts := make([]string, len(which))
	n := make([]int, len(which))
	dest := make([]any, len(which))
	for i, d := range which {
		parts[i] = "(SELECT count(*) FROM main." + counted[d].table + " WHERE " + sourceIs(counted[d].table) + ")"
		dest[i] = &n[i]
	}
	if err := q.QueryRowContext(ctx, "SELECT "+strings.Join(parts, ", "), source).Scan(dest...); err != nil {
		return nil, err
	}
	return n, nil
}

// Removal is one dataset a sync would empty or more than halve.
type Removal struct {
	Dataset string // DatasetBudget, DatasetProducts, ...
	// Held is how many rows the source holds; Left how many the sync
	// would leave.
	Held, Left int
	// Replaced is true when the sync sent the dataset whole; false when
	// it deleted rows from it.
	Replaced bool
}

// Noun names the dataset's rows: "budget lines".
func (r Removal) Noun() string {
	for _, c := range counted {
		if c.dataset == r.Dataset {
			return c.noun
		}
	}
	return r.Dataset
}

// String says what the server sent: "no budget lines (the cache holds
// 32)", "only 1 of the 4 schools the cache holds", "deletions of 20 of
// the 28 products".
func (r Removal) String() string {
	n := func(v int) string { return district.Thousands(float64(v)) }
	switch {
	case !r.Replaced:
		return fmt.Sprintf("deletions of %s of the %s %s", n(r.Held-r.Left), n(r.Held), r.Noun())
	case r.Left == 0:
		return fmt.Sprintf("no %s (the cache holds %s)", r.Noun(), n(r.Held))
	}
	return fmt.Sprintf("only %s of the %s %s the cache holds", n(r.Left), n(r.Held), r.Noun())
}

// RemovalError is a sync refused because it would empty a dataset the
// source holds or remove more than half of it. Nothing of the sync was
// written; the source's data and their freshness are as they were.
type RemovalError struct {
	Source   string
	Removals []Removal
}

func (e *RemovalError) Error() string { return "the server sent " + e.Sent() + "; nothing was changed" }

// Sent lists what the server sent: "no budget lines (the cache holds 32)
// and no products (the cache holds 28)".
func (e *RemovalError) Sent() string {
	said := make([]string, len(e.Removals))
	for i, r := range e.Removals {
		said[i] = r.String()
	}
	if n := len(said); n > 1 {
		return strings.Join(said[:n-1], ", ") + " and " + said[n-1]
	}
	return strings.Join(said, "")
}

// AcceptRemovals lets this write empty a dataset or remove most of it: the
// person was told and accepted.
func (w *Writer) AcceptRemovals() { w.acceptRemovals = true }

// replaces reports whether the apply replaces the source's rows of a
// table with what the sync sent: all of them, or a month of observations.
func (a *applier) replaces(table string) bool {
	w := a.w
	return w.mode == Replace || slices.Contains(w.cleared, table) || (table == "observations" && len(w.months) > 0)
}

// removable lists the datasets (indexes into counted) this apply may take
// the source's rows from: those it replaces or deletes rows from.
func (a *applier) removable() []int {
	var out []int
	for i, c := range counted {
		if a.replaces(c.table) || a.w.deletes[c.table] {
			out = append(out, i)
		}
	}
	return out
}

// guard counts what the source holds of the datasets the apply may take
// rows from, and returns the check to run once the apply has copied the
// staged rows: it fails with a *RemovalError when a dataset would be
// emptied or more than halved. The demo district, and a write whose
// removals were accepted, are not held.
func (a *applier) guard() (check func() error, err error) {
	w := a.w
	which := a.removable()
	if w.acceptRemovals || w.src.Kind == DemoKind || len(which) == 0 {
		return func() error { return nil }, nil
	}
	before, err := countRows(a.ctx, a.tx, w.src.Name, which)
	if err != nil {
		return nil, fmt.Errorf("counting what %s holds: %w", w.src.Name, err)
	}
	return func() error {
		if !slices.ContainsFunc(before, func(n int) bool { return n > 0 }) {
			return nil // a first sync: nothing to lose
		}
		after, err := countRows(a.ctx, a.tx, w.src.Name, which)
		if err != nil {
			return fmt.Errorf("counting what %s would hold: %w", w.src.Name, err)
		}
		held := &RemovalError{Source: w.src.Name}
		for i, d := range which {
			if before[i] > 0 && 2*after[i] < before[i] {
				held.Removals = append(held.Removals, Removal{Dataset: counted[d].dataset, Held: before[i], Left: after[i], Replaced: a.replaces(counted[d].table)})
			}
		}
		if len(held.Removals) > 0 {
			return held
		}
		return nil
	}, nil
}
