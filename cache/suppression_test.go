package cache_test

import (
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
)

// TestSmallUsageGroupsDecideAsWholeGroups checks that what SmallUsageGroups
// reads of each product's month decides every figure as reading the month
// whole does, at the lowest, default and highest threshold, on the demo
// district with some schools' weekly users cleared, so that the
// complementary rule must hide several schools of a month.
func TestSmallUsageGroupsDecideAsWholeGroups(t *testing.T) {
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
	defer db.Close()
	if _, err := db.Exec(`UPDATE product_usage SET weekly_active = 0 WHERE school <> '' AND active_users BETWEEN 10 AND 40 AND period >= '2026-01-01'`); err != nil {
		t.Fatal(err)
	}
	all := district.Range{From: month(2021, time.January), To: month(2027, time.January)}
	var whole []district.ProductUsage
	rows, err := db.Query(`SELECT product, school, period, active_users, weekly_active FROM product_usage`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var u district.ProductUsage
		var period string
		if err := rows.Scan(&u.Product, &u.School, &period, &u.ActiveUsers, &u.WeeklyActive); err != nil {
			t.Fatal(err)
		}
		if u.Period, err = time.Parse(time.DateOnly, period); err != nil {
			t.Fatal(err)
		}
		whole = append(whole, u)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	schools := map[string]bool{"": true}
	for _, u := range whole {
		schools[u.School] = true
	}
	for _, threshold := range []int{district.MinSuppressionThreshold, district.DefaultSuppressionThreshold, district.MaxSuppressionThreshold} {
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
			small, err := c.SmallUsageGroups(ctx, "", school, all, threshold)
			if err != nil {
				t.Fatal(err)
			}
			if len(small) >= len(whole)/2 {
				t.Errorf("threshold %d, school %q: read %d rows of %d", threshold, school, len(small), len(whole))
			}
			got := s.Usage(small)
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

// TestGroupDecidesAsWholeMonths checks that what Group reads for a view of
// one school decides that school's values as reading the months whole does,
// for every measure about students, at the lowest, default and highest
// threshold, on the demo district with a school made small and two others
// tied for the smallest n above it.
func TestGroupDecidesAsWholeMonths(t *testing.T) {
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
	defer db.Close()
	if _, err := db.Exec(`UPDATE observations SET n = CASE school WHEN 'S0003' THEN 4 ELSE 31 END WHERE school IN ('S0003', 'S0005', 'S0006')`); err != nil {
		t.Fatal(err)
	}
	all := district.Range{From: month(2021, time.January), To: month(2027, time.January)}
	var complementary int
	for _, m := range district.Catalogue() {
		if !m.StudentBased {
			continue
		}
		whole, err := c.Group(ctx, m.ID, "", all, district.DefaultSuppressionThreshold)
		if err != nil {
			t.Fatal(err)
		}
		schools := map[string]bool{}
		for _, o := range whole {
			schools[o.School] = true
		}
		for _, threshold := range []int{district.MinSuppressionThreshold, district.DefaultSuppressionThreshold, district.MaxSuppressionThreshold} {
			s := district.Suppression{Threshold: threshold}
			want := s.Cells(m, whole)
			for school := range schools {
				some, err := c.Group(ctx, m.ID, school, all, threshold)
				if err != nil {
					t.Fatal(err)
				}
				got := s.Cells(m, some)
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
