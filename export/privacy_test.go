package export_test

import (
	"fmt"
	"maps"
	"math"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/district/demo"
	"github.com/cabinetapp/cabinet/export"
	"github.com/cabinetapp/cabinet/panel"
)

// This file plays the reader of a public board packet: it exports every
// chart of the catalogue, for the whole district, every school and every
// period, as CSV through the real export path, and then tries to work out
// every hidden value from what the files show, by subtraction and by
// solving weighted means. It must find nothing that rests on fewer
// students than the threshold.
//
// Cabinet has no grades or subgroups: a school's figures are the smallest
// parts it keeps, so the groups the reader can attack are a district's
// total beside its schools, for every measure and month, and a product's
// district-wide users beside each school's.

// figure is what the reader learned of one cell: a school's (or the
// district's) value and n, or, for a count, the count alone.
type figure struct {
	v, n       float64
	hasV, hasN bool
}

// group is a total and its parts, as the reader gathered them from every
// file. sum groups are counts (a product's users) whose total is the sum
// of the parts; the rest are means weighted by n.
type group struct {
	sum   bool
	total figure
	parts map[string]*figure
}

// reader holds what the packet's files told it, by measure and month.
type reader struct {
	groups map[string]*group
}

func groupKey(measure string, month time.Time) string {
	return measure + " · " + month.Format("Jan 2006")
}

// learn records one cell: text is a number or a mark ("*", "**"), nText
// the n beside it ("" when not shown). A school seen only as a mark is
// still a part the reader knows exists.
func (r *reader) learn(measure string, month time.Time, sum bool, school, text, nText string) {
	k := groupKey(measure, month)
	g := r.groups[k]
	if g == nil {
		g = &group{sum: sum, parts: map[string]*figure{}}
		r.groups[k] = g
	}
	f := &g.total
	if school != district.WholeDistrict {
		if g.parts[school] == nil {
			g.parts[school] = &figure{}
		}
		f = g.parts[school]
	}
	if v, err := strconv.ParseFloat(text, 64); err == nil {
		f.v, f.hasV = v, true
	}
	if n, err := strconv.ParseFloat(nText, 64); err == nil {
		f.n, f.hasN = n, true
	}
}

// found is one figure the reader worked out: of a group (key), a school
// or several, what it is (n, value, count) and the number found.
type found struct {
	key, school, what string
	got               float64
}

// solve works out what it can of every group: when exactly one part's n
// (or count) is unknown, the total less the others gives it; with its n
// known, the weighted mean gives its value. It returns every figure
// recovered, and, where two or more parts stay unknown, their sum.
func (r *reader) solve() (single []found, combined []found) {
	for k, g := range r.groups {
		if !g.total.hasV || (!g.sum && !g.total.hasN) {
			continue
		}
		var unknown []string
		knownN, knownVN := 0.0, 0.0
		for school, p := range g.parts {
			switch {
			case g.sum && p.hasV:
				knownN += p.v
			case !g.sum && p.hasV && p.hasN:
				knownN += p.n
				knownVN += p.v * p.n
			default:
				unknown = append(unknown, school)
			}
		}
		total := g.total.n
		if g.sum {
			total = g.total.v
		}
		rest := total - knownN
		switch {
		case len(unknown) == 1 && g.sum:
			single = append(single, found{key: k, school: unknown[0], what: "count", got: rest})
		case len(unknown) == 1:
			single = append(single, found{key: k, school: unknown[0], what: "n", got: rest})
			if rest > 0 {
				single = append(single, found{key: k, school: unknown[0], what: "value", got: (g.total.v*g.total.n - knownVN) / rest})
			}
		case len(unknown) > 1:
			sort.Strings(unknown)
			combined = append(combined, found{key: k, school: strings.Join(unknown, " + "), what: "n together", got: rest})
		}
	}
	return single, combined
}

// attack exports every chart for every school and period, reads the files
// as the public would, and reports what it recovered that rests on fewer
// students than the threshold, with the true figures from the cache.
func attack(t *testing.T, b *panel.Board) []string {
	t.Helper()
	c := b.Data()
	threshold := float64(b.Suppression.MinStudents())
	products, _, err := c.Products(ctx)
	if err != nil {
		t.Fatal(err)
	}
	metricByName := map[string]district.Metric{}
	for _, m := range district.Catalogue() {
		metricByName[m.Name] = m
	}
	periods := []district.Period{{Kind: district.Last12Months}, {Kind: district.AllHistory}}
	for _, fy := range b.FiscalYears() {
		periods = append(periods, district.Period{Kind: district.FiscalYearPeriod, FiscalYear: fy})
	}
	schools := []string{district.WholeDistrict}
	for _, s := range b.Schools {
		schools = append(schools, s.ID)
	}
	var slides []district.Slide
	for _, school := range schools {
		for _, period := range periods {
			for _, p := range panel.All() {
				s := district.Slide{Kind: district.ChartSlide, Panel: p.ID, School: school, Period: period}
				if p.ID != "value.cost_per_user" && p.ID != "value.use_vs_growth" {
					slides = append(slides, s)
					continue
				}
				for _, prod := range products {
					s.Product = prod.ID
					slides = append(slides, s)
				}
			}
		}
	}

	r := &reader{groups: map[string]*group{}}
	productName := map[string]string{}
	for _, p := range products {
		productName[p.ID] = p.Name
	}
	for start := 0; start < len(slides); start += district.MaxSlides {
		part := slides[start:min(start+district.MaxSlides, len(slides))]
		dir := filepath.Join(t.TempDir(), "packet")
		if _, err := export.Files(ctx, dir, export.FormatCSV, b, district.Deck{Name: "Everything", Slides: part}, opts); err != nil {
			t.Fatal(err)
		}
		index := readCSV(t, filepath.Join(dir, export.IndexFile))
		for i, s := range part {
			row := index[i+1]
			if row[1] == "" {
				continue
			}
			asOf, _ := time.Parse("Jan 2006", strings.TrimPrefix(row[6], "Data as of "))
			table := readCSV(t, filepath.Join(dir, row[1]))
			read(r, s, table, asOf, metricByName, productName[s.Product], b)
		}
	}

	// A reader that could not read the files would recover nothing and
	// prove nothing: it must have read every kind of table.
	for _, kind := range []string{district.ELAProficiency, district.AttendanceRate, "weekly users of "} {
		if !slices.ContainsFunc(slices.Collect(maps.Keys(r.groups)), func(k string) bool { return strings.Contains(k, kind) }) {
			t.Fatalf("the reader read no %s from the CSV files", kind)
		}
	}
	truth := truths(t, b, products)
	var out []string
	single, combined := r.solve()
	for _, f := range single {
		tr, ok := truth[f.key+" · "+f.school]
		if !ok {
			continue
		}
		small := tr.n < threshold
		if f.what == "count" {
			small = tr.v > 0 && tr.v < threshold
		}
		right := (f.what == "n" && math.Round(f.got) == tr.n) || (f.what == "count" && math.Round(f.got) == tr.v) ||
			(f.what == "value" && math.Abs(f.got-tr.v) < 0.5)
		if small && right {
			out = append(out, fmt.Sprintf("%s, %s: %s %.4g worked out (true %.4g, n %g)", f.key, f.school, f.what, f.got, pick(f.what, tr), tr.n))
		}
	}
	for _, f := range combined {
		if got := math.Round(f.got); got > 0 && got < threshold {
			out = append(out, fmt.Sprintf("%s, %s: %s %g worked out", f.key, f.school, f.what, got))
		}
	}
	// A figure printed outright that rests on too few students.
	for k, g := range r.groups {
		for school, p := range g.parts {
			tr := truth[k+" · "+school]
			if (g.sum && p.hasV && p.v > 0 && p.v < threshold) || (!g.sum && tr.n < threshold && (p.hasV || p.hasN)) {
				out = append(out, fmt.Sprintf("%s, %s: printed outright (n %g)", k, school, tr.n))
			}
		}
	}
	sort.Strings(out)
	return out
}

func pick(what string, tr figure) float64 {
	if what == "n" {
		return tr.n
	}
	return tr.v
}

// read takes in one slide's CSV as the reader would, by the shape of its
// columns. Months come from the file's rows, or for a chart of one month
// from the index's "Data as of".
func read(r *reader, s district.Slide, table [][]string, asOf time.Time, metrics map[string]district.Metric, product string, b *panel.Board) {
	if len(table) == 0 || len(table[0]) < 2 {
		return
	}
	head := table[0]
	rows := table[1:]
	where := district.WholeDistrict
	if s.School != district.WholeDistrict {
		where = b.School(s.School)
	}
	// A heading names its measure before its unit: "ELA proficiency (%),
	// whole district".
	measure := func(h string) (district.Metric, bool) {
		name, _, _ := strings.Cut(h, " (")
		m, ok := metrics[name]
		return m, ok && m.StudentBased
	}
	switch {
	case head[0] == "Month" && len(head) >= 3 && strings.HasPrefix(head[2], "Students"):
		for col := 1; col+1 < len(head); col += 2 {
			m, ok := measure(head[col])
			if !ok {
				continue
			}
			for _, row := range rows {
				month, _ := time.Parse("2006-01", strings.TrimSuffix(row[0], " so far"))
				r.learn(m.ID, month, false, where, row[col], row[col+1])
			}
		}
	case head[0] == "School" && len(head) >= 3 && head[2] == "Students":
		m, ok := measure(head[1])
		if !ok {
			return
		}
		for _, row := range rows {
			r.learn(m.ID, asOf, false, row[0], row[1], row[2])
		}
	case head[0] == "School" && head[len(head)-1] == "Students":
		m, ok := measure(head[len(head)-2])
		if !ok {
			return
		}
		for _, row := range rows {
			r.learn(m.ID, asOf, false, row[0], row[len(row)-2], row[len(row)-1])
		}
	case head[0] == "Product" && len(head) == 3 && strings.HasPrefix(head[1], "Weekly active students") && strings.HasPrefix(head[2], "Active users in the month"):
		for _, row := range rows {
			r.learn("weekly users of "+row[0], asOf, true, where, row[1], "")
			r.learn("monthly users of "+row[0], asOf, true, where, row[2], "")
		}
	case strings.Join(head, "|") == "Product|Annual cost|Licences|Active users":
		for _, row := range rows {
			r.learn("monthly users of "+row[0], asOf, true, district.WholeDistrict, row[3], "")
		}
	case strings.Join(head, "|") == "Product|Annual cost|Active users|Cost per active user":
		for _, row := range rows {
			r.learn("monthly users of "+row[0], asOf, true, district.WholeDistrict, row[2], "")
		}
	case strings.Join(head, "|") == "Month|Active users|Cost per active user":
		for _, row := range rows {
			month, _ := time.Parse("2006-01", row[0])
			r.learn("monthly users of "+product, month, true, district.WholeDistrict, row[1], "")
		}
	}
}

// truths reads from the cache the true figures of every hidden cell the
// reader could aim at, keyed as the reader keys them.
func truths(t *testing.T, b *panel.Board, products []district.Product) map[string]figure {
	t.Helper()
	c := b.Data()
	ext, _ := c.Extent()
	out := map[string]figure{}
	schools := []string{district.WholeDistrict}
	for _, s := range b.Schools {
		schools = append(schools, s.ID)
	}
	for _, m := range district.Catalogue() {
		if !m.StudentBased {
			continue
		}
		for _, s := range schools {
			obs, _, err := c.Series(ctx, m.ID, s, ext)
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range obs {
				out[groupKey(m.ID, o.Period)+" · "+name(b, s)] = figure{v: o.Value, n: float64(o.N)}
			}
		}
	}
	names := map[string]string{}
	for _, p := range products {
		names[p.ID] = p.Name
	}
	for _, s := range schools {
		use, err := c.UsageRange(ctx, s, ext)
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range use {
			out[groupKey("monthly users of "+names[u.Product], u.Period)+" · "+name(b, s)] = figure{v: float64(u.ActiveUsers), n: float64(u.ActiveUsers)}
			out[groupKey("weekly users of "+names[u.Product], u.Period)+" · "+name(b, s)] = figure{v: u.WeeklyActive, n: u.WeeklyActive}
		}
	}
	return out
}

// name is how the reader names a school: the district as "".
func name(b *panel.Board, school string) string {
	if school == district.WholeDistrict {
		return ""
	}
	return b.School(school)
}

// tinyDistrict is a generated district with several tiny schools: three of
// its schools test only a handful of students and are used by a handful
// of students, and the district's figures are theirs added up, as a real
// feed's would be.
func tinyDistrict(t *testing.T) *panel.Board {
	t.Helper()
	c, err := cache.Open(ctx, filepath.Join(t.TempDir(), cache.FileName))
	if err != nil {
		t.Fatal(err)
	}
	c.Now = func() time.Time { return now }
	t.Cleanup(func() { c.Close() })
	d := demo.New(demo.Config{Seed: 9, Schools: 8, Years: 2, End: end})
	tiny := map[string]int{}
	for i, s := range d.Schools()[:3] {
		tiny[s.ID] = []int{3, 6, 12}[i]
	}
	err = c.Write(ctx, cache.DemoSource, cache.Replace, func(w *cache.Writer) error {
		if err := w.SetProfile(d.Profile()); err != nil {
			return err
		}
		for _, s := range d.Schools() {
			if err := w.PutSchool(s); err != nil {
				return err
			}
		}
		type sums struct {
			o     district.Observation
			vn, n float64
		}
		totals := map[string]*sums{}
		for o := range d.Observations() {
			m, _ := district.Lookup(o.Metric)
			if o.School == district.WholeDistrict && m.StudentBased {
				continue
			}
			if n, ok := tiny[o.School]; ok && m.StudentBased {
				o.N = n
			}
			if m.StudentBased {
				k := o.Metric + o.Period.String()
				if totals[k] == nil {
					totals[k] = &sums{o: district.Observation{Metric: o.Metric, Period: o.Period}}
				}
				totals[k].vn += o.Value * float64(o.N)
				totals[k].n += float64(o.N)
			}
			if err := w.PutObservation(o); err != nil {
				return err
			}
		}
		for _, s := range totals {
			s.o.Value, s.o.N = s.vn/s.n, int(s.n)
			if err := w.PutObservation(s.o); err != nil {
				return err
			}
		}
		for _, p := range d.Products() {
			if err := w.PutProduct(p); err != nil {
				return err
			}
		}
		use := map[string]*district.ProductUsage{}
		for u := range d.Usage() {
			if u.School == district.WholeDistrict {
				continue
			}
			if n, ok := tiny[u.School]; ok && u.ActiveUsers > 0 {
				u.ActiveUsers, u.WeeklyActive = n-1, float64(n-1)/2
			}
			k := u.Product + u.Period.String()
			if use[k] == nil {
				use[k] = &district.ProductUsage{Product: u.Product, Period: u.Period}
			}
			use[k].ActiveUsers += u.ActiveUsers
			use[k].WeeklyActive += u.WeeklyActive
			if err := w.PutUsage(u); err != nil {
				return err
			}
		}
		for _, u := range use {
			if err := w.PutUsage(*u); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return boardOf(t, c)
}

func TestPacketReaderRecoversNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("exports every chart for every school and period")
	}
	for _, tt := range []struct {
		name  string
		board func(*testing.T) *panel.Board
	}{
		{"demo district", func(t *testing.T) *panel.Board { return demoBoard(t) }},
		{"district with tiny schools", tinyDistrict},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b := tt.board(t)
			got := attack(t, b)
			t.Logf("%d figures resting on fewer than %d students worked out", len(got), b.Suppression.MinStudents())
			for _, g := range got {
				t.Error(g)
			}
		})
	}
}
