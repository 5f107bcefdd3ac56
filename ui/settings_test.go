package ui

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
)

// TestSettingsChangeThePrivacyThreshold opens the Settings view, looks at
// it, and lowers the threshold as a person would: the cache keeps the new
// value and every chart is redrawn with it at once.
func TestSettingsChangeThePrivacyThreshold(t *testing.T) {
	d, w := newTestDashboard(t, laptop)
	// The ranking draws its worst schools and sums up the rest ("… and 13
	// more, …, 1 hidden *, 1 hidden **"): count both.
	hidden := func() int {
		ch := chartOf(t, d, "instruction.ela_by_school")
		n := 0
		for i, v := range ch.Series[0].Values {
			if v.Suppressed {
				n++
			}
			if c := ch.Categories[i]; strings.HasPrefix(c, "…") {
				for _, m := range regexp.MustCompile(`(\d+) hidden`).FindAllStringSubmatch(c, -1) {
					rest, _ := strconv.Atoi(m[1])
					n += rest
				}
			}
		}
		return n
	}
	if n := hidden(); n != 2 {
		t.Fatalf("under the default threshold the ranking hides %d schools, want the small one and one beside it", n)
	}
	act(d.br, func() { d.tabs.Select(d.sourcesItem) })
	settle(d, w)
	if d.settings == nil || d.settings.threshold.Selected != "10" {
		t.Fatal("the Settings view does not show the district's threshold of 10")
	}
	test.AssertImageMatches(t, "settings-"+sizeName(laptop)+".png", w.Canvas().Capture())

	act(d.br, func() { d.settings.threshold.SetSelected("5") })
	settle(d, w)
	s, err := d.cache.Suppression(context.Background())
	if err != nil || s.MinStudents() != 5 {
		t.Fatalf("the cache keeps %+v, %v", s, err)
	}
	if !strings.Contains(d.settings.status.Text, "fewer than 5 students") {
		t.Errorf("the view says %q", d.settings.status.Text)
	}
	if d.board.Suppression.MinStudents() != 5 {
		t.Fatalf("the board applies %d", d.board.Suppression.MinStudents())
	}
	if n := hidden(); n != 0 {
		t.Errorf("under a threshold of 5 the ranking still hides %d schools", n)
	}
	if d.board.Suppression.Footnote() == (district.Suppression{}).Footnote() {
		t.Error("the export footnote did not change with the threshold")
	}
}

// TestRankingShowsTheComplementaryMark opens the ELA ranking as a person
// would, from its card: the small school is marked *, the school hidden
// beside it **, and the legend says what each mark means.
func TestRankingShowsTheComplementaryMark(t *testing.T) {
	d, w := newTestDashboard(t, projector)
	chartOf(t, d, "instruction.ela_by_school")
	act(d.br, func() { d.openDetail("instruction.ela_by_school") })
	settle(d, w)
	overlay := w.Canvas().Overlays().Top()
	if overlay == nil || !containsText(overlay, "ELA proficiency, by school") {
		t.Fatal("the ranking did not open")
	}
	if !containsText(overlay, "so that another school cannot be worked out") {
		t.Error("the caption does not say why the second school is hidden")
	}
	test.AssertImageMatches(t, "ranking-complementary-"+sizeName(projector)+".png", w.Canvas().Capture())
}

// TestSettingsSayWhereSchoolsOverlap opens the Sources tab on the demo
// district, whose schools never count a student twice, then takes in a
// sync after which the district counts 52 fewer students in a month of
// attendance than its schools do: the Student privacy section says so.
func TestSettingsSayWhereSchoolsOverlap(t *testing.T) {
	d, w := newTestDashboard(t, laptop)
	act(d.br, func() { d.tabs.Select(d.sourcesItem) })
	settle(d, w)
	if d.settings.overlaps.Visible() {
		t.Fatalf("the demo district's schools are said to overlap: %q", d.settings.overlaps.Text)
	}
	october := district.Range{From: time.Date(2026, time.October, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, time.November, 1, 0, 0, 0, 0, time.UTC)}
	err := d.cache.Write(context.Background(), cache.DemoSource, cache.Change, func(w *cache.Writer) error {
		obs, _, err := d.cache.Series(context.Background(), district.AttendanceRate, district.WholeDistrict, october)
		if err != nil || len(obs) != 1 {
			return fmt.Errorf("the district's attendance in October: %v, %v", obs, err)
		}
		obs[0].N -= 52
		return w.PutObservation(obs[0])
	})
	if err != nil {
		t.Fatal(err)
	}
	act(d.br, d.dataChanged)
	settle(d, w)
	if got := d.settings.overlaps.Text; !d.settings.overlaps.Visible() || !strings.Contains(got, "In Attendance rate (1 month, the latest October 2026), the schools count more students than the district") {
		t.Errorf("the Student privacy section says %q", got)
	}
}
