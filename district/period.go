package district

import (
	"fmt"
	"time"
)

// FiscalCalendar knows when the district's fiscal year begins. A fiscal year
// is named by the calendar year in which it ends, as US districts do: FY2026
// runs July 2025 to June 2026 with the default July start.
type FiscalCalendar struct {
	// StartMonth is the first month of the fiscal year; zero means July.
	StartMonth time.Month
}

func (c FiscalCalendar) start() time.Month {
	if c.StartMonth < time.January || c.StartMonth > time.December {
		return time.July
	}
	return c.StartMonth
}

// Year returns the fiscal year t falls in.
func (c FiscalCalendar) Year(t time.Time) int {
	if c.start() != time.January && t.Month() >= c.start() {
		return t.Year() + 1
	}
	return t.Year()
}

// Start returns the first day of fiscal year fy.
func (c FiscalCalendar) Start(fy int) time.Time {
	y := fy
	if c.start() != time.January {
		y = fy - 1
	}
	return time.Date(y, c.start(), 1, 0, 0, 0, 0, time.UTC)
}

// End returns the first day after fiscal year fy.
func (c FiscalCalendar) End(fy int) time.Time { return c.Start(fy).AddDate(1, 0, 0) }

// MonthIndex returns how many whole months of its fiscal year precede t's
// month: 0 for the first month, 11 for the last.
func (c FiscalCalendar) MonthIndex(t time.Time) int {
	return (int(t.Month()) - int(c.start()) + 12) % 12
}

// Label names fiscal year fy: "FY2026".
func (c FiscalCalendar) Label(fy int) string { return fmt.Sprintf("FY%d", fy) }

// Span spells out fiscal year fy's months: "Jul 2025 – Jun 2026".
func (c FiscalCalendar) Span(fy int) string {
	last := c.End(fy).AddDate(0, -1, 0)
	return c.Start(fy).Format("Jan 2006") + " – " + last.Format("Jan 2006")
}

// PeriodKind says how a Period picks its months.
type PeriodKind int

// Period kinds.
const (
	FiscalYearPeriod PeriodKind = iota
	Last12Months
	AllHistory
)

// kindNames are the words period kinds are written as, in the cache's file
// and on the command line: a reordered enum cannot change what a stored
// slide shows.
var kindNames = map[PeriodKind]string{
	FiscalYearPeriod: "fiscal_year",
	Last12Months:     "last_12_months",
	AllHistory:       "all_history",
}

// Name is the word the kind is written as: "last_12_months".
func (k PeriodKind) Name() string { return kindNames[k] }

// PeriodKindNamed reads a kind's word back.
func PeriodKindNamed(name string) (PeriodKind, bool) {
	for k, n := range kindNames {
		if n == name {
			return k, true
		}
	}
	return 0, false
}

// Period is a span of months chosen in the period picker.
type Period struct {
	Kind PeriodKind
	// FiscalYear is the year shown when Kind is FiscalYearPeriod.
	FiscalYear int
}

// Range is a half-open span of months [From, To).
type Range struct {
	From, To time.Time
}

// Contains reports whether t falls in the range.
func (r Range) Contains(t time.Time) bool { return !t.Before(r.From) && t.Before(r.To) }

// Last returns the range's last month.
func (r Range) Last() time.Time { return r.To.AddDate(0, -1, 0) }

// Range resolves the period against the data: latest is the newest month
// with data and earliest the oldest, so "last 12 months" means the twelve
// months up to the newest data, not up to today's date.
func (p Period) Range(c FiscalCalendar, earliest, latest time.Time) Range {
	earliest, latest = Month(earliest), Month(latest)
	switch p.Kind {
	case FiscalYearPeriod:
		return Range{From: c.Start(p.FiscalYear), To: c.End(p.FiscalYear)}
	case Last12Months:
		return Range{From: latest.AddDate(0, -11, 0), To: latest.AddDate(0, 1, 0)}
	}
	return Range{From: earliest, To: latest.AddDate(0, 1, 0)}
}

// Label names the period as the picker shows it.
func (p Period) Label(c FiscalCalendar) string {
	switch p.Kind {
	case FiscalYearPeriod:
		return c.Label(p.FiscalYear) + " (" + c.Span(p.FiscalYear) + ")"
	case Last12Months:
		return "Last 12 months"
	}
	return "All history"
}
