package schoolmatch_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/sync/schoolmatch"
)

func TestNormalise(t *testing.T) {
	cases := []struct{ name, want string }{
		{"Adams Elementary School", "adams (elementary)"},
		{"ADAMS ES", "adams (elementary)"},
		{"Adams Elem.", "adams (elementary)"},
		{"Adams Primary", "adams (elementary)"},
		{"Lincoln Middle School", "lincoln (middle)"},
		{"Lincoln MS", "lincoln (middle)"},
		{"Lincoln Jr. High", "lincoln (middle)"},
		{"Lincoln Junior High School", "lincoln (middle)"},
		{"Riverside High School", "riverside (high)"},
		{"Riverside H.S.", "riverside (high)"},
		{"Riverside Senior High", "riverside (high)"},
		{"Horizon Alternative Academy", "horizon alternative"},
		{"The Academy of the Arts", "arts"},
		{"St. Mary's School", "st marys"},
		{"Saint Marys", "st marys"},
		{"Mount Vernon Elementary", "mt vernon (elementary)"},
		{"José Martí Elementary", "jose marti (elementary)"},
		{"JOSÉ MARTÍ ES", "jose marti (elementary)"},
		{"P.S. 123", "ps 123"},
		{"PS 123", "ps 123"},
		{"School No. 5", "5"},
		{"School #5", "5"},
		{"Lewis & Clark Elementary", "lewis clark (elementary)"},
		{"Lewis and Clark Elem", "lewis clark (elementary)"},
		{"  Cedar-Grove   Elementary ", "cedar grove (elementary)"},
		{"Lincoln Elementary and Middle School", "lincoln"},
		{"High School", " (high)"},
		{"", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := schoolmatch.Normalise(tc.name).String(); got != tc.want {
				t.Fatalf("Normalise(%q) = %q, want %q", tc.name, got, tc.want)
			}
		})
	}
}

func TestMatch(t *testing.T) {
	schools := []district.School{
		{ID: "S1", Name: "Adams Elementary"},
		{ID: "S2", Name: "Lincoln Elementary School"},
		{ID: "S3", Name: "Lincoln Middle School"},
		{ID: "S4", Name: "Riverside High School"},
		{ID: "S5", Name: "Washington Academy"},
		{ID: "S6", Name: "Washington School"},
		{ID: "S7", Name: "Horizon"},
	}
	m := schoolmatch.NewMatcher(schools)
	cases := []struct {
		name string
		want string // "" for no match
	}{
		{"ADAMS ES", "S1"},
		{"Adams", "S1"}, // one Adams: the level is not needed
		{"Lincoln Elem", "S2"},
		{"Lincoln MS", "S3"},
		{"Lincoln", ""},        // two Lincolns: a person must choose
		{"Lincoln High", ""},   // a level neither Lincoln has
		{"Riverside HS", "S4"}, // the full name
		{"Riverside Middle", ""},
		{"Washington", ""}, // both Washingtons normalise alike
		{"Horizon High School", "S7"},
		{"Warehouse", ""},
		{"High School", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := m.Match(tc.name)
			if got != tc.want || ok != (tc.want != "") {
				t.Fatalf("Match(%q) = %q, %t; want %q", tc.name, got, ok, tc.want)
			}
		})
	}
}

func TestLevelOf(t *testing.T) {
	for name, want := range map[string]district.Level{"Adams ES": district.Elementary, "Lincoln Jr High": district.Middle, "Riverside HS": district.High, "Horizon": ""} {
		if got, ok := schoolmatch.LevelOf(name); got != want || ok != (want != "") {
			t.Errorf("LevelOf(%q) = %q, %t", name, got, ok)
		}
	}
}

var ctx = context.Background()

var cabinet = []district.School{
	{ID: "S1", Name: "Adams Elementary", Level: district.Elementary},
	{ID: "S2", Name: "Lincoln Middle School", Level: district.Middle},
	{ID: "S3", Name: "Riverside High School", Level: district.High},
}

// open is a cache whose Summary API source supplies cabinet's schools.
func open(t *testing.T) *cache.Cache {
	t.Helper()
	c, err := cache.Open(ctx, filepath.Join(t.TempDir(), cache.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	c.Now = func() time.Time { return time.Date(2026, time.March, 15, 0, 0, 0, 0, time.UTC) }
	err = c.Write(ctx, cache.Source{Name: "warehouse", Kind: "summaryapi", Priority: 100}, cache.Replace, func(w *cache.Writer) error {
		for _, s := range cabinet {
			if err := w.PutSchool(s); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// resolve maps found for the source, and returns where each counts, the
// note and the map stored.
func resolve(t *testing.T, c *cache.Cache, src cache.Source, supplies bool, found []schoolmatch.Found, held map[string]int) (map[string]string, string, []cache.SchoolMapping) {
	t.Helper()
	got := map[string]string{}
	var note string
	err := c.Write(ctx, src, cache.Change, func(w *cache.Writer) error {
		r, err := schoolmatch.NewResolver(w, supplies)
		if err != nil {
			return err
		}
		m, err := r.Resolve(found)
		if err != nil {
			return err
		}
		for _, f := range found {
			got[f.ID] = m.School(f.ID)
		}
		note = m.Note(held, "locations", "devices")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := c.SchoolMappings(ctx, src.Name)
	if err != nil {
		t.Fatal(err)
	}
	return got, note, rows
}

var fleet = cache.Source{Name: "fleet", Kind: "snipeit", Priority: 10}

// TestResolveBuildings maps buildings by name and rooms by the building
// they are in, even through a loop in the source's data, and records only
// the buildings.
func TestResolveBuildings(t *testing.T) {
	c := open(t)
	found := []schoolmatch.Found{
		{ID: "1", Name: "Adams ES"},
		{ID: "2", Name: "Room 12 (Mr. Okafor)", Parent: "1"},
		{ID: "3", Name: "Cart B", Parent: "2"},
		{ID: "4", Name: "Warehouse"},
		{ID: "5", Name: "Shelf 3", Parent: "4"},
		{ID: "6", Name: "Loop A", Parent: "7"},
		{ID: "7", Name: "Loop B", Parent: "6"},
		{ID: "8", Name: "Riverside HS", Parent: "4"}, // its own name wins over its parent
		{ID: "9", Name: "Annex", Parent: "404"},      // a parent the source did not list
	}
	got, note, rows := resolve(t, c, fleet, false, found, map[string]int{"1": 5, "3": 2, "4": 1, "5": 7, "6": 1, "9": 0})
	want := map[string]string{"1": "S1", "2": "S1", "3": "S1", "4": "", "5": "", "6": "", "7": "", "8": "S3", "9": ""}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("%s counts as %q, want %q", id, got[id], w)
		}
	}
	stored := map[string]cache.How{}
	for _, r := range rows {
		stored[r.ID] = r.How
		if strings.Contains(r.Name, "Okafor") {
			t.Errorf("a room's name is stored: %+v", r)
		}
	}
	// Both locations of the loop are reported: neither lies inside the other.
	if len(stored) != 6 || stored["1"] != cache.ByName || stored["8"] != cache.ByName || stored["4"] != cache.Unmatched || stored["9"] != cache.Unmatched || stored["6"] != cache.Unmatched {
		t.Errorf("stored %v", stored)
	}
	// The shelf's devices are reported with its warehouse; the annex holds
	// nothing and is not reported.
	if !strings.Contains(note, ": Loop") || !strings.Contains(note, "Warehouse (8)") || strings.Contains(note, "Annex") {
		t.Errorf("note %q", note)
	}
}

// TestResolveByHand: a choice made by hand wins and outlives syncs, a
// location set aside is not reported and neither are the rooms in it, and
// a choice naming a school Cabinet no longer has counts as unmatched.
func TestResolveByHand(t *testing.T) {
	c := open(t)
	found := []schoolmatch.Found{{ID: "1", Name: "Adams ES"}, {ID: "4", Name: "Warehouse"}, {ID: "5", Name: "Shelf", Parent: "4"}, {ID: "6", Name: "Lincoln Annex"}}
	resolve(t, c, fleet, false, found, nil)
	for id, school := range map[string]string{"1": "S3", "4": "", "6": "S2"} {
		if err := c.SetSchoolMapping(ctx, "fleet", id, school); err != nil {
			t.Fatal(err)
		}
	}
	got, note, rows := resolve(t, c, fleet, false, found, map[string]int{"4": 3, "5": 2, "6": 1})
	if got["1"] != "S3" || got["4"] != "" || got["5"] != "" || got["6"] != "S2" || note != "" {
		t.Fatalf("by hand: %v, note %q", got, note)
	}
	for _, r := range rows {
		if r.ID == "4" && !r.Ignored() {
			t.Errorf("the warehouse is not set aside: %+v", r)
		}
	}
	// The Lincoln the annex was mapped to goes from Cabinet's schools
	// (two of the three go, a removal the person accepts).
	err := c.Write(ctx, cache.Source{Name: "warehouse", Kind: "summaryapi", Priority: 100}, cache.Replace, func(w *cache.Writer) error {
		w.AcceptRemovals()
		return w.PutSchool(cabinet[0])
	})
	if err != nil {
		t.Fatal(err)
	}
	got, note, _ = resolve(t, c, fleet, false, found, map[string]int{"6": 1})
	if got["6"] != "" || !strings.Contains(note, "Lincoln Annex (1)") {
		t.Fatalf("mapped to a school that is gone: %v, note %q", got, note)
	}
}

// TestResolveOwn: a source that supplies schools, with no other source's
// ranked first, has its own schools as Cabinet's; one that ranks after
// another's maps to those.
func TestResolveOwn(t *testing.T) {
	c := open(t)
	roster := cache.Source{Name: "roster", Kind: "oneroster", Priority: 20, Ranks: map[string]int{cache.DatasetSchools: 110}}
	found := []schoolmatch.Found{{ID: "org-1", Name: "Adams Elementary School"}, {ID: "org-2", Name: "Online Academy"}}
	got, note, _ := resolve(t, c, roster, true, found, map[string]int{"org-2": 40})
	if got["org-1"] != "S1" || got["org-2"] != "" || !strings.Contains(note, "Online Academy (40)") {
		t.Fatalf("behind a Summary API: %v, note %q", got, note)
	}
	first := cache.Source{Name: "roster", Kind: "oneroster", Priority: 20}
	got, note, rows := resolve(t, c, first, true, found, map[string]int{"org-2": 40})
	if got["org-1"] != "org-1" || got["org-2"] != "org-2" || note != "" || rows[0].How != cache.BySource {
		t.Fatalf("ranked first: %v, note %q, rows %+v", got, note, rows)
	}
}

// TestFingerprint changes with Cabinet's schools and choices made by hand,
// and only with them.
func TestFingerprint(t *testing.T) {
	c := open(t)
	print := func() string {
		var fp string
		err := c.Write(ctx, fleet, cache.Change, func(w *cache.Writer) error {
			r, err := schoolmatch.NewResolver(w, false)
			if err == nil {
				fp = r.Fingerprint()
				_, err = r.Resolve([]schoolmatch.Found{{ID: "1", Name: "Warehouse"}})
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return fp
	}
	a, b := print(), print()
	if a != b {
		t.Fatal("the fingerprint changed with nothing else")
	}
	if err := c.SetSchoolMapping(ctx, "fleet", "1", ""); err != nil {
		t.Fatal(err)
	}
	if print() == a {
		t.Fatal("the fingerprint missed a choice made by hand")
	}
}

// FuzzNormalise feeds the normaliser the names sources send.
func FuzzNormalise(f *testing.F) {
	f.Fuzz(func(t *testing.T, name string) {
		k := schoolmatch.Normalise(name)
		if k.Base != strings.Join(strings.Fields(k.Base), " ") || strings.ToLower(k.Base) != k.Base {
			t.Fatalf("Normalise(%q) = %+v", name, k)
		}
		if k.Base != "" {
			// A school is found by its own name.
			id, ok := schoolmatch.NewMatcher([]district.School{{ID: "S1", Name: name}}).Match(name)
			if !ok || id != "S1" {
				t.Fatalf("%q does not match itself", name)
			}
		}
	})
}
