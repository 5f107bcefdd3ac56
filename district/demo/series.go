package demo

import (
	"math"
	"time"

	"github.com/cabinetapp/cabinet/district"
)

// Seasons, indexed by calendar month (index 0 is unused).
var (
	// Help-desk load: the start of the school year brings a flood of tickets.
	ticketSeason = [13]float64{0, 1.3, 1.0, 1.0, 1.1, 1.2, 0.8, 0.6, 2.2, 2.6, 1.6, 1.2, 0.9}
	// Percentage points of devices added to "broken": breakage builds through
	// spring and summer repairs clear it.
	breakSeason = [13]float64{0, 0.3, 0.6, 1.0, 1.6, 2.2, 2.4, 1.0, -0.4, -0.3, 0, 0.1, 0.2}
	// Share of a school month's usual use: holidays and summer dip.
	useSeason = [13]float64{0, 0.95, 1.0, 1.0, 0.97, 0.93, 0.55, 0.08, 0.6, 1.0, 1.0, 0.96, 0.82}
	// Attendance points against the year's level; July has no school.
	attendSeason = [13]float64{0, -1.2, -1.0, -0.4, -0.3, -0.9, -1.5, math.NaN(), 0.8, 0.9, 0.4, -0.2, -0.9}
)

// years returns how many years month i lies after the start of the history.
func years(i int) float64 { return float64(i) / 12 }

// students is a school's enrolment in month i, growing or shrinking gently
// so that the last month equals the school's enrolment.
func (d *District) students(s school, i int) int {
	rate := clamp(0.012*s.quality, -0.02, 0.02)
	back := years(len(d.months) - 1 - i)
	return max(1, int(math.Round(float64(s.Enrolment)*math.Pow(1+rate, -back))))
}

// fleet is a school's devices in one month, by age.
type fleet struct {
	ages            [5]int // under 1, 1–2, 2–3, 3–4, 4 and older
	pastAUE, pastEO int
	warrantyEnding  int
}

func (f fleet) total() int { return f.ages[0] + f.ages[1] + f.ages[2] + f.ages[3] + f.ages[4] }

// fleets is a school's devices month by month, from its purchase cohorts.
func (d *District) fleets(s school) []fleet {
	chromeShare := kindShares[s.Level][district.Chromebooks]
	out := make([]fleet, len(d.months))
	d.eachCohort(s, func(i int, cohorts []float64) {
		t := d.months[i]
		var f fleet
		for age, c := range cohorts {
			n := int(math.Round(c))
			f.ages[min(age, 4)] += n
			if age >= 5 {
				f.pastAUE += int(math.Round(c * chromeShare))
			}
			if age >= 6 {
				f.pastEO += n
			}
		}
		// Three-year warranties bought in July end in the April to June
		// before the cohort turns three.
		if m := t.Month(); m >= time.April && m <= time.June {
			f.warrantyEnding = int(math.Round(cohorts[2]))
		}
		out[i] = f
	})
	return out
}

// eachCohort follows a school's devices by purchase cohort, calling fn
// with each month's devices by age in whole years (fn must not keep the
// slice): each summer the district replaces its oldest devices, except in
// one lean year, three years before the end, when the money did not come
// through.
func (d *District) eachCohort(s school, fn func(i int, cohorts []float64)) {
	const maxAge = 8
	var cohorts [maxAge + 1]float64 // devices by age in whole years
	start := float64(d.students(s, 0)) * 1.05
	for age, share := range []float64{0.22, 0.22, 0.2, 0.18, 0.1, 0.08} {
		cohorts[age] = start * share
	}
	leanJuly := len(d.months) - 1 - 36
	for i, t := range d.months {
		if t.Month() == time.July && i > 0 {
			for age := maxAge; age > 0; age-- {
				cohorts[age] += cohorts[age-1]
				cohorts[age-1] = 0
			}
			total := 0.0
			for _, c := range cohorts {
				total += c
			}
			replace := total * (0.24 + 0.03*s.quality)
			if i >= leanJuly && i < leanJuly+12 {
				replace = total * 0.06
			}
			retired := 0.0
			for age := maxAge; age >= 4 && retired < replace; age-- {
				take := math.Min(cohorts[age], replace-retired)
				cohorts[age] -= take
				retired += take
			}
			want := float64(d.students(s, i)) * (1.0 + 0.02*math.Min(years(i), 5))
			cohorts[0] = math.Max(retired, want-(total-retired))
		}
		fn(i, cohorts[:])
	}
}

// adoption is how keenly a school uses products for a subject, from -1 to 1.
// Growth in that subject follows it, so use and outcomes correlate across
// schools the way a cabinet would hope to see.
func (d *District) adoption(s school, subject string) float64 {
	return d.rng("adoption", s.ID, subject).Float64()*2 - 1
}

func (d *District) schoolSeries(m district.Metric, s school) []district.Observation {
	if out, ok := d.planSchoolSeries(m, s); ok {
		return out
	}
	r := d.rng(m.ID, s.ID)
	noise := func(sd float64) float64 { return r.NormFloat64() * sd }
	var fl []fleet
	switch m.ID {
	case district.DevicesInService, district.DevicesBroken, district.DevicesPastRefresh, district.ChromebooksPastAUE,
		district.TicketsOpen, district.TicketsMedianDays, district.TicketsWithinSLA, district.PatchCompliance,
		district.WarrantiesEnding, district.DevicesPastEOL,
		district.DevicesAge0to1, district.DevicesAge1to2, district.DevicesAge2to3, district.DevicesAge3to4, district.DevicesAge4Plus:
		fl = d.fleets(s)
	}
	out := make([]district.Observation, 0, len(d.months))
	add := func(t time.Time, v float64, n int) {
		out = append(out, district.Observation{Metric: m.ID, School: s.ID, Period: t, Value: v, N: n})
	}
	for i, t := range d.months {
		cm := t.Month()
		y := years(i)
		students := d.students(s, i)
		afterHelpdesk := !t.Before(d.helpdeskLive)
		var devices int
		var broken float64
		if fl != nil {
			devices = fl[i].total()
			broken = clamp(1.8+breakSeason[cm]-0.4*s.quality+noise(0.3), 0.2, 15)
		}
		switch m.ID {
		case district.DevicesInService:
			add(t, math.Round(float64(devices)*(1-broken/100)), 0)
		case district.DevicesBroken:
			add(t, round(broken, 1), devices)
		case district.DevicesPastRefresh:
			add(t, round(100*float64(fl[i].ages[4])/float64(max(devices, 1)), 1), devices)
		case district.ChromebooksPastAUE:
			add(t, float64(fl[i].pastAUE), 0)
		case district.DevicesPastEOL:
			add(t, float64(fl[i].pastEO), 0)
		case district.WarrantiesEnding:
			add(t, float64(fl[i].warrantyEnding), 0)
		case district.DevicesAge0to1, district.DevicesAge1to2, district.DevicesAge2to3, district.DevicesAge3to4, district.DevicesAge4Plus:
			add(t, float64(fl[i].ages[ageBucket(m.ID)]), 0)
		case district.TicketsOpen:
			v := float64(devices) / 110 * ticketSeason[cm] * (1 + noise(0.08))
			if afterHelpdesk {
				v *= 0.72
			}
			add(t, math.Max(0, math.Round(v)), 0)
		case district.TicketsMedianDays:
			v := 1.1 + 0.8*(ticketSeason[cm]-1) - 0.25*s.quality + noise(0.2)
			if afterHelpdesk {
				v *= 0.75
			}
			add(t, round(clamp(v, 0.3, 10), 1), int(float64(devices)/40*ticketSeason[cm]))
		case district.TicketsWithinSLA:
			v := 92 - 7*(ticketSeason[cm]-1) + 2*s.quality + noise(1.5)
			if afterHelpdesk {
				v += 3
			}
			add(t, round(clamp(v, 50, 99.5), 1), int(float64(devices)/40*ticketSeason[cm]))
		case district.InternetUptime:
			v := 99.97 + noise(0.015)
			if r.Float64() < 0.04 {
				v = 99 + r.Float64()*0.8
			}
			add(t, round(clamp(v, 90, 100), 2), 0)
		case district.BandwidthPerStudent:
			fy := math.Floor(y - s.lag)
			add(t, round(clamp(0.42*math.Pow(1.3, math.Max(fy, 0))*(1+noise(0.03)), 0.1, 2.5), 2), students)
		case district.PatchCompliance:
			v := 86 + 1.5*math.Min(y, 6) + 2*s.quality + noise(1.5)
			if cm == time.September {
				v -= 3
			}
			add(t, round(clamp(v, 50, 99.8), 1), devices)
		case district.LMSEngagement:
			v := (62 + 3*math.Min(y, 7) + 4*s.quality) * useSeason[cm]
			add(t, round(clamp(v+noise(2), 0, 100), 1), students)
		case district.AttendanceRate:
			if cm == time.July {
				continue
			}
			v := 93.6 + 0.35*math.Min(y, 4) + attendSeason[cm] + 0.8*s.quality + noise(0.3)
			add(t, round(clamp(v, 70, 99.5), 1), students)
		case district.ChronicAbsence:
			if cm == time.July || cm == time.August {
				continue
			}
			progress := float64((int(cm)-int(time.September)+12)%12) / 9
			base := math.Max(26-3*y, 11)
			v := base*(0.45+0.55*progress) - 3*s.quality + noise(0.8)
			add(t, round(clamp(v, 0, 100), 1), students)
		case district.ELAProficiency, district.MathProficiency:
			window, ok := map[time.Month]float64{time.October: 0, time.January: 3, time.May: 6}[cm]
			if !ok {
				continue
			}
			base := map[district.Level][2]float64{district.Elementary: {47, 44}, district.Middle: {44, 36}, district.High: {49, 31}, district.Alternative: {30, 22}}[s.Level]
			b := base[0]
			if m.ID == district.MathProficiency {
				b = base[1]
			}
			v := b + 7*s.quality + window + 0.8*math.Min(y, 6) + noise(1.5)
			add(t, round(clamp(v, 1, 99), 1), d.tested(s, students))
		case district.ELAGrowth, district.MathGrowth:
			if cm != time.January && cm != time.May {
				continue
			}
			subject := "ELA"
			if m.ID == district.MathGrowth {
				subject = "Math"
			}
			v := 50 + 4*s.quality + 7*d.adoption(s, subject) + noise(3)
			add(t, round(clamp(v, 1, 99), 0), d.tested(s, students))
		case district.StudentsEnrolled:
			add(t, float64(students), 0)
		case district.TeachersEnrolled:
			perTeacher := map[district.Level]float64{district.Elementary: 19, district.Middle: 22, district.High: 24, district.Alternative: 8}[s.Level]
			add(t, math.Max(1, math.Round(float64(students)/perTeacher)), 0)
		}
	}
	return out
}

// tested is how many of a school's students sit the state assessments.
func (d *District) tested(s school, students int) int {
	return int(math.Round(float64(students) * s.tested * 0.96))
}

func ageBucket(id string) int {
	switch id {
	case district.DevicesAge0to1:
		return 0
	case district.DevicesAge1to2:
		return 1
	case district.DevicesAge2to3:
		return 2
	case district.DevicesAge3to4:
		return 3
	}
	return 4
}

// districtSeries generates the metrics that exist only district-wide.
func (d *District) districtSeries(m district.Metric) []district.Observation {
	if out, ok := d.kindSeries(m); ok {
		return out
	}
	r := d.rng(m.ID, "district")
	noise := func(sd float64) float64 { return r.NormFloat64() * sd }
	totals := d.totals
	out := make([]district.Observation, 0, len(d.months))
	add := func(t time.Time, v float64, n int) {
		out = append(out, district.Observation{Metric: m.ID, Period: t, Value: v, N: n})
	}
	half := float64(d.cfg.Years) * 0.45
	for i, t := range d.months {
		y := years(i)
		staff := totals.students[i] / 8
		switch m.ID {
		case district.MFACoverage:
			v := 30 + 67/(1+math.Exp(-(y-half)*2.2)) + noise(0.6)
			add(t, round(clamp(v, 0, 99.6), 1), staff)
		case district.PhishingClickRate:
			v := 4 + 16*math.Exp(-y/1.6) + noise(1.2)
			add(t, round(clamp(v, 0.5, 40), 1), staff)
		case district.SecurityIncidents:
			lambda := 0.9
			if t.Month() == time.August || t.Month() == time.September {
				lambda = 1.6
			}
			add(t, float64(poisson(r.Float64, lambda)), 0)
		case district.DevicesPerTechnician:
			// Posts follow the whole fleet; the figure divides the
			// devices in service among them, as its definition says.
			devices := totals.inService[i]
			techs := math.Ceil(float64(totals.devices[i]) / 950)
			// A hiring freeze left two posts empty for half a year.
			if back := len(d.months) - 1 - i; back >= 20 && back < 26 {
				techs = math.Max(1, techs-2)
			}
			add(t, math.Round(float64(devices)/techs), devices)
		case district.SpendActual, district.SpendPlan:
			s := d.spend(t)
			if m.ID == district.SpendPlan {
				add(t, math.Round(s.plan), 0)
			} else {
				add(t, math.Round(s.actual), 0)
			}
		}
	}
	return out
}

type totals struct{ students, devices, inService []int }

// sumSchools sums enrolment, the fleet and the devices in service over the
// schools for every month: the district's own figures of devices in
// service are these sums, and the figures worked out from them must say
// the same.
func (d *District) sumSchools() totals {
	n := len(d.months)
	t := totals{students: make([]int, n), devices: make([]int, n), inService: make([]int, n)}
	inService, _ := district.Lookup(district.DevicesInService)
	for _, s := range d.schools {
		fl := d.fleets(s)
		for i, o := range d.schoolSeries(inService, s) {
			t.students[i] += d.students(s, i)
			t.devices[i] += fl[i].total()
			t.inService[i] += int(o.Value)
		}
	}
	return t
}

// poisson draws from a Poisson distribution by Knuth's method, fine for
// small means.
func poisson(uniform func() float64, lambda float64) int {
	l, k, p := math.Exp(-lambda), 0, 1.0
	for {
		p *= uniform()
		if p <= l {
			return k
		}
		k++
	}
}
