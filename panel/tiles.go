package panel

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/cabinetapp/cabinet/district"
)

// Tile is one KPI on the Overview.
type Tile struct {
	Title string
	// Value is the figure as people read it, or why there is none.
	Value string
	// Trend compares with the period before, or puts the value in context
	// ("of $4.19M planned by Nov"), in words.
	Trend        string
	Better, Up   bool
	Worse, Down  bool
	Status       district.Status
	StatusDetail string
	// Hidden is true when the value is suppressed: the tile has no status,
	// but keeps its target.
	Hidden bool
	// Through is the month the value describes; SoFar is true while that
	// month is still running, so the value is the month so far.
	Through    time.Time
	SoFar      bool
	Provenance district.Provenance
	// Panel is the chart the tile opens.
	Panel string
	// Spark is the recent history behind the value, oldest first; NaN
	// marks a gap, such as a suppressed value.
	Spark []float64
	// districtWide is true for a figure kept only for the whole district,
	// which says so when a school is picked.
	districtWide bool
}

// StatusText says the status and the target in words: "On target · Target 95% or more".
func (t Tile) StatusText() string {
	if t.Hidden {
		return strings.TrimSuffix("Hidden to protect privacy · "+t.StatusDetail, " · ")
	}
	if t.StatusDetail == "" || t.StatusDetail == t.Status.String() {
		return t.Status.String()
	}
	return t.Status.String() + " · " + t.StatusDetail
}

// Month names the month the value describes: "Dec 2026", or "Dec 2026
// so far" while it runs; "" without a value.
func (t Tile) Month() string {
	if t.Through.IsZero() {
		return ""
	}
	if t.SoFar {
		return t.Through.Format("Jan 2006") + " so far"
	}
	return t.Through.Format("Jan 2006")
}

type tileSpec struct {
	metric, panel string
	build         func(ctx context.Context, b *Board, f Filter) (Tile, error)
}

// overview lists the Overview's tiles, four to a row: technology health,
// network and security, money, and teaching and learning.
var overview = []tileSpec{
	{metric: district.DevicesBroken, panel: "tech.broken"},
	{metric: district.DevicesPastRefresh, panel: "tech.refresh"},
	{metric: district.TicketsOpen, panel: "tech.tickets"},
	{metric: district.TicketsWithinSLA, panel: "tech.sla"},
	{metric: district.BandwidthPerStudent, panel: "tech.bandwidth"},
	{metric: district.InternetUptime, panel: "tech.uptime"},
	{metric: district.MFACoverage, panel: "security.mfa"},
	{metric: district.PhishingClickRate, panel: "security.phishing"},
	{panel: "spending.to_date", build: spendTile},
	{panel: "spending.per_pupil", build: perPupilTile},
	{metric: district.PatchCompliance, panel: "security.patch"},
	{metric: district.SecurityIncidents, panel: "security.incidents"},
	{metric: district.AttendanceRate, panel: "instruction.attendance"},
	{metric: district.ChronicAbsence, panel: "instruction.chronic"},
	{metric: district.LMSEngagement, panel: "instruction.lms"},
	{metric: district.ELAProficiency, panel: "instruction.proficiency"},
}

// Tiles builds the Overview's tiles for a filter.
func (b *Board) Tiles(ctx context.Context, f Filter) ([]Tile, error) {
	out := make([]Tile, 0, len(overview))
	for _, spec := range overview {
		var t Tile
		var err error
		if spec.build != nil {
			t, err = spec.build(ctx, b, f)
		} else {
			t, err = b.metricTile(ctx, spec.metric, f)
		}
		if err != nil {
			return nil, err
		}
		t.Panel = spec.panel
		if t.districtWide && f.School != district.WholeDistrict {
			t.Trend = strings.TrimSuffix("District-wide: "+t.Trend, ": ")
		}
		out = append(out, t)
	}
	return out, nil
}

// metricTile shows a metric's latest value in the filter's range against the
// value before it.
func (b *Board) metricTile(ctx context.Context, id string, f Filter) (Tile, error) {
	m, err := b.Metric(ctx, id)
	if err != nil {
		return Tile{}, err
	}
	t := Tile{Title: m.Name, Value: "No data", StatusDetail: m.TargetText()}
	school, note := schoolFor(m, f)
	t.districtWide = note != ""
	t.Provenance, _ = b.data.Provenance(district.MetricDataset(id))
	c, recent, shown, ok, err := b.compare(ctx, m, school, b.Range(f).To)
	if err != nil {
		return t, err
	}
	if !ok {
		t.Status, t.StatusDetail = district.NoTarget, "No data for this period"
		return t, nil
	}
	for i := len(recent) - 1; i >= 0; i-- {
		c := shown.Cell(recent[i])
		if c.Suppressed {
			t.Spark = append(t.Spark, math.NaN())
		} else {
			t.Spark = append(t.Spark, c.Value)
		}
	}
	t.Through, t.SoFar = c.Cur.Period, c.SoFar
	if c.Hidden() {
		t.Value = "Suppressed"
		t.Trend = fmt.Sprintf("Fewer than %d students", b.Suppression.MinStudents())
		if c.Cell.Complementary {
			t.Trend = "So that another school cannot be worked out"
		}
		// The goal still stands, and says what the hidden figure is judged by.
		t.Status, t.Hidden = district.NoTarget, true
		return t, nil
	}
	t.Value = m.Format(c.Cell.Value)
	t.Status = m.StatusOf(c.Cell.Value)
	if c.HasBase {
		tr := c.Trend()
		t.Trend = c.Text()
		t.Better, t.Worse = tr.Better, tr.Worse
		t.Up, t.Down = tr.Direction == district.Up, tr.Direction == district.Down
	}
	if c.HasRunning {
		t.Trend = strings.TrimPrefix(t.Trend+"; "+c.RunningWhen()+": "+m.Format(c.RunningCell.Value), "; ")
	}
	return t, nil
}

// planTolerance is how far spending may stray from the plan and still be
// on target; twice that is near it.
const planTolerance = 0.05

func spendTile(ctx context.Context, b *Board, f Filter) (Tile, error) {
	fy := b.FiscalYear(f)
	s, err := b.Spend(ctx, fy)
	if err != nil {
		return Tile{}, err
	}
	t := Tile{Title: "Spent in " + b.Calendar.Label(fy), Value: district.FormatMoney(s.ActualToDate), Through: s.Through, Spark: s.Actual, districtWide: true}
	t.Provenance, _ = b.data.Provenance(district.MetricDataset(district.SpendActual))
	if s.MonthsElapsed == 0 || s.PlanToDate == 0 {
		t.Value, t.StatusDetail = "No data", "No spending booked this fiscal year"
		if running := s.runningText(); running != "" {
			t.StatusDetail = running
		}
		return t, nil
	}
	t.Trend = fmt.Sprintf("of %s planned by %s; %s for the year", district.FormatMoney(s.PlanToDate), s.Through.Format(district.MonthName), district.FormatMoney(s.YearPlan))
	if running := s.runningText(); running != "" {
		t.Trend += "; " + running
	}
	t.Status, t.StatusDetail = s.Status()
	return t, nil
}

// Status rates the year's spending by where it will end against the
// year's plan, the same judgement as the chart's forecast line and the
// takeaway's: under-spending to date is no comfort when the year overruns.
func (s Spend) Status() (district.Status, string) {
	off, ok := s.Outlook()
	if !ok {
		return district.NoTarget, ""
	}
	// Judged on the whole percent the words say, so "10% under plan" is
	// never near target on one day and off it on another.
	pct := math.Round(100 * math.Abs(off))
	st := district.OffTarget
	switch {
	case pct <= 100*planTolerance:
		st = district.OnTarget
	case pct <= 200*planTolerance:
		st = district.NearTarget
	}
	// Short enough for a tile's one line; the caption says how the
	// forecast is made.
	end := "year ended"
	if s.Forecasting() {
		end = "forecast"
	}
	return st, end + " " + against(off, "under", "over", "plan")
}

// perPupilTile shows the last whole fiscal year's spending per pupil: a
// year in progress would compare a few months with a whole year.
func perPupilTile(ctx context.Context, b *Board, _ Filter) (Tile, error) {
	years, prov, err := b.perPupilYears(ctx)
	if err != nil {
		return Tile{}, err
	}
	t := Tile{Title: "Technology spending per pupil", Value: "No data", Provenance: prov, StatusDetail: "No target", districtWide: true}
	var whole []pupilYear
	for _, y := range years {
		if !y.partial {
			whole = append(whole, y)
		}
	}
	if len(whole) == 0 {
		return t, nil
	}
	for _, y := range whole {
		t.Spark = append(t.Spark, y.perPupil)
	}
	last := whole[len(whole)-1]
	t.Value, t.Through = district.FormatMoney(last.perPupil), b.Calendar.End(last.fy).AddDate(0, -1, 0)
	t.Trend = "in " + b.Calendar.Label(last.fy)
	if len(whole) > 1 {
		prev := whole[len(whole)-2]
		t.Trend += fmt.Sprintf("; %s in %s", district.FormatMoney(prev.perPupil), b.Calendar.Label(prev.fy))
	}
	return t, nil
}
