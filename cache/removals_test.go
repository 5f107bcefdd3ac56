package cache_test

import (
	"errors"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/district/demo"
	"github.com/cabinetapp/cabinet/sync/synctest"
)

// TestRemovalsAreHeld: a write that would empty a dataset the source holds
// or remove more than half of it, by replacing it or deleting rows, is
// rolled back with a *RemovalError that says what was sent, unless the
// removal was accepted. The demo district is not held.
func TestRemovalsAreHeld(t *testing.T) {
	profileOnly := func(w *cache.Writer) error { return w.SetProfile(district.Profile{Name: "Riverside USD"}) }
	cases := []struct {
		name string
		mode cache.Mode
		fn   func(w *cache.Writer) error
		want string
	}{
		{"a snapshot without schools or values", cache.Replace, profileOnly,
			"the server sent no schools (the cache holds 1) and no observations (the cache holds 2); nothing was changed"},
		{"both values deleted", cache.Change, func(w *cache.Writer) error {
			for _, school := range []string{"", "A"} {
				if err := w.DeleteObservation(district.AttendanceRate, school, month(2026, time.October)); err != nil {
					return err
				}
			}
			return nil
		}, "the server sent deletions of 2 of the 2 observations; nothing was changed"},
		{"the schools cleared", cache.Change, func(w *cache.Writer) error { return w.Clear(cache.DatasetSchools) },
			"the server sent no schools (the cache holds 1); nothing was changed"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := mustOpenCache(t)
			if err := c.Write(ctx, real, cache.Replace, realSnapshot(94)); err != nil {
				t.Fatal(err)
			}
			before := synctest.Dump(t, c.Path(), true)
			err := c.Write(ctx, real, tc.mode, tc.fn)
			var held *cache.RemovalError
			if !errors.As(err, &held) || err.Error() != tc.want || held.Source != real.Name {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
			if synctest.Dump(t, c.Path(), true) != before {
				t.Fatal("the held write changed the cache")
			}
			err = c.Write(ctx, real, tc.mode, func(w *cache.Writer) error {
				w.AcceptRemovals()
				return tc.fn(w)
			})
			if err != nil || synctest.Dump(t, c.Path(), true) == before {
				t.Fatalf("the accepted write: %v, or it changed nothing", err)
			}
		})
	}

	t.Run("a smaller demo district", func(t *testing.T) {
		c := mustOpenCache(t)
		for _, schools := range []int{6, 2} {
			mustSeedWith(t, c, demo.Config{Seed: 1, Schools: schools, Years: 1, End: end})
		}
	})
}
