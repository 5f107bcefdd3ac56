package snipeit

import (
	"slices"
	"strings"
	"time"

	"github.com/cabinetapp/cabinet/district"
)

// Rules say how an asset counts.
type Rules struct {
	// Today is the date the figures describe, at midnight UTC.
	Today time.Time
	// RefreshYears is the refresh cycle: a device this many years old or
	// older is past it.
	RefreshYears int
	// Broken and Retired are status label names, lower case, that mean
	// broken or in repair, and out of the fleet, besides the label types
	// that say so (undeployable, archived).
	Broken, Retired map[string]bool
	// AUEField names the custom field holding a Chromebook's Auto Update
	// Expiration; "" looks for one that speaks of AUE.
	AUEField string
	// Calendar is the district's fiscal calendar, for the year a device
	// was bought in.
	Calendar district.FiscalCalendar
}

// warrantyWindow is how far ahead an ending warranty is counted.
const warrantyWindow = 90 * 24 * time.Hour

// Tally counts a fleet: a school's, a location's or the district's.
type Tally struct {
	// Fleet counts the district's own devices that are not retired; the
	// shares are of these.
	Fleet int
	// InService are those assigned or ready to deploy: not broken, not
	// waiting to be set up.
	InService int
	Broken    int
	// Dated are those with a purchase date; Ages sorts them by whole years
	// (under 1, 1–2, 2–3, 3–4, 4 and over) and PastRefresh counts those
	// at or past the refresh cycle.
	Dated       int
	Ages        [5]int
	PastRefresh int
	// WarrantyKnown have a warranty end date; WarrantyEnding end within 90
	// days from today.
	WarrantyKnown, WarrantyEnding int
	// EOLKnown in service have an end-of-life date; PastEOL have passed it.
	EOLKnown, PastEOL int
	// Chromebooks in service; AUEKnown of them have an AUE date, and
	// PastAUE have passed it.
	Chromebooks, AUEKnown, PastAUE int
	// BadDates counts dates given that could not be read.
	BadDates int
	// Kinds counts the fleet by kind of device, in the order of
	// district.DeviceKinds, for the replacement plan.
	Kinds [len(district.DeviceKinds)]KindTally
}

// KindTally counts one kind's fleet: Fleet devices, of which Bought[j]
// were bought j fiscal years before the current one (the last, that long
// ago or longer).
type KindTally struct {
	Fleet  int
	Bought [district.BoughtYearsBack + 1]int
}

// Add adds u to t.
func (t *Tally) Add(u Tally) {
	t.Fleet += u.Fleet
	t.InService += u.InService
	t.Broken += u.Broken
	t.Dated += u.Dated
	for i := range t.Ages {
		t.Ages[i] += u.Ages[i]
	}
	t.PastRefresh += u.PastRefresh
	t.WarrantyKnown += u.WarrantyKnown
	t.WarrantyEnding += u.WarrantyEnding
	t.EOLKnown += u.EOLKnown
	t.PastEOL += u.PastEOL
	t.Chromebooks += u.Chromebooks
	t.AUEKnown += u.AUEKnown
	t.PastAUE += u.PastAUE
	t.BadDates += u.BadDates
	for i, k := range u.Kinds {
		t.Kinds[i].Fleet += k.Fleet
		for j, n := range k.Bought {
			t.Kinds[i].Bought[j] += n
		}
	}
}

// Count is what one asset adds to a tally: nothing for a retired or
// personally owned device.
func (r *Rules) Count(a *Asset) Tally {
	var t Tally
	label, kind := "", ""
	if a.StatusLabel != nil {
		label, kind = strings.ToLower(strings.TrimSpace(a.StatusLabel.Name)), strings.ToLower(a.StatusLabel.Type)
	}
	for _, d := range []Date{a.PurchaseDate, a.WarrantyExpires, a.EOLDate} {
		if d.Bad {
			t.BadDates++
		}
	}
	if bool(a.BYOD) || kind == TypeArchived || r.Retired[label] {
		return t
	}
	t.Fleet = 1
	dk := deviceKind(a)
	byKind := &t.Kinds[slices.Index(district.DeviceKinds[:], dk)]
	byKind.Fleet = 1
	switch {
	case kind == TypeUndeployable || r.Broken[label]:
		t.Broken = 1
	case kind != TypePending:
		// Deployable, deployed, or a label with no type: in service.
		t.InService = 1
	}
	if !a.PurchaseDate.IsZero() {
		t.Dated = 1
		age := wholeYears(a.PurchaseDate.Time, r.Today)
		t.Ages[min(max(age, 0), len(t.Ages)-1)] = 1
		if age >= r.RefreshYears {
			t.PastRefresh = 1
		}
		// A purchase dated ahead counts as this year's, as it counts new.
		back := r.Calendar.Year(r.Today) - r.Calendar.Year(a.PurchaseDate.Time)
		byKind.Bought[min(max(back, 0), district.BoughtYearsBack)] = 1
	}
	if w := a.WarrantyExpires; !w.IsZero() {
		t.WarrantyKnown = 1
		if !w.Before(r.Today) && w.Sub(r.Today) < warrantyWindow {
			t.WarrantyEnding = 1
		}
	}
	if t.InService == 0 {
		return t
	}
	if e := a.EOLDate; !e.IsZero() {
		t.EOLKnown = 1
		if e.Before(r.Today) {
			t.PastEOL = 1
		}
	}
	if dk == district.Chromebooks {
		t.Chromebooks = 1
		if aue, ok := aueDate(a.CustomFields, r.AUEField); ok {
			t.AUEKnown = 1
			if r.Today.After(aue) {
				t.PastAUE = 1
			}
		}
	}
	return t
}

// wholeYears is the number of birthdays a device bought on from has had
// by to. One bought on 29 February has its birthday on 1 March in other
// years, as time.AddDate makes it.
func wholeYears(from, to time.Time) int {
	y := to.Year() - from.Year()
	if to.Before(from.AddDate(y, 0, 0)) {
		y--
	}
	return y
}

// kindWords are the words in a category's or a model's name that say
// what kind of device it is, tried in this order (after "Chromebook").
var kindWords = []struct {
	kind  district.DeviceKind
	words []string
}{
	{district.Tablets, []string{"tablet", "ipad", "galaxy tab", "surface go"}},
	{district.Laptops, []string{"laptop", "notebook", "macbook", "thinkpad", "latitude", "probook", "elitebook"}},
	{district.Desktops, []string{"desktop", "imac", "mac mini", "all-in-one", "workstation", "optiplex"}},
	{district.NetworkGear, []string{"network", "switch", "access point", "wireless ap", "router", "firewall"}},
}

// deviceKind says what kind of device an asset is, by its category's name
// and then its model's: a Chromebook if either says so (a Chromebook is
// often filed under laptops), and otherwise the first kind either names.
// What neither names is another device.
func deviceKind(a *Asset) district.DeviceKind {
	names := []string{}
	for _, n := range []*Named{a.Category, a.Model} {
		if n != nil {
			names = append(names, strings.ToLower(n.Name))
		}
	}
	for _, n := range names {
		if strings.Contains(n, "chromebook") {
			return district.Chromebooks
		}
	}
	for _, n := range names {
		for _, kw := range kindWords {
			for _, w := range kw.words {
				if strings.Contains(n, w) {
					return kw.kind
				}
			}
		}
	}
	return district.OtherDevices
}

// Figures says what the dashboard shows for a tally: observations of the
// device-fleet metrics for school (WholeDistrict for the district) in
// period. The district's tally decides which optional figures exist at
// all (warranties, end of life, AUE), so a school is never shown a zero
// that only means "not recorded".
func (t Tally) Figures(school string, period time.Time, whole Tally, technicians int) []district.Observation {
	if t.Fleet == 0 {
		return nil
	}
	var out []district.Observation
	add := func(metric string, v float64, n int) {
		out = append(out, district.Observation{Metric: metric, School: school, Period: period, Value: v, N: n})
	}
	add(district.DevicesInService, float64(t.InService), 0)
	add(district.DevicesBroken, share(t.Broken, t.Fleet), t.Fleet)
	if t.Dated > 0 {
		add(district.DevicesPastRefresh, share(t.PastRefresh, t.Dated), t.Dated)
		for i, id := range []string{district.DevicesAge0to1, district.DevicesAge1to2, district.DevicesAge2to3, district.DevicesAge3to4, district.DevicesAge4Plus} {
			add(id, float64(t.Ages[i]), 0)
		}
	}
	if whole.WarrantyKnown > 0 {
		add(district.WarrantiesEnding, float64(t.WarrantyEnding), 0)
	}
	if whole.EOLKnown > 0 {
		add(district.DevicesPastEOL, float64(t.PastEOL), 0)
	}
	if whole.AUEKnown > 0 {
		add(district.ChromebooksPastAUE, float64(t.PastAUE), 0)
	}
	if school == district.WholeDistrict && technicians > 0 {
		add(district.DevicesPerTechnician, float64(t.InService)/float64(technicians), t.InService)
	}
	if school == district.WholeDistrict {
		for i, k := range district.DeviceKinds {
			add(district.KindFleet(k), float64(t.Kinds[i].Fleet), 0)
			for back, n := range t.Kinds[i].Bought {
				add(district.KindBought(k, back), float64(n), 0)
			}
		}
	}
	return out
}

func share(part, whole int) float64 { return 100 * float64(part) / float64(whole) }
