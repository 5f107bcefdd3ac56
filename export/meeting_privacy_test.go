package export_test

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/export"
	"github.com/cabinetapp/cabinet/panel"
)

// The packet's pages that say what changed since the last meeting and list
// the actions from it, for the packet reader (privacy_test.go, privacy_read_test.go): the last
// meeting showed every school's figures of every measure about students,
// each a little different from now, under a threshold of 5, and an action
// follows each measure at each school. Raising the threshold to 10 since
// hid the small schools' figures; the pages must give none of them, as
// they stand now or as they were shown then.

// cardsHead is the header of a CSV of cards: tiles, changes, actions.
const cardsHead = "Measure|Value|Trend|Status|Month"

// cardShape names the two pages' tables among the reader's shapes.
var cardShape = map[district.SlideKind]string{district.SinceSlide: "what changed", district.ActionsSlide: "actions"}

// withMeetingPages adds the two pages to slides, and the options that
// give them the last meeting and the actions.
func withMeetingPages(t *testing.T, b *panel.Board, slides []district.Slide) ([]district.Slide, export.Options) {
	t.Helper()
	c, err := cache.Open(ctx, filepath.Join(t.TempDir(), cache.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	day := time.Date(2026, time.November, 10, 0, 0, 0, 0, time.UTC)
	september, october := time.Date(2026, time.September, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, time.October, 1, 0, 0, 0, 0, time.UTC)
	m := district.Meeting{Day: day, Deck: "Cabinet briefing", Recorded: day.Add(9 * time.Hour), How: district.Packet, Threshold: 5}
	slide := district.MeetingSlide{Kind: district.ChartSlide}
	schools := []string{district.WholeDistrict}
	for _, s := range b.Schools {
		schools = append(schools, s.ID)
	}
	for i, metric := range district.Catalogue() {
		if !metric.StudentBased {
			continue
		}
		for _, school := range schools {
			obs, _, err := b.Data().Series(ctx, metric.ID, school, district.Range{From: september, To: october.AddDate(0, 1, 0)})
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range obs {
				if i%2 == 1 && o.Period.Equal(october) {
					continue // October is news for every other measure
				}
				f := district.Figure{Metric: metric.ID, School: school, Month: o.Period, Label: metric.Name, Text: district.SuppressedMark, Hidden: true}
				if o.N >= 5 {
					f = district.Figure{Metric: metric.ID, School: school, Month: o.Period, Label: metric.Name,
						Value: min(o.Value+0.7, 100), N: o.N, Text: metric.Format(min(o.Value+0.7, 100))}
				}
				slide.Figures = append(slide.Figures, f)
			}
			a := district.Action{Text: subject(b, metric, school), Owner: "CAO", Due: day.AddDate(0, 1, 0), Status: district.ActionOpen,
				About:   district.About{Kind: district.OnMeasure, ID: metric.ID, School: school, Name: metric.Name},
				Created: day.Add(10 * time.Hour)}
			if n := len(slide.Figures); n > 0 && !slide.Figures[n-1].Hidden {
				a.Then = slide.Figures[n-1]
			}
			if _, err := c.AddAction(ctx, a); err != nil {
				t.Fatal(err)
			}
		}
	}
	m.Slides = []district.MeetingSlide{slide}
	if err := c.SaveMeeting(ctx, m); err != nil {
		t.Fatal(err)
	}
	o := opts
	o.Memory = c
	o.Lines = 1 << 20 // every line, as the reader would want
	last12 := district.Period{Kind: district.Last12Months}
	return append(slides, district.Slide{Kind: district.SinceSlide, Period: last12}, district.Slide{Kind: district.ActionsSlide, Period: last12}), o
}

// subject names a measure at a school as the pages do.
func subject(b *panel.Board, m district.Metric, school string) string {
	if school == district.WholeDistrict {
		return m.Name
	}
	return m.Name + " at " + b.School(school)
}

var (
	leadFigure  = regexp.MustCompile(`^([A-Z][a-z]+ \d{4}): ([0-9][0-9.,]*)`)
	shownAs     = regexp.MustCompile(`shown as ([0-9][0-9.,]*)`)
	figureIn    = regexp.MustCompile(`([0-9][0-9.,]*)%? in ([A-Z][a-z]+ \d{4})`)
	wasMeasured = regexp.MustCompile(`: [a-z]`)
)

// readCards takes in the cards of the two pages: each figure a line gives,
// of the measure and school its subject (or an action's text) names, in
// the month the line names.
func readCards(r *reader, rows [][]string, metrics map[string]district.Metric) {
	for _, row := range rows {
		if len(row) < 3 {
			continue
		}
		var m district.Metric
		where, ok := "", false
		for name, mm := range metrics {
			if row[0] == name {
				m, ok = mm, true
				break
			}
			if rest, found := strings.CutPrefix(row[0], name+" at "); found {
				m, where, ok = mm, rest, true
				break
			}
		}
		if !ok || !m.StudentBased {
			continue
		}
		trend := row[2]
		learn := func(month, value string) {
			t, err := time.Parse(district.MonthName, month)
			if err == nil {
				r.learn(m.ID, t, false, where, strings.ReplaceAll(value, ",", ""), "")
			}
		}
		if g := leadFigure.FindStringSubmatch(trend); g != nil {
			learn(g[1], g[2])
			if s := shownAs.FindStringSubmatch(trend); s != nil {
				learn(g[1], s[1])
			}
		}
		// An action's line: "CAO, due …: attendance rate 93.1% in October 2026 to …".
		if loc := wasMeasured.FindStringIndex(trend); loc != nil {
			trend = trend[loc[0]:]
		}
		for _, g := range figureIn.FindAllStringSubmatch(trend, -1) {
			learn(g[2], g[1])
		}
	}
}
