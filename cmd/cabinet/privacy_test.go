package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
)

// TestPrivacyCommand reads and sets the privacy threshold as IT staff
// would from a script: refusals in the app's sentence with the usage exit
// code, the setting kept in the cache, and the sentence about schools that
// count students twice.
func TestPrivacyCommand(t *testing.T) {
	p := inProcess{t: t, data: t.TempDir()}
	want := func(args []string, code int, stdout, stderr string) {
		t.Helper()
		got, out, errOut := p.run(args...)
		if got != code || !strings.Contains(out, stdout) || !strings.Contains(errOut, stderr) {
			t.Fatalf("cabinet %s: exit %d, stdout %q, stderr %q; want exit %d with %q and %q", strings.Join(args, " "), got, out, errOut, code, stdout, stderr)
		}
	}
	want([]string{"privacy"}, exitOK, "no cache in "+p.data+" yet, so the threshold is the default: Values about students resting on fewer than 10 students are hidden", "")
	want([]string{"privacy", "--threshold", "4"}, exitUsage, "", "privacy: the privacy threshold must be between 5 and 30 students, not 4.")
	want([]string{"privacy", "--threshold", "31"}, exitUsage, "", "not 31")
	want([]string{"privacy", "--threshold", "ten"}, exitUsage, "", `invalid value "ten" for flag -threshold`)
	if _, err := os.Stat(filepath.Join(p.data, cache.FileName)); !os.IsNotExist(err) {
		t.Fatalf("reading the threshold or refusing one made a cache: %v", err)
	}
	want([]string{"demo", "--schools", "6", "--years", "1"}, exitOK, "Wrote a demo district", "")
	want([]string{"privacy"}, exitOK, "fewer than 10 students are hidden", "")
	want([]string{"privacy", "--threshold", "20"}, exitOK, "Saved: values resting on fewer than 20 students are now hidden everywhere.", "")
	want([]string{"privacy"}, exitOK, "fewer than 20 students are hidden", "")

	c, err := cache.Open(context.Background(), filepath.Join(p.data, cache.FileName))
	if err != nil {
		t.Fatal(err)
	}
	if s, err := c.Suppression(context.Background()); err != nil || s.MinStudents() != 20 {
		t.Fatalf("the cache keeps %+v, %v", s, err)
	}
	// A sync after which the district counts fewer students than its
	// schools in the last month of attendance.
	last := district.Month(time.Now())
	err = c.Write(context.Background(), cache.DemoSource, cache.Change, func(w *cache.Writer) error {
		obs, _, err := c.Series(context.Background(), district.AttendanceRate, district.WholeDistrict, district.Range{From: last.AddDate(0, -3, 0), To: last.AddDate(0, 1, 0)})
		if err != nil || len(obs) == 0 {
			t.Fatalf("the district's attendance: %v, %v", obs, err)
		}
		o := obs[len(obs)-1]
		o.N -= 40
		return w.PutObservation(o)
	})
	c.Close()
	if err != nil {
		t.Fatal(err)
	}
	want([]string{"privacy"}, exitOK, "In Attendance rate (1 month, the latest ", "")
	want([]string{"privacy"}, exitOK, "the schools count more students than the district", "")
}
