package district_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/cabinetapp/cabinet/district"
)

func names(rows []district.FinderRow) []string {
	var out []string
	for _, r := range rows {
		if r.Pickable() {
			out = append(out, r.Name)
		} else {
			out = append(out, "# "+r.Heading)
		}
	}
	return out
}

func TestFinder(t *testing.T) {
	schools := []district.School{
		{ID: "a10", Name: "Adams Elementary 10", Level: district.Elementary},
		{ID: "a2", Name: "Adams Elementary 2", Level: district.Elementary},
		{ID: "lin", Name: "Lincoln Middle School", Level: district.Middle},
		{ID: "bel", Name: "Belén High School", Level: district.High},
		{ID: "eco", Name: "École Saint-Éloi", Level: district.Elementary},
		{ID: "alt", Name: "Horizon Academy", Level: district.Alternative},
	}
	f := district.NewFinder(schools)
	tests := []struct {
		name   string
		query  string
		recent []string
		want   []string
	}{
		{"everything, by level, in natural order", "", nil, []string{
			"Whole district", "# Elementary schools", "Adams Elementary 2", "Adams Elementary 10", "École Saint-Éloi",
			"# Middle schools", "Lincoln Middle School", "# High schools", "Belén High School", "# Alternative schools", "Horizon Academy"}},
		{"any part of the name, any case", "COLN", nil, []string{"Whole district", "# Middle schools", "Lincoln Middle School"}},
		{"accents ignored both ways", "belen", nil, []string{"Whole district", "# High schools", "Belén High School"}},
		{"accent typed, plain name", "éLOI", nil, []string{"Whole district", "# Elementary schools", "École Saint-Éloi"}},
		{"every word must match", "adams 1", nil, []string{"Whole district", "# Elementary schools", "Adams Elementary 10"}},
		{"nothing matches: the district stays", "zzz", nil, []string{"Whole district"}},
		{"recent first, not listed twice", "", []string{"lin", "gone", "a10"}, []string{
			"Whole district", "# Recent", "Lincoln Middle School", "Adams Elementary 10",
			"# Elementary schools", "Adams Elementary 2", "École Saint-Éloi", "# High schools", "Belén High School",
			"# Alternative schools", "Horizon Academy"}},
		{"recent filtered by the query", "adams", []string{"lin", "a10"}, []string{
			"Whole district", "# Recent", "Adams Elementary 10", "# Elementary schools", "Adams Elementary 2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := names(f.Find(tt.query, tt.recent)); !slices.Equal(got, tt.want) {
				t.Errorf("Find(%q) =\n%q\nwant\n%q", tt.query, got, tt.want)
			}
		})
	}
}

// manySchools makes a district of n schools named as large districts name
// them: a few hundred stems, numbered, at every level.
func manySchools(n int) []district.School {
	stems := []string{"Adams", "Lincoln", "Jefferson", "Roosevelt", "Washington", "Cañon Ridge", "Sequoia", "Maple Grove", "Hernández", "Martin Luther King Jr."}
	levels := []district.Level{district.Elementary, district.Middle, district.High, district.Alternative}
	kinds := map[district.Level]string{district.Elementary: "Elementary", district.Middle: "Middle School", district.High: "High School", district.Alternative: "Academy"}
	out := make([]district.School, n)
	for i := range out {
		l := levels[i%len(levels)]
		out[i] = district.School{ID: fmt.Sprint("s", i), Name: fmt.Sprintf("%s %s %d", stems[i%len(stems)], kinds[l], i/len(stems)+1), Level: l}
	}
	return out
}

// BenchmarkFinderKeystroke is one keystroke in the finder at the size of the
// largest US districts: the goal is well under 50 ms.
func BenchmarkFinderKeystroke(b *testing.B) {
	f := district.NewFinder(manySchools(1800))
	recent := []string{"s17", "s400", "s1200"}
	queries := []string{"", "l", "li", "lin", "linc", "lincoln 1", "cañ", "her"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if rows := f.Find(queries[i%len(queries)], recent); len(rows) == 0 {
			b.Fatal("no rows")
		}
	}
}

func BenchmarkNewFinder(b *testing.B) {
	schools := manySchools(1800)
	for b.Loop() {
		district.NewFinder(schools)
	}
}
