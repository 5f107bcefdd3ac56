package deck

import (
	"context"
	"fmt"
	"sort"
	"sync"

	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/panel"
)

// Recorder keeps what slides showed as Render makes them (give its Saw to
// Options.Seen), and makes the meeting's record of them: the figures are
// the very values the slides drew, not read again. It is safe to use from
// several goroutines.
type Recorder struct {
	mu    sync.Mutex
	views map[int]View
}

// NewRecorder makes a recorder that has seen no slide.
func NewRecorder() *Recorder { return &Recorder{views: map[int]View{}} }

// Saw keeps a slide as it was made.
func (r *Recorder) Saw(v View) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.views[v.Index] = v
}

// Keeper keeps meeting records: the cache is one.
type Keeper interface {
	Memory
	// SaveMeeting stores a record, replacing the record of its date.
	SaveMeeting(ctx context.Context, m district.Meeting) error
}

// Keep records the meeting on o's meeting date from the slides seen, with
// the sources' health as it stands, and stores it in k, in place of any
// record of that date.
func (r *Recorder) Keep(ctx context.Context, k Keeper, b *panel.Board, d district.Deck, o Options, how district.MeetingHow) (district.Meeting, error) {
	sources, err := k.SourceHealth(ctx)
	if err != nil {
		return district.Meeting{}, fmt.Errorf("recording the meeting: %w", err)
	}
	m, err := r.Meeting(ctx, b, d, o, how, sources)
	if err != nil {
		return m, err
	}
	return m, k.SaveMeeting(ctx, m)
}

// KeepPresented renders every slide of deck d, as o says, and keeps the
// record of the meeting on o's meeting date made from them: what
// presenting a deck records.
func KeepPresented(ctx context.Context, k Keeper, b *panel.Board, d district.Deck, o Options) (district.Meeting, error) {
	r := NewRecorder()
	o.Seen, o.Memory = r.Saw, k
	for i := range d.Slides {
		if _, err := Render(ctx, b, d, i, o); err != nil {
			return district.Meeting{}, err
		}
	}
	return r.Keep(ctx, k, b, d, o, district.Presented)
}

// Meeting is the record of the meeting on o's meeting date, of deck d,
// from the slides seen: each slide's figures with their months, data
// dates and sources, hidden ones as hidden; the threshold in force; the
// products' terms and the sources' health as they stand.
func (r *Recorder) Meeting(ctx context.Context, b *panel.Board, d district.Deck, o Options, how district.MeetingHow, sources []district.SourceHealth) (district.Meeting, error) {
	m := district.Meeting{Day: o.day(), Deck: d.Name, District: b.Profile.Name, Recorded: o.now(), How: how,
		Threshold: b.Suppression.MinStudents(), Sources: sources}
	r.mu.Lock()
	order := make([]int, 0, len(r.views))
	for i := range r.views {
		order = append(order, i)
	}
	sort.Ints(order)
	for _, i := range order {
		m.Slides = append(m.Slides, recordSlide(r.views[i]))
	}
	r.mu.Unlock()
	var err error
	if m.Products, err = products(ctx, b); err != nil {
		return m, fmt.Errorf("recording the meeting: %w", err)
	}
	for i := range m.Products {
		m.Products[i].Name = cut(m.Products[i].Name, district.MaxFigureText)
	}
	return m, m.Validate()
}

// recordSlide is a slide's record: the figures of measures its chart or
// tiles drew, the figures its takeaway compared, and the rest of what it
// showed as text.
func recordSlide(v View) district.MeetingSlide {
	s := district.MeetingSlide{Kind: v.Slide.Kind, Panel: v.Slide.Panel, Headline: cut(v.Headline, district.MaxFigureText),
		Takeaway: cut(v.Takeaway, 2*district.MaxFigureText), Shows: cut(v.Footer.Filters, district.MaxFigureText), AsOf: v.Through,
		Source: cut(v.Footer.Source, district.MaxFigureText)}
	if v.Cards() {
		for _, t := range v.Tiles {
			if t.Figure.Keyed() {
				s.Figures = append(s.Figures, t.Figure)
				continue
			}
			text := t.Value
			if t.Trend != "" {
				text += " · " + t.Trend
			}
			s.Figures = append(s.Figures, district.Figure{Label: cut(t.Title, district.MaxFigureText), Text: cut(text, district.MaxFigureText),
				Month: t.Through, Source: t.Provenance.Source, Synced: t.Provenance.SyncedAt})
		}
		return s
	}
	res := v.Result
	s.Figures = append(s.Figures, res.Figures...)
	shown := map[[3]string]bool{}
	for _, f := range res.Figures {
		shown[[3]string{f.Metric, f.School, f.Month.String()}] = true
	}
	for _, c := range res.Compared {
		for _, o := range []struct {
			obs district.Observation
			has bool
		}{{c.Cur, !c.Hidden()}, {c.Base, c.HasBase}} {
			if !o.has || shown[[3]string{c.Metric.ID, c.School, o.obs.Period.String()}] {
				continue
			}
			shown[[3]string{c.Metric.ID, c.School, o.obs.Period.String()}] = true
			s.Figures = append(s.Figures, district.Figure{Metric: c.Metric.ID, School: c.School, Month: o.obs.Period, Label: c.Metric.Name,
				Value: o.obs.Value, N: o.obs.N, Text: c.Metric.Format(o.obs.Value), Source: res.Provenance.Source, Synced: res.Provenance.SyncedAt})
		}
	}
	if len(res.Figures) > 0 {
		return s
	}
	// A chart of no measure (money, products): its table, cell by cell.
	for _, row := range res.Table.Rows {
		for j := 1; j < len(row) && j < len(res.Table.Columns); j++ {
			f := district.Figure{Label: cut(row[0]+" · "+res.Table.Columns[j], district.MaxFigureText), Text: cut(row[j], district.MaxFigureText),
				Product: v.Slide.Product, Source: res.Provenance.Source, Synced: res.Provenance.SyncedAt}
			f.Hidden = row[j] == district.SuppressedMark || row[j] == district.ComplementaryMark
			s.Figures = append(s.Figures, f)
		}
	}
	return s
}

// cut shortens s to at most n characters, ending in "…" when cut.
func cut(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
