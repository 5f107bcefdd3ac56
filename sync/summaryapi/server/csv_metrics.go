package server

import (
	"strings"

	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/sync/summaryapi/wire"
)

// addMetric replaces the built-in definition of a metric, or adds one.
func (l *loader) addMetric(r row) error {
	id, err := r.text("id")
	if err != nil {
		return err
	}
	m := district.Metric{ID: l.intern(id), Name: r.get("name"), Domain: district.Domain(r.get("domain")), Unit: district.Unit(r.get("unit")),
		Noun: r.get("noun"), Polarity: district.Polarity(r.get("polarity")), Benchmark: r.get("benchmark"),
		Description: r.get("description"), Aggregation: district.Aggregation(r.get("aggregation"))}
	if r.get("target") != "" {
		if m.Target, err = r.number("target", false); err != nil {
			return err
		}
		m.HasTarget = true
	}
	var studentBased *bool
	switch strings.ToLower(r.get("student_based")) {
	case "":
	case "false", "no", "0":
		studentBased = new(false)
	case "true", "yes", "1":
		studentBased = new(true)
	default:
		return r.fail("student_based", "%q is not true or false", r.get("student_based"))
	}
	m, bad := defineMetric(m, studentBased)
	if bad != nil {
		return r.fail(bad.column, "%s", bad.msg)
	}
	l.d.metrics = withMetric(l.d.metrics, m)
	l.metrics[m.ID] = m
	return nil
}

func (l *loader) addObservation(r row) error {
	id, err := r.text("metric")
	if err != nil {
		return err
	}
	m, ok := l.metrics[id]
	if !ok {
		return r.fail("metric", "%q is neither built in nor in metrics.csv", id)
	}
	school, err := l.school(r)
	if err != nil {
		return err
	}
	if school != "" && m.Aggregation == district.DistrictOnly {
		return r.fail("school", "%s is a district-wide metric; leave school empty", id)
	}
	period, err := r.date("period", true)
	if err != nil {
		return err
	}
	value, err := r.number("value", false)
	if err != nil {
		return err
	}
	if err := m.CheckValue(value); err != nil {
		return r.fail("value", "%v", err)
	}
	n, err := r.nonNegative("n", true)
	if err != nil {
		return err
	}
	o := district.Observation{Metric: m.ID, School: school, Period: period, Value: value, N: n}
	if _, err := wire.FromObservation(o).Convert(func(string) (district.Metric, bool) { return m, true }); err != nil {
		return r.fail("value", "%v", err)
	}
	l.d.obs = append(l.d.obs, o)
	l.obsLines = append(l.obsLines, r.line)
	return nil
}
