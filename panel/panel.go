// Package panel is the dashboard's content as data: the KPI tiles and every
// chart, each built from the cache for a school and a period into a
// charts.Chart, a table of the values shown and where they came from. The
// window, the slides and the exports all draw from here, so a number reads
// the same everywhere and every one of them passes through suppression.
package panel

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"sync/atomic"
	"time"

	"github.com/cabinetapp/cabinet/charts"
	"github.com/cabinetapp/cabinet/district"
)

// Filter is what the pickers chose.
type Filter struct {
	// School is a school id, or district.WholeDistrict.
	School string
	Period district.Period
	// Product is the edtech product a product chart shows, by id; charts
	// about one product pick a default when it is empty.
	Product string
}

// Panel is one chart of the dashboard.
type Panel struct {
	ID     string
	Title  string
	Domain district.Domain
	// About says in one sentence what the chart shows.
	About string
	// Metric is the metric a chart is about, for its definition and its
	// takeaway; "" for charts not about one metric.
	Metric string
	// Also lists further metrics the chart shows beside Metric.
	Also  []string
	build func(ctx context.Context, b *Board, f Filter) (Result, error)
}

// Metrics lists every metric the chart shows, Metric first.
func (p Panel) Metrics() []string {
	if p.Metric == "" {
		return nil
	}
	return append([]string{p.Metric}, p.Also...)
}

// Result is a panel built for one filter.
type Result struct {
	Panel Panel
	// Scope says which school and months the chart shows.
	Scope string
	Chart charts.Chart
	// Table holds the values shown, suppressed ones as district.SuppressedMark.
	Table      Table
	Provenance district.Provenance
	// Through is the newest month (or fiscal year end) the chart shows.
	Through time.Time
	// Suppressed counts hidden values; Complementary counts those of them
	// hidden so that another could not be worked out.
	Suppressed, Complementary int
	// Notes are short sentences the caption must carry.
	Notes []string
	// Ranking is every school's place when the chart ranks schools, nil
	// otherwise: the chart may have no row for some of them.
	Ranking *Ranking
	// Rest is what a capped ranking of products sums up in its last row.
	Rest *Rest
	// Compared holds, for a chart of measures over time, each measure's
	// newest figure compared by its rule, in the order of Panel.Metrics.
	Compared []Comparison
}

// Table is a chart's values as rows, for reading and for CSV export.
type Table struct {
	Columns []string
	Rows    [][]string
}

// Reader is what a board reads: the district's data as they stood at one
// moment, however long the board lives. The cache's read transaction
// (cache.ReadTx) is one.
type Reader interface {
	Suppression(ctx context.Context) (district.Suppression, error)
	PlanSettings(ctx context.Context) (district.PlanSettings, error)
	Profile(ctx context.Context) (district.Profile, district.Provenance, error)
	Schools(ctx context.Context) ([]district.School, district.Provenance, error)
	Extent() (district.Range, bool)
	Provenance(dataset string) (district.Provenance, bool)
	Metric(ctx context.Context, id string) (district.Metric, error)
	Annotations(ctx context.Context, panel string) ([]district.Annotation, error)
	Series(ctx context.Context, metric, school string, r district.Range) ([]district.Observation, district.Provenance, error)
	Recent(ctx context.Context, metric, school string, before time.Time, n int) ([]district.Observation, district.Provenance, error)
	Schoolwide(ctx context.Context, metric string, before time.Time) ([]district.Observation, district.Provenance, error)
	Group(ctx context.Context, metric, school string, r district.Range, min int) (obs, sums []district.Observation, err error)
	BudgetYears(ctx context.Context) ([]int, error)
	Budget(ctx context.Context, from, to int) ([]district.BudgetLine, district.Provenance, error)
	Products(ctx context.Context) ([]district.Product, district.Provenance, error)
	Usage(ctx context.Context, product, school string, r district.Range) ([]district.ProductUsage, error)
	UsageRange(ctx context.Context, school string, r district.Range) ([]district.ProductUsage, error)
	UsageAt(ctx context.Context, school string, before time.Time) ([]district.ProductUsage, error)
	UsageBySchool(ctx context.Context, product string, before time.Time) ([]district.ProductUsage, error)
	SmallUsageGroups(ctx context.Context, product, school string, r district.Range, min int) (use, sums []district.ProductUsage, err error)
	Overlaps(ctx context.Context) ([]district.Overlap, error)
}

// Snapshot is a Reader the board closes when the last hold on it is
// released.
type Snapshot interface {
	Reader
	Close() error
}

// Board builds panels from a snapshot of the district: everything it reads,
// and everything it builds, is the district as it stood when the snapshot
// was taken, whatever syncs and edits happen meanwhile. Nothing changes a
// Board once NewBoard has returned it (set Now before sharing it), so
// charts may be built from it on any goroutine while a sync runs; after a
// sync, or a change of the district's privacy threshold, make a new one.
//
// A board holds its snapshot open until it is released: whoever shares it
// takes a Hold first and releases that hold when done with it.
type Board struct {
	data  Snapshot
	holds atomic.Int64
	// Suppression is the district's setting from the snapshot, unless
	// NewBoard was given a threshold of its own.
	Suppression district.Suppression
	Calendar    district.FiscalCalendar
	Profile     district.Profile
	Schools     []district.School
	// Extent is the span of months the cache holds.
	Extent district.Range
	// Now tells the time: the day renewals are counted from, and whether
	// a month is still running (its figures so far). nil means the
	// clock's; tests set it.
	Now   func() time.Time
	names map[string]string

	// PlanSettings are the district's assumptions behind the replacement
	// plan, from the snapshot.
	PlanSettings district.PlanSettings
}

// NewBoard makes a board of a snapshot, reading what every panel needs to
// know about the district: its profile, schools and extent, and its
// privacy threshold. A zero Suppression applies the district's own
// threshold; one with a Threshold applies that instead. The board owns
// the snapshot from here on, even when NewBoard fails: it closes it when
// its one hold (the caller's) is released.
func NewBoard(ctx context.Context, data Snapshot, s district.Suppression) (*Board, error) {
	b, err := newBoard(ctx, data, s)
	if err != nil {
		data.Close()
		return nil, err
	}
	b.holds.Store(1)
	return b, nil
}

func newBoard(ctx context.Context, data Snapshot, s district.Suppression) (*Board, error) {
	if s.Threshold == 0 {
		var err error
		if s, err = data.Suppression(ctx); err != nil {
			return nil, err
		}
	}
	profile, _, err := data.Profile(ctx)
	if err != nil && !errors.Is(err, district.ErrNoData) {
		return nil, err
	}
	schools, _, err := data.Schools(ctx)
	if err != nil {
		return nil, err
	}
	b := &Board{data: data, Suppression: s, Profile: profile, Schools: schools, names: make(map[string]string, len(schools))}
	if b.PlanSettings, err = data.PlanSettings(ctx); err != nil {
		return nil, err
	}
	for _, s := range schools {
		b.names[s.ID] = s.Name
	}
	b.Calendar = district.FiscalCalendar{StartMonth: profile.FiscalYearStart}
	b.Extent, _ = data.Extent()
	return b, nil
}

// Hold keeps the board's snapshot open until a matching Release. It
// returns the board, for holding it as it is handed on.
func (b *Board) Hold() *Board {
	if b.holds.Add(1) <= 1 {
		panic("panel: a released board was held again")
	}
	return b
}

// Release gives up one hold on the board; the last closes its snapshot,
// after which nothing more can be built from it.
func (b *Board) Release() {
	switch n := b.holds.Add(-1); {
	case n == 0:
		b.data.Close()
	case n < 0:
		panic("panel: a board was released more often than it was held")
	}
}

// Data is the snapshot the board reads, for what the panels do not cover:
// a metric's definition, a chart's notes, the products.
func (b *Board) Data() Reader { return b.data }

// Metric is a measure's definition as the board shows it: as its source
// defines it, with the district's own settings applied (the technicians'
// ratio of the replacement plan).
func (b *Board) Metric(ctx context.Context, id string) (district.Metric, error) {
	m, err := b.data.Metric(ctx, id)
	if err != nil {
		return m, err
	}
	return b.PlanSettings.Apply(m), nil
}

// Range resolves a filter's period against the data.
func (b *Board) Range(f Filter) district.Range {
	return f.Period.Range(b.Calendar, b.Extent.From, b.Extent.Last())
}

// School names a school id; the whole district for "".
func (b *Board) School(id string) string {
	if id == district.WholeDistrict {
		return "Whole district"
	}
	if name, ok := b.names[id]; ok {
		return name
	}
	return id
}

// FiscalYears lists the fiscal years the data spans, newest first.
func (b *Board) FiscalYears() []int {
	if b.Extent.From.IsZero() {
		return nil
	}
	var out []int
	for fy := b.Calendar.Year(b.Extent.Last()); fy >= b.Calendar.Year(b.Extent.From); fy-- {
		out = append(out, fy)
	}
	return out
}

// Build builds one panel by id.
func (b *Board) Build(ctx context.Context, id string, f Filter) (Result, error) {
	p, ok := ByID(id)
	if !ok {
		return Result{}, fmt.Errorf("no chart called %q", id)
	}
	r, err := p.build(ctx, b, f)
	if err != nil {
		return Result{}, fmt.Errorf("building %s: %w", p.Title, err)
	}
	r.Panel = p
	if r.Chart.Kind == charts.Line {
		notes, err := b.data.Annotations(ctx, id)
		if err != nil {
			return Result{}, fmt.Errorf("building %s: %w", p.Title, err)
		}
		for _, a := range notes {
			// Values are monthly, plotted on the first of their month: a
			// note goes on its month's point, or one dated after the last
			// month's first day would fall off the chart.
			r.Chart.Annotations = append(r.Chart.Annotations, charts.Annotation{T: district.Month(a.Date), Text: a.Text})
		}
	}
	if note := b.Suppression.Note(r.Suppressed, r.Complementary); note != "" {
		r.Notes = append(r.Notes, note)
	}
	if r.AllHidden() {
		r.Chart.Empty = b.HiddenText(r)
	}
	return r, nil
}

// AllHidden says whether the chart has figures but shows none of them:
// every one is hidden to protect students' privacy.
func (r Result) AllHidden() bool {
	if r.Suppressed == 0 {
		return false
	}
	for _, s := range r.Chart.Series {
		for _, p := range s.Points {
			if !p.Gap && !math.IsNaN(p.Y) && !math.IsInf(p.Y, 0) {
				return false
			}
		}
		for _, v := range s.Values {
			if !v.Suppressed && !math.IsNaN(v.V) && !math.IsInf(v.V, 0) {
				return false
			}
		}
	}
	return true
}

// HiddenText says why a chart whose every figure is hidden shows none:
// "Hidden: fewer than 10 students", or, when all were hidden only so that
// others could not be worked out, that.
func (b *Board) HiddenText(r Result) string {
	if r.Complementary == r.Suppressed {
		return "Hidden so that other schools cannot be worked out"
	}
	return fmt.Sprintf("Hidden: fewer than %d students", b.Suppression.MinStudents())
}

// scope describes a school and a range: "Lincoln Middle School · Dec 2025
// – Nov 2026"; district figures shown while a school is picked read
// "District-wide".
func (b *Board) scope(school string, f Filter, r district.Range) string {
	who := b.School(school)
	if school == district.WholeDistrict {
		who = b.districtScope(f)
	}
	return who + " · " + r.From.Format("Jan 2006") + " – " + r.Last().Format("Jan 2006")
}

// districtScope names district figures: "Whole district" when the
// district is picked, and "District-wide" when a school is, so a figure
// that stays district-wide under a school's name says so in words.
func (b *Board) districtScope(f Filter) string {
	if f.School == district.WholeDistrict {
		return "Whole district"
	}
	return "District-wide"
}

// monthScope describes a chart of one month's values: "All schools · Oct
// 2026", or, when it has none, the filter's period.
func (b *Board) monthScope(who string, month time.Time, f Filter) string {
	if month.IsZero() {
		return who + " · " + f.Period.Label(b.Calendar)
	}
	return who + " · " + month.Format("Jan 2006")
}

// Caption says how fresh a result is and what the reader must know about it:
// "Data through Nov 2026 · Demo district, generated 29 Nov 2026 · 2 values hidden".
func (r Result) Caption(now time.Time, staleAfter time.Duration) string {
	parts := []string{}
	if !r.Through.IsZero() {
		parts = append(parts, "Data through "+r.Through.Format("Jan 2006"))
	}
	if p := Freshness(r.Provenance, now, staleAfter); p != "" {
		parts = append(parts, p)
	}
	parts = append(parts, r.Notes...)
	return strings.Join(parts, " · ")
}

// Freshness says where data came from and how long ago it was synced, and
// says "stale" when that is longer ago than staleAfter.
func Freshness(p district.Provenance, now time.Time, staleAfter time.Duration) string {
	if p.Source == "" {
		return "No data yet"
	}
	if p.Demo() {
		return "Demo district, generated " + p.SyncedAt.Local().Format("2 Jan 2006")
	}
	s := fmt.Sprintf("%s, synced %s", p.Source, Ago(now, p.SyncedAt))
	if staleAfter > 0 && now.Sub(p.SyncedAt) > staleAfter {
		s += " (stale)"
	}
	return s
}

// Ago says how long ago t was, as people say it: "just now", "5 min ago",
// "3 h ago", "12 days ago".
func Ago(now, t time.Time) string {
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%d min ago", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h ago", int(d.Hours()))
	}
	return fmt.Sprintf("%d days ago", int(d.Hours()/24))
}
