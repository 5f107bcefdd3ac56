package cache_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/cabinetapp/cabinet/district"
)

// TestPlanSettingsRoundTrip: a new cache holds no plan setting (every
// figure is Cabinet's default), the district's own are kept, read back
// through a snapshot, and a bad one is refused with nothing saved.
func TestPlanSettingsRoundTrip(t *testing.T) {
	c := mustOpenCache(t)
	s, err := c.PlanSettings(ctx)
	if err != nil || len(s.Prices) != 0 || len(s.Lives) != 0 || s.DevicesPerTechnician != 0 || s.Technicians != 0 {
		t.Fatalf("a new cache's plan settings: %+v, %v", s, err)
	}
	saved, err := c.UpdatePlanSettings(ctx, func(s *district.PlanSettings) error {
		s.Prices[district.Chromebooks] = 329.99
		s.Lives[district.NetworkGear] = 8
		s.DevicesPerTechnician, s.Technicians = 650, 6
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	tx, err := c.Read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Close()
	got, err := tx.PlanSettings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := district.PlanSettings{Prices: map[district.DeviceKind]float64{district.Chromebooks: 329.99}, Lives: map[district.DeviceKind]int{district.NetworkGear: 8},
		DevicesPerTechnician: 650, Technicians: 6}
	if !samePlanSettings(got, want) || !samePlanSettings(saved, want) {
		t.Fatalf("read back %+v (saved %+v), want %+v", got, saved, want)
	}

	for _, tt := range []struct {
		name   string
		change func(*district.PlanSettings) error
		err    string
	}{
		{"a price of nothing", func(s *district.PlanSettings) error { s.Prices[district.Laptops] = 0; return nil }, "the price of a laptop must be from $1"},
		{"a ratio of five", func(s *district.PlanSettings) error { s.DevicesPerTechnician = 5; return nil }, "devices per technician must be from 50"},
		{"the change itself fails", func(s *district.PlanSettings) error { s.Technicians = 9; return errors.New("no") }, "no"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.UpdatePlanSettings(ctx, tt.change)
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Fatalf("error %v, want %q", err, tt.err)
			}
			if s, _ := c.PlanSettings(ctx); !samePlanSettings(s, want) {
				t.Fatalf("a refused change was saved: %+v", s)
			}
		})
	}

	// Back to the defaults.
	if _, err := c.UpdatePlanSettings(ctx, func(s *district.PlanSettings) error { *s = district.PlanSettings{}; return nil }); err != nil {
		t.Fatal(err)
	}
	if s, _ := c.PlanSettings(ctx); len(s.Prices)+len(s.Lives)+s.DevicesPerTechnician+s.Technicians != 0 {
		t.Fatalf("the defaults did not come back: %+v", s)
	}
}

func samePlanSettings(a, b district.PlanSettings) bool {
	if len(a.Prices) != len(b.Prices) || len(a.Lives) != len(b.Lives) || a.DevicesPerTechnician != b.DevicesPerTechnician || a.Technicians != b.Technicians {
		return false
	}
	for k, v := range a.Prices {
		if b.Prices[k] != v {
			return false
		}
	}
	for k, v := range a.Lives {
		if b.Lives[k] != v {
			return false
		}
	}
	return true
}
