package demo

import (
	"iter"

	"github.com/cabinetapp/cabinet/district"
)

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
	if err := ahead(d.Observations(), s.PutObservation); err != nil {
		return err
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
	return ahead(d.Usage(), s.PutUsage)
}

// chunkRows is how many rows the generator hands over at a time.
const chunkRows = 1024

// ahead generates seq's rows on a goroutine of its own and puts them one by
// one on the caller's, so that on a second core the next rows are made
// while the sink writes these: at the largest districts making the rows
// takes a fifth of the time of writing them. It returns once the generator
// has stopped.
func ahead[T any](seq iter.Seq[T], put func(T) error) error {
	chunks, free, stop := make(chan []T, 4), make(chan []T, 6), make(chan struct{})
	go func() {
		defer close(chunks)
		chunk := make([]T, 0, chunkRows)
		send := func() bool {
			select {
			case chunks <- chunk:
			case <-stop:
				return false
			}
			select {
			case chunk = <-free:
			default:
				chunk = make([]T, 0, chunkRows)
			}
			return true
		}
		for v := range seq {
			if chunk = append(chunk, v); len(chunk) == chunkRows && !send() {
				return
			}
		}
		if len(chunk) > 0 {
			send()
		}
	}()
	defer func() {
		close(stop)
		for range chunks { // until the generator has stopped
		}
	}()
	for chunk := range chunks {
		for _, v := range chunk {
			if err := put(v); err != nil {
				return err
			}
		}
		select {
		case free <- chunk[:0]:
		default:
		}
	}
	return nil
}
