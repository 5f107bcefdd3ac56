package demo_test

import (
	"fmt"
	"hash/fnv"
	"math"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/district/demo"
)

var end = time.Date(2026, time.November, 1, 0, 0, 0, 0, time.UTC)

// fingerprint hashes every observation and use row a district streams,
// every bit of every value.
func fingerprint(d *demo.District) uint64 {
	h := fnv.New64a()
	for o := range d.Observations() {
		fmt.Fprintln(h, o.Metric, o.School, o.Period, math.Float64bits(o.Value), o.N)
	}
	for u := range d.Usage() {
		fmt.Fprintln(h, u.Product, u.School, u.Period, u.ActiveUsers, math.Float64bits(u.WeeklyActive))
	}
	return h.Sum64()
}

func TestDeterministic(t *testing.T) {
	a := fingerprint(demo.New(demo.Default(end)))
	b := fingerprint(demo.New(demo.Default(end)))
	if a != b {
		t.Fatal("the same config generated two different districts")
	}
	other := demo.Default(end)
	other.Seed++
	if fingerprint(demo.New(other)) == a {
		t.Fatal("a different seed generated the same district")
	}
}

func TestEveryRecordIsValid(t *testing.T) {
	d := demo.New(demo.Default(end))
	metrics := map[string]district.Metric{}
	for _, m := range d.Metrics() {
		metrics[m.ID] = m
	}
	seen := map[string]bool{}
	count := 0
	for o := range d.Observations() {
		count++
		if err := metrics[o.Metric].CheckObservation(o); err != nil {
			t.Fatalf("invalid observation: %v", err)
		}
		key := o.Metric + "|" + o.School + "|" + o.Period.String()
		if seen[key] {
			t.Fatalf("duplicate observation %s", key)
		}
		seen[key] = true
		if o.Period.After(end) {
			t.Fatalf("observation after the end month: %v", o)
		}
	}
	if count < 20000 {
		t.Fatalf("only %d observations for 24 schools over five years", count)
	}
	for _, s := range d.Schools() {
		if err := s.Validate(); err != nil {
			t.Fatal(err)
		}
	}
	for _, b := range d.Budget() {
		if err := b.Validate(); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range d.Products() {
		if err := p.Validate(); err != nil {
			t.Fatal(err)
		}
	}
	for u := range d.Usage() {
		if err := u.Validate(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestShapeOfTheDistrict(t *testing.T) {
	d := demo.New(demo.Default(end))
	schools := d.Schools()
	levels := map[district.Level]int{}
	var alternative district.School
	for _, s := range schools {
		levels[s.Level]++
		if s.Level == district.Alternative {
			alternative = s
		}
	}
	if len(schools) != 24 || levels[district.Elementary] == 0 || levels[district.Middle] == 0 || levels[district.High] == 0 || levels[district.Alternative] != 1 {
		t.Fatalf("schools by level: %v", levels)
	}

	t.Run("the small alternative school is suppressed on assessments", func(t *testing.T) {
		s := district.Suppression{}
		m, _ := district.Lookup(district.ELAProficiency)
		series := d.Series(m.ID, alternative.ID)
		if len(series) == 0 {
			t.Fatal("no assessment results for the alternative school")
		}
		for _, o := range series {
			if !s.Suppressed(m, o.N) {
				t.Fatalf("the alternative school's n=%d in %v is shown; the demo needs it suppressed", o.N, o.Period)
			}
		}
	})

	t.Run("tickets spike at the start of the school year", func(t *testing.T) {
		july, sept := averageByMonth(d.Series(district.TicketsOpen, ""), time.July), averageByMonth(d.Series(district.TicketsOpen, ""), time.September)
		if sept < 2*july {
			t.Fatalf("September tickets %.0f against July %.0f: no start-of-year spike", sept, july)
		}
	})

	t.Run("devices break in spring", func(t *testing.T) {
		may, sept := averageByMonth(d.Series(district.DevicesBroken, ""), time.May), averageByMonth(d.Series(district.DevicesBroken, ""), time.September)
		if may <= sept+1 {
			t.Fatalf("May breakage %.1f%% against September %.1f%%: no spring rise", may, sept)
		}
	})

	t.Run("use dips in summer", func(t *testing.T) {
		july, oct := averageByMonth(d.Series(district.LMSEngagement, ""), time.July), averageByMonth(d.Series(district.LMSEngagement, ""), time.October)
		if july > oct/3 {
			t.Fatalf("July LMS engagement %.1f%% against October %.1f%%: no summer dip", july, oct)
		}
	})

	t.Run("products include badly under-used ones", func(t *testing.T) {
		products := d.Products()
		if len(products) < 25 {
			t.Fatalf("%d products; the demo promises 25 or more", len(products))
		}
		latest := map[string]int{}
		for u := range d.Usage() {
			if u.School == "" && u.Period.Equal(time.Date(2026, time.October, 1, 0, 0, 0, 0, time.UTC)) {
				latest[u.Product] = u.ActiveUsers
			}
		}
		under := 0
		for _, p := range products {
			if p.Licences > 0 && float64(latest[p.ID])/float64(p.Licences) < 0.25 {
				under++
			}
		}
		if under < 3 {
			t.Fatalf("%d products under 25%% of licences in use; want a few", under)
		}
	})

	t.Run("the budget has a grant cliff", func(t *testing.T) {
		cal := district.FiscalCalendar{}
		if c := district.Cliff(d.Budget(), cal.Year(end)); c.Share < 0.1 {
			t.Fatalf("only %.0f%% of this year's budget ends with it", c.Share*100)
		}
	})

	t.Run("district values combine the schools", func(t *testing.T) {
		total := 0.0
		for _, s := range schools {
			series := d.Series(district.DevicesInService, s.ID)
			total += series[len(series)-1].Value
		}
		dist := d.Series(district.DevicesInService, "")
		if got := dist[len(dist)-1].Value; got != total {
			t.Fatalf("district devices %v, sum of schools %v", got, total)
		}
	})
}

func averageByMonth(obs []district.Observation, m time.Month) float64 {
	sum, n := 0.0, 0
	for _, o := range obs {
		if o.Period.Month() == m {
			sum += o.Value
			n++
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return sum / float64(n)
}

func BenchmarkGenerate(b *testing.B) {
	for _, size := range []struct{ schools, years int }{{24, 5}, {100, 5}, {1800, 10}} {
		b.Run(fmt.Sprintf("%dschools-%dyears", size.schools, size.years), func(b *testing.B) {
			for b.Loop() {
				d := demo.New(demo.Config{Seed: 1, Schools: size.schools, Years: size.years, End: end})
				n := 0
				for range d.Observations() {
					n++
				}
				b.ReportMetric(float64(n), "observations")
			}
		})
	}
}

// TestDevicesPerTechnicianDividesTheDevicesInService: the staffing figure
// divides the district's devices in service, as its definition says, so
// the plan's "technicians needed" and "technicians the district has" count
// the same devices. They once differed by the broken ones (17,786 against
// 18,190 on one page of the packet).
func TestDevicesPerTechnicianDividesTheDevicesInService(t *testing.T) {
	d := demo.New(demo.Default(end))
	inService := map[time.Time]int{}
	for _, o := range d.Series(district.DevicesInService, district.WholeDistrict) {
		inService[o.Period] = int(o.Value)
	}
	per := d.Series(district.DevicesPerTechnician, district.WholeDistrict)
	if len(per) == 0 || len(inService) == 0 {
		t.Fatal("the demo has no devices per technician or no devices in service")
	}
	for _, o := range per {
		if want, ok := inService[o.Period]; !ok || o.N != want {
			t.Errorf("%s: devices per technician divides %d devices; %d are in service", o.Period.Format("Jan 2006"), o.N, want)
		}
	}
}
