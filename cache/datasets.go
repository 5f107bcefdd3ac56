package cache

import (
	"fmt"
	"slices"
	"time"

	"github.com/cabinetapp/cabinet/district"
)

// Datasets a sync may clear and refill within a Change write.
const (
	DatasetSchools      = "schools"
	DatasetMetrics      = "metrics"
	DatasetObservations = "observations"
	DatasetBudget       = "budget"
	DatasetProducts     = "products"
	DatasetUsage        = "usage"
)

// clearable maps a dataset to its table.
var clearable = map[string]string{
	DatasetSchools:      "schools",
	DatasetMetrics:      "metrics",
	DatasetObservations: "observations",
	DatasetBudget:       "budget_lines",
	DatasetProducts:     "products",
	DatasetUsage:        "product_usage",
}

// Clear deletes everything the source holds of one dataset, inside the
// write: an incremental sync uses it to replace a collection that changed
// as a whole, or to start a listing again when the server no longer knows
// its cursor. What the write puts afterwards is all that remains.
func (w *Writer) Clear(dataset string) error {
	table, ok := clearable[dataset]
	if !ok {
		return fmt.Errorf("clearing %s: unknown dataset %q", w.src.Name, dataset)
	}
	if err := w.observations.flush(); err != nil {
		return err
	}
	if err := w.usage.flush(); err != nil {
		return err
	}
	// The staging file holds this source's rows alone.
	if _, err := w.tx.ExecContext(w.ctx, "DELETE FROM "+table); err != nil {
		return fmt.Errorf("clearing %s's %s: %w", w.src.Name, dataset, err)
	}
	if !slices.Contains(w.cleared, table) {
		w.cleared = append(w.cleared, table)
	}
	if dataset == DatasetMetrics {
		// Observations written next are checked against the catalogue
		// the source is about to send, not the one just cleared.
		w.metrics = map[string]district.Metric{}
		for _, m := range district.Catalogue() {
			w.metrics[m.ID] = m
		}
	}
	// A cleared collection of observations touches each metric's
	// coverage; the apply recomputes every dataset the source held.
	if dataset != DatasetObservations {
		w.touched[dataset] = true
	}
	return nil
}

// DeleteUsage removes one month of a product's use, if present.
func (w *Writer) DeleteUsage(product, school string, period time.Time) error {
	return w.deleteRow(w.usage, DatasetUsage, "use of "+product, productKeys, product, school, period)
}
