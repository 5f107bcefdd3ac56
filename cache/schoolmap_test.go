package cache_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
)

var (
	roster = cache.Source{Name: "roster", Kind: "oneroster", Priority: 20, Ranks: map[string]int{cache.DatasetSchools: 110}}
	fleet  = cache.Source{Name: "fleet", Kind: "snipeit", Priority: 10}
)

func putSchools(schools ...district.School) func(*cache.Writer) error {
	return func(w *cache.Writer) error {
		for _, s := range schools {
			if err := w.PutSchool(s); err != nil {
				return err
			}
		}
		return nil
	}
}

// TestRanks: a source may rank apart for one dataset. The roster's
// enrolment comes before the Summary API's, its schools after.
func TestRanks(t *testing.T) {
	c := mustOpenCache(t)
	adams := district.School{ID: "S1", Name: "Adams Elementary", Level: district.Elementary, Enrolment: 400}
	if err := c.Write(ctx, roster, cache.Replace, func(w *cache.Writer) error {
		if err := putSchools(district.School{ID: "org-1", Name: "Adams ES", Level: district.Elementary})(w); err != nil {
			return err
		}
		return w.PutObservation(district.Observation{Metric: district.StudentsEnrolled, Period: month(2026, 3), Value: 380})
	}); err != nil {
		t.Fatal(err)
	}
	if _, prov, _ := c.Schools(ctx); prov.Source != "roster" {
		t.Fatalf("alone, the roster's schools come from %q", prov.Source)
	}
	if err := c.Write(ctx, real, cache.Replace, func(w *cache.Writer) error {
		if err := putSchools(adams)(w); err != nil {
			return err
		}
		return w.PutObservation(district.Observation{Metric: district.StudentsEnrolled, Period: month(2026, 3), Value: 400})
	}); err != nil {
		t.Fatal(err)
	}
	schools, prov, _ := c.Schools(ctx)
	if prov.Source != real.Name || len(schools) != 1 || schools[0] != adams {
		t.Fatalf("schools: %+v from %q", schools, prov.Source)
	}
	if got, prov, _ := c.Recent(ctx, district.StudentsEnrolled, "", month(2026, 4), 1); prov.Source != "roster" || got[0].Value != 380 {
		t.Fatalf("enrolment: %+v from %q", got, prov.Source)
	}
	err := c.Write(ctx, fleet, cache.Change, func(w *cache.Writer) error {
		list, ok, err := w.OtherSchools()
		if err != nil || !ok || list.Source != real.Name || list.Rank != real.Priority || len(list.Schools) != 1 || list.Schools[0] != adams {
			t.Errorf("the schools a connector maps to: %+v, %t, %v", list, ok, err)
		}
		if w.Source().Rank(cache.DatasetSchools) != fleet.Priority || roster.Rank(cache.DatasetSchools) != 110 || roster.Rank("metric:x") != 20 {
			t.Error("ranks")
		}
		return cache.ErrUnchanged
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestSchoolMap: a sync records what it found, a person chooses by hand,
// later syncs keep the choice, and the map goes with its source.
func TestSchoolMap(t *testing.T) {
	c := mustOpenCache(t)
	if err := c.Write(ctx, real, cache.Replace, putSchools(district.School{ID: "S1", Name: "Adams Elementary", Level: district.Elementary})); err != nil {
		t.Fatal(err)
	}
	found := []cache.SchoolMapping{
		{ID: "1", Name: "Adams ES", School: "S1", How: cache.ByName},
		{ID: "2", Name: "Warehouse", How: cache.Unmatched},
		{ID: "3", Name: "Annex", How: cache.Unmatched},
	}
	sync := func(rows []cache.SchoolMapping) {
		t.Helper()
		if err := c.Write(ctx, fleet, cache.Replace, func(w *cache.Writer) error { return w.SaveSchoolMappings(rows) }); err != nil {
			t.Fatal(err)
		}
	}
	sync(found)
	if err := c.SetSchoolMapping(ctx, "fleet", "2", ""); err != nil {
		t.Fatal(err)
	}
	if err := c.SetSchoolMapping(ctx, "fleet", "3", "S1"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ id, school, want string }{
		{"3", "S9", `"S9" is not one of Cabinet's schools`},
		{"9", "S1", "no such school in the source"},
	} {
		if err := c.SetSchoolMapping(ctx, "fleet", tc.id, tc.school); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("mapping %s to %s: %v", tc.id, tc.school, err)
		}
	}
	if err := c.ClearSchoolMapping(ctx, "fleet", "9"); !errors.Is(err, cache.ErrNoMapping) {
		t.Errorf("clearing what is not there: %v", err)
	}
	// The next sync finds only Adams; the choices made by hand stay.
	c.Now = func() time.Time { return fixedAt.Add(time.Hour) }
	sync(found[:1])
	rows, err := c.SchoolMappings(ctx, "fleet")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, m := range rows {
		got[m.ID] = m.School + "/" + string(m.How) + "/" + m.Seen.Format(time.TimeOnly) + "/" + map[bool]string{true: "ignored"}[m.Ignored()]
	}
	want := map[string]string{"1": "S1/name/09:00:00/", "2": "/hand/08:00:00/ignored", "3": "S1/hand/08:00:00/"}
	if len(got) != len(want) {
		t.Fatalf("map %v", got)
	}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("%s: %s, want %s", id, got[id], w)
		}
	}
	if err := c.ClearSchoolMapping(ctx, "fleet", "3"); err != nil {
		t.Fatal(err)
	}
	// Every source's map, by source and then by name.
	if all, _ := c.SchoolMappings(ctx, ""); len(all) != 3 || all[1].ID != "3" || all[1].How != cache.Unmatched || all[1].School != "" {
		t.Fatalf("after clearing: %+v", all)
	}
	if err := c.RemoveSource(ctx, "fleet"); err != nil {
		t.Fatal(err)
	}
	if rows, _ := c.SchoolMappings(ctx, "fleet"); len(rows) != 0 {
		t.Fatalf("the map outlived its source: %+v", rows)
	}
}

// TestClearMonth replaces one month's figures and keeps the others.
func TestClearMonth(t *testing.T) {
	c := mustOpenCache(t)
	put := func(period time.Time, v float64) {
		t.Helper()
		err := c.Write(ctx, fleet, cache.Change, func(w *cache.Writer) error {
			if err := w.ClearMonth(period); err != nil {
				return err
			}
			return w.PutObservation(district.Observation{Metric: district.DevicesInService, School: "S1", Period: period, Value: v})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	put(month(2026, 2), 10)
	put(month(2026, 3), 11)
	// March again, with another school's figure and Adams gone.
	if err := c.Write(ctx, fleet, cache.Change, func(w *cache.Writer) error {
		if err := w.ClearMonth(month(2026, 3)); err != nil {
			return err
		}
		return w.PutObservation(district.Observation{Metric: district.DevicesInService, School: "S2", Period: month(2026, 3), Value: 5})
	}); err != nil {
		t.Fatal(err)
	}
	all := district.Range{From: month(2026, 1), To: month(2026, 4)}
	s1, _, _ := c.Series(ctx, district.DevicesInService, "S1", all)
	s2, _, _ := c.Series(ctx, district.DevicesInService, "S2", all)
	if len(s1) != 1 || s1[0].Value != 10 || len(s2) != 1 || s2[0].Value != 5 {
		t.Fatalf("S1 %+v, S2 %+v", s1, s2)
	}
	if prov, _ := c.Provenance(district.MetricDataset(district.DevicesInService)); !prov.First.Equal(month(2026, 2)) || !prov.Last.Equal(month(2026, 3)) {
		t.Fatalf("coverage %s to %s", prov.First, prov.Last)
	}
}
