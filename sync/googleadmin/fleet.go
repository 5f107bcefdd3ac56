package googleadmin

import (
	"strings"
	"time"

	"github.com/cabinetapp/cabinet/district"
)

// Rules say how a device counts.
type Rules struct {
	// Now is when the sync runs; Today is its date at midnight UTC.
	Now, Today time.Time
	// Calendar is the district's fiscal calendar, for the years in which
	// devices reach their auto-update expiration.
	Calendar district.FiscalCalendar
}

// Days since a device last synced past which it counts as not syncing.
const (
	quiet30 = 30 * 24 * time.Hour
	quiet90 = 90 * 24 * time.Hour
)

// Tally counts ChromeOS devices: an organizational unit's, a school's or
// the district's. Every ChromeOS device counts as a Chromebook: the
// Chromeboxes and ChromeOS Flex computers a district has are few, and they
// reach their auto-update expiration as Chromebooks do.
type Tally struct {
	// InService are the devices Google Admin lists as ACTIVE: enrolled in
	// the domain. Everything else counts only these.
	InService int
	// Out are the devices listed in any other status (disabled,
	// deprovisioned, pre-provisioned, inactive): not in service.
	Out int
	// Unsynced30 and Unsynced90 have not synced for 30 and for 90 days or
	// more, or never.
	Unsynced30, Unsynced90 int
	// AUEKnown have an auto-update expiration date; PastAUE have passed
	// it, and Reaching[k] reach it in the fiscal year k years after the
	// current one (0: in the rest of this one). Later dates are not
	// counted by year.
	AUEKnown, PastAUE int
	Reaching          [district.AUEYearsAhead + 1]int
	// BadDates counts devices with a date that could not be read.
	BadDates int
}

// Add adds u to t.
func (t *Tally) Add(u Tally) {
	t.InService += u.InService
	t.Out += u.Out
	t.Unsynced30 += u.Unsynced30
	t.Unsynced90 += u.Unsynced90
	t.AUEKnown += u.AUEKnown
	t.PastAUE += u.PastAUE
	for i := range t.Reaching {
		t.Reaching[i] += u.Reaching[i]
	}
	t.BadDates += u.BadDates
}

// Count is what one device adds to a tally.
func (r *Rules) Count(d *Device) Tally {
	var t Tally
	if d.LastSync.Bad || d.AutoUpdateThrough.Bad || d.AutoUpdateExpiration.Bad {
		t.BadDates = 1
	}
	if !strings.EqualFold(strings.TrimSpace(d.Status), "ACTIVE") {
		t.Out = 1
		return t
	}
	t.InService = 1
	if !d.LastSync.Bad {
		if quiet := r.Now.Sub(d.LastSync.Time); d.LastSync.IsZero() || quiet >= quiet30 {
			t.Unsynced30 = 1
			if d.LastSync.IsZero() || quiet >= quiet90 {
				t.Unsynced90 = 1
			}
		}
	}
	aue := d.AutoUpdateThrough.Time
	if aue.IsZero() {
		aue = d.AutoUpdateExpiration.Time
	}
	if aue.IsZero() {
		return t
	}
	t.AUEKnown = 1
	aue = time.Date(aue.Year(), aue.Month(), aue.Day(), 0, 0, 0, 0, time.UTC)
	if r.Today.After(aue) {
		// Updates arrive through the date itself.
		t.PastAUE = 1
		return t
	}
	if k := r.Calendar.Year(aue) - r.Calendar.Year(r.Today); k < len(t.Reaching) {
		t.Reaching[k] = 1
	}
	return t
}

// Figures are the observations of the Chromebook metrics for a tally, of
// school (WholeDistrict for the district) in period. The district's tally
// decides whether the auto-update figures exist at all, so a school is
// never shown a zero that only means "not known".
func (t Tally) Figures(school string, period time.Time, whole Tally) []district.Observation {
	if t.InService == 0 {
		return nil
	}
	var out []district.Observation
	add := func(metric string, v int) {
		out = append(out, district.Observation{Metric: metric, School: school, Period: period, Value: float64(v)})
	}
	add(district.DevicesInService, t.InService)
	add(district.ChromebooksInService, t.InService)
	add(district.ChromebooksUnsynced30, t.Unsynced30)
	add(district.ChromebooksUnsynced90, t.Unsynced90)
	if whole.AUEKnown > 0 {
		add(district.ChromebooksPastAUE, t.PastAUE)
		for k, n := range t.Reaching {
			add(district.ChromebooksReachingAUE(k), n)
		}
	}
	return out
}
