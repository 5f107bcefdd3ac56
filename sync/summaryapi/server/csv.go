package server

import (
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"slices"
	"strings"

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
