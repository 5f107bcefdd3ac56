package deck

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/cabinetapp/cabinet/district"
)

// This file decides what changed since the last meeting, from plain
// values: the last meeting's record, and the district's figures now as
// they may be shown (sincedata.go reads them from a board). Nothing here
// reads a cache or a clock.

// Item is one line of a "what changed" or "actions" slide: on a slide, a
// card with its subject, its value and its sentence.
type Item struct {
	// Subject names what the line is about: "Attendance at Lincoln MS",
	// "MindWell SEL", "riverside".
	Subject string
	// Value is its figure now as shown, or a word: "93.7%", "Failing".
	Value string
	// Detail is the sentence, naming the month it speaks of.
	Detail string
	// Label says in words what happened: "Revised", "Met its target".
	Label  string
	Status district.Status
	// Up and Down say which way a figure moved; Better and Worse whether
	// that was good or bad for it.
	Up, Down, Better, Worse bool
	// line is the item on one line, when it reads better than String's.
	line string
}

// String is the item on one line: "Attendance: October 2026: 93.7%, shown
// as 94.1% on 10 November", "Renegotiate MindWell SEL (CFO, due 15
// January): done 3 December; renewed to 15 January 2028 at $82K".
func (it Item) String() string {
	if it.line != "" {
		return it.line
	}
	return it.Subject + ": " + it.Detail
}

// kind ranks what changed, most important first.
type kind int

const (
	crossed kind = iota
	moved
	revised
	renewal
	sourceHealth
	privacy
)

// change is an item with its rank.
type change struct {
	Item
	kind kind
	// weight orders changes of one kind: the larger, the more important.
	weight float64
}

// monthFigure is one closed month of a measure now, as it may be shown.
type monthFigure struct {
	Month  time.Time
	Value  float64
	Hidden bool
}

// measureNow is one measure, at one school or the district, as the
// district's figures stand now: its closed months, oldest first.
type measureNow struct {
	Metric district.Metric
	School string
	// Subject names it in a line: "Attendance", "Attendance at Lincoln MS".
	Subject string
	Months  []monthFigure
}

// figureNow is a keyed figure the last meeting showed, beside what may be
// shown of it now.
type figureNow struct {
	Then    district.Figure
	Metric  district.Metric
	Subject string
	// Found is false when the month has no figure now; Hidden when it is
	// hidden; Value is it otherwise.
	Found, Hidden bool
	Value         float64
}

// sinceInput is what "what changed" reads.
type sinceInput struct {
	// Now is the time the slide is made.
	Now        time.Time
	StaleAfter time.Duration
	// Last is the last meeting's record; nil when there was none, and the
	// last 30 days since From stand in for it.
	Last      *district.Meeting
	From      time.Time
	Threshold int
	Measures  []measureNow
	Figures   []figureNow
	Products  []district.ProductTerms
	Sources   []district.SourceHealth
}

// withoutMeeting is how far back "what changed" looks when no meeting is
// on record.
const withoutMeeting = 30 * 24 * time.Hour

// usualChanges is how many closed monthly changes the usual variation of a
// measure is measured over, and fewestChanges how few it needs.
const (
	usualChanges  = 24
	fewestChanges = 6
	// beyondUsual is how many standard deviations a move must pass
	// (VariationRule says it in words).
	beyondUsual = 2.0
)

// VariationRule states the rule for unusual moves, for the slide's caption.
var VariationRule = fmt.Sprintf("A larger move than usual is more than twice the standard deviation of the measure's last %d closed monthly changes, each compared by the measure's own rule; hidden figures are left out",
	usualChanges)

// changes lists what changed, most important first.
func changes(in sinceInput) []change {
	var out []change
	out = append(out, measureChanges(in)...)
	out = append(out, figureChanges(in)...)
	out = append(out, renewalChanges(in)...)
	out = append(out, sourceChanges(in)...)
	slices.SortStableFunc(out, func(a, b change) int {
		if c := cmp.Compare(a.kind, b.kind); c != 0 {
			return c
		}
		return cmp.Compare(b.weight, a.weight)
	})
	return out
}

// shownThen is the figure the last meeting showed of a measure's newest
// closed month, if it showed one.
func shownThen(last *district.Meeting, metric, school string) (district.Figure, bool) {
	var best district.Figure
	found := false
	if last == nil {
		return best, false
	}
	for _, s := range last.Slides {
		for _, f := range s.Figures {
			if f.Metric != metric || f.School != school || f.Across || f.SoFar || !f.Keyed() {
				continue
			}
			if !found || f.Month.After(best.Month) {
				best, found = f, true
			}
		}
	}
	return best, found
}

// measureChanges finds the measures that crossed their target or moved
// more than usual in a month that closed since the last meeting.
func measureChanges(in sinceInput) []change {
	var out []change
	for _, ms := range in.Measures {
		shown := map[time.Time]float64{}
		var cur time.Time
		for _, f := range ms.Months {
			if f.Hidden || !district.Closed(f.Month, in.Now) {
				continue
			}
			shown[f.Month] = f.Value
			if f.Month.After(cur) {
				cur = f.Month
			}
		}
		if cur.IsZero() {
			continue
		}
		// The month the last meeting knew: what it showed, or the month
		// that had closed by then.
		then, ok := shownThen(in.Last, ms.Metric.ID, ms.School)
		thenMonth, thenValue := then.Month, then.Value
		if !ok {
			thenMonth = district.Month(in.From).AddDate(0, -1, 0)
			thenValue = shown[thenMonth]
		}
		// The figure then is given only if it may be shown now too: a
		// month hidden since is never given, not even as it stood.
		_, thenShown := shown[thenMonth]
		thenShown = thenShown && !(ok && then.Hidden)
		if !cur.After(thenMonth) {
			continue // no month has closed since
		}
		m, v := ms.Metric, shown[cur]
		base, hasBase := shown[m.BaseMonth(cur)]
		c := district.Comparison{Metric: m, Cur: district.Observation{Period: cur, Value: v}}
		if hasBase {
			c.Base, c.HasBase = district.Observation{Period: m.BaseMonth(cur), Value: base}, true
		}
		sd, n := variation(m, shown, cur)
		unusual := hasBase && n >= fewestChanges && c.Trend().Direction != district.Flat && math.Abs(v-base) > beyondUsual*sd
		now, before := m.StatusOf(v), m.StatusOf(thenValue)
		cross := thenShown && now != district.NoTarget && (now == district.OnTarget) != (before == district.OnTarget)
		it := Item{Subject: ms.Subject, Value: m.Format(v), Status: now}
		t := c.Trend()
		it.Up, it.Down, it.Better, it.Worse = t.Direction == district.Up, t.Direction == district.Down, t.Better, t.Worse
		switch {
		case cross:
			it.Label = "Missed its target"
			if now == district.OnTarget {
				it.Label = "Met its target"
			}
			it.Better, it.Worse = now == district.OnTarget, now != district.OnTarget
			it.Detail = fmt.Sprintf("%s: %s, %s; %s in %s", cur.Format(district.MonthName), m.Format(v), targetClause(m, v), m.Format(thenValue), thenMonth.Format(district.MonthName))
			if unusual {
				it.Detail += "; a larger move than usual"
			}
			// Missing a target comes before meeting one; then the further
			// from it, the sooner.
			w := math.Abs(v-m.Target) / math.Max(math.Abs(m.Target), 1)
			if it.Worse {
				w++
			}
			out = append(out, change{Item: it, kind: crossed, weight: w})
		case unusual:
			it.Label = "Larger move than usual"
			it.Detail = fmt.Sprintf("%s: %s, %s, more than twice its usual change of %s", cur.Format(district.MonthName), m.Format(v), c.Change(), m.FormatDelta(sd))
			out = append(out, change{Item: it, kind: moved, weight: math.Abs(v-base) / math.Max(sd, 1e-9)})
		}
	}
	return out
}

// variation is the standard deviation of a measure's changes by its rule
// over the usualChanges closed months before cur whose figure and base
// are both shown, and how many there were.
func variation(m district.Metric, shown map[time.Time]float64, cur time.Time) (float64, int) {
	earliest := cur
	for t := range shown {
		if t.Before(earliest) {
			earliest = t
		}
	}
	var d []float64
	for t := cur.AddDate(0, -1, 0); !t.Before(earliest) && len(d) < usualChanges; t = t.AddDate(0, -1, 0) {
		v, ok := shown[t]
		base, hasBase := shown[m.BaseMonth(t)]
		if ok && hasBase {
			d = append(d, v-base)
		}
	}
	if len(d) < 2 {
		return 0, len(d)
	}
	var mean, ss float64
	for _, x := range d {
		mean += x
	}
	mean /= float64(len(d))
	for _, x := range d {
		ss += (x - mean) * (x - mean)
	}
	return math.Sqrt(ss / float64(len(d)-1)), len(d)
}

// figureKey groups what happened to the figures of one measure at one
// school: revised, newly hidden or newly shown.
type figureKey struct {
	metric, school string
	across         bool
	what           string
}

// figureChanges finds the figures shown at the last meeting that were
// revised since, or hidden or shown since. What happened to one measure's
// figures at one school makes one line, about the newest month it
// happened to. No line ever gives a hidden figure, old or new.
func figureChanges(in sinceInput) []change {
	if in.Last == nil {
		return nil
	}
	type group struct {
		newest figureNow
		count  int
		weight float64
	}
	groups := map[figureKey]*group{}
	var order []figureKey
	for _, f := range in.Figures {
		then, m := f.Then, f.Metric
		if then.SoFar || !district.Closed(then.Month, in.Now) || !f.Found || then.Hidden && f.Hidden {
			continue
		}
		what, weight := "", 0.0
		switch {
		case f.Hidden:
			what = "hidden"
		case then.Hidden:
			what = "shown"
		case m.Format(f.Value) != m.Format(then.Value):
			what, weight = "revised", math.Abs(f.Value-then.Value)/math.Max(math.Abs(then.Value), 1e-9)
		default:
			continue
		}
		k := figureKey{then.Metric, then.School, then.Across, what}
		g, ok := groups[k]
		if !ok {
			g = &group{newest: f}
			groups[k] = g
			order = append(order, k)
		}
		g.count++
		if then.Month.After(g.newest.Then.Month) {
			g.newest = f
		}
		g.weight = math.Max(g.weight, weight)
	}
	when := meetingDay(in.Last.Day, in.Now)
	var out []change
	for _, k := range order {
		g := groups[k]
		f, m := g.newest, g.newest.Metric
		month := f.Then.Month.Format(district.MonthName)
		it := Item{Subject: f.Subject}
		c := change{kind: privacy}
		switch k.what {
		case "hidden":
			it.Value, it.Label = "Hidden", "Now hidden"
			it.Detail = fmt.Sprintf("%s: now hidden to protect students' privacy%s; shown on %s", month, thresholdMoved(in), when)
		case "shown":
			it.Value, it.Label, it.Status = m.Format(f.Value), "Now shown", m.StatusOf(f.Value)
			it.Detail = fmt.Sprintf("%s: %s, now shown%s; hidden on %s", month, m.Format(f.Value), thresholdMoved(in), when)
		default:
			it.Value, it.Label, it.Status = m.Format(f.Value), "Revised", m.StatusOf(f.Value)
			it.Detail = fmt.Sprintf("%s: %s, shown as %s on %s", month, m.Format(f.Value), m.Format(f.Then.Value), when)
			t := m.TrendOf(f.Value, f.Then.Value, f.Then.Month)
			it.Up, it.Down, it.Better, it.Worse = t.Direction == district.Up, t.Direction == district.Down, t.Better, t.Worse
			c.kind = revised
		}
		if more := g.count - 1; more > 0 {
			it.Detail += fmt.Sprintf("; %s too", district.Counted(float64(more), "other months"))
		}
		c.Item, c.weight = it, g.weight
		out = append(out, c)
	}
	return out
}

// thresholdMoved says how the privacy threshold moved since the last
// meeting, or nothing when it did not.
func thresholdMoved(in sinceInput) string {
	switch was := in.Last.Threshold; {
	case in.Threshold > was:
		return fmt.Sprintf(" (the threshold rose from %d to %d students)", was, in.Threshold)
	case in.Threshold < was:
		return fmt.Sprintf(" (the threshold fell from %d to %d students)", was, in.Threshold)
	}
	return ""
}

// renewalChanges finds the contracts whose renewal came within 90 days,
// and, against the last meeting's record, those renewed or ended.
func renewalChanges(in sinceInput) []change {
	then := map[string]district.ProductTerms{}
	if in.Last != nil {
		for _, p := range in.Last.Products {
			then[p.ID] = p
		}
	}
	soon := int(district.RenewalSoon.Hours() / 24)
	when := meetingDay(in.From, in.Now)
	var out []change
	for _, p := range in.Products {
		was, had := then[p.ID]
		delete(then, p.ID)
		if p.Renewal.IsZero() {
			continue
		}
		days := district.DaysUntil(in.Now, p.Renewal)
		it := Item{Subject: p.Name, Value: district.FormatMoney(p.AnnualCost)}
		switch {
		case had && !was.Renewal.IsZero() && p.Renewal.After(was.Renewal):
			it.Label = "Renewed"
			it.Detail = fmt.Sprintf("renewed to %s at %s a year", p.Renewal.Format(district.DayName), district.FormatMoney(p.AnnualCost))
			if cost := district.FormatMoney(was.AnnualCost); cost != it.Value {
				it.Detail += ", was " + cost
			}
			out = append(out, change{Item: it, kind: renewal, weight: 1})
		case days >= 0 && days <= soon:
			thenRenewal := p.Renewal
			if had {
				thenRenewal = was.Renewal
			}
			if !thenRenewal.IsZero() && district.DaysUntil(in.From, thenRenewal) <= soon {
				continue // already within 90 days then
			}
			it.Label, it.Value = "Renewal coming", "in "+district.Counted(float64(days), "days")
			it.Detail = fmt.Sprintf("renews on %s at %s a year", p.Renewal.Format(district.DayName), district.FormatMoney(p.AnnualCost))
			if p.InUseShown {
				it.Detail += "; " + district.Share(p.InUse) + " of licences in use"
			}
			out = append(out, change{Item: it, kind: renewal, weight: float64(2*soon - days)})
		case had && days < 0 && was.Renewal.Equal(p.Renewal) && !p.Renewal.Before(in.From):
			it.Label = "Renewal date passed"
			it.Detail = fmt.Sprintf("its renewal date, %s, passed with no renewal on file", p.Renewal.Format(district.DayName))
			out = append(out, change{Item: it, kind: renewal, weight: 0.5})
		}
	}
	for _, p := range sortedProducts(then) {
		it := Item{Subject: p.Name, Value: "Ended", Label: "Contract ended",
			Detail: fmt.Sprintf("no longer on file; it cost %s a year on %s", district.FormatMoney(p.AnnualCost), when)}
		out = append(out, change{Item: it, kind: renewal, weight: 0.25})
	}
	return out
}

func sortedProducts(m map[string]district.ProductTerms) []district.ProductTerms {
	var out []district.ProductTerms
	for _, p := range m {
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b district.ProductTerms) int { return cmp.Compare(a.Name, b.Name) })
	return out
}

// sourceChanges finds the sources whose syncs began failing, or whose data
// went stale, since the last meeting.
func sourceChanges(in sinceInput) []change {
	then := map[string]district.SourceHealth{}
	recorded := in.From
	if in.Last != nil {
		recorded = in.Last.Recorded
		for _, s := range in.Last.Sources {
			then[s.Name] = s
		}
	}
	stale := func(s district.SourceHealth, at time.Time) bool {
		return in.StaleAfter > 0 && !s.LastGood.IsZero() && at.Sub(s.LastGood) > in.StaleAfter
	}
	var out []change
	for _, s := range in.Sources {
		if s.Kind == district.DemoKind {
			continue
		}
		was, had := then[s.Name]
		if in.Last == nil {
			// Without a record, what stood 30 days ago is read from the times.
			had = true
			was = district.SourceHealth{LastGood: s.LastGood, Failing: s.Failing && s.FailedAt.Before(in.From)}
		}
		it := Item{Subject: s.Name, Status: district.OffTarget}
		good := "never synced"
		if !s.LastGood.IsZero() {
			good = "last good data " + s.LastGood.Format(district.DayName)
		}
		switch {
		case s.Failing && !(had && was.Failing):
			it.Value, it.Label = "Failing", "Source failing"
			it.Detail = fmt.Sprintf("syncs failing since %s; %s", s.FailedAt.Format(district.DayName), good)
			if s.Problem != "" {
				it.Detail += ": " + s.Problem
			}
			out = append(out, change{Item: it, kind: sourceHealth, weight: 2})
		case stale(s, in.Now) && !(had && stale(was, recorded)):
			it.Value, it.Label = "Stale", "Data stale"
			it.Detail = fmt.Sprintf("last synced %s, %s ago", s.LastGood.Format(district.DayName), district.Counted(math.Floor(in.Now.Sub(s.LastGood).Hours()/24), "days"))
			out = append(out, change{Item: it, kind: sourceHealth, weight: 1})
		}
	}
	return out
}

// meetingDay names a meeting's date as a line reads it: "10 November",
// with its year when that is not now's.
func meetingDay(day, now time.Time) string {
	if day.Year() == now.Year() {
		return day.Format("2 January")
	}
	return day.Format(district.DayName)
}
