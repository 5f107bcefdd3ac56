package export_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/district/demo"
)

// district is what the reader attacks: a cache, the true figures behind
// everything it may export, and what a reader knows about it besides.
type attacked struct {
	c *cache.Cache
	// truth holds every figure by the reader's key (see cellKey): the
	// districts' and every school's, hidden or not.
	truth map[string]figure
	// nested pairs schools of which the second reports some of the
	// first's students (a campus and its grades 6-8), as their names tell
	// any reader.
	nested [][2]string
}

// enrolled are the measures that rest on a school's enrolled students:
// their n is the school's enrolment, which NCES publishes for every
// public school, so the reader is given it (see the README's Student
// privacy section).
var enrolled = map[string]bool{district.LMSEngagement: true, district.AttendanceRate: true, district.ChronicAbsence: true}

// extra is a school the hard district adds to the demo's: a tiny school,
// or one of two reporting units that overlap.
type extra struct {
	school    district.School
	reports   map[string]bool // the measures it has values of
	missingIn int             // its last months without a value, though the district counts its students
}

// Extra schools of the hard district, by the case each makes.
var (
	tiny3  = district.School{ID: "T003", Name: "Birch Hollow Academy", Level: district.Alternative, Enrolment: 3}
	tiny6  = district.School{ID: "T006", Name: "Cove Island School", Level: district.Alternative, Enrolment: 6}
	tiny12 = district.School{ID: "T012", Name: "Pine Ridge Academy", Level: district.Alternative, Enrolment: 12}
	campus = district.School{ID: "K008", Name: "Lincoln K-8 Campus", Level: district.Middle, Enrolment: 60}
	grades = district.School{ID: "K068", Name: "Lincoln K-8 Grades 6-8", Level: district.Middle, Enrolment: 52}
)

// Out-of-district students: the attendance of 4 students placed outside
// the district's schools is in the district's figure and in no school's.
const (
	placedOut           = 4
	placedOutAttendance = 86.6
	// unplacedUsers use a product in no school: teachers' accounts, a
	// district office.
	unplacedUsers, unplacedWeekly = 4, 2.0
)

// hardDistrict builds, through the cache as a sync would, a small
// generated district with every case a determined reader can use:
//   - attendance: the district's n exceeds its schools' by 4 students
//     placed out of district, every month;
//   - LMS engagement: a school of 6 students whose row is missing in the
//     last three months, though the district counts its students;
//   - chronic absence and ELA proficiency (a ranking): a K-8 campus of 60
//     and its grades 6-8 (52) reported as two schools, the district
//     counting each student once;
//   - proficiency and growth (rankings): schools testing 3 and 12 students;
//   - product use: the first product's use at three schools chosen so
//     that a threshold of 10 hides one and 15 another beside the smallest
//     (3 users), the second product's district users 4 more than its
//     schools', and tiny schools using the rest;
//   - every school's enrolment printed as the n of a per-student measure.
func hardDistrict(t *testing.T) attacked {
	t.Helper()
	c := emptyCache(t)
	d := demo.New(demo.Config{Seed: 9, Schools: 8, Years: 2, End: end, Products: 6})
	months := d.Months()
	student := func(ids ...string) map[string]bool {
		out := map[string]bool{}
		for _, id := range ids {
			out[id] = true
		}
		return out
	}
	extras := []extra{
		{school: tiny3, reports: student(district.ELAProficiency, district.MathProficiency, district.ELAGrowth, district.MathGrowth)},
		{school: tiny6, reports: student(district.LMSEngagement), missingIn: 3},
		{school: tiny12, reports: student(district.ELAProficiency, district.MathProficiency, district.ELAGrowth, district.MathGrowth)},
		{school: campus, reports: student(district.ChronicAbsence, district.ELAProficiency)},
		{school: grades, reports: student(district.ChronicAbsence, district.ELAProficiency)},
	}
	a := attacked{c: c, truth: map[string]figure{}, nested: [][2]string{{campus.Name, grades.Name}}}
	names := map[string]string{}
	for _, s := range d.Schools() {
		names[s.ID] = s.Name
	}
	for _, e := range extras {
		names[e.school.ID] = e.school.Name
	}
	who := func(id string) string {
		if id == district.WholeDistrict {
			return ""
		}
		return names[id]
	}
	// value is a believable, different value of a measure for each extra
	// school and month; the grades 6-8 and the rest of the campus differ,
	// so that their difference is worth finding.
	value := func(m district.Metric, school string, i int) float64 {
		base := map[district.Unit]float64{district.Percent: 71.3, district.Percentile: 38}[m.Unit] + float64(i%5)
		switch school {
		case grades.ID:
			return base + 9
		case campus.ID:
			// The grades 6-8 and the 8 younger students, 22 points lower.
			return (52*(base+9) + 8*(base-13)) / 60
		}
		return base + float64(int(school[len(school)-1])%7)
	}
	err := c.Write(ctx, cache.DemoSource, cache.Replace, func(w *cache.Writer) error {
		if err := w.SetProfile(d.Profile()); err != nil {
			return err
		}
		for _, s := range d.Schools() {
			if err := w.PutSchool(s); err != nil {
				return err
			}
		}
		for _, e := range extras {
			if err := w.PutSchool(e.school); err != nil {
				return err
			}
		}
		type key struct {
			metric string
			period time.Time
		}
		type sums struct{ vn, n float64 }
		totals := map[key]*sums{}
		count := func(o district.Observation) {
			k := key{o.Metric, o.Period}
			if totals[k] == nil {
				totals[k] = &sums{}
			}
			totals[k].vn += o.Value * float64(o.N)
			totals[k].n += float64(o.N)
		}
		add := func(o district.Observation, counted bool) error {
			if m, _ := district.Lookup(o.Metric); m.StudentBased && counted {
				count(o)
			}
			a.truth[cellKey(o.Metric, o.Period, who(o.School))] = figure{v: o.Value, n: float64(o.N), hasV: true, hasN: true}
			return w.PutObservation(o)
		}
		for o := range d.Observations() {
			m, _ := district.Lookup(o.Metric)
			if o.School == district.WholeDistrict && m.StudentBased {
				continue
			}
			if err := add(o, true); err != nil {
				return err
			}
		}
		for _, e := range extras {
			for i, t := range months {
				bandwidth := district.Observation{Metric: district.BandwidthPerStudent, School: e.school.ID, Period: t, Value: 0.8, N: e.school.Enrolment}
				enrolment := district.Observation{Metric: district.StudentsEnrolled, School: e.school.ID, Period: t, Value: float64(e.school.Enrolment)}
				if err := add(bandwidth, false); err != nil {
					return err
				}
				if err := add(enrolment, false); err != nil {
					return err
				}
				for id := range e.reports {
					m, _ := district.Lookup(id)
					o := district.Observation{Metric: id, School: e.school.ID, Period: t, Value: value(m, e.school.ID, i), N: e.school.Enrolment}
					if i >= len(months)-e.missingIn {
						// Counted by the district, never sent by the school.
						count(o)
						a.truth[cellKey(o.Metric, o.Period, who(o.School))] = figure{v: o.Value, n: float64(o.N), hasV: true, hasN: true}
						continue
					}
					// The district counts the grades 6-8 once, in the campus.
					if err := add(o, e.school.ID != grades.ID); err != nil {
						return err
					}
				}
			}
		}
		for _, t := range months {
			if s := totals[key{district.AttendanceRate, t}]; s != nil {
				s.vn += placedOut * placedOutAttendance
				s.n += placedOut
			}
		}
		for k, s := range totals {
			o := district.Observation{Metric: k.metric, Period: k.period, Value: s.vn / s.n, N: int(s.n)}
			if err := add(o, false); err != nil {
				return err
			}
		}
		return putProducts(w, d, a, who)
	})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// putProducts writes the hard district's products and their use: the
// demo's, with the threshold-change case on the first product, users in
// no school on the second, and the tiny schools using the others.
func putProducts(w *cache.Writer, d *demo.District, a attacked, who func(string) string) error {
	products := d.Products()
	for _, p := range products {
		if err := w.PutProduct(p); err != nil {
			return err
		}
	}
	flip, unplaced := products[0].ID, products[1].ID
	name := map[string]string{}
	for _, p := range products {
		name[p.ID] = p.Name
	}
	schoolMonths := map[time.Time]bool{}
	var use []district.ProductUsage
	var totals []district.ProductUsage
	for u := range d.Usage() {
		if u.School == district.WholeDistrict {
			totals = append(totals, u)
			continue
		}
		schoolMonths[u.Period] = true
		if u.Product == flip {
			// Every school large on both figures, and the smallest of them
			// larger than the school hidden beside the smallest at 10.
			u.ActiveUsers, u.WeeklyActive = max(u.ActiveUsers, 80), max(u.WeeklyActive, 60)
		}
		use = append(use, u)
	}
	for t := range schoolMonths {
		for _, p := range products {
			switch p.ID {
			case flip:
				// At 10: the 3 users hidden, and the 16 beside them. At 15:
				// the 3 and the 14 weekly hidden, the 16 shown.
				use = append(use,
					district.ProductUsage{Product: p.ID, School: tiny3.ID, Period: t, ActiveUsers: 3, WeeklyActive: 1},
					district.ProductUsage{Product: p.ID, School: grades.ID, Period: t, ActiveUsers: 16, WeeklyActive: 15},
					district.ProductUsage{Product: p.ID, School: campus.ID, Period: t, ActiveUsers: 50, WeeklyActive: 14})
			case unplaced:
			default:
				use = append(use,
					district.ProductUsage{Product: p.ID, School: tiny3.ID, Period: t, ActiveUsers: 2, WeeklyActive: 1},
					district.ProductUsage{Product: p.ID, School: tiny12.ID, Period: t, ActiveUsers: 11, WeeklyActive: 5})
			}
		}
	}
	type key struct {
		product string
		period  time.Time
	}
	sum := map[key]*district.ProductUsage{}
	for _, u := range use {
		k := key{u.Product, u.Period}
		if sum[k] == nil {
			sum[k] = &district.ProductUsage{Product: u.Product, Period: u.Period}
		}
		sum[k].ActiveUsers += u.ActiveUsers
		sum[k].WeeklyActive += u.WeeklyActive
	}
	for _, u := range totals {
		if s, ok := sum[key{u.Product, u.Period}]; ok {
			u = *s
			if u.Product == unplaced {
				u.ActiveUsers += unplacedUsers
				u.WeeklyActive += unplacedWeekly
			}
		}
		use = append(use, u)
	}
	for _, u := range use {
		at := who(u.School)
		a.truth[cellKey(monthlyUsers(name[u.Product]), u.Period, at)] = figure{v: float64(u.ActiveUsers), n: float64(u.ActiveUsers), hasV: true, hasN: true}
		a.truth[cellKey(weeklyUsers(name[u.Product]), u.Period, at)] = figure{v: u.WeeklyActive, n: u.WeeklyActive, hasV: true, hasN: true}
		if err := w.PutUsage(u); err != nil {
			return fmt.Errorf("use of %s at %q: %w", u.Product, u.School, err)
		}
	}
	return nil
}

func monthlyUsers(product string) string { return "monthly users of " + product }
func weeklyUsers(product string) string  { return "weekly users of " + product }

// demoDistrict is the default demo district with its true figures.
func demoDistrict(t *testing.T) attacked {
	t.Helper()
	c := emptyCache(t)
	d := demo.New(demo.Default(end))
	if err := c.Write(ctx, cache.DemoSource, cache.Replace, func(w *cache.Writer) error { return d.Put(w) }); err != nil {
		t.Fatal(err)
	}
	a := attacked{c: c, truth: map[string]figure{}}
	names := map[string]string{district.WholeDistrict: ""}
	for _, s := range d.Schools() {
		names[s.ID] = s.Name
	}
	for o := range d.Observations() {
		a.truth[cellKey(o.Metric, o.Period, names[o.School])] = figure{v: o.Value, n: float64(o.N), hasV: true, hasN: true}
	}
	products := map[string]string{}
	for _, p := range d.Products() {
		products[p.ID] = p.Name
	}
	for u := range d.Usage() {
		a.truth[cellKey(monthlyUsers(products[u.Product]), u.Period, names[u.School])] = figure{v: float64(u.ActiveUsers), n: float64(u.ActiveUsers), hasV: true, hasN: true}
		a.truth[cellKey(weeklyUsers(products[u.Product]), u.Period, names[u.School])] = figure{v: u.WeeklyActive, n: u.WeeklyActive, hasV: true, hasN: true}
	}
	return a
}
