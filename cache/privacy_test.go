package cache_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
)

func TestASourceCannotWeakenABuiltInMeasure(t *testing.T) {
	c := mustOpenCache(t)
	ela, _ := district.Lookup(district.ELAProficiency)
	ela.StudentBased, ela.Target = false, 65
	mine := district.Metric{ID: "local.reading_club_pct", Name: "Reading club", Domain: district.Instruction, Unit: district.Percent,
		Polarity: district.HigherIsBetter, Aggregation: district.Mean}
	err := c.Write(ctx, real, cache.Replace, func(w *cache.Writer) error {
		for _, m := range []district.Metric{ela, mine} {
			if err := w.PutMetric(m); err != nil {
				return err
			}
			if err := w.PutObservation(district.Observation{Metric: m.ID, Period: month(2026, 1), Value: 50, N: 4}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.Metric(ctx, district.ELAProficiency)
	if err != nil {
		t.Fatal(err)
	}
	if !got.StudentBased || got.Target != 65 {
		t.Errorf("a source's ELA proficiency reads %+v: want its target kept and the measure still about students", got)
	}
	if got, err := c.Metric(ctx, mine.ID); err != nil || got.StudentBased {
		t.Errorf("a source's own measure reads %+v, %v: want it as the source said", got, err)
	}
}

func TestCacheIsReadableByItsUserOnly(t *testing.T) {
	for _, tt := range []struct {
		name              string
		dirMode, fileMode os.FileMode
	}{
		{"created from nothing", 0, 0},
		{"found open to everyone", 0o777, 0o666},
		{"found readable by the group", 0o750, 0o640},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "Cabinet")
			path := filepath.Join(dir, cache.FileName)
			if tt.dirMode != 0 {
				c, err := cache.Open(ctx, path)
				if err != nil {
					t.Fatal(err)
				}
				c.Close()
				for _, p := range []string{path, path + "-wal", path + "-shm"} {
					if err := os.Chmod(p, tt.fileMode); err != nil && !os.IsNotExist(err) {
						t.Fatal(err)
					}
				}
				if err := os.Chmod(dir, tt.dirMode); err != nil {
					t.Fatal(err)
				}
			}
			c, err := cache.Open(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			mustSeedWith(t, c, tinyDemo)
			if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 {
				t.Errorf("data folder: %v, %v; want 0700", fi.Mode().Perm(), err)
			}
			for _, p := range []string{path, path + "-wal", path + "-shm"} {
				fi, err := os.Stat(p)
				if os.IsNotExist(err) {
					continue
				}
				if err != nil || fi.Mode().Perm() != 0o600 {
					t.Errorf("%s: %v, %v; want 0600", filepath.Base(p), fi.Mode().Perm(), err)
				}
			}
		})
	}
}

func TestSuppressionThreshold(t *testing.T) {
	path := filepath.Join(t.TempDir(), cache.FileName)
	c, err := cache.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if s, err := c.Suppression(ctx); err != nil || s.MinStudents() != district.DefaultSuppressionThreshold {
		t.Fatalf("a new cache's threshold: %+v, %v", s, err)
	}
	for _, bad := range []int{4, 31, 0} {
		if err := c.SetSuppressionThreshold(ctx, bad); err == nil {
			t.Errorf("threshold %d accepted", bad)
		}
	}
	if err := c.SetSuppressionThreshold(ctx, 20); err != nil {
		t.Fatal(err)
	}
	c.Close()
	c, err = cache.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if s, err := c.Suppression(ctx); err != nil || s.MinStudents() != 20 {
		t.Fatalf("threshold after reopening: %+v, %v", s, err)
	}
}
