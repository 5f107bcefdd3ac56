package district

import (
	"math"
	"slices"
	"strings"
	"time"
)

// PlanYears is how many fiscal years the replacement plan spans: the
// current one, which also takes every device already due, and the next
// five.
const PlanYears = AUEYearsAhead + 1

// Basis says what makes a device due for replacement.
type Basis int

// Bases.
const (
	// ByRefreshAge: the fiscal year of its purchase plus its kind's
	// refresh cycle.
	ByRefreshAge Basis = iota
	// ByAutoUpdate: the fiscal year its auto-update expiration falls in,
	// after which a Chromebook receives no security updates.
	ByAutoUpdate
)

// KindCount is when one kind's devices come due, by plan year.
type KindCount struct {
	Kind  DeviceKind
	Basis Basis
	// Fleet is the kind's devices; Undated have no purchase date, so no
	// year the plan could place them in.
	Fleet, Undated int
	// Due counts the devices due in each plan year; Due[0] takes those
	// already past as well, and Past counts those.
	Due  [PlanYears]int
	Past int
	// AsOf is the month the figures were counted in, Source who counted.
	AsOf   time.Time
	Source string
}

// Later counts the devices due after the plan's last year, or (for
// Chromebooks) with no auto-update expiration on record.
func (c KindCount) Later() int {
	n := c.Fleet - c.Undated
	for _, d := range c.Due {
		n -= d
	}
	return max(n, 0)
}

// place counts n devices due in fiscal year fy, first being the plan's
// first year; a year before it is past. Devices due after the plan are
// left out.
func (c *KindCount) place(fy, first, n int, past bool) {
	switch i := fy - first; {
	case i < 0:
		c.Due[0] += n
		c.Past += n
	case i < PlanYears:
		c.Due[i] += n
		if past {
			c.Past += n
		}
	}
}

// CountByRefresh places a kind's devices by purchase year: bought[j] were
// bought j fiscal years before observed (the fiscal year of the month
// counted), the last of them that long ago or longer, and each comes due
// life years after the year it was bought. first is the plan's first year.
func CountByRefresh(k DeviceKind, fleet int, bought []int, observed, first, life int) KindCount {
	c := KindCount{Kind: k, Basis: ByRefreshAge, Fleet: fleet}
	dated := 0
	for j, n := range bought {
		dated += n
		c.place(observed-j+life, first, n, false)
	}
	c.Undated = max(fleet-dated, 0)
	return c
}

// CountByAUE places Chromebooks by auto-update expiration: past have
// passed it, and reaching[k] reach it in the fiscal year k after observed
// (0: the rest of observed). first is the plan's first year.
func CountByAUE(inService, past int, reaching []int, observed, first int) KindCount {
	c := KindCount{Kind: Chromebooks, Basis: ByAutoUpdate, Fleet: inService}
	c.place(first, first, past, true)
	for k, n := range reaching {
		c.place(observed+k, first, n, false)
	}
	return c
}

// PlanLine is one kind's part of the plan: its devices due each year
// times its price, and the level amount that replaces its fleet on a
// staggered cycle.
type PlanLine struct {
	KindCount
	Price    float64
	PriceSet bool
	Life     int
	LifeSet  bool
	// Cost is Due times Price, year by year.
	Cost [PlanYears]float64
	// Level is Fleet times Price divided by Life: a staggered cycle
	// replaces one life-th of the fleet every year.
	Level float64
}

// FundingEnd is money in the hardware line that stops after a year.
type FundingEnd struct {
	Source   string
	Amount   float64
	LastYear int
}

// Hardware is the technology budget's hardware line for each plan year.
// A year the budget has lines for reads them; a later year carries the
// newest budgeted year's line forward, less the money whose funding has
// ended by then (the grant cliff).
type Hardware struct {
	Amount [PlanYears]float64
	// Budgeted says which years have lines of their own; the others are
	// carried forward from Base.
	Budgeted [PlanYears]bool
	// Base is the newest fiscal year with hardware lines (0: none), and
	// BaseAmount its hardware line.
	Base       int
	BaseAmount float64
	// Ending is the money in Base's line whose funding ends, soonest
	// first.
	Ending []FundingEnd
}

// HardwareBudget reads the hardware line of each plan year from the
// budget lines, carrying the newest budgeted year forward.
func HardwareBudget(lines []BudgetLine, first int) Hardware {
	var h Hardware
	byYear := map[int]float64{}
	for _, l := range lines {
		if l.Category != CategoryHardware || l.FiscalYear > first+PlanYears-1 {
			continue
		}
		byYear[l.FiscalYear] += l.Budgeted
		h.Base = max(h.Base, l.FiscalYear)
	}
	if h.Base == 0 {
		return h
	}
	h.BaseAmount = byYear[h.Base]
	type end struct {
		source string
		year   int
	}
	ending := map[end]int{}
	for _, l := range lines {
		if l.Category != CategoryHardware || l.FiscalYear != h.Base || l.FundingEnds == 0 {
			continue
		}
		key := end{l.FundingSource, l.FundingEnds}
		i, ok := ending[key]
		if !ok {
			i = len(h.Ending)
			ending[key] = i
			h.Ending = append(h.Ending, FundingEnd{Source: l.FundingSource, LastYear: l.FundingEnds})
		}
		h.Ending[i].Amount += l.Budgeted
	}
	slices.SortFunc(h.Ending, func(a, b FundingEnd) int {
		if a.LastYear != b.LastYear {
			return a.LastYear - b.LastYear
		}
		return strings.Compare(a.Source, b.Source)
	})
	for i := range PlanYears {
		fy := first + i
		if v, ok := byYear[fy]; ok {
			h.Amount[i], h.Budgeted[i] = v, true
			continue
		}
		if fy < h.Base {
			continue
		}
		h.Amount[i] = h.BaseAmount
		for _, e := range h.Ending {
			if e.LastYear < fy {
				h.Amount[i] -= e.Amount
			}
		}
	}
	return h
}

// Staffing is the technicians the fleet needs against those the district
// has, and the help desk's tickets per technician.
type Staffing struct {
	// Devices in service, at Ratio devices per technician (RatioSet: the
	// district's own), need Needed technicians: Devices ÷ Ratio, rounded up.
	Devices  int
	Ratio    int
	RatioSet bool
	Needed   int
	// Have is how many the district has (HaveSet: the district's setting;
	// otherwise worked out from the devices-per-technician figure, or 0
	// when neither is known).
	Have    int
	HaveSet bool
	// PerTechnician is the devices-per-technician figure Have was worked
	// out from, when it was, and PerTechnicianOf the devices it divided.
	PerTechnician   float64
	PerTechnicianOf int
	// Tickets were opened at the help desk in the Months months up to
	// TicketsTo.
	Tickets   int
	Months    int
	TicketsTo time.Time
}

// NeededFor is devices ÷ ratio, rounded up: a fraction of a technician's
// work still needs a technician.
func NeededFor(devices, ratio int) int {
	if ratio <= 0 || devices <= 0 {
		return 0
	}
	return (devices + ratio - 1) / ratio
}

// TechniciansFrom works out the technicians behind a devices-per-
// technician figure: devices ÷ devices per technician, to the nearest one.
func TechniciansFrom(devices int, perTechnician float64) int {
	if perTechnician <= 0 || devices <= 0 || math.IsNaN(perTechnician) || math.IsInf(perTechnician, 0) {
		return 0
	}
	return int(math.Round(float64(devices) / perTechnician))
}

// TicketsPer is the tickets each of n technicians handled; ok is false
// with no technicians or no tickets counted.
func (s Staffing) TicketsPer(n int) (float64, bool) {
	if n <= 0 || s.Months == 0 {
		return 0, false
	}
	return float64(s.Tickets) / float64(n), true
}

// PlanInputs are what the plan is worked from.
type PlanInputs struct {
	// FirstYear is the plan's first fiscal year: the current one.
	FirstYear int
	Kinds     []KindCount
	Budget    []BudgetLine
	Staffing  Staffing
}

// Plan is the replacement plan: what the devices due each year cost, the
// level amount that replaces the fleet on a staggered cycle, against the
// hardware line, and the technicians the fleet needs.
type Plan struct {
	FirstYear int
	Lines     []PlanLine
	// Cost sums the lines' costs year by year; Level sums their levels.
	Cost     [PlanYears]float64
	Level    float64
	Hardware Hardware
	Staffing Staffing
	Settings PlanSettings
}

// NewPlan works the plan out from its inputs and the district's settings.
// Kinds with no devices are left out.
func NewPlan(in PlanInputs, s PlanSettings) Plan {
	p := Plan{FirstYear: in.FirstYear, Settings: s, Staffing: in.Staffing}
	for _, c := range in.Kinds {
		if c.Fleet == 0 && c.Past == 0 && sum(c.Due[:]) == 0 {
			continue
		}
		l := PlanLine{KindCount: c}
		l.Price, l.PriceSet = s.Price(c.Kind)
		l.Life, l.LifeSet = s.Life(c.Kind)
		for i, n := range c.Due {
			l.Cost[i] = float64(n) * l.Price
			p.Cost[i] += l.Cost[i]
		}
		l.Level = float64(c.Fleet) * l.Price / float64(l.Life)
		p.Level += l.Level
		p.Lines = append(p.Lines, l)
	}
	p.Hardware = HardwareBudget(in.Budget, in.FirstYear)
	p.Staffing.Ratio, p.Staffing.RatioSet = s.Ratio()
	p.Staffing.Needed = NeededFor(p.Staffing.Devices, p.Staffing.Ratio)
	if s.Technicians > 0 {
		p.Staffing.Have, p.Staffing.HaveSet, p.Staffing.PerTechnician, p.Staffing.PerTechnicianOf = s.Technicians, true, 0, 0
	}
	return p
}

// Year is the fiscal year of plan year i.
func (p Plan) Year(i int) int { return p.FirstYear + i }

// Total is the whole plan's cost, every year's together.
func (p Plan) Total() float64 { return sumF(p.Cost[:]) }

// Gap is the hardware line less the year's replacement cost: negative
// when the line falls short. ok is false for a year with no hardware line.
func (p Plan) Gap(i int) (float64, bool) {
	if !p.Hardware.Budgeted[i] && (p.Hardware.Base == 0 || p.Year(i) < p.Hardware.Base) {
		return 0, false
	}
	return p.Hardware.Amount[i] - p.Cost[i], true
}

// Devices counts the devices due each plan year, every kind together.
func (p Plan) Devices() [PlanYears]int {
	var out [PlanYears]int
	for _, l := range p.Lines {
		for i, n := range l.Due {
			out[i] += n
		}
	}
	return out
}

// Cliff is the year after which hardware money ends, and how much: the
// first funding in the hardware line to end within the plan.
func (p Plan) Cliff() (FundingEnd, bool) {
	for _, e := range p.Hardware.Ending {
		if e.LastYear < p.FirstYear+PlanYears-1 {
			return e, true
		}
	}
	return FundingEnd{}, false
}

func sum(v []int) int {
	t := 0
	for _, n := range v {
		t += n
	}
	return t
}

func sumF(v []float64) float64 {
	t := 0.0
	for _, n := range v {
		t += n
	}
	return t
}

// FundMoney names a funding source's money within a sentence: "grant
// money", "E-Rate money".
func FundMoney(source string) string {
	switch source {
	case FundGrants:
		return "grant money"
	case FundBond:
		return "bond money"
	case FundGeneral:
		return "general fund money"
	}
	return source + " money"
}
