package deck

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/panel"
)

// Options say when a slide is shown, for its freshness.
type Options struct {
	// Now is the time the data's age is measured against; zero means the
	// current time.
	Now time.Time
	// StaleAfter is the age past which a sync is called stale; zero never
	// calls it so.
	StaleAfter time.Duration
}

func (o Options) now() time.Time {
	if o.Now.IsZero() {
		return time.Now()
	}
	return o.Now
}

// View is a slide as a window or a page shows it: its words, its chart or
// tiles, and its footer. The presentation window draws Result.Chart itself
// (charts.Render at the window's size in the Presentation theme).
type View struct {
	Slide district.Slide
	// Index is the slide's place in the deck, from 0, of Count slides.
	Index, Count int
	// Domain is the area of the dashboard the slide belongs to.
	Domain district.Domain
	// Headline is the slide's own, or its chart's title.
	Headline string
	// Takeaway is the slide's own sentence, or Suggested when it has none.
	Takeaway string
	// Suggested is the takeaway written from the current numbers, so an
	// editor can offer it beside a person's own.
	Suggested string
	// Scope says which school and months the chart shows.
	Scope string
	// Result is what a chart slide (and a plan slide) shows; Tiles what
	// a tiles slide shows.
	Result panel.Result
	Tiles  []panel.Tile
	// Plan is what the plan's figures are on a slide of the plan or of
	// its cost, for the page that works them out; nil on other slides.
	Plan *panel.Plan
	// Notes are sentences the chart's caption must carry, such as a
	// forecast or a figure kept district-wide; the suppression note is in
	// the footer instead.
	Notes []string
	// Through is the newest month the slide shows; zero when it shows no data.
	Through time.Time
	Footer  Footer
}

// Footer is the line at the foot of every slide and page.
type Footer struct {
	// District names the district the data describe.
	District string
	// Demo is true when the data are the generated demo district; every
	// slide and page must say so.
	Demo bool
	// Filters says the school, period and product the slide was made with:
	// "Whole district · Last 12 months".
	Filters string
	// AsOf is the newest month shown: "Data as of Nov 2026".
	AsOf string
	// Source says where the data came from and when: "Demo district,
	// generated 29 Nov 2026", "riverside, synced 3 h ago (stale)".
	Source string
	// Position is "Slide 3 of 10".
	Position string
	// Suppression says how many values were hidden to protect students'
	// privacy, or is "" when none were.
	Suppression string
	// Privacy is the district's rule, which every export prints: "Values
	// resting on fewer than 10 students are hidden (*), ...".
	Privacy string
}

// Footnote is what an export prints under a slide about privacy: the
// values this slide hid, if any, and the rule.
func (f Footer) Footnote() string {
	if f.Suppression == "" {
		return f.Privacy
	}
	return f.Suppression + ". " + f.Privacy
}

// DemoLabel is what every slide and page of the demo district says.
const DemoLabel = "Demo district"

// String is the footer on one line.
func (f Footer) String() string {
	parts := []string{f.District}
	if f.Demo {
		parts[0] += " (" + DemoLabel + ")"
	}
	parts = append(parts, f.Filters, f.AsOf, f.Source, f.Suppression, f.Position)
	return strings.Join(slices.DeleteFunc(parts, func(s string) bool { return s == "" }), " · ")
}

// Render builds slide i of deck d from the board's data.
func Render(ctx context.Context, b *panel.Board, d district.Deck, i int, o Options) (View, error) {
	if i < 0 || i >= len(d.Slides) {
		return View{}, fmt.Errorf("showing a slide: there is no slide %d in deck %q of %d", i+1, d.Name, len(d.Slides))
	}
	s := d.Slides[i]
	if err := checkSlide(s); err != nil {
		return View{}, fmt.Errorf("showing slide %d of %q: %w", i+1, d.Name, err)
	}
	v := View{Slide: s, Index: i, Count: len(d.Slides), Headline: s.Headline}
	f := Filter(s)
	var through time.Time
	var prov district.Provenance
	if s.Kind == district.TilesSlide {
		if err := v.tiles(ctx, b, f); err != nil {
			return View{}, fmt.Errorf("showing slide %d of %q: %w", i+1, d.Name, err)
		}
		for _, t := range v.Tiles {
			if t.Through.After(through) {
				through = t.Through
			}
			if t.Provenance.SyncedAt.After(prov.SyncedAt) {
				prov = t.Provenance
			}
		}
	} else {
		id := s.Panel
		if s.Kind == district.PlanSlide {
			id = PlanPanel
			if v.Headline == "" {
				v.Headline = PlanHeadline
			}
		}
		// The plan's cost, on its slide or as a chart added to a deck,
		// carries the plan for the page that works it out.
		if id == PlanPanel {
			p, err := b.Plan(ctx)
			if err != nil {
				return View{}, fmt.Errorf("showing slide %d of %q: %w", i+1, d.Name, err)
			}
			v.Plan = &p
		}
		r, err := b.Build(ctx, id, f)
		if err != nil {
			return View{}, fmt.Errorf("showing slide %d of %q: %w", i+1, d.Name, err)
		}
		v.Result, v.Domain, v.Scope, prov = r, r.Panel.Domain, r.Scope, r.Provenance
		// A chart with nothing to plot may still name a month (the end of
		// an empty fiscal year); the footer must not claim data for it.
		if hasData(r.Chart) {
			through = r.Through
		}
		if v.Headline == "" {
			v.Headline = r.Panel.Title
		}
		note := b.Suppression.Note(r.Suppressed, r.Complementary)
		v.Notes = slices.DeleteFunc(slices.Clone(r.Notes), func(n string) bool { return n == note })
		v.Footer.Suppression = note
		if v.Plan != nil && !v.Plan.Empty() {
			// Every export of the plan states what it assumes.
			v.Notes = append(v.Notes, v.Plan.Assumed())
		}
	}
	suggested, err := takeaway(ctx, b, &v)
	if err != nil {
		return View{}, fmt.Errorf("writing the takeaway of slide %d of %q: %w", i+1, d.Name, err)
	}
	v.Suggested, v.Takeaway = suggested, s.Takeaway
	if v.Takeaway == "" {
		v.Takeaway = suggested
	}
	filters, err := filterText(ctx, b, s, v.Scope)
	if err != nil {
		return View{}, fmt.Errorf("showing slide %d of %q: %w", i+1, d.Name, err)
	}
	v.Footer.District, v.Footer.Demo = b.Profile.Name, b.Profile.Demo || prov.Demo()
	v.Footer.Filters = filters
	v.Through = through
	v.Footer.AsOf = "No data for this period"
	if !through.IsZero() {
		v.Footer.AsOf = "Data as of " + through.Format("Jan 2006")
	}
	v.Footer.Source = panel.Freshness(prov, o.now(), o.StaleAfter)
	v.Footer.Position = fmt.Sprintf("Slide %d of %d", i+1, len(d.Slides))
	v.Footer.Privacy = b.Suppression.Footnote()
	return v, nil
}

// tiles fills a tiles slide with its domain's Overview tiles.
func (v *View) tiles(ctx context.Context, b *panel.Board, f panel.Filter) error {
	all, err := b.Tiles(ctx, f)
	if err != nil {
		return err
	}
	for _, t := range all {
		if p, ok := panel.ByID(t.Panel); ok && (v.Slide.Tiles == "" || p.Domain == v.Slide.Tiles) {
			v.Tiles = append(v.Tiles, t)
		}
	}
	v.Domain = v.Slide.Tiles
	v.Scope = b.School(f.School) + " · " + f.Period.Label(b.Calendar)
	if v.Headline == "" {
		v.Headline = "At a glance"
		if v.Domain != "" {
			v.Headline = v.Domain.Title() + " at a glance"
		}
	}
	return nil
}

// filterText says what a slide shows: its scope (the school or schools and
// the months or fiscal year the chart itself shows, which for spending is
// a fiscal year whatever the period asked) and, for a chart about one
// product, the product.
func filterText(ctx context.Context, b *panel.Board, s district.Slide, scope string) (string, error) {
	parts := []string{b.School(s.School), s.Period.Label(b.Calendar)}
	if scope != "" {
		parts = []string{scope}
	}
	if s.Product != "" {
		products, _, err := b.Data().Products(ctx)
		if err != nil {
			return "", err
		}
		name := s.Product
		if i := slices.IndexFunc(products, func(p district.Product) bool { return p.ID == s.Product }); i >= 0 {
			name = products[i].Name
		}
		if !strings.Contains(scope, name) {
			parts = append(parts, name)
		}
	}
	return strings.Join(parts, " · "), nil
}
