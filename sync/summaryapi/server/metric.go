package server

import (
	"fmt"
	"slices"

	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/sync/summaryapi/wire"
)

// badField is what is wrong with one field of a record a district supplies,
// for the caller to place (a CSV file's line and column, a view's row).
type badField struct {
	column string
	msg    string
}

func (b *badField) Error() string { return b.column + ": " + b.msg }

// defineMetric checks a metric a district defines, or a built-in one it
// redefines, as metrics.csv and the cabinet.metrics view give it, and
// returns it with its privacy flag set. Privacy is never left to a default:
// a measure says whether it rests on students (studentBased nil is
// refused), and a built-in one about students stays so.
func defineMetric(m district.Metric, studentBased *bool) (district.Metric, *badField) {
	checks := []struct {
		col   string
		value string
		ok    bool
		say   string
	}{
		{"name", m.Name, m.Name != "", "is empty"},
		{"domain", string(m.Domain), slices.Contains(district.Domains, m.Domain), "must be tech, security, spending, instruction or value"},
		{"unit", string(m.Unit), m.Unit.Valid(), "must be count, percent, days, mbps, usd, ratio or percentile"},
		{"polarity", string(m.Polarity), m.Polarity == district.HigherIsBetter || m.Polarity == district.LowerIsBetter || m.Polarity == district.Neutral, "must be up, down or neutral"},
		{"aggregation", string(m.Aggregation), m.Aggregation == district.Sum || m.Aggregation == district.Mean || m.Aggregation == district.DistrictOnly, "must be sum, mean or district"},
	}
	for _, c := range checks {
		if !c.ok {
			return m, &badField{c.col, fmt.Sprintf("%q %s", c.value, c.say)}
		}
	}
	switch {
	case studentBased == nil:
		return m, &badField{"student_based", "is empty: say true or false (does the value rest on counts of students?)"}
	case !*studentBased:
		if b, ok := district.Lookup(m.ID); ok && b.StudentBased {
			return m, &badField{"student_based", fmt.Sprintf("%s is a built-in measure about students; it cannot be made false", m.ID)}
		}
	}
	m.StudentBased = *studentBased
	if _, err := wire.FromMetric(m).Convert(); err != nil {
		return m, &badField{"id", err.Error()}
	}
	return m, nil
}

// withMetric is the catalogue with m added, or in place of the metric of
// the same id.
func withMetric(catalogue []district.Metric, m district.Metric) []district.Metric {
	if i := slices.IndexFunc(catalogue, func(x district.Metric) bool { return x.ID == m.ID }); i >= 0 {
		catalogue[i] = m
		return catalogue
	}
	return append(catalogue, m)
}
