package deck

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/district"
)

var (
	nov10 = time.Date(2026, time.November, 10, 0, 0, 0, 0, time.UTC)
	dec8  = time.Date(2026, time.December, 8, 9, 0, 0, 0, time.UTC)
)

func mustMetric(t *testing.T, id string) district.Metric {
	t.Helper()
	m, ok := district.Lookup(id)
	if !ok {
		t.Fatalf("no measure %s", id)
	}
	return m
}

// series is n months of a measure ending in November 2026, oldest first,
// from values; NaN is a hidden month.
func series(values ...float64) []monthFigure {
	out := make([]monthFigure, len(values))
	first := time.Date(2026, time.November, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 1-len(values), 0)
	for i, v := range values {
		out[i] = monthFigure{Month: first.AddDate(0, i, 0), Value: v}
		if math.IsNaN(v) {
			out[i] = monthFigure{Month: first.AddDate(0, i, 0), Hidden: true}
		}
	}
	return out
}

// steady is months of values alternating by a tenth around base, then last.
func steady(n int, base float64, last ...float64) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = base + 0.1*float64(i%2)
	}
	return append(out, last...)
}

func oct(y int) time.Time { return time.Date(y, time.October, 1, 0, 0, 0, 0, time.UTC) }

// meetingOf is the record of the meeting of 10 November showing figures.
func meetingOf(figures ...district.Figure) *district.Meeting {
	return &district.Meeting{Day: nov10, Deck: "Cabinet briefing", Recorded: nov10.Add(9 * time.Hour), How: district.Packet, Threshold: 10,
		Slides: []district.MeetingSlide{{Kind: district.ChartSlide, Figures: figures}}}
}

func lines(cs []change) string {
	var b strings.Builder
	for _, c := range cs {
		b.WriteString(c.Subject + " | " + c.Value + " | " + c.Label + " | " + c.Detail + "\n")
	}
	return b.String()
}

func TestMeasureChanges(t *testing.T) {
	broken := mustMetric(t, district.DevicesBroken)
	attendance := mustMetric(t, district.AttendanceRate)
	shownOct := district.Figure{Metric: district.DevicesBroken, Month: oct(2026), Value: 2.6, Text: "2.6%"}
	// Attendance a year earlier each month, with two months hidden whose
	// true values would swamp the variation if read as zero.
	att := steady(35, 93, 94.5)
	att[20], att[28] = math.NaN(), math.NaN()
	tests := []struct {
		name    string
		m       district.Metric
		months  []monthFigure
		last    *district.Meeting
		want    []string // the lines, each as "label | detail" parts it must hold
		wantNot []string
	}{
		{"crossing its target with a large move", broken, series(steady(29, 2.5, 2.6, 3.4)...), meetingOf(shownOct),
			[]string{"Missed its target", "November 2026: 3.4%, missing its target of 3.0% or less; 2.6% in October 2026; a larger move than usual"}, nil},
		{"coming back to its target", broken, series(steady(29, 3.5, 3.6, 2.9)...),
			meetingOf(district.Figure{Metric: district.DevicesBroken, Month: oct(2026), Value: 3.6, Text: "3.6%"}),
			[]string{"Met its target", "November 2026: 2.9%, meeting its target"}, nil},
		{"a move larger than usual, on target still", broken, series(steady(29, 2.0, 2.1, 2.7)...), meetingOf(shownOct),
			[]string{"Larger move than usual", "November 2026: 2.7%, up 0.6 pts since October 2026, more than twice its usual change of 0.1 pts"}, nil},
		{"a usual move", broken, series(steady(29, 2.0, 2.1, 2.0)...), meetingOf(shownOct), nil, []string{"November"}},
		{"hidden months are left out of the variation", attendance, series(att...), nil,
			[]string{"Larger move than usual", "November 2026: 94.5%, up 1.4 pts on November 2025"}, nil},
		{"a hidden newest month says nothing", attendance, series(append(steady(34, 93, 95), math.NaN())...), nil, nil, []string{"95.0", "November"}},
		{"no month closed since the meeting", broken, series(steady(29, 2.5, 2.6, 3.4)...),
			meetingOf(district.Figure{Metric: district.DevicesBroken, Month: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), Value: 3.4, Text: "3.4%"}), nil, []string{"November"}},
		{"the month shown then is hidden now: never given", broken, series(append(steady(28, 2.5, 2.6), math.NaN(), 3.4)...), meetingOf(shownOct), nil, []string{"2.6"}},
		{"too little history to judge a move", broken, series(2.0, 2.1, 2.0, 2.7), meetingOf(shownOct), nil, []string{"usual"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := sinceInput{Now: dec8, Last: tt.last, From: dec8.Add(-withoutMeeting), Threshold: 10,
				Measures: []measureNow{{Metric: tt.m, Subject: tt.m.Name, Months: tt.months}}}
			if tt.last != nil {
				in.From = tt.last.Day
			}
			got := lines(changes(in))
			checkLines(t, got, tt.want, tt.wantNot)
		})
	}
}

func TestFigureChanges(t *testing.T) {
	attendance := mustMetric(t, district.AttendanceRate)
	fig := func(month time.Time, v float64) district.Figure {
		return district.Figure{Metric: district.AttendanceRate, School: "L1", Month: month, Value: v, Text: attendance.Format(v), Label: "Attendance rate"}
	}
	hidden := func(month time.Time) district.Figure {
		return district.Figure{Metric: district.AttendanceRate, School: "L1", Month: month, Text: "*", Hidden: true, Label: "Attendance rate"}
	}
	now := func(then district.Figure, v float64, hid bool) figureNow {
		return figureNow{Then: then, Metric: attendance, Subject: "Attendance rate at Lincoln", Found: true, Value: v, Hidden: hid}
	}
	sep := time.Date(2026, time.September, 1, 0, 0, 0, 0, time.UTC)
	soFar := fig(time.Date(2026, time.November, 1, 0, 0, 0, 0, time.UTC), 95)
	soFar.SoFar = true
	tests := []struct {
		name      string
		threshold int
		figures   []figureNow
		want      []string
		wantNot   []string
	}{
		{"a revision names both values", 10, []figureNow{now(fig(oct(2026), 94.1), 93.7, false)},
			[]string{"Revised | October 2026: 93.7%, shown as 94.1% on 10 November"}, nil},
		{"revisions of one measure make one line", 10, []figureNow{now(fig(sep, 94.0), 94.4, false), now(fig(oct(2026), 94.1), 93.7, false)},
			[]string{"October 2026: 93.7%, shown as 94.1% on 10 November; 1 other month too"}, []string{"September"}},
		{"a figure as shown then is no revision", 10, []figureNow{now(fig(oct(2026), 94.1), 94.12, false)}, nil, nil},
		{"a month still running then is no revision", 10, []figureNow{now(soFar, 93, false)}, nil, nil},
		{"a figure now hidden gives neither value", 12, []figureNow{now(fig(oct(2026), 94.1), 93.7, true)},
			[]string{"Now hidden | October 2026: now hidden to protect students' privacy (the threshold rose from 10 to 12 students); shown on 10 November"},
			[]string{"94.1", "93.7"}},
		{"a figure hidden then and shown now", 8, []figureNow{now(hidden(oct(2026)), 91.2, false)},
			[]string{"Now shown | October 2026: 91.2%, now shown (the threshold fell from 10 to 8 students); hidden on 10 November"}, nil},
		{"hidden then and now says nothing", 10, []figureNow{now(hidden(oct(2026)), 91.2, true)}, nil, []string{"91.2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := sinceInput{Now: dec8, Last: meetingOf(), From: nov10, Threshold: tt.threshold, Figures: tt.figures}
			got := lines(changes(in))
			checkLines(t, got, tt.want, tt.wantNot)
		})
	}
}

func TestRenewalAndSourceChanges(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	last := meetingOf()
	last.Products = []district.ProductTerms{
		{ID: "P1", Name: "Already close", AnnualCost: 1000, Renewal: day(2027, 1, 15)},
		{ID: "P2", Name: "Came close", AnnualCost: 2000, Renewal: day(2027, 2, 20)},
		{ID: "P3", Name: "MindWell SEL", AnnualCost: 90000, Renewal: day(2026, 12, 1)},
		{ID: "P4", Name: "Gone Reader", AnnualCost: 5000, Renewal: day(2027, 6, 1)},
		{ID: "P5", Name: "Lapsed Maths", AnnualCost: 3000, Renewal: day(2026, 11, 30)},
	}
	last.Sources = []district.SourceHealth{
		{Name: "riverside", Kind: "summaryapi", LastGood: nov10},
		{Name: "fleet", Kind: "snipeit", LastGood: nov10, Failing: true, FailedAt: nov10},
		{Name: "roster", Kind: "oneroster", LastGood: day(2026, 11, 9)},
	}
	in := sinceInput{Now: dec8, StaleAfter: 7 * 24 * time.Hour, Last: last, From: nov10, Threshold: 10,
		Products: []district.ProductTerms{
			{ID: "P1", Name: "Already close", AnnualCost: 1000, Renewal: day(2027, 1, 15)},
			{ID: "P2", Name: "Came close", AnnualCost: 2000, Renewal: day(2027, 2, 20), InUse: 0.44, InUseShown: true},
			{ID: "P3", Name: "MindWell SEL", AnnualCost: 82000, Renewal: day(2027, 12, 1)},
			{ID: "P5", Name: "Lapsed Maths", AnnualCost: 3000, Renewal: day(2026, 11, 30)},
			{ID: "P6", Name: "No date", AnnualCost: 3000},
			{ID: "P7", Name: "Hidden use", AnnualCost: 3000, Renewal: day(2027, 3, 1), InUseHidden: true},
		},
		Sources: []district.SourceHealth{
			{Name: "riverside", Kind: "summaryapi", LastGood: day(2026, 12, 1), Failing: true, FailedAt: day(2026, 12, 3), Problem: "server answered 503"},
			{Name: "fleet", Kind: "snipeit", LastGood: nov10, Failing: true, FailedAt: day(2026, 12, 7)},
			{Name: "roster", Kind: "oneroster", LastGood: day(2026, 11, 20)},
			{Name: "Demo district", Kind: district.DemoKind, LastGood: day(2026, 1, 1)},
		}}
	got := lines(changes(in))
	want := []string{
		"Came close | in 74 days | Renewal coming | renews on 20 February 2027 at $2,000 a year; 44% of licences in use\n",
		"Hidden use | in 83 days | Renewal coming | renews on 1 March 2027 at $3,000 a year\n",
		"MindWell SEL | $82.0K | Renewed | renewed to 1 December 2027 at $82.0K a year, was $90.0K\n",
		"Lapsed Maths | $3,000 | Renewal date passed | its renewal date, 30 November 2026, passed with no renewal on file\n",
		"Gone Reader | Ended | Contract ended | no longer on file; it cost $5,000 a year on 10 November\n",
		"riverside | Failing | Source failing | syncs failing since 3 December 2026; last good data 1 December 2026: server answered 503\n",
		"fleet | Stale | Data stale | last synced 10 November 2026, 28 days ago\n",
		"roster | Stale | Data stale | last synced 20 November 2026, 18 days ago\n",
	}
	if got != strings.Join(want, "") {
		t.Fatalf("lines:\n%s\nwant:\n%s", got, strings.Join(want, ""))
	}

	// With no meeting on record, the last 30 days: what came within 90
	// days in them, and sources that began failing in them.
	in.Last, in.From = nil, dec8.Add(-withoutMeeting)
	got = lines(changes(in))
	for _, w := range []string{"Came close | in 74 days", "Hidden use | in 83 days", "riverside | Failing", "fleet | Failing", "roster | Stale"} {
		if !strings.Contains(got, w) {
			t.Errorf("the last 30 days do not say %q:\n%s", w, got)
		}
	}
	for _, w := range []string{"Already close", "MindWell", "Gone Reader"} {
		if strings.Contains(got, w) {
			t.Errorf("the last 30 days say %q:\n%s", w, got)
		}
	}
}

// TestChangesInOrderOfImportance: targets crossed, then larger moves,
// revisions, renewals, sources, and figures hidden or shown.
func TestChangesInOrderOfImportance(t *testing.T) {
	broken := mustMetric(t, district.DevicesBroken)
	attendance := mustMetric(t, district.AttendanceRate)
	last := meetingOf(district.Figure{Metric: district.DevicesBroken, Month: oct(2026), Value: 2.6, Text: "2.6%"})
	last.Products = []district.ProductTerms{{ID: "P1", Name: "Gone Reader", AnnualCost: 5000}}
	fig := district.Figure{Metric: district.AttendanceRate, Month: oct(2026), Value: 94.1, Text: "94.1%"}
	in := sinceInput{Now: dec8, Last: last, From: nov10, Threshold: 10,
		Measures: []measureNow{
			{Metric: broken, Subject: "Broken", Months: series(steady(29, 2.0, 2.1, 2.7)...)},
			{Metric: broken, School: "S1", Subject: "Broken at S1", Months: series(steady(29, 2.5, 2.6, 3.4)...)},
		},
		Figures: []figureNow{
			{Then: district.Figure{Metric: district.AttendanceRate, School: "S2", Month: oct(2026), Value: 90, Text: "90.0%"}, Metric: attendance, Subject: "Attendance at S2", Found: true, Hidden: true},
			{Then: fig, Metric: attendance, Subject: "Attendance", Found: true, Value: 93.7},
		},
		Sources: []district.SourceHealth{{Name: "riverside", Failing: true, FailedAt: dec8}},
	}
	var got []string
	for _, c := range changes(in) {
		got = append(got, c.Label)
	}
	want := []string{"Missed its target", "Larger move than usual", "Revised", "Contract ended", "Source failing", "Now hidden"}
	if strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Fatalf("order %q, want %q", got, want)
	}
}

// checkLines checks that the lines say each of want and none of wantNot,
// and say nothing when nothing is wanted.
func checkLines(t *testing.T, got string, want, wantNot []string) {
	t.Helper()
	if (len(want) == 0) != (got == "") {
		t.Fatalf("lines:\n%s", got)
	}
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("lines do not say %q:\n%s", w, got)
		}
	}
	for _, w := range wantNot {
		if strings.Contains(got, w) {
			t.Errorf("lines say %q:\n%s", w, got)
		}
	}
}
