package cache_test

import (
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
)

// TestCalendar: a connector reads the fiscal calendar of the best-ranked
// other source's profile, never the demo district's, and July without one.
func TestCalendar(t *testing.T) {
	c := mustOpenCache(t)
	calendar := func() time.Month {
		t.Helper()
		var got district.FiscalCalendar
		err := c.Write(ctx, fleet, cache.Change, func(w *cache.Writer) error {
			var err error
			got, err = w.Calendar()
			if err != nil {
				return err
			}
			return cache.ErrUnchanged
		})
		if err != nil {
			t.Fatal(err)
		}
		return got.Start(2026).Month()
	}
	profile := func(src cache.Source, p district.Profile) {
		t.Helper()
		if err := c.Write(ctx, src, cache.Replace, func(w *cache.Writer) error { return w.SetProfile(p) }); err != nil {
			t.Fatal(err)
		}
	}
	if got := calendar(); got != time.July {
		t.Errorf("with no profile the year starts in %s, want July", got)
	}
	profile(cache.Source{Name: "demo", Kind: district.DemoKind, Priority: 1000}, district.Profile{Name: "Demo", Demo: true, FiscalYearStart: time.April})
	if got := calendar(); got != time.July {
		t.Errorf("the demo district's calendar was read: %s", got)
	}
	profile(cache.Source{Name: "warehouse", Kind: "summaryapi", Priority: 100}, district.Profile{Name: "Riverside", FiscalYearStart: time.October})
	profile(real, district.Profile{Name: "Riverside", FiscalYearStart: time.September})
	if got := calendar(); got != time.September {
		t.Errorf("the year starts in %s, want the best-ranked source's September", got)
	}
}
