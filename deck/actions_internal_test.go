package deck

import (
	"strings"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/district"
)

func TestActionChanges(t *testing.T) {
	attendance := mustMetric(t, district.AttendanceRate)
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	meeting := district.Day(dec8)
	renew := district.Action{Text: "Renegotiate MindWell SEL", Owner: "CFO", Due: day(2027, 1, 15), Status: district.ActionDone,
		About: district.About{Kind: district.OnRenewal, ID: "P1", Name: "MindWell SEL"}, Created: nov10.Add(10 * time.Hour), Closed: day(2026, 12, 3),
		Product: district.ProductTerms{ID: "P1", Name: "MindWell SEL", AnnualCost: 90000, Renewal: day(2026, 12, 20), InUse: 0.39, InUseShown: true}}
	renewed := district.ProductTerms{ID: "P1", Name: "MindWell SEL", AnnualCost: 82000, Renewal: day(2027, 12, 20), InUse: 0.44, InUseShown: true}
	measure := district.Action{Text: "Find out why attendance fell at Lincoln", Owner: "CAO", Due: day(2026, 11, 30), Status: district.ActionOpen,
		About: district.About{Kind: district.OnMeasure, ID: district.AttendanceRate, School: "L1", Name: "Attendance rate"}, Created: nov10,
		Then: district.Figure{Metric: district.AttendanceRate, School: "L1", Month: oct(2026), Value: 93.1, Text: "93.1%"}}
	novFig := monthFigure{Month: day(2026, 11, 1), Value: 94}
	tests := []struct {
		name    string
		act     actionNow
		want    string // the item on one line
		label   string
		wantNot []string
	}{
		{"done, and its product renewed", actionNow{Action: renew, Product: renewed, HasProduct: true},
			"Renegotiate MindWell SEL (CFO, due 15 January 2027): done 3 December; renewed to 20 December 2027 at $82.0K; licences in use 39% to 44%", "Done 3 December", nil},
		{"overdue, and its measure moved", actionNow{Action: measure, Metric: attendance, HasMetric: true, Now: novFig, HasNow: true},
			"Find out why attendance fell at Lincoln (CAO, due 30 November): overdue by 8 days; attendance rate 93.1% in October 2026 to 94.0% in November 2026", "Overdue by 8 days", nil},
		{"its figure was hidden then", actionNow{Action: func() district.Action {
			a := measure
			a.Then = district.Figure{Metric: district.AttendanceRate, School: "L1", Month: oct(2026), Text: "*", Hidden: true}
			a.Due = day(2027, 1, 31)
			return a
		}(), Metric: attendance, HasMetric: true, Now: novFig, HasNow: true},
			"Find out why attendance fell at Lincoln (CAO, due 31 January 2027): open; attendance rate was hidden to protect students' privacy; 94.0% in November 2026", "Open", nil},
		{"its figure then is hidden now", actionNow{Action: measure, Metric: attendance, HasMetric: true, Now: novFig, HasNow: true, ThenHidden: true},
			"Find out why attendance fell at Lincoln (CAO, due 30 November): overdue by 8 days; attendance rate 94.0% in November 2026", "Overdue by 8 days", []string{"93.1"}},
		{"licences in use unchanged", actionNow{Action: renew, HasProduct: true,
			Product: district.ProductTerms{ID: "P1", Name: "MindWell SEL", AnnualCost: 90000, Renewal: day(2026, 12, 20), InUse: 0.391, InUseShown: true}},
			"Renegotiate MindWell SEL (CFO, due 15 January 2027): done 3 December; licences in use unchanged at 39%", "Done 3 December", nil},
		{"its product is no longer on file", actionNow{Action: renew}, "Renegotiate MindWell SEL (CFO, due 15 January 2027): done 3 December; no longer on file", "Done 3 December", nil},
		{"licences in use hidden now", actionNow{Action: renew, HasProduct: true,
			Product: district.ProductTerms{ID: "P1", Name: "MindWell SEL", AnnualCost: 90000, Renewal: day(2026, 12, 20), InUseHidden: true}},
			"Renegotiate MindWell SEL (CFO, due 15 January 2027): done 3 December", "Done 3 December", []string{"licences", "39%"}},
		{"closed before the last meeting: already heard", actionNow{Action: func() district.Action {
			a := renew
			a.Closed = day(2026, 11, 1)
			return a
		}()}, "", "", nil},
		{"recorded after the meeting's day", actionNow{Action: func() district.Action {
			a := measure
			a.Created = dec8.AddDate(0, 0, 2)
			return a
		}()}, "", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs := actionChanges(meeting, nov10, []actionNow{tt.act})
			if tt.want == "" {
				if len(cs) != 0 {
					t.Fatalf("listed %q", cs[0].String())
				}
				return
			}
			if len(cs) != 1 {
				t.Fatalf("%d items", len(cs))
			}
			if got := cs[0].String(); got != tt.want || cs[0].Label != tt.label {
				t.Fatalf("item %q (%s)\nwant %q (%s)", got, cs[0].Label, tt.want, tt.label)
			}
			for _, w := range tt.wantNot {
				if strings.Contains(cs[0].String()+cs[0].Detail, w) {
					t.Errorf("the item says %q", w)
				}
			}
		})
	}

	// Overdue first, then open, done and dropped.
	open := measure
	open.Due = day(2027, 2, 1)
	dropped := renew
	dropped.Status = district.ActionDropped
	var got []string
	for _, c := range actionChanges(meeting, nov10, []actionNow{{Action: dropped}, {Action: renew}, {Action: open}, {Action: measure}}) {
		got = append(got, c.Value)
	}
	if strings.Join(got, " ") != "Overdue Open Done Dropped" {
		t.Fatalf("order %q", got)
	}
}
