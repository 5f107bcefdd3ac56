package cache_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/sync/synctest"
)

// TestWritesNumberNamesAtOnce runs a write that adds two schools and a
// product while another write, begun after it and applied before it, adds
// a school of the same name, another school and another product. Each
// write numbers its new names from the same point, so the first one
// applied takes the ids the other gave its own names: every name must end
// with one id, and every figure read back under its own names.
func TestWritesNumberNamesAtOnce(t *testing.T) {
	c := mustOpenCache(t)
	first := cache.Source{Name: "feed", Kind: "summaryapi", Priority: 10}
	second := cache.Source{Name: "fleet", Kind: "snipeit", Priority: 20}
	jan := month(2026, time.January)
	err := c.Write(ctx, first, cache.Replace, func(w *cache.Writer) error {
		for i, school := range []string{"S1", "S2"} {
			if err := w.PutObservation(district.Observation{Metric: district.AttendanceRate, School: school, Period: jan, Value: float64(90 + i), N: 400}); err != nil {
				return err
			}
		}
		if err := w.PutUsage(district.ProductUsage{Product: "P1", School: "S1", Period: jan, ActiveUsers: 40, WeeklyActive: 20}); err != nil {
			return err
		}
		return c.Write(ctx, second, cache.Replace, func(w *cache.Writer) error {
			for i, school := range []string{"S2", "S9"} {
				if err := w.PutObservation(district.Observation{Metric: district.DevicesInService, School: school, Period: jan, Value: float64(500 + i)}); err != nil {
					return err
				}
			}
			return w.PutUsage(district.ProductUsage{Product: "P2", School: "S9", Period: jan, ActiveUsers: 70, WeeklyActive: 35})
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	dump := synctest.Dump(t, c.Path(), false)
	for _, want := range []string{
		"feed instruction.attendance_pct S1 2026-01-01 90 400",
		"feed instruction.attendance_pct S2 2026-01-01 91 400",
		"fleet devices.in_service S2 2026-01-01 500 0",
		"fleet devices.in_service S9 2026-01-01 501 0",
		"feed P1 S1 2026-01-01 40 20",
		"fleet P2 S9 2026-01-01 70 35",
	} {
		if !strings.Contains(dump, want+"\n") {
			t.Errorf("the cache does not hold %q:\n%s", want, dump)
		}
	}
	devices, _, err := c.Schoolwide(ctx, district.DevicesInService, month(2026, time.February))
	if err != nil || len(devices) != 2 || devices[0].School+" "+devices[1].School != "S2 S9" {
		t.Errorf("the fleet's schools read back as %+v, %v", devices, err)
	}
	use, err := c.UsageAt(ctx, "S1", month(2026, time.February))
	if err != nil || len(use) != 1 || use[0].Product != "P1" || use[0].ActiveUsers != 40 {
		t.Errorf("S1's use reads back as %+v, %v", use, err)
	}
}

// TestTooManyNewKeys: a source that names a new school on every row would
// grow the cache's dictionary of schools without end; past cache.MaxNames
// new names in one sync it fails and keeps the last good data.
func TestTooManyNewKeys(t *testing.T) {
	c := mustOpenCache(t)
	mustSeedWith(t, c, tinyDemo)
	before := synctest.Dump(t, c.Path(), true)
	err := c.Write(ctx, real, cache.Replace, func(w *cache.Writer) error {
		for i := range cache.MaxNames + 1 {
			if err := w.PutObservation(district.Observation{Metric: district.AttendanceRate, School: fmt.Sprintf("X%d", i), Period: month(2026, 1), Value: 90, N: 20}); err != nil {
				return err
			}
		}
		return nil
	})
	if !errors.Is(err, cache.ErrTooManyNames) {
		t.Fatalf("a sync naming %d new schools: %v", cache.MaxNames+1, err)
	}
	if synctest.Dump(t, c.Path(), true) != before {
		t.Fatal("the failed sync changed the cache")
	}
}
