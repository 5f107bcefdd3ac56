package demo

import (
	"math"
	"slices"

	"github.com/cabinetapp/cabinet/district"
)

// What the replacement plan reads, generated from the same purchase
// cohorts as every other figure of the fleet: the fleet by kind and the
// fiscal year each device was bought (for the district), the Chromebooks
// Google Admin would list and the years they reach their auto-update
// expiration (for each school), and the tickets opened at the help desk.

// kindShares split a school's devices between kinds by its level: mostly
// Chromebooks (the share pastAUE counts), iPads in the early grades,
// laptops for staff and the older students' courses, desktops in labs.
var kindShares = map[district.Level]map[district.DeviceKind]float64{
	district.Elementary:  {district.Chromebooks: 0.9, district.Tablets: 0.06, district.Laptops: 0.03, district.Desktops: 0.01},
	district.Middle:      {district.Chromebooks: 0.85, district.Laptops: 0.09, district.Tablets: 0.02, district.Desktops: 0.04},
	district.High:        {district.Chromebooks: 0.7, district.Laptops: 0.18, district.Tablets: 0.02, district.Desktops: 0.1},
	district.Alternative: {district.Chromebooks: 0.8, district.Laptops: 0.15, district.Desktops: 0.05},
}

// networkLife is how often a school's network is replaced, in waves: the
// E-Rate category two cycle of a district that upgrades whole buildings.
const networkLife = 7

// studentsPerNetworkDevice sizes a school's switches and access points.
const studentsPerNetworkDevice = 18

// kindCounts are a month's fleet by kind and fiscal year bought.
type kindCounts [len(district.DeviceKinds)][district.BoughtYearsBack + 1]int

// chromebooksOf is a cohort's Chromebooks, rounded as pastAUE rounds them.
func chromebooksOf(s school, c float64) int {
	return int(math.Round(c * kindShares[s.Level][district.Chromebooks]))
}

// kindsOf counts one school's fleet by kind in every month.
func (d *District) kindsOf(s school) []kindCounts {
	out := make([]kindCounts, len(d.months))
	cal := d.calendar()
	wave := cal.Year(d.months[len(d.months)-1]) - 4 - int(s.lag*2)
	d.eachCohort(s, func(i int, c []float64) {
		for k, kind := range district.DeviceKinds {
			share := kindShares[s.Level][kind]
			for age, n := range c {
				out[i][k][min(age, district.BoughtYearsBack)] += int(math.Round(n * share))
			}
		}
		fy := cal.Year(d.months[i])
		back := fy - wave
		back = ((back % networkLife) + networkLife) % networkLife
		out[i][slices.Index(district.DeviceKinds[:], district.NetworkGear)][back] = (d.students(s, i) + studentsPerNetworkDevice/2) / studentsPerNetworkDevice
	})
	return out
}

// sumKinds adds every school's fleet by kind, month by month.
func (d *District) sumKinds() []kindCounts {
	out := make([]kindCounts, len(d.months))
	for _, s := range d.schools {
		for i, c := range d.kindsOf(s) {
			for k := range c {
				for j, n := range c[k] {
					out[i][k][j] += n
				}
			}
		}
	}
	return out
}

// kindSeries is a district-wide figure of the fleet by kind, if m is one.
func (d *District) kindSeries(m district.Metric) ([]district.Observation, bool) {
	for k, kind := range district.DeviceKinds {
		for back := -1; back <= district.BoughtYearsBack; back++ {
			id := district.KindFleet(kind)
			if back >= 0 {
				id = district.KindBought(kind, back)
			}
			if m.ID != id {
				continue
			}
			out := make([]district.Observation, len(d.months))
			for i, t := range d.months {
				v := 0
				for j, n := range d.kinds[i][k] {
					if back < 0 || j == back {
						v += n
					}
				}
				out[i] = district.Observation{Metric: m.ID, Period: t, Value: float64(v)}
			}
			return out, true
		}
	}
	return nil, false
}

// planSchoolSeries is a school's figure the plan reads, if m is one: the
// Chromebooks Google Admin lists and the year each reaches its
// auto-update expiration (the 30th of June of the school year in which it
// turns five, so that pastAUE, which counts them from the July after, and
// these agree), and tickets opened.
func (d *District) planSchoolSeries(m district.Metric, s school) ([]district.Observation, bool) {
	reaching := -1
	for k := 0; k <= district.AUEYearsAhead; k++ {
		if m.ID == district.ChromebooksReachingAUE(k) {
			reaching = k
		}
	}
	if m.ID != district.ChromebooksInService && m.ID != district.TicketsOpened && reaching < 0 {
		return nil, false
	}
	r := d.rng(m.ID, s.ID)
	out := make([]district.Observation, 0, len(d.months))
	d.eachCohort(s, func(i int, c []float64) {
		t := d.months[i]
		v := 0
		switch {
		case m.ID == district.TicketsOpened:
			devices := 0.0
			for _, n := range c {
				devices += n
			}
			v = int(math.Max(0, math.Round(devices/12*ticketSeason[t.Month()]*(1+r.NormFloat64()*0.1))))
		case m.ID == district.ChromebooksInService:
			for _, n := range c {
				v += chromebooksOf(s, n)
			}
		case 4-reaching >= 0:
			v = chromebooksOf(s, c[4-reaching])
		}
		out = append(out, district.Observation{Metric: m.ID, School: s.ID, Period: t, Value: float64(v)})
	})
	return out, true
}
