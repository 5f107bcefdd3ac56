package cache

import (
	"context"
	"fmt"
)

// Counts is how many rows a source holds of each dataset.
type Counts struct {
	Schools      int `json:"schools"`
	Metrics      int `json:"metrics"`
	Observations int `json:"observations"`
	BudgetLines  int `json:"budget_lines"`
	Products     int `json:"products"`
	Usage        int `json:"product_usage"`
}

// Total is the sum of the counts.
func (n Counts) Total() int {
	return n.Schools + n.Metrics + n.Observations + n.BudgetLines + n.Products + n.Usage
}

// Counts says how many rows a source holds.
func (c *Cache) Counts(ctx context.Context, source string) (Counts, error) {
	n, err := countRows(ctx, c.read, source, []int{0, 1, 2, 3, 4, 5})
	if err != nil {
		return Counts{}, fmt.Errorf("counting what %s holds: %w", source, err)
	}
	return Counts{Schools: n[0], Metrics: n[1], Observations: n[2], BudgetLines: n[3], Products: n[4], Usage: n[5]}, nil
}

// LastRun returns a source's newest run with one of the outcomes, or any
// outcome when none is given; ok is false when there is none.
func (c *Cache) LastRun(ctx context.Context, source string, outcomes ...string) (Run, bool, error) {
	runs, err := c.runs(ctx, source, outcomes, 1)
	if err != nil || len(runs) == 0 {
		return Run{}, false, err
	}
	return runs[0], true, nil
}
