package server

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// row is one record of a file, with its header.
type row struct {
	file string
	line int
	cols map[string]int
	rec  []string
}

func (r row) get(name string) string {
	if i, ok := r.cols[name]; ok && i < len(r.rec) {
		return strings.TrimSpace(r.rec[i])
	}
	return ""
}

func (r row) fail(name, format string, args ...any) error {
	return fmt.Errorf("%s, line %d, column %d (%s): %s", r.file, r.line, r.cols[name]+1, name, fmt.Sprintf(format, args...))
}

func (r row) text(name string) (string, error) {
	v := r.get(name)
	if v == "" {
		return "", r.fail(name, "is empty")
	}
	return v, nil
}

func (r row) number(name string, optional bool) (float64, error) {
	v := r.get(name)
	if v == "" && optional {
		return 0, nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, r.fail(name, "%q is not a finite number", v)
	}
	return f, nil
}

func (r row) whole(name string, optional bool) (int, error) {
	v := r.get(name)
	if v == "" && optional {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, r.fail(name, "%q is not a whole number", v)
	}
	return n, nil
}

func (r row) nonNegative(name string, optional bool) (int, error) {
	n, err := r.whole(name, optional)
	if err == nil && n < 0 {
		err = r.fail(name, "%d is negative", n)
	}
	return n, err
}

func (r row) date(name string, month bool) (time.Time, error) {
	v := r.get(name)
	if v == "" && !month {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, v)
	switch {
	case err != nil:
		return time.Time{}, r.fail(name, "%q is not a date of the form 2026-01-31", v)
	case month && t.Day() != 1:
		return time.Time{}, r.fail(name, "%s is not the first day of a month", v)
	}
	return t, nil
}

func (l *loader) school(r row) (string, error) {
	s := r.get("school")
	if s != "" && !l.schools[s] {
		return "", r.fail("school", "%q is not in schools.csv; leave it empty for the whole district", s)
	}
	return l.intern(s), nil
}

func wrapRow(r row, col string, err error) error {
	if err != nil {
		return r.fail(col, "%v", err)
	}
	return nil
}
