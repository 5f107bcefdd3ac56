package cache_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/district/demo"
	"github.com/cabinetapp/cabinet/sync/synctest"
)

var (
	ctx     = context.Background()
	end     = time.Date(2026, time.November, 1, 0, 0, 0, 0, time.UTC)
	fixedAt = time.Date(2026, time.November, 29, 8, 0, 0, 0, time.UTC)
	real    = cache.Source{Name: "riverside", Kind: "summaryapi", Priority: 50}
)

func month(y int, m time.Month) time.Time { return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC) }

// mustOpenCache opens a new cache file in a temporary folder.
func mustOpenCache(t testing.TB) *cache.Cache {
	t.Helper()
	c, err := cache.Open(ctx, filepath.Join(t.TempDir(), cache.FileName))
	if err != nil {
		t.Fatal(err)
	}
	c.Now = func() time.Time { return fixedAt }
	t.Cleanup(func() { c.Close() })
	return c
}

// mustSeed fills a cache with the default demo district.
func mustSeed(t testing.TB, c *cache.Cache) *demo.District {
	t.Helper()
	return mustSeedWith(t, c, demo.Default(end))
}

// tinyDemo is a demo district for tests whose point is not the data's
// size: seeding it takes a fraction of the default's time, which counts
// under the race detector.
var tinyDemo = demo.Config{Seed: 2026, Schools: 3, Years: 1, End: end}

// mustSeedWith fills a cache with a generated demo district.
func mustSeedWith(t testing.TB, c *cache.Cache, cfg demo.Config) *demo.District {
	t.Helper()
	d := demo.New(cfg)
	if err := c.Write(ctx, cache.DemoSource, cache.Replace, func(w *cache.Writer) error { return d.Put(w) }); err != nil {
		t.Fatal(err)
	}
	return d
}

func TestSeedAndRead(t *testing.T) {
	c := mustOpenCache(t)
	if !c.Empty() {
		t.Fatal("a new cache is not empty")
	}
	d := mustSeed(t, c)
	if c.Empty() {
		t.Fatal("the seeded cache says it is empty")
	}

	t.Run("profile", func(t *testing.T) {
		p, prov, err := c.Profile(ctx)
		if err != nil || p.Name != demo.Name || !p.Demo || p.FiscalYearStart != time.July {
			t.Fatalf("Profile = %+v, %v", p, err)
		}
		if !prov.Demo() || !prov.SyncedAt.Equal(fixedAt) {
			t.Fatalf("provenance %+v", prov)
		}
	})

	t.Run("schools", func(t *testing.T) {
		schools, _, err := c.Schools(ctx)
		if err != nil || len(schools) != len(d.Schools()) {
			t.Fatalf("Schools = %d, %v", len(schools), err)
		}
		for i := 1; i < len(schools); i++ {
			if schools[i-1].Name > schools[i].Name {
				t.Fatal("schools are not in name order")
			}
		}
	})

	t.Run("extent", func(t *testing.T) {
		r, ok := c.Extent()
		if !ok || !r.From.Equal(d.Months()[0]) || !r.Last().Equal(end) {
			t.Fatalf("Extent = %v, %v", r, ok)
		}
	})

	t.Run("series", func(t *testing.T) {
		want := d.Series(district.AttendanceRate, "S0003")
		got, prov, err := c.Series(ctx, district.AttendanceRate, "S0003", district.Range{From: month(2000, 1), To: month(2100, 1)})
		if err != nil || len(got) != len(want) {
			t.Fatalf("Series: %d rows, %v; want %d", len(got), err, len(want))
		}
		for i := range want {
			if !got[i].Period.Equal(want[i].Period) || got[i].Value != want[i].Value || got[i].N != want[i].N {
				t.Fatalf("row %d: got %+v, want %+v", i, got[i], want[i])
			}
		}
		if prov.Source != cache.DemoSource.Name {
			t.Fatalf("series from %q", prov.Source)
		}
		r := district.Range{From: month(2026, time.January), To: month(2026, time.April)}
		got, _, _ = c.Series(ctx, district.AttendanceRate, "S0003", r)
		if len(got) != 3 || !got[0].Period.Equal(r.From) {
			t.Fatalf("a range of three months gave %d rows", len(got))
		}
	})

	t.Run("recent, newest first", func(t *testing.T) {
		got, _, err := c.Recent(ctx, district.TicketsOpen, district.WholeDistrict, month(2026, time.October), 2)
		if err != nil || len(got) != 2 || !got[0].Period.Equal(month(2026, time.September)) || !got[1].Period.Equal(month(2026, time.August)) {
			t.Fatalf("Recent = %+v, %v", got, err)
		}
	})

	t.Run("schoolwide takes the newest month with school values", func(t *testing.T) {
		got, _, err := c.Schoolwide(ctx, district.ELAProficiency, month(2026, time.December))
		if err != nil || len(got) != len(d.Schools()) {
			t.Fatalf("Schoolwide: %d rows, %v", len(got), err)
		}
		for _, o := range got {
			if !o.Period.Equal(month(2026, time.October)) || o.School == "" {
				t.Fatalf("row %+v; want October's school rows only", o)
			}
		}
	})

	t.Run("budget", func(t *testing.T) {
		years, err := c.BudgetYears(ctx)
		if err != nil || len(years) < 5 {
			t.Fatalf("BudgetYears = %v, %v", years, err)
		}
		lines, _, err := c.Budget(ctx, 2027, 2027)
		if err != nil || len(lines) == 0 {
			t.Fatalf("Budget: %d lines, %v", len(lines), err)
		}
		for _, l := range lines {
			if l.FiscalYear != 2027 {
				t.Fatalf("line of FY%d in FY2027's budget", l.FiscalYear)
			}
		}
	})

	t.Run("products and use", func(t *testing.T) {
		products, _, err := c.Products(ctx)
		if err != nil || len(products) != len(d.Products()) {
			t.Fatalf("Products: %d, %v", len(products), err)
		}
		var noRenewal bool
		for _, p := range products {
			noRenewal = noRenewal || p.RenewalDate.IsZero()
		}
		if !noRenewal {
			t.Fatal("the product without a renewal date came back with one")
		}
		use, err := c.UsageAt(ctx, district.WholeDistrict, month(2026, time.December))
		if err != nil || len(use) == 0 || !use[0].Period.Equal(end) {
			t.Fatalf("UsageAt: %+v, %v", use, err)
		}
		series, err := c.Usage(ctx, products[0].ID, district.WholeDistrict, district.Range{From: month(2026, 1), To: month(2027, 1)})
		if err != nil || len(series) == 0 {
			t.Fatalf("Usage: %d rows, %v", len(series), err)
		}
	})

	t.Run("metric definitions", func(t *testing.T) {
		m, err := c.Metric(ctx, district.BandwidthPerStudent)
		if err != nil || m.Target != 1 || !m.HasTarget || m.Unit != district.Mbps {
			t.Fatalf("Metric = %+v, %v", m, err)
		}
		if _, err := c.Metric(ctx, "no.such.metric"); err == nil {
			t.Fatal("an unknown metric has a definition")
		}
	})
}

// realSnapshot writes a small district as a real source would.
func realSnapshot(value float64) func(w *cache.Writer) error {
	return func(w *cache.Writer) error {
		if err := w.SetProfile(district.Profile{Name: "Riverside USD"}); err != nil {
			return err
		}
		if err := w.PutSchool(district.School{ID: "A", Name: "Adams", Level: district.Elementary, Enrolment: 400}); err != nil {
			return err
		}
		for _, school := range []string{"", "A"} {
			if err := w.PutObservation(district.Observation{Metric: district.AttendanceRate, School: school, Period: month(2026, time.October), Value: value, N: 400}); err != nil {
				return err
			}
		}
		w.SetCursor("c1")
		return nil
	}
}

func TestWriteReplacesDemoAndKeepsLastGoodData(t *testing.T) {
	c := mustOpenCache(t)
	mustSeedWith(t, c, tinyDemo)
	if err := c.Write(ctx, real, cache.Replace, realSnapshot(94)); err != nil {
		t.Fatal(err)
	}
	if _, ok := c.SyncState(cache.DemoSource.Name); ok {
		t.Fatal("the demo district is still there after a real sync")
	}
	p, prov, err := c.Profile(ctx)
	if err != nil || p.Demo || prov.Source != real.Name {
		t.Fatalf("profile after the real sync: %+v from %+v, %v", p, prov, err)
	}
	if st, _ := c.SyncState(real.Name); st.Cursor != "c1" || !st.SyncedAt.Equal(fixedAt) {
		t.Fatalf("sync state %+v", st)
	}

	before := synctest.Dump(t, c.Path(), true)
	failures := []struct {
		name string
		fn   func(w *cache.Writer) error
		want string
	}{
		{"an unknown metric", func(w *cache.Writer) error {
			return w.PutObservation(district.Observation{Metric: "made.up", Period: month(2026, 1), Value: 1})
		}, `unknown metric "made.up"`},
		{"a value out of range", func(w *cache.Writer) error {
			return w.PutObservation(district.Observation{Metric: district.AttendanceRate, Period: month(2026, 1), Value: 140})
		}, "outside 0 to 100"},
		{"a duplicate key", func(w *cache.Writer) error {
			o := district.Observation{Metric: district.AttendanceRate, School: "A", Period: month(2026, 1), Value: 90, N: 20}
			if err := w.PutObservation(o); err != nil {
				return err
			}
			return w.PutObservation(o)
		}, "appears twice"},
		{"a failure after good rows", func(w *cache.Writer) error {
			if err := realSnapshot(12)(w); err != nil {
				return err
			}
			return context.DeadlineExceeded
		}, "deadline"},
	}
	for _, f := range failures {
		t.Run(f.name, func(t *testing.T) {
			err := c.Write(ctx, real, cache.Replace, f.fn)
			if err == nil || !strings.Contains(err.Error(), f.want) {
				t.Fatalf("error = %v, want one saying %q", err, f.want)
			}
			if after := synctest.Dump(t, c.Path(), true); after != before {
				t.Fatalf("a failed write changed the cache:\nbefore:\n%s\nafter:\n%s", before, after)
			}
		})
	}
}

func TestChangeMode(t *testing.T) {
	c := mustOpenCache(t)
	if err := c.Write(ctx, real, cache.Replace, realSnapshot(94)); err != nil {
		t.Fatal(err)
	}
	err := c.Write(ctx, real, cache.Change, func(w *cache.Writer) error {
		if err := w.PutObservation(district.Observation{Metric: district.AttendanceRate, School: "A", Period: month(2026, time.October), Value: 91, N: 400}); err != nil {
			return err
		}
		if err := w.PutObservation(district.Observation{Metric: district.AttendanceRate, School: "A", Period: month(2026, time.November), Value: 92, N: 400}); err != nil {
			return err
		}
		w.SetCursor("c2")
		return w.DeleteObservation(district.AttendanceRate, "", month(2026, time.October))
	})
	if err != nil {
		t.Fatal(err)
	}
	all := district.Range{From: month(2000, 1), To: month(2100, 1)}
	school, _, _ := c.Series(ctx, district.AttendanceRate, "A", all)
	if len(school) != 2 || school[0].Value != 91 || school[1].Value != 92 {
		t.Fatalf("school rows after the change: %+v", school)
	}
	if whole, _, _ := c.Series(ctx, district.AttendanceRate, "", all); len(whole) != 0 {
		t.Fatalf("the deleted district row is still there: %+v", whole)
	}
	if st, _ := c.SyncState(real.Name); st.Cursor != "c2" {
		t.Fatalf("cursor %q after the change", st.Cursor)
	}
	if r, _ := c.Extent(); !r.Last().Equal(month(2026, time.November)) {
		t.Fatalf("extent %v did not grow with the change", r)
	}

	err = c.Write(ctx, real, cache.Change, func(w *cache.Writer) error { return cache.ErrUnchanged })
	if err != nil {
		t.Fatalf("an unchanged write is not an error: %v", err)
	}
}

// TestChangeModeUsageAndClear deletes a month of use and clears a dataset
// inside Change writes, and checks what each dataset then covers.
func TestChangeModeUsageAndClear(t *testing.T) {
	c := mustOpenCache(t)
	use := func(m time.Month, users int) district.ProductUsage {
		return district.ProductUsage{Product: "P1", Period: month(2026, m), ActiveUsers: users, WeeklyActive: float64(users) / 2}
	}
	err := c.Write(ctx, real, cache.Replace, func(w *cache.Writer) error {
		if err := realSnapshot(94)(w); err != nil {
			return err
		}
		if err := w.PutProduct(district.Product{ID: "P1", Name: "Lumen", AnnualCost: 1200, Licences: 100}); err != nil {
			return err
		}
		for _, u := range []district.ProductUsage{use(time.October, 40), use(time.November, 50)} {
			if err := w.PutUsage(u); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = c.Write(ctx, real, cache.Change, func(w *cache.Writer) error {
		if err := w.PutUsage(use(time.December, 60)); err != nil {
			return err
		}
		if err := w.DeleteUsage("P1", district.WholeDistrict, month(2026, time.October)); err != nil {
			return err
		}
		if err := w.Clear(cache.DatasetObservations); err != nil {
			return err
		}
		return w.PutObservation(district.Observation{Metric: district.TicketsOpen, Period: month(2026, time.December), Value: 12})
	})
	if err != nil {
		t.Fatal(err)
	}
	all := district.Range{From: month(2000, 1), To: month(2100, 1)}
	got, err := c.Usage(ctx, "P1", district.WholeDistrict, all)
	if err != nil || len(got) != 2 || !got[0].Period.Equal(month(2026, time.November)) || got[1].ActiveUsers != 60 {
		t.Fatalf("use after the change: %+v, %v", got, err)
	}
	if p, ok := c.Provenance(cache.DatasetUsage); !ok || !p.First.Equal(month(2026, time.November)) || !p.Last.Equal(month(2026, time.December)) {
		t.Fatalf("use covers %v to %v (%v); want Nov to Dec 2026", p.First, p.Last, ok)
	}
	if _, ok := c.Provenance(district.MetricDataset(district.AttendanceRate)); ok {
		t.Fatal("the cleared attendance still has coverage")
	}
	if r, ok := c.Extent(); !ok || !r.From.Equal(month(2026, time.December)) || !r.Last().Equal(month(2026, time.December)) {
		t.Fatalf("extent after clearing the observations: %v, %v", r, ok)
	}
	err = c.Write(ctx, real, cache.Change, func(w *cache.Writer) error { return w.Clear("weather") })
	if err == nil || !strings.Contains(err.Error(), `unknown dataset "weather"`) {
		t.Fatalf("clearing an unknown dataset: %v", err)
	}
}

func TestSourcePriority(t *testing.T) {
	c := mustOpenCache(t)
	connector := cache.Source{Name: "fleet", Kind: "snipeit", Priority: 10}
	if err := c.Write(ctx, real, cache.Replace, realSnapshot(94)); err != nil {
		t.Fatal(err)
	}
	if err := c.Write(ctx, connector, cache.Replace, func(w *cache.Writer) error {
		return w.PutObservation(district.Observation{Metric: district.AttendanceRate, School: "A", Period: month(2026, time.October), Value: 88, N: 400})
	}); err != nil {
		t.Fatal(err)
	}
	got, prov, _ := c.Series(ctx, district.AttendanceRate, "A", district.Range{From: month(2000, 1), To: month(2100, 1)})
	if prov.Source != connector.Name || len(got) != 1 || got[0].Value != 88 {
		t.Fatalf("the higher-priority source does not win: %+v from %s", got, prov.Source)
	}
	if _, prov, _ := c.Profile(ctx); prov.Source != real.Name {
		t.Fatalf("the profile moved to %s, which never supplied one", prov.Source)
	}
	if err := c.RemoveSource(ctx, connector.Name); err != nil {
		t.Fatal(err)
	}
	if _, prov, _ := c.Series(ctx, district.AttendanceRate, "A", district.Range{From: month(2000, 1), To: month(2100, 1)}); prov.Source != real.Name {
		t.Fatalf("after removing %s the series comes from %q", connector.Name, prov.Source)
	}
}

func TestSyncLog(t *testing.T) {
	c := mustOpenCache(t)
	runs := []cache.Run{
		{Source: "riverside", Started: fixedAt, Finished: fixedAt.Add(time.Second), Outcome: cache.OutcomeFailed, Message: "riverside: server answered 401 Unauthorized; check the token"},
		{Source: "riverside", Started: fixedAt.Add(time.Hour), Finished: fixedAt.Add(time.Hour + time.Second), Outcome: cache.OutcomeOK, Records: 1200, Bytes: 64000},
	}
	for _, r := range runs {
		if err := c.LogRun(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	ok, _, err := c.LastRun(ctx, "riverside")
	failed, _, ferr := c.LastRun(ctx, "riverside", cache.OutcomeFailed)
	if err != nil || ferr != nil || ok != runs[1] || failed != runs[0] {
		t.Fatalf("the runs read back as\n%+v\n%+v (%v, %v)\nwant\n%+v\n%+v", ok, failed, err, ferr, runs[1], runs[0])
	}
	tests := []struct {
		name     string
		source   string
		outcomes []string
		want     string // the outcome found, "" for none
	}{
		{"the newest run", "riverside", nil, cache.OutcomeOK},
		{"the newest failure", "riverside", []string{cache.OutcomeFailed, cache.OutcomeCancelled}, cache.OutcomeFailed},
		{"an outcome never logged", "riverside", []string{cache.OutcomeUnchanged}, ""},
		{"a source never synced", "lakeside", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, ok, err := c.LastRun(ctx, tt.source, tt.outcomes...)
			if err != nil || ok != (tt.want != "") || r.Outcome != tt.want {
				t.Fatalf("LastRun = %+v, %v, %v; want outcome %q", r, ok, err, tt.want)
			}
		})
	}
}

func TestHistoryBehindABetterSource(t *testing.T) {
	c := mustOpenCache(t)
	write := func(src cache.Source, plus float64, months ...time.Month) {
		t.Helper()
		err := c.Write(ctx, src, cache.Replace, func(w *cache.Writer) error {
			for _, m := range months {
				if err := w.PutObservation(district.Observation{Metric: district.StudentsEnrolled, Period: month(2026, m), Value: float64(100*m) + plus}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	connector := cache.Source{Name: "roster", Kind: "oneroster", Priority: 20}
	write(real, 0, time.January, time.February, time.March, time.April)
	write(connector, 7, time.April, time.May)

	all := district.Range{From: month(2026, time.January), To: month(2027, time.January)}
	got, prov, err := c.Series(ctx, district.StudentsEnrolled, "", all)
	if err != nil {
		t.Fatal(err)
	}
	if prov.Source != connector.Name {
		t.Fatalf("the series is said to come from %s", prov.Source)
	}
	var months []string
	for _, o := range got {
		months = append(months, fmt.Sprintf("%s=%v", o.Period.Format("Jan"), o.Value))
	}
	// April is the connector's: the better source takes over from its first month.
	if want := "[Jan=100 Feb=200 Mar=300 Apr=407 May=507]"; fmt.Sprint(months) != want {
		t.Fatalf("series %v, want %s", months, want)
	}
	recent, _, err := c.Recent(ctx, district.StudentsEnrolled, "", month(2026, time.December), 3)
	if err != nil || len(recent) != 3 || !recent[0].Period.Equal(month(2026, time.May)) || !recent[2].Period.Equal(month(2026, time.March)) {
		t.Fatalf("recent %+v, %v", recent, err)
	}
	if old, _, _ := c.Recent(ctx, district.StudentsEnrolled, "", month(2026, time.March), 5); len(old) != 2 {
		t.Fatalf("before March: %d values, want January and February", len(old))
	}
}
