package server

import (
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"iter"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/sync/summaryapi/wire"
)

// CSVFile describes one of the CSV files a district exports for --dir.
type CSVFile struct {
	Name     string
	Required bool
	Columns  []string
	// Optional columns may be left out of the header or empty in a row.
	Optional []string
}

// CSVFiles are the files LoadCSV reads, in the order it reads them.
var CSVFiles = []CSVFile{
	{Name: "district.csv", Required: true, Columns: []string{"name"}, Optional: []string{"fiscal_year_start"}},
	{Name: "schools.csv", Required: true, Columns: []string{"id", "name", "level", "enrollment"}},
	{Name: "metrics.csv", Columns: []string{"id", "name", "domain", "unit", "polarity", "aggregation", "student_based"}, Optional: []string{"noun", "target", "benchmark", "description"}},
	{Name: "observations.csv", Required: true, Columns: []string{"metric", "school", "period", "value"}, Optional: []string{"n"}},
	{Name: "budget_lines.csv", Columns: []string{"fiscal_year", "category", "funding_source", "budgeted", "actual"}, Optional: []string{"funding_ends"}},
	{Name: "products.csv", Columns: []string{"id", "name", "category", "annual_cost", "licenses"}, Optional: []string{"subject", "contract_start", "renewal_date"}},
	{Name: "product_usage.csv", Columns: []string{"product", "school", "period", "active_users", "weekly_active_students"}},
}

// memData is a dataset held in memory, sorted by key.
type memData struct {
	epoch    string
	profile  district.Profile
	schools  []district.School
	metrics  []district.Metric
	budget   []district.BudgetLine
	products []district.Product
	obs      []district.Observation
	usage    []district.ProductUsage
}

func (d *memData) Epoch() string                 { return d.epoch }
func (d *memData) Profile() district.Profile     { return d.profile }
func (d *memData) Schools() []district.School    { return d.schools }
func (d *memData) Metrics() []district.Metric    { return d.metrics }
func (d *memData) Budget() []district.BudgetLine { return d.budget }
func (d *memData) Products() []district.Product  { return d.products }
func (d *memData) ObservationCount() int64       { return int64(len(d.obs)) }
func (d *memData) UsageCount() int64             { return int64(len(d.usage)) }
func (d *memData) Observations(after wire.ObservationKey) iter.Seq[district.Observation] {
	return sliceFrom(d.obs, func(o district.Observation) bool { return compareObs(obsKey(o), after) > 0 })
}
func (d *memData) Usage(after wire.UsageKey) iter.Seq[district.ProductUsage] {
	return sliceFrom(d.usage, func(u district.ProductUsage) bool { return compareUsage(usageKey(u), after) > 0 })
}

// LoadCSV reads a district's exports from dir, one CSV file per dataset
// (see CSVFiles and docs/districtd-csv.md), and checks every row with the
// rules the client applies. The first problem found is returned, naming
// the file, line and column.
func LoadCSV(dir string) (Dataset, error) {
	d := &memData{metrics: district.Catalogue()}
	sum := sha256.New()
	l := loader{d: d, schools: map[string]bool{}, metrics: map[string]district.Metric{}, products: map[string]bool{}, strs: map[string]string{}}
	for _, m := range d.metrics {
		l.metrics[m.ID] = m
	}
	for _, f := range CSVFiles {
		file, err := openExport(dir, f.Name)
		if errors.Is(err, os.ErrNotExist) && !f.Required {
			continue
		}
		if err != nil {
			return nil, err
		}
		err = l.read(f, io.TeeReader(file, sum))
		file.Close()
		if err != nil {
			return nil, err
		}
	}
	if d.profile.Name == "" {
		return nil, errors.New("district.csv: there is no row naming the district")
	}
	if err := l.finish(); err != nil {
		return nil, err
	}
	d.epoch = "csv-" + hex.EncodeToString(sum.Sum(nil)[:6])
	return d, nil
}

type loader struct {
	d        *memData
	schools  map[string]bool
	metrics  map[string]district.Metric
	products map[string]bool
	// strs interns ids, which repeat on every row.
	strs     map[string]string
	obsLines []int
	useLines []int
}

func (l *loader) intern(s string) string {
	if v, ok := l.strs[s]; ok {
		return v
	}
	l.strs[s] = s
	return s
}

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

func (l *loader) read(f CSVFile, in io.Reader) error {
	cr := csv.NewReader(in)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return fmt.Errorf("%s, line 1: the file is empty; it needs a header row", f.Name)
	}
	if err != nil {
		return csvError(f.Name, err)
	}
	cols := map[string]int{}
	allowed := append(slices.Clone(f.Columns), f.Optional...)
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if !slices.Contains(allowed, h) {
			// The header is not quoted: what is not a header may be
			// anything at all.
			return fmt.Errorf("%s, line 1, column %d: the header names a column this file does not have (columns: %s)", f.Name, i+1, strings.Join(allowed, ", "))
		}
		if _, dup := cols[h]; dup {
			return fmt.Errorf("%s, line 1, column %d: the header names the column %s twice", f.Name, i+1, h)
		}
		cols[h] = i
	}
	for _, c := range f.Columns {
		if _, ok := cols[c]; !ok {
			return fmt.Errorf("%s, line 1: the column %q is missing", f.Name, c)
		}
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return csvError(f.Name, err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != len(header) {
			return fmt.Errorf("%s, line %d: %d fields where the header has %d", f.Name, line, len(rec), len(header))
		}
		if err := l.add(f.Name, row{file: f.Name, line: line, cols: cols, rec: rec}); err != nil {
			return err
		}
	}
}

func csvError(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s, line %d, column %d: %v", file, pe.Line, pe.Column, pe.Err)
	}
	return fmt.Errorf("%s: %w", file, err)
}

// add checks one row, column by column, and keeps it.
func (l *loader) add(file string, r row) error {
	switch file {
	case "district.csv":
		if l.d.profile.Name != "" {
			return fmt.Errorf("%s, line %d: the district has one row only", file, r.line)
		}
		name, err := r.text("name")
		if err != nil {
			return err
		}
		start, err := r.whole("fiscal_year_start", true)
		if err == nil && (start < 0 || start > 12) {
			err = r.fail("fiscal_year_start", "%d is not a month from 1 to 12", start)
		}
		if err != nil {
			return err
		}
		p, err := wire.District{Name: name, FiscalYearStart: start}.Convert()
		l.d.profile = p
		return wrapRow(r, "name", err)
	case "schools.csv":
		id, err := r.text("id")
		if err != nil {
			return err
		}
		if l.schools[id] {
			return r.fail("id", "school %s appears twice", id)
		}
		name, err := r.text("name")
		if err != nil {
			return err
		}
		level := district.Level(strings.ToLower(r.get("level")))
		if !level.Valid() {
			return r.fail("level", "%q is not elementary, middle, high or alternative", r.get("level"))
		}
		n, err := r.nonNegative("enrollment", false)
		if err != nil {
			return err
		}
		s := district.School{ID: l.intern(id), Name: name, Level: level, Enrolment: n}
		l.schools[id] = true
		l.d.schools = append(l.d.schools, s)
		return wrapRow(r, "id", s.Validate())
	case "metrics.csv":
		return l.addMetric(r)
	case "observations.csv":
		return l.addObservation(r)
	case "budget_lines.csv":
		return l.addBudget(r)
	case "products.csv":
		return l.addProduct(r)
	case "product_usage.csv":
		return l.addUsage(r)
	}
	return fmt.Errorf("%s: not a file districtd reads", file)
}

func wrapRow(r row, col string, err error) error {
	if err != nil {
		return r.fail(col, "%v", err)
	}
	return nil
}

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

func (l *loader) addBudget(r row) error {
	fy, err := r.whole("fiscal_year", false)
	if err != nil {
		return err
	}
	b := district.BudgetLine{FiscalYear: fy, Category: r.get("category"), FundingSource: r.get("funding_source")}
	if b.Category == "" || b.FundingSource == "" {
		return r.fail("category", "category and funding_source are both required")
	}
	for _, c := range []struct {
		col string
		v   *float64
	}{{"budgeted", &b.Budgeted}, {"actual", &b.Actual}} {
		if *c.v, err = r.number(c.col, false); err != nil {
			return err
		}
		if *c.v < 0 {
			return r.fail(c.col, "%v is negative", *c.v)
		}
	}
	if b.FundingEnds, err = r.whole("funding_ends", true); err != nil {
		return err
	}
	if b.FundingEnds != 0 && b.FundingEnds < fy {
		return r.fail("funding_ends", "FY%d is before the line's own year", b.FundingEnds)
	}
	if slices.ContainsFunc(l.d.budget, func(x district.BudgetLine) bool {
		return x.FiscalYear == fy && x.Category == b.Category && x.FundingSource == b.FundingSource
	}) {
		return r.fail("fiscal_year", "this fiscal year, category and funding source appear twice")
	}
	if _, err := wire.FromBudgetLine(b).Convert(); err != nil {
		return r.fail("fiscal_year", "%v", err)
	}
	l.d.budget = append(l.d.budget, b)
	return nil
}

func (l *loader) addProduct(r row) error {
	id, err := r.text("id")
	if err != nil {
		return err
	}
	if l.products[id] {
		return r.fail("id", "product %s appears twice", id)
	}
	p := district.Product{ID: l.intern(id), Name: r.get("name"), Category: r.get("category"), Subject: r.get("subject")}
	if p.Name == "" {
		return r.fail("name", "is empty")
	}
	if p.AnnualCost, err = r.number("annual_cost", false); err != nil {
		return err
	}
	if p.AnnualCost < 0 {
		return r.fail("annual_cost", "%v is negative", p.AnnualCost)
	}
	if p.Licences, err = r.nonNegative("licenses", false); err != nil {
		return err
	}
	if p.ContractStart, err = r.date("contract_start", false); err != nil {
		return err
	}
	if p.RenewalDate, err = r.date("renewal_date", false); err != nil {
		return err
	}
	if _, err := wire.FromProduct(p).Convert(); err != nil {
		return r.fail("renewal_date", "%v", err)
	}
	l.products[id] = true
	l.d.products = append(l.d.products, p)
	return nil
}

func (l *loader) addUsage(r row) error {
	product, err := r.text("product")
	if err != nil {
		return err
	}
	if !l.products[product] {
		return r.fail("product", "%q is not in products.csv", product)
	}
	school, err := l.school(r)
	if err != nil {
		return err
	}
	period, err := r.date("period", true)
	if err != nil {
		return err
	}
	users, err := r.nonNegative("active_users", false)
	if err != nil {
		return err
	}
	weekly, err := r.number("weekly_active_students", false)
	if err != nil {
		return err
	}
	if weekly < 0 {
		return r.fail("weekly_active_students", "%v is negative", weekly)
	}
	u := district.ProductUsage{Product: l.intern(product), School: school, Period: period, ActiveUsers: users, WeeklyActive: weekly}
	if _, err := wire.FromUsage(u).Convert(); err != nil {
		return r.fail("period", "%v", err)
	}
	l.d.usage = append(l.d.usage, u)
	l.useLines = append(l.useLines, r.line)
	return nil
}

// finish sorts the paged datasets by key and refuses keys that repeat and
// school values without the district-wide value beside them: Cabinet never
// adds schools up itself, so a missing district row would show as no data.
func (l *loader) finish() error {
	if err := sortChecked("observations.csv", l.d.obs, l.obsLines, obsKey, compareObs, func(k wire.ObservationKey) (string, string, bool) { return k.Metric, k.Period, k.School == "" }); err != nil {
		return err
	}
	return sortChecked("product_usage.csv", l.d.usage, l.useLines, usageKey, compareUsage, func(k wire.UsageKey) (string, string, bool) { return k.Product, k.Period, k.School == "" })
}

func sortChecked[V any, K comparable](file string, items []V, lines []int, key func(V) K, compare func(a, b K) int, group func(K) (what, period string, whole bool)) error {
	type keyed struct {
		k    K
		v    V
		line int
	}
	ks := make([]keyed, len(items))
	for i, v := range items {
		ks[i] = keyed{key(v), v, lines[i]}
	}
	slices.SortStableFunc(ks, func(a, b keyed) int { return compare(a.k, b.k) })
	districtRows := map[[2]string]bool{}
	for i, k := range ks {
		if i > 0 && compare(ks[i-1].k, k.k) == 0 {
			return fmt.Errorf("%s, line %d: repeats line %d (%v)", file, k.line, ks[i-1].line, k.k)
		}
		a, period, whole := group(k.k)
		if whole {
			districtRows[[2]string{a, period}] = true
		}
		items[i] = k.v
	}
	for _, k := range ks {
		a, period, whole := group(k.k)
		if !whole && !districtRows[[2]string{a, period}] {
			return fmt.Errorf("%s, line %d: %s has school values for %s but no district-wide row (school left empty); add it, because Cabinet never adds schools up itself", file, k.line, a, period)
		}
	}
	return nil
}
