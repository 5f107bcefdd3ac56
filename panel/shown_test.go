package panel_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/district/demo"
)

// TestOverlapNoteSaysWhereSchoolsCountStudentsTwice changes the demo
// district as a feed might send it, with the district counting fewer
// students than its schools in a month of attendance and of one product's
// use, and reads the sentence the Sources tab and 'cabinet privacy' show.
func TestOverlapNoteSaysWhereSchoolsCountStudentsTwice(t *testing.T) {
	c, err := cache.Open(ctx, filepath.Join(t.TempDir(), cache.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	d := demo.New(demo.Default(end))
	seed(t, c, d)
	note := func() string {
		t.Helper()
		b := boardOf(t, c)
		s, err := b.OverlapNote(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	if s := note(); s != "" {
		t.Fatalf("the demo district's schools overlap: %q", s)
	}
	october := district.Range{From: end.AddDate(0, -1, 0), To: end}
	product := d.Products()[0]
	err = c.Write(ctx, cache.DemoSource, cache.Change, func(w *cache.Writer) error {
		obs, _, err := c.Series(ctx, district.AttendanceRate, district.WholeDistrict, october)
		if err != nil || len(obs) != 1 {
			t.Fatalf("the district's attendance in October: %v, %v", obs, err)
		}
		obs[0].N -= 52
		if err := w.PutObservation(obs[0]); err != nil {
			return err
		}
		use, err := c.Usage(ctx, product.ID, district.WholeDistrict, october)
		if err != nil || len(use) != 1 {
			t.Fatalf("the district's use of %s in October: %v, %v", product.Name, use, err)
		}
		use[0].ActiveUsers -= 30
		return w.PutUsage(use[0])
	})
	if err != nil {
		t.Fatal(err)
	}
	got := note()
	for _, want := range []string{
		"Attendance rate (1 month, the latest " + october.From.Format("January 2006") + ")",
		"use of " + product.Name + " (1 month",
		"the schools count more students than the district",
		"hides any school that could lie inside a larger one",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the note %q does not say %q", got, want)
		}
	}
}
