package export_test

import (
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/export"
	"github.com/cabinetapp/cabinet/panel"
)

// TestCSVMatchesTheCache exports a time series and a ranking as CSV and
// compares them with the cache's own values: every shown value as stored,
// every suppressed one as the mark with no n, and no suppressed value
// anywhere in any file.
func TestCSVMatchesTheCache(t *testing.T) {
	b := demoBoard(t)
	c := b.Data()
	d := district.Deck{Name: "Data", Slides: []district.Slide{
		{Kind: district.ChartSlide, Panel: "tech.tickets", Period: last12},
		{Kind: district.ChartSlide, Panel: "instruction.ela_by_school", Period: last12},
		{Kind: district.TilesSlide, Tiles: district.Instruction, Period: last12},
	}}
	dir := t.TempDir()
	written, err := export.Files(ctx, dir, export.FormatCSV, b, d, opts)
	if err != nil {
		t.Fatal(err)
	}
	files := written.Paths
	want := []string{"01-open-help-desk-tickets.csv", "02-ela-proficiency-by-school.csv", "03-instructional-impact-at-a-glance.csv", export.IndexFile}
	for i := range want {
		want[i] = filepath.Join(dir, want[i])
	}
	if !slices.Equal(files, want) {
		t.Fatalf("files %q, want %q", files, want)
	}

	t.Run("time series", func(t *testing.T) {
		obs, _, err := c.Series(ctx, district.TicketsOpen, district.WholeDistrict, b.Range(panel.Filter{Period: last12}))
		if err != nil {
			t.Fatal(err)
		}
		rows := readCSV(t, files[0])
		if !slices.Equal(rows[0], []string{"Month", "Open help-desk tickets (tickets), whole district", "Number counted"}) || len(rows) != len(obs)+1 {
			t.Fatalf("header %q and %d rows for %d months", rows[0], len(rows)-1, len(obs))
		}
		for i, o := range obs {
			if got := rows[i+1]; strings.TrimSuffix(got[0], " so far") != o.Period.Format("2006-01") || got[1] != strconv.FormatFloat(o.Value, 'f', -1, 64) {
				t.Errorf("row %q, cache has %s = %v", got, o.Period.Format("2006-01"), o.Value)
			}
		}
	})

	t.Run("ranking with suppression", func(t *testing.T) {
		m, _ := c.Metric(ctx, district.ELAProficiency)
		obs, _, err := c.Schoolwide(ctx, district.ELAProficiency, b.Range(panel.Filter{Period: last12}).To)
		if err != nil {
			t.Fatal(err)
		}
		rows := readCSV(t, files[1])
		bySchool := map[string][]string{}
		for _, r := range rows[1:] {
			bySchool[r[0]] = r
		}
		var secrets []string
		complementary := 0
		for _, o := range obs {
			got, ok := bySchool[b.School(o.School)]
			if !ok {
				t.Fatalf("no row for %s", b.School(o.School))
			}
			if b.Suppression.Suppressed(m, o.N) {
				secrets = append(secrets, strconv.FormatFloat(o.Value, 'f', -1, 64))
				if got[1] != district.SuppressedMark || got[2] != "" {
					t.Errorf("suppressed %s exported as %q", b.School(o.School), got)
				}
				continue
			}
			if got[1] == district.ComplementaryMark && got[2] == "" {
				// Hidden beside the small school so that it cannot be worked out.
				complementary++
				secrets = append(secrets, strconv.FormatFloat(o.Value, 'f', -1, 64))
				continue
			}
			if got[1] != strconv.FormatFloat(o.Value, 'f', -1, 64) || got[2] != strconv.Itoa(o.N) {
				t.Errorf("%s exported as %q, cache has %v (n %d)", b.School(o.School), got, o.Value, o.N)
			}
		}
		if len(secrets) == 0 || complementary != 1 {
			t.Fatalf("the demo has %d hidden values, %d of them beside another; want one of each", len(secrets), complementary)
		}
		for _, f := range files {
			for _, r := range readCSV(t, f) {
				for _, cell := range r {
					if slices.Contains(secrets, cell) {
						t.Errorf("%s holds the suppressed value %s", filepath.Base(f), cell)
					}
				}
			}
		}
	})

	t.Run("tiles and index", func(t *testing.T) {
		tiles := readCSV(t, files[2])
		if len(tiles) != 5 || tiles[1][0] != "Attendance rate" || !strings.HasSuffix(tiles[1][1], "%") {
			t.Errorf("tiles CSV %q", tiles)
		}
		index := readCSV(t, files[3])
		if len(index) != 4 || index[2][1] != "02-ela-proficiency-by-school.csv" || index[2][8] != "1 value hidden (*): fewer than 10 students; 1 value hidden (**) so that another school cannot be worked out" ||
			index[1][4] != "Riverside Unified School District (Demo district)" || index[1][6] != "Data as of Nov 2026" ||
			!strings.HasPrefix(index[1][9], "Values resting on fewer than 10 students are hidden") {
			t.Errorf("index %q", index)
		}
	})
}
