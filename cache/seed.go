package cache

import (
	"context"

	"github.com/cabinetapp/cabinet/district/demo"
)

// DemoSource is the source the demo district is written as.
var DemoSource = Source{Name: "demo", Kind: DemoKind, Priority: 1000}

// SeedDemo writes a generated demo district into the cache, replacing any
// earlier demo. Real sources' data are left alone.
func (c *Cache) SeedDemo(ctx context.Context, d *demo.District) error {
	return c.Write(ctx, DemoSource, Replace, func(w *Writer) error {
		if err := w.SetProfile(d.Profile()); err != nil {
			return err
		}
		for _, s := range d.Schools() {
			if err := w.PutSchool(s); err != nil {
				return err
			}
		}
		for _, m := range d.Metrics() {
			if err := w.PutMetric(m); err != nil {
				return err
			}
		}
		for o := range d.Observations() {
			if err := w.PutObservation(o); err != nil {
				return err
			}
		}
		for _, b := range d.Budget() {
			if err := w.PutBudgetLine(b); err != nil {
				return err
			}
		}
		for _, p := range d.Products() {
			if err := w.PutProduct(p); err != nil {
				return err
			}
		}
		for u := range d.Usage() {
			if err := w.PutUsage(u); err != nil {
				return err
			}
		}
		return nil
	})
}
