package cache_test

import (
	"database/sql"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
)

// The suppression step reads of a month only what can change a view's
// figures (Group, SmallUsageGroups). These tests check that what it reads
// decides every figure exactly as reading the months whole does, at
// thresholds across the range a district may choose, on the demo district
// changed through the cache as a source would change it, so that every
// rule has work: small schools, schools tied beside them, students in no
// school, a school's row missing, and schools that count more students
// than the district.

// thresholds are the thresholds the tests decide at.
var thresholds = []int{5, 10, 18, 30}

// seededFile opens a cache holding the demo district, and the file itself
// for the tests to read whole.
func seededFile(t *testing.T) (*cache.Cache, *sql.DB) {
	t.Helper()
	path := filepath.Join(t.TempDir(), cache.FileName)
	c, err := cache.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	mustSeed(t, c)
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return c, db
}

// change writes changes to the demo district as an incremental sync does.
func change(t *testing.T, c *cache.Cache, fn func(w *cache.Writer) error) {
	t.Helper()
	if err := c.Write(ctx, cache.DemoSource, cache.Change, fn); err != nil {
		t.Fatal(err)
	}
}

// The tests read the file's rows as a source sent them: the names the
// dictionaries number, and months as dates.
const (
	observationRows = `SELECT k.name, printf('%04d-%02d-01', o.period / 12, o.period % 12 + 1), o.value, o.n
		FROM observations AS o JOIN school_keys AS k ON k.id = o.school
		WHERE o.metric = (SELECT id FROM metric_keys WHERE name = ?)`
	usageRows = `SELECT p.name, k.name, printf('%04d-%02d-01', u.period / 12, u.period % 12 + 1), u.active_users, u.weekly_active
		FROM product_usage AS u JOIN product_keys AS p ON p.id = u.product JOIN school_keys AS k ON k.id = u.school`
)

func readUsage(t *testing.T, db *sql.DB) []district.ProductUsage {
	t.Helper()
	rows, err := db.Query(usageRows)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []district.ProductUsage
	for rows.Next() {
		var u district.ProductUsage
		var period string
		if err := rows.Scan(&u.Product, &u.School, &period, &u.ActiveUsers, &u.WeeklyActive); err != nil {
			t.Fatal(err)
		}
		if u.Period, err = time.Parse(time.DateOnly, period); err != nil {
			t.Fatal(err)
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestSmallUsageGroupsDecideAsWholeGroups checks SmallUsageGroups on the
// demo district with some schools' weekly users cleared (so that the
// complementary rule must hide several schools of a month), 4 users in no
// school every March, 1.5 weekly users in no school every May, and in
// April 2026 one school of 40 users inside another of 45 (the district
// counting its users once).
func TestSmallUsageGroupsDecideAsWholeGroups(t *testing.T) {
	c, db := seededFile(t)
	change(t, c, func(w *cache.Writer) error {
		type group struct {
			product string
			period  time.Time
		}
		groups := map[group][]district.ProductUsage{}
		for _, u := range readUsage(t, db) {
			k := group{u.Product, u.Period}
			groups[k] = append(groups[k], u)
		}
		for k, use := range groups {
			inside := k.period.Equal(month(2026, time.April)) && len(slices.DeleteFunc(slices.Clone(use), func(u district.ProductUsage) bool {
				return u.School != "S0001" && u.School != "S0002"
			})) == 2
			var users int
			var weekly float64
			var total *district.ProductUsage
			for i := range use {
				u := &use[i]
				switch {
				case u.School == "":
					total = u
					continue
				case inside && u.School == "S0001":
					u.ActiveUsers, u.WeeklyActive = 45, 25
				case inside && u.School == "S0002":
					u.ActiveUsers, u.WeeklyActive = 40, 20
					users, weekly = users-40, weekly-20
				case u.ActiveUsers >= 10 && u.ActiveUsers <= 40 && !u.Period.Before(month(2026, time.January)):
					u.WeeklyActive = 0
				}
				users, weekly = users+u.ActiveUsers, weekly+u.WeeklyActive
				if err := w.PutUsage(*u); err != nil {
					return err
				}
			}
			if total == nil || len(use) == 1 {
				continue
			}
			switch k.period.Month() {
			case time.March:
				users += 4
			case time.May:
				weekly += 1.5
			}
			total.ActiveUsers, total.WeeklyActive = users, weekly
			if err := w.PutUsage(*total); err != nil {
				return err
			}
		}
		return nil
	})
	whole := readUsage(t, db)
	all := district.Range{From: month(2021, time.January), To: month(2027, time.January)}
	schools := map[string]bool{"": true}
	for _, u := range whole {
		schools[u.School] = true
	}
	for _, threshold := range thresholds {
		s := district.Suppression{Threshold: threshold}
		want := s.Usage(whole)
		var hidden, complementary int
		for _, u := range whole {
			if c := want.Cell(u); c.Complementary {
				complementary++
			} else if c.Hidden {
				hidden++
			}
		}
		if complementary < 2 || hidden < 2 {
			t.Errorf("threshold %d: %d hidden, %d more complementary: the test decides too little", threshold, hidden, complementary)
		}
		// "" asks for every school's months, as a ranking does; a school's,
		// as a view of that school does.
		for school := range schools {
			small, sums, err := c.SmallUsageGroups(ctx, "", school, all, threshold)
			if err != nil {
				t.Fatal(err)
			}
			if len(small) >= len(whole)/2 {
				t.Errorf("threshold %d, school %q: read %d rows of %d", threshold, school, len(small), len(whole))
			}
			got := s.Usage(small, sums...)
			for _, u := range whole {
				if school != "" && u.School != school {
					continue
				}
				if w, g := want.Cell(u), got.Cell(u); w != g {
					t.Errorf("threshold %d, view of %q: %s at %q in %s: shown %+v, want %+v", threshold, school, u.Product, u.School, u.Period.Format("2006-01"), g, w)
				}
			}
		}
	}
}

// TestGroupDecidesAsWholeMonths checks Group for a view of one school, for
// every measure about students, on the demo district with a school made
// small from October to February and two others tied for the smallest n
// above it then (31 and 38 students the rest of the year), 4 students in
// no school every March, the schools counting 40 students more than the
// district every April, and the small alternative school's row missing in
// May 2026 (the district still counting its students).
func TestGroupDecidesAsWholeMonths(t *testing.T) {
	c, db := seededFile(t)
	missing := month(2026, time.May)
	change(t, c, func(w *cache.Writer) error {
		for _, m := range district.Catalogue() {
			if !m.StudentBased {
				continue
			}
			rows, err := db.Query(observationRows, m.ID)
			if err != nil {
				return err
			}
			obs, err := scanAll(rows, m.ID)
			if err != nil {
				return err
			}
			schools := map[time.Time]int{}
			for i, o := range obs {
				winter := o.Period.Month() >= time.October || o.Period.Month() <= time.February
				switch {
				case o.School == "":
					continue
				case o.School == "S0003" && winter:
					o.N = 4
				case o.School == "S0005", o.School == "S0006" && winter:
					o.N = 31
				case o.School == "S0006":
					o.N = 38
				}
				obs[i] = o
				schools[o.Period] += o.N
				if o.School == "S0024" && o.Period.Equal(missing) {
					if err := w.DeleteObservation(m.ID, o.School, o.Period); err != nil {
						return err
					}
					continue
				}
				if err := w.PutObservation(o); err != nil {
					return err
				}
			}
			for _, o := range obs {
				if o.School != "" {
					continue
				}
				o.N = schools[o.Period]
				switch o.Period.Month() {
				case time.March:
					o.N += 4
				case time.April:
					o.N -= 40
				}
				if err := w.PutObservation(o); err != nil {
					return err
				}
			}
		}
		return nil
	})
	all := district.Range{From: month(2021, time.January), To: month(2027, time.January)}
	var complementary int
	for _, m := range district.Catalogue() {
		if !m.StudentBased {
			continue
		}
		rows, err := db.Query(observationRows, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		whole, err := scanAll(rows, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		schools := map[string]bool{}
		for _, o := range whole {
			schools[o.School] = true
		}
		for _, threshold := range thresholds {
			s := district.Suppression{Threshold: threshold}
			want := s.Cells(m, whole)
			for school := range schools {
				some, sums, err := c.Group(ctx, m.ID, school, all, threshold)
				if err != nil {
					t.Fatal(err)
				}
				got := s.Cells(m, some, sums...)
				for _, o := range whole {
					if o.School != school {
						continue
					}
					w, g := want.Cell(o), got.Cell(o)
					if w != g {
						t.Errorf("%s, threshold %d: %q in %s: shown %+v, want %+v", m.ID, threshold, school, o.Period.Format("2006-01"), g, w)
					}
					if w.Complementary {
						complementary++
					}
				}
			}
		}
	}
	if complementary < 10 {
		t.Errorf("%d values hidden by the complementary rule: the test decides too little", complementary)
	}
}

func scanAll(rows *sql.Rows, metric string) ([]district.Observation, error) {
	defer rows.Close()
	var out []district.Observation
	for rows.Next() {
		o := district.Observation{Metric: metric}
		var period string
		if err := rows.Scan(&o.School, &period, &o.Value, &o.N); err != nil {
			return nil, err
		}
		var err error
		if o.Period, err = time.Parse(time.DateOnly, period); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}
