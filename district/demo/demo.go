// Package demo generates a believable demo district: schools, monthly
// history for every metric in the catalogue, a technology budget and edtech
// products with their use. Output depends only on the Config, so tests,
// benchmarks and the reference server all see the same district for the
// same seed, and every value streams from a per-series random source, so
// 1,800 schools and ten years never have to sit in memory at once.
package demo

import (
	"fmt"
	"hash/fnv"
	"iter"
	"math"
	"math/rand/v2"
	"time"

	"github.com/cabinetapp/cabinet/district"
)

// Name is the demo district's name; the UI adds the "Demo district" label.
const Name = "Riverside Unified School District"

// Config sizes the demo district.
type Config struct {
	Seed    uint64
	Schools int
	Years   int
	// Products is the number of edtech products; zero picks a number that
	// suits the district's size.
	Products int
	// End is the newest month of history.
	End      time.Time
	Calendar district.FiscalCalendar
}

// Default is the mid-sized demo district shown on first run: 24 schools and
// five years of history up to end.
func Default(end time.Time) Config {
	return Config{Seed: 2026, Schools: 24, Years: 5, End: end}
}

// District is a generated district. Its small parts (schools, products,
// budget) are built at once; observations and usage are generated as they
// are read.
type District struct {
	cfg      Config
	months   []time.Time
	schools  []school
	products []product
	budget   []district.BudgetLine
	// helpdeskLive is the month a new help-desk system went live; tickets
	// drop after it.
	helpdeskLive time.Time
	totals       totals
	fys          []fiscalYear
	// kinds is the district's fleet by kind, month by month.
	kinds []kindCounts
}

type school struct {
	district.School
	quality float64 // school effect, in standard deviations
	tested  float64 // share of students in tested grades
	lag     float64 // how far behind the district's network upgrades it is, in years
}

// New builds a demo district. It panics on a nonsensical config, which is a
// programming error in the caller.
func New(cfg Config) *District {
	if cfg.Schools < 1 || cfg.Years < 1 {
		panic(fmt.Sprintf("demo: %d schools and %d years is not a district", cfg.Schools, cfg.Years))
	}
	if cfg.Products == 0 {
		cfg.Products = max(28, cfg.Schools/6)
	}
	end := district.Month(cfg.End)
	d := &District{cfg: cfg}
	for i := cfg.Years*12 - 1; i >= 0; i-- {
		d.months = append(d.months, end.AddDate(0, -i, 0))
	}
	d.helpdeskLive = d.months[len(d.months)*3/5]
	d.helpdeskLive = time.Date(d.helpdeskLive.Year(), time.January, 1, 0, 0, 0, 0, time.UTC)
	d.schools = makeSchools(cfg)
	d.totals = d.sumSchools()
	d.kinds = d.sumKinds()
	d.fys = d.fiscalYears()
	d.products = d.makeProducts()
	d.budget = d.makeBudget()
	return d
}

// Profile describes the demo district.
func (d *District) Profile() district.Profile {
	return district.Profile{Name: Name, Demo: true, FiscalYearStart: d.calendar().StartMonth}
}

func (d *District) calendar() district.FiscalCalendar {
	c := d.cfg.Calendar
	if c.StartMonth == 0 {
		c.StartMonth = time.July
	}
	return c
}

// Months lists the months of history, oldest first.
func (d *District) Months() []time.Time { return d.months }

// Schools lists the district's schools.
func (d *District) Schools() []district.School {
	out := make([]district.School, len(d.schools))
	for i, s := range d.schools {
		out[i] = s.School
	}
	return out
}

// Metrics is the catalogue the demo district reports.
func (d *District) Metrics() []district.Metric { return district.Catalogue() }

// Budget lists the budget lines of every fiscal year in the history.
func (d *District) Budget() []district.BudgetLine { return d.budget }

// rng returns a random source for one series, so that a series is the same
// whatever order series are generated in.
func (d *District) rng(parts ...any) *rand.Rand {
	h := fnv.New64a()
	fmt.Fprint(h, parts...)
	return rand.New(rand.NewPCG(d.cfg.Seed, h.Sum64()))
}

var (
	elementaryNames = []string{"Adams", "Brookside", "Cedar Grove", "Delta View", "Eastwood", "Fairmont", "Glenwood", "Harbor Point", "Jefferson", "Kingsley", "Lakeview", "Maple Ridge", "Northgate", "Oakwood", "Pinecrest", "Quarry Hill", "Riverbend", "Sunnyside", "Twin Oaks", "Union Street", "Valley View", "Westfield", "Willow Creek", "Yorktown"}
	middleNames     = []string{"Lincoln", "Roosevelt", "Sierra Vista", "Franklin", "Hillcrest", "Mesa Verde", "Orchard Park", "Summit"}
	highNames       = []string{"Riverside", "North Valley", "Canyon Ridge", "Eastlake", "Central", "West Mesa"}
)

func makeSchools(cfg Config) []school {
	r := rand.New(rand.NewPCG(cfg.Seed, 1))
	// One small alternative school per hundred schools, always at least one,
	// so that suppression shows in every demo.
	alt := max(1, cfg.Schools/100)
	rest := cfg.Schools - alt
	high := max(0, rest*16/100)
	middle := max(0, rest*22/100)
	elementary := rest - high - middle
	var out []school
	add := func(level district.Level, names []string, suffix string, count int, size [2]int, tested float64) {
		for i := range count {
			base := names[i%len(names)]
			name := base + " " + suffix
			if round := i / len(names); round > 0 {
				name = fmt.Sprintf("%s %s %d", base, suffix, round+1)
			}
			out = append(out, school{
				School: district.School{
					ID:        fmt.Sprintf("S%04d", len(out)+1),
					Name:      name,
					Level:     level,
					Enrolment: size[0] + r.IntN(size[1]-size[0]),
				},
				quality: r.NormFloat64(),
				tested:  tested,
				lag:     r.Float64() * 1.5,
			})
		}
	}
	add(district.Elementary, elementaryNames, "Elementary", elementary, [2]int{340, 680}, 0.5)
	add(district.Middle, middleNames, "Middle School", middle, [2]int{620, 1050}, 1.0)
	add(district.High, highNames, "High School", high, [2]int{1150, 2100}, 0.25)
	for i := range alt {
		name := "Horizon Alternative School"
		if i > 0 {
			name = fmt.Sprintf("Horizon Alternative School %d", i+1)
		}
		out = append(out, school{
			School:  district.School{ID: fmt.Sprintf("S%04d", len(out)+1), Name: name, Level: district.Alternative, Enrolment: 16 + r.IntN(10)},
			quality: -1 + r.NormFloat64()*0.5,
			tested:  0.4,
			lag:     0.5,
		})
	}
	return out
}

func clamp(v, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, v)) }

// Observations streams every observation: metric by metric, the district's
// series first and then each school's, oldest month first.
func (d *District) Observations() iter.Seq[district.Observation] {
	return func(yield func(district.Observation) bool) {
		for _, m := range d.Metrics() {
			for _, o := range d.Series(m.ID, district.WholeDistrict) {
				if !yield(o) {
					return
				}
			}
			if m.Aggregation == district.DistrictOnly {
				continue
			}
			for _, s := range d.schools {
				for _, o := range d.Series(m.ID, s.ID) {
					if !yield(o) {
						return
					}
				}
			}
		}
	}
}

// Series returns one metric's history for one school or, with
// district.WholeDistrict, for the district. District values of school-level
// metrics combine the schools' values the way the metric aggregates.
func (d *District) Series(metric, schoolID string) []district.Observation {
	m, ok := district.Lookup(metric)
	if !ok {
		return nil
	}
	if schoolID != district.WholeDistrict {
		for _, s := range d.schools {
			if s.ID == schoolID {
				return d.schoolSeries(m, s)
			}
		}
		return nil
	}
	if m.Aggregation == district.DistrictOnly {
		return d.districtSeries(m)
	}
	type acc struct {
		sum, weight float64
		n           int
	}
	accs := make(map[time.Time]*acc, len(d.months))
	for _, s := range d.schools {
		for _, o := range d.schoolSeries(m, s) {
			a := accs[o.Period]
			if a == nil {
				a = &acc{}
				accs[o.Period] = a
			}
			w := 1.0
			if o.N > 0 {
				w = float64(o.N)
			}
			if m.Aggregation == district.Sum {
				w = 1
			}
			a.sum += o.Value * w
			a.weight += w
			a.n += o.N
		}
	}
	var out []district.Observation
	for _, t := range d.months {
		a := accs[t]
		if a == nil {
			continue
		}
		o := district.Observation{Metric: m.ID, Period: t, Value: a.sum, N: a.n}
		if m.Aggregation == district.Mean {
			o.Value = round(a.sum/a.weight, 2)
		}
		out = append(out, o)
	}
	return out
}

func round(v float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(v*p) / p
}
