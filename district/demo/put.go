package demo

import "github.com/cabinetapp/cabinet/district"

// Sink takes a district's rows one by one: the cache's writer is one.
type Sink interface {
	SetProfile(district.Profile) error
	PutSchool(district.School) error
	PutMetric(district.Metric) error
	PutObservation(district.Observation) error
	PutBudgetLine(district.BudgetLine) error
	PutProduct(district.Product) error
	PutUsage(district.ProductUsage) error
}

// Put writes the whole district into s: its profile, schools, metric
// catalogue, observations, budget, products and product use.
func (d *District) Put(s Sink) error {
	if err := s.SetProfile(d.Profile()); err != nil {
		return err
	}
	for _, sc := range d.Schools() {
		if err := s.PutSchool(sc); err != nil {
			return err
		}
	}
	for _, m := range d.Metrics() {
		if err := s.PutMetric(m); err != nil {
			return err
		}
	}
	for o := range d.Observations() {
		if err := s.PutObservation(o); err != nil {
			return err
		}
	}
	for _, b := range d.Budget() {
		if err := s.PutBudgetLine(b); err != nil {
			return err
		}
	}
	for _, p := range d.Products() {
		if err := s.PutProduct(p); err != nil {
			return err
		}
	}
	for u := range d.Usage() {
		if err := s.PutUsage(u); err != nil {
			return err
		}
	}
	return nil
}
