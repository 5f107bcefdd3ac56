package demo_test

import (
	"testing"

	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/district/demo"
)

// TestTheDemoHasAPlan: the demo district has everything the replacement
// plan reads, and its figures agree with one another and with the fleet
// the dashboard shows.
func TestTheDemoHasAPlan(t *testing.T) {
	d := demo.New(demo.Default(end))
	last := func(metric, school string) float64 {
		t.Helper()
		s := d.Series(metric, school)
		if len(s) == 0 {
			t.Fatalf("the demo has no %s for %q", metric, school)
		}
		if !s[len(s)-1].Period.Equal(end) {
			t.Fatalf("%s ends in %v", metric, s[len(s)-1].Period)
		}
		return s[len(s)-1].Value
	}
	chromebooks := last(district.ChromebooksInService, "")
	if got := last(district.KindFleet(district.Chromebooks), ""); got != chromebooks {
		t.Errorf("%v Chromebooks in the fleet by kind, %v in Google Admin's count", got, chromebooks)
	}
	due := last(district.ChromebooksPastAUE, "")
	for k := 0; k <= district.AUEYearsAhead; k++ {
		n := last(district.ChromebooksReachingAUE(k), "")
		if k < 4 && n == 0 {
			t.Errorf("no Chromebook reaches its auto-update expiration %d years ahead", k)
		}
		due += n
	}
	if due != chromebooks {
		t.Errorf("past and reaching their expiration: %v of %v Chromebooks; every one has a date", due, chromebooks)
	}
	// Every kind's fleet is its devices bought in each year.
	total := 0.0
	for _, k := range district.DeviceKinds {
		fleet, bought := last(district.KindFleet(k), ""), 0.0
		for back := 0; back <= district.BoughtYearsBack; back++ {
			bought += last(district.KindBought(k, back), "")
		}
		if fleet != bought {
			t.Errorf("%s: fleet %v, bought %v", k.Title(), fleet, bought)
		}
		if k != district.NetworkGear {
			total += fleet
		}
	}
	if devices := last(district.DevicesInService, ""); total < devices || total > devices*1.1 {
		t.Errorf("%v devices by kind against %v in service: they must be the same fleet", total, devices)
	}
	if last(district.KindFleet(district.NetworkGear), "") == 0 || last(district.KindFleet(district.OtherDevices), "") != 0 {
		t.Error("the demo's network equipment is missing, or it has devices of no kind")
	}
	// Google Admin's figures are kept per school too, and add up.
	sum := 0.0
	for _, s := range d.Schools() {
		sum += last(district.ChromebooksInService, s.ID)
	}
	if sum != chromebooks {
		t.Errorf("schools' Chromebooks %v, district's %v", sum, chromebooks)
	}
	sept := averageByMonth(d.Series(district.TicketsOpened, ""), 9)
	if july := averageByMonth(d.Series(district.TicketsOpened, ""), 7); sept < 2*july || july <= 0 {
		t.Errorf("tickets opened: %v in September against %v in July", sept, july)
	}
}
