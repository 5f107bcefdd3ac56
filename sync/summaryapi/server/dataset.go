package server

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"iter"
	"slices"
	"sort"
	"time"

	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/district/demo"
	"github.com/cabinetapp/cabinet/sync/summaryapi/wire"
)

// Dataset is a district's data as the server lists it. The paged
// collections come in key order (metric or product, then school with the
// district first, then period), starting after a given key, so a page never
// needs the whole collection in memory.
type Dataset interface {
	// Epoch identifies the data: the same data give the same epoch.
	Epoch() string
	Profile() district.Profile
	Schools() []district.School
	Metrics() []district.Metric
	Budget() []district.BudgetLine
	Products() []district.Product
	// Observations yields the observations whose keys come after `after`;
	// the zero key starts at the beginning.
	Observations(after wire.ObservationKey) iter.Seq[district.Observation]
	// Usage yields the months of product use whose keys come after `after`.
	Usage(after wire.UsageKey) iter.Seq[district.ProductUsage]
	// ObservationCount and UsageCount size the listings, for progress bars.
	ObservationCount() int64
	UsageCount() int64
}

func obsKey(o district.Observation) wire.ObservationKey {
	return wire.ObservationKey{Metric: o.Metric, School: o.School, Period: o.Period.Format(time.DateOnly)}
}

func usageKey(u district.ProductUsage) wire.UsageKey {
	return wire.UsageKey{Product: u.Product, School: u.School, Period: u.Period.Format(time.DateOnly)}
}

func compareObs(a, b wire.ObservationKey) int {
	return cmp.Or(cmp.Compare(a.Metric, b.Metric), cmp.Compare(a.School, b.School), cmp.Compare(a.Period, b.Period))
}

func compareUsage(a, b wire.UsageKey) int {
	return cmp.Or(cmp.Compare(a.Product, b.Product), cmp.Compare(a.School, b.School), cmp.Compare(a.Period, b.Period))
}

// demoData serves the generated demo district. Observations are generated
// series by series as pages ask for them; product use, which the generator
// only streams, is kept in memory.
type demoData struct {
	d       *demo.District
	epoch   string
	metrics []district.Metric // by id
	schools []string          // the district ("") and then the schools, by id
	usage   []district.ProductUsage
	nObs    int64
}

// Demo is the demo district of cfg.
func Demo(cfg demo.Config) Dataset {
	d := demo.New(cfg)
	h := sha256.Sum256(fmt.Appendf(nil, "demo %d %d %d %d %s", cfg.Seed, cfg.Schools, cfg.Years, cfg.Products, cfg.End.Format(time.DateOnly)))
	dd := &demoData{d: d, epoch: "demo-" + hex.EncodeToString(h[:6]), metrics: d.Metrics(), schools: []string{district.WholeDistrict}}
	slices.SortFunc(dd.metrics, func(a, b district.Metric) int { return cmp.Compare(a.ID, b.ID) })
	for _, s := range d.Schools() {
		dd.schools = append(dd.schools, s.ID)
	}
	sort.Strings(dd.schools[1:])
	for u := range d.Usage() {
		dd.usage = append(dd.usage, u)
	}
	slices.SortFunc(dd.usage, func(a, b district.ProductUsage) int { return compareUsage(usageKey(a), usageKey(b)) })
	// Every school reports a metric in the same months, so one school's
	// series gives the size of each metric's listing.
	for _, m := range dd.metrics {
		if m.Aggregation == district.DistrictOnly {
			dd.nObs += int64(len(d.Series(m.ID, district.WholeDistrict)))
		} else {
			dd.nObs += int64(len(d.Series(m.ID, dd.schools[1])) * len(dd.schools))
		}
	}
	return dd
}

func (d *demoData) Epoch() string                 { return d.epoch }
func (d *demoData) Profile() district.Profile     { return d.d.Profile() }
func (d *demoData) Schools() []district.School    { return d.d.Schools() }
func (d *demoData) Metrics() []district.Metric    { return d.metrics }
func (d *demoData) Budget() []district.BudgetLine { return d.d.Budget() }
func (d *demoData) Products() []district.Product  { return d.d.Products() }
func (d *demoData) ObservationCount() int64       { return d.nObs }
func (d *demoData) UsageCount() int64             { return int64(len(d.usage)) }

func (d *demoData) Observations(after wire.ObservationKey) iter.Seq[district.Observation] {
	return func(yield func(district.Observation) bool) {
		for _, m := range d.metrics[sort.Search(len(d.metrics), func(i int) bool { return d.metrics[i].ID >= after.Metric }):] {
			schools := d.schools
			if m.Aggregation == district.DistrictOnly {
				schools = schools[:1]
			}
			if m.ID == after.Metric {
				schools = schools[sort.SearchStrings(schools, after.School):]
			}
			for _, s := range schools {
				series := d.d.Series(m.ID, s)
				if m.ID == after.Metric && s == after.School {
					series = series[sort.Search(len(series), func(i int) bool { return series[i].Period.Format(time.DateOnly) > after.Period }):]
				}
				for _, o := range series {
					if !yield(o) {
						return
					}
				}
			}
		}
	}
}

func (d *demoData) Usage(after wire.UsageKey) iter.Seq[district.ProductUsage] {
	return sliceFrom(d.usage, func(u district.ProductUsage) bool { return compareUsage(usageKey(u), after) > 0 })
}

// sliceFrom yields the items of a sorted slice from the first that is past
// a key.
func sliceFrom[T any](items []T, past func(T) bool) iter.Seq[T] {
	return func(yield func(T) bool) {
		for _, it := range items[sort.Search(len(items), func(i int) bool { return past(items[i]) }):] {
			if !yield(it) {
				return
			}
		}
	}
}
