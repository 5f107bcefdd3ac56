package deck

import (
	"context"
	"errors"
	"time"

	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/panel"
)

// Memory is the district's memory of its meetings: the records of past
// meetings, the actions decided, and the sources' health. The cache is one.
type Memory interface {
	// MeetingBefore is the record of the newest meeting dated before day;
	// ok is false when there is none.
	MeetingBefore(ctx context.Context, day time.Time) (m district.Meeting, ok bool, err error)
	Actions(ctx context.Context) ([]district.Action, error)
	SourceHealth(ctx context.Context) ([]district.SourceHealth, error)
}

// historyMonths is how far back a measure's closed months are read: the
// usual variation's 24 changes, each against the same month a year
// earlier for a school-year measure, with room to skip hidden months.
const historyMonths = 40

// reading reads what "what changed" and the actions compare, from a board,
// each measure once.
type reading struct {
	b        *panel.Board
	now      time.Time
	metrics  map[string]district.Metric
	measures map[[2]string]measureNow
}

func newReading(b *panel.Board, now time.Time) *reading {
	return &reading{b: b, now: now, metrics: map[string]district.Metric{}, measures: map[[2]string]measureNow{}}
}

// metric is a measure's definition; ok is false for one the district's
// data no longer have.
func (r *reading) metric(ctx context.Context, id string) (district.Metric, bool, error) {
	if m, ok := r.metrics[id]; ok {
		return m, true, nil
	}
	m, err := r.b.Data().Metric(ctx, id)
	if errors.Is(err, district.ErrNoData) {
		return m, false, nil
	}
	if err != nil {
		return m, false, err
	}
	r.metrics[id] = m
	return m, true, nil
}

// subject names a measure at a school: "Attendance at Lincoln MS".
func (r *reading) subject(m district.Metric, school string) string {
	if school == district.WholeDistrict {
		return m.Name
	}
	return m.Name + " at " + r.b.School(school)
}

// measure reads a measure's closed months at a school as they may be shown.
func (r *reading) measure(ctx context.Context, m district.Metric, school string) (measureNow, error) {
	key := [2]string{m.ID, school}
	if ms, ok := r.measures[key]; ok {
		return ms, nil
	}
	to := district.Month(r.now)
	rng := district.Range{From: to.AddDate(0, -historyMonths, 0), To: to}
	obs, _, err := r.b.Data().Series(ctx, m.ID, school, rng)
	if err != nil {
		return measureNow{}, err
	}
	shown, err := r.b.Cells(ctx, m, school, rng)
	if err != nil {
		return measureNow{}, err
	}
	ms := measureNow{Metric: m, School: school, Subject: r.subject(m, school)}
	for _, o := range obs {
		c := shown.Cell(o)
		ms.Months = append(ms.Months, monthFigure{Month: o.Period, Value: c.Value, Hidden: c.Suppressed})
	}
	r.measures[key] = ms
	return ms, nil
}

// newest is a measure's newest closed month that may be shown; ok is
// false when it has none.
func (ms measureNow) newest() (monthFigure, bool) {
	for i := len(ms.Months) - 1; i >= 0; i-- {
		if !ms.Months[i].Hidden {
			return ms.Months[i], true
		}
	}
	return monthFigure{}, false
}

// hidden reports whether month's figure of the measure may not be given
// now: hidden, or no longer read.
func (ms measureNow) hidden(month time.Time) bool {
	for _, f := range ms.Months {
		if f.Month.Equal(month) {
			return f.Hidden
		}
	}
	return true
}

// deckMeasures lists the measures a deck shows, each at the school its
// slide shows it for, and those the last meeting showed over time.
func (r *reading) deckMeasures(ctx context.Context, d district.Deck, last *district.Meeting) ([]measureNow, error) {
	type pair struct{ metric, school string }
	var pairs []pair
	seen := map[pair]bool{}
	add := func(metric, school string) {
		if p := (pair{metric, school}); !seen[p] {
			seen[p] = true
			pairs = append(pairs, p)
		}
	}
	for _, s := range d.Slides {
		switch s.Kind {
		case district.ChartSlide:
			p, _ := panel.ByID(s.Panel)
			for _, id := range p.Metrics() {
				add(id, s.School)
			}
		case district.TilesSlide:
			tiles, err := r.b.Tiles(ctx, Filter(s))
			if err != nil {
				return nil, err
			}
			for _, t := range tiles {
				if p, ok := panel.ByID(t.Panel); ok && t.Figure.Keyed() && (s.Tiles == "" || p.Domain == s.Tiles) {
					add(t.Figure.Metric, t.Figure.School)
				}
			}
		}
	}
	if last != nil {
		for _, s := range last.Slides {
			for _, f := range s.Figures {
				if f.Keyed() && !f.Across {
					add(f.Metric, f.School)
				}
			}
		}
	}
	var out []measureNow
	for _, p := range pairs {
		m, ok, err := r.metric(ctx, p.metric)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		ms, err := r.measure(ctx, m, panel.SchoolFor(m, p.school))
		if err != nil {
			return nil, err
		}
		out = append(out, ms)
	}
	return out, nil
}

// figures looks up again every figure of a measure the last meeting
// showed, as it may be shown now: over time at its school, or among every
// school's figures of its month where it was shown so.
func (r *reading) figures(ctx context.Context, last *district.Meeting) ([]figureNow, error) {
	type key struct {
		metric, school string
		across         bool
		month          time.Time
	}
	seen := map[key]bool{}
	var out []figureNow
	across := map[[2]any]map[string]district.Cell{} // metric and month: each school's cell
	for _, s := range last.Slides {
		for _, f := range s.Figures {
			k := key{f.Metric, f.School, f.Across, f.Month}
			if !f.Keyed() || seen[k] {
				continue
			}
			seen[k] = true
			m, ok, err := r.metric(ctx, f.Metric)
			if err != nil {
				return nil, err
			}
			if !ok {
				continue
			}
			fn := figureNow{Then: f, Metric: m, Subject: r.subject(m, f.School)}
			if f.Across {
				cells, ok := across[[2]any{f.Metric, f.Month}]
				if !ok {
					if cells, err = r.month(ctx, m, f.Month); err != nil {
						return nil, err
					}
					across[[2]any{f.Metric, f.Month}] = cells
				}
				c, found := cells[f.School]
				fn.Found, fn.Hidden, fn.Value = found, c.Suppressed, c.Value
			} else {
				ms, err := r.series(ctx, m, f.School, f.Month)
				if err != nil {
					return nil, err
				}
				for _, mf := range ms.Months {
					if mf.Month.Equal(f.Month) {
						fn.Found, fn.Hidden, fn.Value = true, mf.Hidden, mf.Value
					}
				}
			}
			out = append(out, fn)
		}
	}
	return out, nil
}

// series reads a measure's months at a school, reaching back to month
// when it is older than the months measure reads.
func (r *reading) series(ctx context.Context, m district.Metric, school string, month time.Time) (measureNow, error) {
	if month.After(district.Month(r.now).AddDate(0, -historyMonths, 0)) {
		return r.measure(ctx, m, school)
	}
	rng := district.Range{From: month, To: month.AddDate(0, 1, 0)}
	obs, _, err := r.b.Data().Series(ctx, m.ID, school, rng)
	if err != nil {
		return measureNow{}, err
	}
	shown, err := r.b.Cells(ctx, m, school, rng)
	if err != nil {
		return measureNow{}, err
	}
	ms := measureNow{Metric: m, School: school}
	for _, o := range obs {
		c := shown.Cell(o)
		ms.Months = append(ms.Months, monthFigure{Month: o.Period, Value: c.Value, Hidden: c.Suppressed})
	}
	return ms, nil
}

// month reads every school's figure of a measure in a month, as a ranking
// shows them.
func (r *reading) month(ctx context.Context, m district.Metric, month time.Time) (map[string]district.Cell, error) {
	rng := district.Range{From: month, To: month.AddDate(0, 1, 0)}
	obs, _, err := r.b.Data().Group(ctx, m.ID, "", rng, r.b.Suppression.MinStudents())
	if err != nil {
		return nil, err
	}
	shown, err := r.b.Cells(ctx, m, panel.EverySchool, rng)
	if err != nil {
		return nil, err
	}
	out := map[string]district.Cell{}
	for _, o := range obs {
		if o.School != district.WholeDistrict {
			out[o.School] = shown.Cell(o)
		}
	}
	return out, nil
}

// products reads every product's terms now, with its district-wide use as
// it may be shown.
func products(ctx context.Context, b *panel.Board) ([]district.ProductTerms, error) {
	t, err := b.Products(ctx, panel.Filter{Period: last12})
	if err != nil {
		return nil, err
	}
	out := make([]district.ProductTerms, 0, len(t.Rows))
	for _, row := range t.Rows {
		out = append(out, terms(row))
	}
	return out, nil
}

// terms are a product's terms as the Value table shows them.
func terms(row panel.ProductRow) district.ProductTerms {
	p := district.ProductTerms{ID: row.ID, Name: row.Name, AnnualCost: row.AnnualCost, Licences: row.Licences, Renewal: row.RenewalDate,
		InUseHidden: row.DistrictUseHidden}
	if row.UtilisationOK {
		p.InUse, p.InUseShown = row.Utilisation, true
	}
	return p
}
