package cache_test

import (
	"errors"
	"testing"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/district/demo"
)

// TestReadTxSeesOneMoment reads the demo district through a read
// transaction, replaces the district and its privacy threshold, and reads
// again through the same transaction: it still sees the old schools,
// series, sources and threshold, while the cache and a new transaction see
// the new. Closed, it reads nothing.
func TestReadTxSeesOneMoment(t *testing.T) {
	c := mustOpenCache(t)
	old := mustSeed(t, c)
	tx, err := c.Read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ext, _ := tx.Extent()
	before, prov, err := tx.Series(ctx, district.AttendanceRate, district.WholeDistrict, ext)
	if err != nil || len(before) == 0 {
		t.Fatalf("%d months, %v", len(before), err)
	}
	small := demo.Config{Seed: 3, Schools: 6, Years: 2, End: end}
	if err := c.Write(ctx, cache.DemoSource, cache.Replace, func(w *cache.Writer) error { return demo.New(small).Put(w) }); err != nil {
		t.Fatal(err)
	}
	if err := c.SetSuppressionThreshold(ctx, 20); err != nil {
		t.Fatal(err)
	}

	schools, _, err := tx.Schools(ctx)
	if err != nil || len(schools) != len(old.Schools()) {
		t.Fatalf("the transaction reads %d schools (%v) after the reseed; want the %d it began with", len(schools), err, len(old.Schools()))
	}
	after, again, _ := tx.Series(ctx, district.AttendanceRate, district.WholeDistrict, ext)
	if len(after) != len(before) || after[0] != before[0] || again != prov {
		t.Fatalf("the transaction's series changed: %d months from %+v, was %d from %+v", len(after), again, len(before), prov)
	}
	if s, _ := tx.Suppression(ctx); s.MinStudents() != district.DefaultSuppressionThreshold {
		t.Fatalf("the transaction reads the threshold %d set after it began", s.MinStudents())
	}
	if now, _, _ := c.Schools(ctx); len(now) != small.Schools {
		t.Fatalf("the cache reads %d schools, want the new %d", len(now), small.Schools)
	}
	fresh, err := c.Read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	if now, _, _ := fresh.Schools(ctx); len(now) != small.Schools {
		t.Fatalf("a new transaction reads %d schools, want %d", len(now), small.Schools)
	}
	if err := tx.Close(); err != nil {
		t.Fatal(err)
	}
	if _, _, err := tx.Schools(ctx); err == nil || errors.Is(err, district.ErrNoData) {
		t.Fatalf("a closed transaction read the schools: %v", err)
	}
}
