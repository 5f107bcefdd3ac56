package panel

import (
	"context"
	"fmt"
	"time"

	"github.com/cabinetapp/cabinet/district"
)

// Plan is the replacement plan worked out from a board, with where its
// figures came from.
type Plan struct {
	district.Plan
	Calendar district.FiscalCalendar
	// AsOf is the newest month the fleet's figures were counted in.
	AsOf time.Time
	// Provenance is the freshest source the plan read.
	Provenance district.Provenance
	// BudgetSource is where the hardware line came from.
	BudgetSource district.Provenance
}

// Empty reports whether no source supplies anything the plan counts.
func (p Plan) Empty() bool { return len(p.Lines) == 0 }

// reading is one kind's figures as the cache holds them, before the plan
// places them by year.
type reading struct {
	kind district.DeviceKind
	aue  bool
	asOf time.Time
	// fleet and bought, for a count by refresh age; fleet (in service),
	// past and reaching for Chromebooks by auto-update expiration.
	fleet, past      int
	bought, reaching []int
	source           string
}

// Plan works out the replacement plan from the board's data and the
// district's settings. Each device is counted once: Chromebooks by their
// auto-update expiration where a source counts it (Google Admin), every
// other kind, and Chromebooks otherwise, by the year each was bought and
// its kind's refresh cycle (Snipe-IT). The plan's first year is the fiscal
// year of the newest month counted.
func (b *Board) Plan(ctx context.Context) (Plan, error) {
	out := Plan{Calendar: b.Calendar}
	rs, err := b.readFleet(ctx)
	if err != nil {
		return out, fmt.Errorf("working out the replacement plan: %w", err)
	}
	in := district.PlanInputs{}
	for _, r := range rs {
		in.FirstYear = max(in.FirstYear, b.Calendar.Year(r.asOf))
		if r.asOf.After(out.AsOf) {
			out.AsOf = r.asOf
		}
	}
	for _, r := range rs {
		var c district.KindCount
		if r.aue {
			c = district.CountByAUE(r.fleet, r.past, r.reaching, b.Calendar.Year(r.asOf), in.FirstYear)
		} else {
			life, _ := b.PlanSettings.Life(r.kind)
			c = district.CountByRefresh(r.kind, r.fleet, r.bought, b.Calendar.Year(r.asOf), in.FirstYear, life)
		}
		c.AsOf, c.Source = r.asOf, r.source
		in.Kinds = append(in.Kinds, c)
	}
	for _, p := range []string{district.MetricDataset(district.ChromebooksReachingAUE(0)), district.MetricDataset(district.KindFleet(district.Laptops)), district.MetricDataset(district.DevicesInService)} {
		if prov, ok := b.data.Provenance(p); ok && prov.SyncedAt.After(out.Provenance.SyncedAt) {
			out.Provenance = prov
		}
	}
	if in.FirstYear == 0 {
		in.FirstYear = b.Calendar.Year(b.Extent.Last())
	}
	if in.Budget, out.BudgetSource, err = b.data.Budget(ctx, in.FirstYear-district.PlanYears, in.FirstYear+district.PlanYears-1); err != nil {
		return out, fmt.Errorf("working out the replacement plan: %w", err)
	}
	if in.Staffing, err = b.staffing(ctx); err != nil {
		return out, fmt.Errorf("working out the replacement plan: %w", err)
	}
	out.Plan = district.NewPlan(in, b.PlanSettings)
	return out, nil
}

// latest is a metric's newest district-wide figure, and who supplied it.
func (b *Board) latest(ctx context.Context, metric string) (district.Observation, district.Provenance, bool, error) {
	obs, prov, err := b.data.Recent(ctx, metric, district.WholeDistrict, b.Extent.To, 1)
	if err != nil || len(obs) == 0 {
		return district.Observation{}, prov, false, err
	}
	return obs[0], prov, true, nil
}

// readFleet reads each kind's newest figures.
func (b *Board) readFleet(ctx context.Context) ([]reading, error) {
	var out []reading
	aue, err := b.readAUE(ctx)
	if err != nil {
		return nil, err
	}
	if aue != nil {
		out = append(out, *aue)
	}
	for _, k := range district.DeviceKinds {
		if k == district.Chromebooks && aue != nil {
			continue // each device once: Google's dates for Chromebooks
		}
		fleet, prov, ok, err := b.latest(ctx, district.KindFleet(k))
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		r := reading{kind: k, asOf: fleet.Period, fleet: int(fleet.Value), source: prov.Source, bought: make([]int, district.BoughtYearsBack+1)}
		for back := range r.bought {
			o, _, ok, err := b.latest(ctx, district.KindBought(k, back))
			if err != nil {
				return nil, err
			}
			// A year counted in another month than the fleet would not add up.
			if ok && o.Period.Equal(fleet.Period) {
				r.bought[back] = int(o.Value)
			}
		}
		out = append(out, r)
	}
	return out, nil
}

// readAUE reads the Chromebooks by auto-update expiration, or nil when no
// source counts the years they reach it.
func (b *Board) readAUE(ctx context.Context) (*reading, error) {
	first, prov, ok, err := b.latest(ctx, district.ChromebooksReachingAUE(0))
	if err != nil || !ok {
		return nil, err
	}
	r := reading{kind: district.Chromebooks, aue: true, asOf: first.Period, source: prov.Source, reaching: make([]int, district.AUEYearsAhead+1)}
	at := func(metric string) (int, error) {
		o, _, ok, err := b.latest(ctx, metric)
		if err != nil || !ok || !o.Period.Equal(first.Period) {
			return 0, err
		}
		return int(o.Value), nil
	}
	for k := range r.reaching {
		if r.reaching[k], err = at(district.ChromebooksReachingAUE(k)); err != nil {
			return nil, err
		}
	}
	if r.past, err = at(district.ChromebooksPastAUE); err != nil {
		return nil, err
	}
	if r.fleet, err = at(district.ChromebooksInService); err != nil {
		return nil, err
	}
	return &r, nil
}

// staffing reads the devices in service, the technicians implied by the
// devices-per-technician figure, and the help desk's tickets opened in the
// twelve months before the current one (a month still running would count
// short).
func (b *Board) staffing(ctx context.Context) (district.Staffing, error) {
	var s district.Staffing
	devices, _, ok, err := b.latest(ctx, district.DevicesInService)
	if err != nil {
		return s, err
	}
	if ok {
		s.Devices = int(devices.Value)
	}
	per, _, ok, err := b.latest(ctx, district.DevicesPerTechnician)
	if err != nil {
		return s, err
	}
	if ok {
		n := per.N
		if n == 0 {
			n = s.Devices
		}
		s.Have, s.PerTechnician, s.PerTechnicianOf = district.TechniciansFrom(n, per.Value), per.Value, n
	}
	now := time.Now()
	if b.Now != nil {
		now = b.Now()
	}
	to := district.Month(now)
	if last := b.Extent.To; !last.IsZero() && last.Before(to) {
		to = last
	}
	tickets, _, err := b.data.Series(ctx, district.TicketsOpened, district.WholeDistrict, district.Range{From: to.AddDate(-1, 0, 0), To: to})
	if err != nil {
		return s, err
	}
	for _, o := range tickets {
		s.Tickets += int(o.Value)
		s.Months++
		s.TicketsTo = o.Period
	}
	return s, nil
}

// yearLabels name the plan's fiscal years in a table: the first says it
// takes the devices already due.
func (p Plan) yearLabels() []string {
	out := p.years()
	out[0] += " and past due"
	return out
}

// years name the plan's fiscal years on a chart, whose notes say what the
// first takes: "FY2027".
func (p Plan) years() []string {
	out := make([]string, district.PlanYears)
	for i := range out {
		out[i] = p.Calendar.Label(p.Year(i))
	}
	return out
}
