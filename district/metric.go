package district

import (
	"fmt"
	"math"
)

// Domain groups metrics into the dashboard's areas.
type Domain string

// The dashboard's domains, in tab order.
const (
	TechHealth  Domain = "tech"
	Security    Domain = "security"
	Spending    Domain = "spending"
	Instruction Domain = "instruction"
	Value       Domain = "value"
)

// Domains lists the domains in display order.
var Domains = []Domain{TechHealth, Security, Spending, Instruction, Value}

// Title is the domain's name as people read it.
func (d Domain) Title() string {
	switch d {
	case TechHealth:
		return "Technology health"
	case Security:
		return "Security"
	case Spending:
		return "Spending"
	case Instruction:
		return "Instructional impact"
	case Value:
		return "Value for money"
	}
	return string(d)
}

// Unit is what a metric's values measure.
type Unit string

// The units Cabinet formats.
const (
	Count      Unit = "count"
	Percent    Unit = "percent"
	Days       Unit = "days"
	Mbps       Unit = "mbps"
	USD        Unit = "usd"
	Ratio      Unit = "ratio"
	Percentile Unit = "percentile"
)

// Valid reports whether u is a known unit.
func (u Unit) Valid() bool {
	switch u {
	case Count, Percent, Days, Mbps, USD, Ratio, Percentile:
		return true
	}
	return false
}

// Polarity says which direction of change is good.
type Polarity string

// Polarities.
const (
	HigherIsBetter Polarity = "up"
	LowerIsBetter  Polarity = "down"
	Neutral        Polarity = "neutral"
)

// Aggregation says how school values combine into a district value when a
// source supplies only school rows.
type Aggregation string

// Aggregations.
const (
	// Sum adds the schools' values (devices, tickets, dollars).
	Sum Aggregation = "sum"
	// Mean averages the schools' values weighted by n, or equally when no n is given.
	Mean Aggregation = "mean"
	// DistrictOnly metrics have no school values to combine.
	DistrictOnly Aggregation = "district"
)

// Metric describes one measure in the catalogue.
type Metric struct {
	ID     string
	Name   string
	Domain Domain
	Unit   Unit
	// Noun names what a count counts ("devices", "tickets"); empty for other units.
	Noun     string
	Polarity Polarity
	// Target is the goal value; HasTarget is false when there is none.
	Target    float64
	HasTarget bool
	// Benchmark says where the target comes from.
	Benchmark   string
	Description string
	// StudentBased metrics rest on counts of students and are suppressed
	// when n is small.
	StudentBased bool
	Aggregation  Aggregation
	// Season says whether the measure follows the school year, and so
	// which month its figures compare with (see Metric.Compare).
	Season Season
	// Accumulates is true for counts that add up through their month
	// (tickets opened, incidents, money booked): part of a month holds
	// part of its count, so a month still running is not compared.
	Accumulates bool
}

// Validate checks a catalogue entry.
func (m Metric) Validate() error {
	switch {
	case m.ID == "":
		return fmt.Errorf("metric %q: id is empty", m.Name)
	case m.Name == "":
		return fmt.Errorf("metric %s: name is empty", m.ID)
	case !m.Unit.Valid():
		return fmt.Errorf("metric %s: unknown unit %q", m.ID, m.Unit)
	case m.Polarity != HigherIsBetter && m.Polarity != LowerIsBetter && m.Polarity != Neutral:
		return fmt.Errorf("metric %s: unknown polarity %q", m.ID, m.Polarity)
	case m.Aggregation != Sum && m.Aggregation != Mean && m.Aggregation != DistrictOnly:
		return fmt.Errorf("metric %s: unknown aggregation %q", m.ID, m.Aggregation)
	case m.Season != AllYear && m.Season != SchoolYear:
		return fmt.Errorf("metric %s: unknown season %q", m.ID, m.Season)
	case m.HasTarget && !finite(m.Target):
		return fmt.Errorf("metric %s: target is not a finite number", m.ID)
	}
	return nil
}

// CheckValue reports whether v is a possible value of the metric: a finite
// number, within 0 to 100 for percentages and not negative for counts.
func (m Metric) CheckValue(v float64) error {
	if !finite(v) {
		return fmt.Errorf("%s: value %v is not a finite number", m.ID, v)
	}
	switch m.Unit {
	case Percent:
		if v < 0 || v > 100 {
			return fmt.Errorf("%s: %v%% is outside 0 to 100", m.ID, v)
		}
	case Percentile:
		if v < 0 || v > 100 {
			return fmt.Errorf("%s: percentile %v is outside 0 to 100", m.ID, v)
		}
	case Count, Days, Mbps, Ratio:
		if v < 0 {
			return fmt.Errorf("%s: %v is negative", m.ID, v)
		}
	}
	return nil
}

// CheckObservation validates an observation of this metric.
func (m Metric) CheckObservation(o Observation) error {
	if o.Metric != m.ID {
		return fmt.Errorf("observation of %s checked against %s", o.Metric, m.ID)
	}
	if o.Period.IsZero() || !o.Period.Equal(Month(o.Period)) {
		return fmt.Errorf("%s: period %s is not the first of a month", m.ID, o.Period.Format("2006-01-02"))
	}
	if o.N < 0 {
		return fmt.Errorf("%s: n %d is negative", m.ID, o.N)
	}
	if m.Aggregation == DistrictOnly && o.School != WholeDistrict {
		return fmt.Errorf("%s: a district-wide metric has a value for school %s", m.ID, o.School)
	}
	return m.CheckValue(o.Value)
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
