package cache_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
)

var november10 = time.Date(2026, time.November, 10, 0, 0, 0, 0, time.UTC)

// aMeeting is a meeting record with a figure of every shape: shown and
// hidden, of a measure across schools, of a product, and text alone.
func aMeeting(day time.Time, attendance float64) district.Meeting {
	synced := time.Date(2026, time.November, 9, 18, 0, 0, 0, time.UTC)
	return district.Meeting{
		Day: day, Deck: "Cabinet briefing", District: "Riverside USD", Recorded: day.Add(9 * time.Hour), How: district.Packet, Threshold: 10,
		Slides: []district.MeetingSlide{
			{Kind: district.SinceSlide, Headline: "What changed since 13 October", Takeaway: "Nothing moved.", Shows: "Whole district"},
			{Kind: district.ChartSlide, Panel: "instruction.attendance", Headline: "Attendance", Takeaway: "Attendance stood at 94.1%.",
				Shows: "Whole district · Last 12 months", AsOf: month(2026, time.October), Source: "riverside, synced 14 h ago",
				Figures: []district.Figure{
					{Metric: district.AttendanceRate, Month: month(2026, time.October), Label: "Attendance", Value: attendance, N: 1730, Text: "94.1%", Source: "riverside", Synced: synced},
					{Metric: district.AttendanceRate, School: "ALT", Across: true, Month: month(2026, time.October), Label: "Attendance", Text: "*", Hidden: true, Source: "riverside", Synced: synced},
					{Metric: district.AttendanceRate, Month: month(2026, time.November), SoFar: true, Label: "Attendance", Value: 93, N: 1700, Text: "93.0%", Source: "riverside", Synced: synced},
					{Product: "P1", Label: "MindWell SEL · Cost", Value: 90000, Text: "90000"},
				}},
		},
		Products: []district.ProductTerms{
			{ID: "P1", Name: "MindWell SEL", AnnualCost: 90000, Licences: 1000, Renewal: time.Date(2027, 1, 15, 0, 0, 0, 0, time.UTC), InUse: 0.39, InUseShown: true},
			{ID: "P2", Name: "Tiny Tool", AnnualCost: 500, Licences: 20, InUseHidden: true},
		},
		Sources: []district.SourceHealth{{Name: "riverside", Kind: "summaryapi", LastGood: synced}},
	}
}

func TestMeetingRoundTrip(t *testing.T) {
	c := mustOpenCache(t)
	want := aMeeting(november10, 94.1)
	if err := c.SaveMeeting(ctx, want); err != nil {
		t.Fatal(err)
	}
	got, err := c.Meeting(ctx, november10.Add(15*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("read back\n%+v\nwant\n%+v", got, want)
	}

	// A second export for the same date replaces the record whole.
	again := aMeeting(november10, 93.7)
	again.Slides = again.Slides[1:]
	again.Products = nil
	if err := c.SaveMeeting(ctx, again); err != nil {
		t.Fatal(err)
	}
	if got, err = c.Meeting(ctx, november10); err != nil || !reflect.DeepEqual(got, again) {
		t.Fatalf("after exporting again: %+v, %v", got, err)
	}

	december8 := november10.AddDate(0, 0, 28)
	if err := c.SaveMeeting(ctx, aMeeting(december8, 95)); err != nil {
		t.Fatal(err)
	}
	list, err := c.Meetings(ctx)
	if err != nil || len(list) != 2 || !list[0].Day.Equal(november10) || list[0].Slides != 1 || list[0].Figures != 4 || list[0].Hidden != 1 {
		t.Fatalf("meetings: %+v, %v", list, err)
	}
	for _, tt := range []struct {
		day  time.Time
		want time.Time
	}{{december8, november10}, {december8.AddDate(0, 0, 1), december8}, {november10, time.Time{}}} {
		m, ok, err := c.MeetingBefore(ctx, tt.day)
		if err != nil || ok == tt.want.IsZero() || ok && !m.Day.Equal(tt.want) {
			t.Errorf("the meeting before %s: %s, %v, %v; want %s", tt.day.Format(time.DateOnly), m.Day.Format(time.DateOnly), ok, err, tt.want.Format(time.DateOnly))
		}
	}
	if err := c.DeleteMeeting(ctx, november10); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Meeting(ctx, november10); !errors.Is(err, district.ErrNotFound) {
		t.Fatalf("a removed meeting reads back: %v", err)
	}
	if err := c.DeleteMeeting(ctx, november10); !errors.Is(err, district.ErrNotFound) {
		t.Fatalf("removing it again: %v", err)
	}
}

func TestMeetingRecordRefusesWhatItMustNotHold(t *testing.T) {
	c := mustOpenCache(t)
	tests := []struct {
		name   string
		change func(*district.Meeting)
		want   string
	}{
		{"a hidden figure with its value", func(m *district.Meeting) { m.Slides[1].Figures[1].Value = 7 }, "a hidden figure carries a value"},
		{"a hidden figure with its count", func(m *district.Meeting) { m.Slides[1].Figures[1].N = 7 }, "a hidden figure carries a value"},
		{"no date", func(m *district.Meeting) { m.Day = time.Time{} }, "needs the meeting's date"},
		{"a threshold no district may set", func(m *district.Meeting) { m.Threshold = 2 }, "between 5 and 30"},
		{"no deck", func(m *district.Meeting) { m.Deck = " " }, "names no deck"},
		{"a hidden share of licences with its value", func(m *district.Meeting) { m.Products[1].InUse = 0.2 }, "carries a value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := aMeeting(november10, 94.1)
			tt.change(&m)
			if err := c.SaveMeeting(ctx, m); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one saying %q", err, tt.want)
			}
		})
	}
	if list, err := c.Meetings(ctx); err != nil || len(list) != 0 {
		t.Fatalf("a refused record was kept: %+v, %v", list, err)
	}
}

func anAction(text string) district.Action {
	return district.Action{
		Text: text, Owner: "CFO", Due: time.Date(2027, 1, 15, 0, 0, 0, 0, time.UTC), Status: district.ActionOpen,
		About:   district.About{Kind: district.OnRenewal, ID: "P1", Name: "MindWell SEL"},
		Created: november10.Add(10 * time.Hour),
		Product: district.ProductTerms{ID: "P1", Name: "MindWell SEL", AnnualCost: 90000, Licences: 1000, Renewal: time.Date(2027, 1, 15, 0, 0, 0, 0, time.UTC), InUse: 0.39, InUseShown: true},
	}
}

func TestActions(t *testing.T) {
	c := mustOpenCache(t)
	a, err := c.AddAction(ctx, anAction("Renegotiate MindWell SEL"))
	if err != nil || a.ID != 1 || len(a.Key) != 24 {
		t.Fatalf("added %+v, %v", a, err)
	}
	m := district.Action{Text: "Find out why attendance fell", Owner: "CAO", Due: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), Status: district.ActionOpen,
		About:   district.About{Kind: district.OnMeasure, ID: district.AttendanceRate, School: "L1", Name: "Attendance"},
		Created: november10.Add(11 * time.Hour),
		Then:    district.Figure{Metric: district.AttendanceRate, School: "L1", Label: "Attendance", Month: month(2026, time.October), Text: "*", Hidden: true}}
	if m, err = c.AddAction(ctx, m); err != nil {
		t.Fatal(err)
	}
	if _, err := c.AddAction(ctx, district.Action{Text: "No owner", Due: november10, Status: district.ActionOpen, Created: november10}); err == nil || !strings.Contains(err.Error(), "needs an owner") {
		t.Fatalf("an action without an owner: %v", err)
	}
	done := november10.AddDate(0, 0, 20)
	got, err := c.SetActionStatus(ctx, a.ID, district.ActionDone, done)
	if err != nil || got.Status != district.ActionDone || !got.Closed.Equal(done) {
		t.Fatalf("marked done: %+v, %v", got, err)
	}
	if _, err := c.SetActionStatus(ctx, 99, district.ActionDone, done); !errors.Is(err, district.ErrNotFound) {
		t.Fatalf("an unknown action: %v", err)
	}
	list, err := c.Actions(ctx)
	if err != nil || len(list) != 2 {
		t.Fatalf("actions: %+v, %v", list, err)
	}
	want := anAction("Renegotiate MindWell SEL")
	want.ID, want.Key, want.Status, want.Updated, want.Closed = 1, a.Key, district.ActionDone, done, done
	if !reflect.DeepEqual(list[0], want) {
		t.Fatalf("read back\n%+v\nwant\n%+v", list[0], want)
	}
	if !reflect.DeepEqual(list[1], m) {
		t.Fatalf("read back\n%+v\nwant\n%+v", list[1], m)
	}
}

// TestMemorySurvivesTheSources records a meeting and an action on the demo
// district, then replaces the demo with a real source, resyncs it in full,
// removes it and syncs another: the records stay as they were.
func TestMemorySurvivesTheSources(t *testing.T) {
	c := mustOpenCache(t)
	mustSeed(t, c)
	if err := c.SaveMeeting(ctx, aMeeting(november10, 94.1)); err != nil {
		t.Fatal(err)
	}
	if _, err := c.AddAction(ctx, anAction("Renegotiate MindWell SEL")); err != nil {
		t.Fatal(err)
	}
	before, err := c.Memory(ctx)
	if err != nil {
		t.Fatal(err)
	}
	other := cache.Source{Name: "warehouse", Kind: "summaryapi", Priority: 50}
	for _, step := range []struct {
		name string
		do   func() error
	}{
		{"the demo replaced by a real source", func() error { return c.Write(ctx, real, cache.Replace, realSnapshot(94)) }},
		{"a full resync", func() error { return c.Write(ctx, real, cache.Replace, realSnapshot(93)) }},
		{"the source removed", func() error { return c.RemoveSource(ctx, real.Name) }},
		{"another source", func() error { return c.Write(ctx, other, cache.Replace, realSnapshot(92)) }},
	} {
		if err := step.do(); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		after, err := c.Memory(ctx)
		if err != nil || !reflect.DeepEqual(after, before) {
			t.Fatalf("after %s the meetings and actions read\n%+v\nwant\n%+v (%v)", step.name, after, before, err)
		}
	}
}

// TestImportLosesNothing moves the memory of one cache to a fresh one, then
// imports an older copy over newer records: the newer stay.
func TestImportLosesNothing(t *testing.T) {
	from := mustOpenCache(t)
	if err := from.SaveMeeting(ctx, aMeeting(november10, 94.1)); err != nil {
		t.Fatal(err)
	}
	if _, err := from.AddAction(ctx, anAction("Renegotiate MindWell SEL")); err != nil {
		t.Fatal(err)
	}
	mem, err := from.Memory(ctx)
	if err != nil {
		t.Fatal(err)
	}
	to := mustOpenCache(t)
	done, err := to.Import(ctx, mem)
	if err != nil || done.Meetings != 1 || done.Actions != 1 {
		t.Fatalf("imported %+v, %v", done, err)
	}
	if got, err := to.Memory(ctx); err != nil || !reflect.DeepEqual(got, mem) {
		t.Fatalf("the fresh cache holds\n%+v\nwant\n%+v (%v)", got, mem, err)
	}

	// Importing the same file again changes nothing.
	if done, err = to.Import(ctx, mem); err != nil || done.Meetings != 0 || done.Actions != 0 || done.Same != 2 {
		t.Fatalf("importing it again: %+v, %v", done, err)
	}

	// The fresh cache's own later changes are kept over the old copy.
	newer := aMeeting(november10, 93.7)
	newer.Recorded = newer.Recorded.Add(time.Hour)
	if err := to.SaveMeeting(ctx, newer); err != nil {
		t.Fatal(err)
	}
	if _, err := to.SetActionStatus(ctx, 1, district.ActionDone, november10.AddDate(0, 0, 3)); err != nil {
		t.Fatal(err)
	}
	done, err = to.Import(ctx, mem)
	if err != nil || done.Meetings != 0 || done.Actions != 0 || len(done.KeptMeetings) != 1 || done.KeptActions != 1 {
		t.Fatalf("importing the old copy again: %+v, %v", done, err)
	}
	got, _ := to.Meeting(ctx, november10)
	acts, _ := to.Actions(ctx)
	if got.Slides[1].Figures[0].Value != 93.7 || acts[0].Status != district.ActionDone {
		t.Fatalf("the old copy overwrote newer records: %v, %s", got.Slides[1].Figures[0].Value, acts[0].Status)
	}

	// A bad record in the file changes nothing.
	bad := mem
	bad.Meetings = []district.Meeting{aMeeting(november10.AddDate(0, 1, 0), 90)}
	bad.Meetings[0].Slides[1].Figures[1].Value = 3
	if _, err := to.Import(ctx, bad); err == nil {
		t.Fatal("a record with a hidden figure's value was imported")
	}
	if list, _ := to.Meetings(ctx); len(list) != 1 {
		t.Fatalf("a refused import left %d meetings", len(list))
	}
}
