package deck_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/charts"
	"github.com/cabinetapp/cabinet/deck"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/district/demo"
	"github.com/cabinetapp/cabinet/panel"
)

var (
	ctx    = context.Background()
	end    = time.Date(2026, time.November, 1, 0, 0, 0, 0, time.UTC)
	now    = time.Date(2026, time.November, 29, 8, 0, 0, 0, time.UTC)
	last12 = district.Period{Kind: district.Last12Months}
)

// newCache opens an empty cache in a temporary folder.
func newCache(t testing.TB) *cache.Cache {
	t.Helper()
	c, err := cache.Open(ctx, filepath.Join(t.TempDir(), cache.FileName))
	if err != nil {
		t.Fatal(err)
	}
	c.Now = func() time.Time { return now }
	t.Cleanup(func() { c.Close() })
	return c
}

// demoBoard returns a board on a cache holding the demo district of a seed.
func demoBoard(t testing.TB, seed uint64) *panel.Board {
	t.Helper()
	return board(t, demoCache(t, seed))
}

// demoCache opens a cache holding the demo district of a seed.
func demoCache(t testing.TB, seed uint64) *cache.Cache {
	t.Helper()
	c := newCache(t)
	cfg := demo.Default(end)
	cfg.Seed = seed
	if err := c.Write(ctx, cache.DemoSource, cache.Replace, func(w *cache.Writer) error { return demo.New(cfg).Put(w) }); err != nil {
		t.Fatal(err)
	}
	return c
}

// board reads a board of the cache as it stands, released when the test ends.
func board(t testing.TB, c *cache.Cache) *panel.Board {
	t.Helper()
	snap, err := c.Read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	b, err := panel.NewBoard(ctx, snap, district.Suppression{})
	if err != nil {
		t.Fatal(err)
	}
	// November, the demo's last month, is still running.
	b.Now = func() time.Time { return now }
	t.Cleanup(b.Release)
	return b
}

func render(t testing.TB, b *panel.Board, d district.Deck, i int) deck.View {
	t.Helper()
	v, err := deck.Render(ctx, b, d, i, deck.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// oneSlide is a deck of a single slide.
func oneSlide(s district.Slide) district.Deck {
	return district.Deck{Name: "Test", Slides: []district.Slide{s}}
}

func TestBriefingCoversEveryArea(t *testing.T) {
	d := deck.Briefing()
	if err := deck.Check(d); err != nil {
		t.Fatal(err)
	}
	if n := len(d.Slides); n < 8 || n > 12 {
		t.Errorf("the briefing has %d slides, want 8 to 12", n)
	}
	areas := map[district.Domain]bool{}
	for _, s := range d.Slides {
		if p, ok := panel.ByID(s.Panel); ok {
			areas[p.Domain] = true
		}
		if s.Takeaway != "" {
			t.Errorf("slide %s has a fixed takeaway %q; the briefing's are written from the data", s.Panel, s.Takeaway)
		}
		if s.Headline == "" || s.Notes == "" {
			t.Errorf("slide %s has no headline or notes", s.Panel)
		}
	}
	for _, dom := range district.Domains {
		if !areas[dom] {
			t.Errorf("the briefing has no chart about %s", dom.Title())
		}
	}
}

func TestBriefingRendersFromTheDemo(t *testing.T) {
	b := demoBoard(t, 2026)
	d := deck.Briefing()
	for i := range d.Slides {
		v := render(t, b, d, i)
		t.Run(v.Headline, func(t *testing.T) {
			switch {
			case v.Takeaway == "" || !strings.HasSuffix(v.Takeaway, "."):
				t.Errorf("takeaway %q is not a sentence", v.Takeaway)
			case v.Takeaway != v.Suggested:
				t.Errorf("takeaway %q is not the one written from the data, %q", v.Takeaway, v.Suggested)
			case len(v.Takeaway) > district.MaxTakeaway:
				t.Errorf("takeaway is %d characters, longer than a person may type", len(v.Takeaway))
			case strings.Contains(v.Takeaway, "no data"):
				t.Errorf("the demo has data for every briefing slide: %q", v.Takeaway)
			}
			f := v.Footer
			if f.District != demo.Name || !f.Demo || f.AsOf != "Data as of Nov 2026" && f.AsOf != "Data as of Oct 2026" {
				t.Errorf("footer %+v", f)
			}
			if want := "Slide " + strconv.Itoa(i+1) + " of " + strconv.Itoa(len(d.Slides)); f.Position != want {
				t.Errorf("position %q, want %q", f.Position, want)
			}
			// The footer gives the day the demo was generated as this computer's clock reads it.
			if s := f.String(); !strings.Contains(s, "(Demo district)") || !strings.Contains(s, "Demo district, generated "+now.Local().Format("2 Jan 2006")) {
				t.Errorf("footer line %q does not say the data are the demo's", s)
			}
			if v.Slide.Kind == district.TilesSlide && len(v.Tiles) != 16 || v.Slide.Kind == district.ChartSlide && len(v.Result.Chart.Series) == 0 {
				t.Errorf("slide shows %d tiles and %d series", len(v.Tiles), len(v.Result.Chart.Series))
			}
		})
	}
}

// TestTakeawaysFollowTheData renders the briefing from two demo districts:
// every takeaway is written from the numbers, so none may read the same.
func TestTakeawaysFollowTheData(t *testing.T) {
	a, b := demoBoard(t, 2026), demoBoard(t, 7)
	d := deck.Briefing()
	for i := range d.Slides {
		va, vb := render(t, a, d, i), render(t, b, d, i)
		if va.Takeaway == vb.Takeaway {
			t.Errorf("slide %d reads %q for two different districts", i+1, va.Takeaway)
		}
	}
}

// TestTakeawayOfAnEditedCache changes the help-desk tickets of November
// and of the November before and checks the sentence says exactly the new
// numbers: the measure follows the school year, so November compares with
// the November before (never with October), and it is "so far" until the
// month closes.
func TestTakeawayOfAnEditedCache(t *testing.T) {
	c := newCache(t)
	if err := c.Write(ctx, cache.DemoSource, cache.Replace, func(w *cache.Writer) error { return demo.New(demo.Default(end)).Put(w) }); err != nil {
		t.Fatal(err)
	}
	set := func(t *testing.T, period time.Time, v float64) {
		t.Helper()
		err := c.Write(ctx, cache.DemoSource, cache.Change, func(w *cache.Writer) error {
			return w.PutObservation(district.Observation{Metric: district.TicketsOpen, School: district.WholeDistrict, Period: period, Value: v})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	tickets := oneSlide(district.Slide{Kind: district.ChartSlide, Panel: "tech.tickets", Period: last12})
	december := time.Date(2026, time.December, 2, 8, 0, 0, 0, time.UTC)
	tests := []struct {
		now, yearBefore float64
		clock           time.Time
		want            string
	}{
		{200, 100, now, "Open help-desk tickets stood at 200 in November 2026 so far, up 100 tickets on November 2025."},
		{82, 100, now, "Open help-desk tickets stood at 82 in November 2026 so far, down 18 tickets on November 2025."},
		{100, 100, now, "Open help-desk tickets stood at 100 in November 2026 so far, same as November 2025."},
		{3, 5, december, "Open help-desk tickets stood at 3 in November 2026, down 2 tickets on November 2025."},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			set(t, end, tt.now)
			set(t, end.AddDate(0, -1, 0), 1000)
			set(t, end.AddDate(-1, 0, 0), tt.yearBefore)
			b := board(t, c)
			b.Now = func() time.Time { return tt.clock }
			if got := render(t, b, tickets, 0).Takeaway; got != tt.want {
				t.Fatalf("takeaway\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

func TestTakeawaysOfOtherSlides(t *testing.T) {
	b := demoBoard(t, 2026)
	school := b.Schools[3]
	tests := []struct {
		name  string
		slide district.Slide
		want  []string // parts the takeaway must hold
	}{
		{"a school's ranking", district.Slide{Kind: district.ChartSlide, Panel: "security.patch_by_school", School: school.ID, Period: last12},
			[]string{school.Name + " ranks ", " of 24 schools on patch compliance in November 2026 (1st = furthest from the target), at "}},
		{"a ranking against a target", district.Slide{Kind: district.ChartSlide, Panel: "security.patch_by_school", Period: last12},
			[]string{" of 24 schools met the patch compliance target of 95.0% or more in November 2026; ", " is furthest from it, at "}},
		{"a school's measure", district.Slide{Kind: district.ChartSlide, Panel: "instruction.attendance", School: school.ID, Period: last12},
			[]string{"Attendance rate at " + school.Name + " stood at ", " in November 2026 so far, ", " on November 2025, ", " its target of 95.0% or more."}},
		{"a district-wide measure for a school", district.Slide{Kind: district.ChartSlide, Panel: "security.mfa", School: school.ID, Period: last12},
			[]string{"MFA coverage of staff accounts stood at "}},
		{"a security area's tiles", district.Slide{Kind: district.TilesSlide, Tiles: district.Security, Period: last12},
			[]string{" of 4 measures with a target are on or near it"}},
		{"spending per pupil", district.Slide{Kind: district.ChartSlide, Panel: "spending.per_pupil", Period: last12},
			[]string{"Technology spending per pupil was $", " in FY2026; $", " in FY2025."}},
		{"budget by category", district.Slide{Kind: district.ChartSlide, Panel: "spending.by_category", Period: last12},
			[]string{" of the $", " FY2027 budget is spent ("}},
		{"products by use", district.Slide{Kind: district.ChartSlide, Panel: "instruction.weekly_active", Period: last12},
			[]string{" is highest on weekly active students at ", " is lowest at "}},
		{"cost over time", district.Slide{Kind: district.ChartSlide, Panel: "value.cost_per_user", Period: last12},
			[]string{"Cost per active user, per year: $", " in November 2026, against $", " in December 2025."}},
		{"use against growth", district.Slide{Kind: district.ChartSlide, Panel: "value.use_vs_growth", Period: last12},
			[]string{"Across ", " schools, use and growth ", "not proof"}},
		{"renewals coming up", district.Slide{Kind: district.ChartSlide, Panel: "value.renewals", Period: last12},
			[]string{" renew in the next 90 days, worth $", " a year; first ", " days"}},
		{"a chosen fiscal year", district.Slide{Kind: district.ChartSlide, Panel: "spending.to_date", Period: district.Period{Kind: district.FiscalYearPeriod, FiscalYear: 2026}},
			[]string{"Spent $", " in FY2026, ", " the $", " plan."}},
		{"the year under way", district.Slide{Kind: district.ChartSlide, Panel: "spending.to_date", Period: last12},
			[]string{"Spent $", " through October 2026, ", " the plan to date; forecast along the plan, the year ends at $", " plan.", " November 2026 so far: $"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := render(t, b, oneSlide(tt.slide), 0).Takeaway
			for _, part := range tt.want {
				if !strings.Contains(got, part) {
					t.Fatalf("takeaway %q does not say %q", got, part)
				}
			}
		})
	}
}

// TestSuppressedValuesStayHidden renders a school's proficiency where its
// latest value rests on too few students: the slide says it is hidden,
// gives no number, and its footer carries the suppression note.
func TestSuppressedValuesStayHidden(t *testing.T) {
	b := demoBoard(t, 2026)
	c := b.Data()
	m, err := c.Metric(ctx, district.ELAProficiency)
	if err != nil {
		t.Fatal(err)
	}
	obs, _, err := c.Schoolwide(ctx, district.ELAProficiency, end.AddDate(0, 1, 0))
	if err != nil {
		t.Fatal(err)
	}
	var hidden district.Observation
	for _, o := range obs {
		if b.Suppression.Suppressed(m, o.N) {
			hidden = o
		}
	}
	if hidden.School == "" {
		t.Fatal("the demo has no suppressed ELA proficiency to test with")
	}
	v := render(t, b, oneSlide(district.Slide{Kind: district.ChartSlide, Panel: "instruction.proficiency", School: hidden.School, Period: last12}), 0)
	if !strings.Contains(v.Takeaway, "is hidden to protect students' privacy") {
		t.Errorf("takeaway %q does not say the value is hidden", v.Takeaway)
	}
	raw := strconv.FormatFloat(hidden.Value, 'f', 1, 64)
	if strings.Contains(v.Takeaway, raw) {
		t.Errorf("takeaway %q shows the suppressed value %s", v.Takeaway, raw)
	}
	if v.Footer.Suppression == "" || !strings.Contains(v.Footer.String(), "fewer than 10 students") {
		t.Errorf("footer %q has no suppression note", v.Footer.String())
	}
	for _, n := range v.Notes {
		if n == v.Footer.Suppression {
			t.Errorf("the suppression note is in the caption's notes too: %q", v.Notes)
		}
	}
}

func TestRenderAnEmptyCache(t *testing.T) {
	b := board(t, newCache(t))
	d := deck.Briefing()
	for i := range d.Slides {
		v := render(t, b, d, i)
		if v.Footer.AsOf != "No data for this period" || v.Footer.Source != "No data yet" || v.Footer.Demo {
			t.Errorf("slide %d footer %+v", i+1, v.Footer)
		}
		if v.Takeaway == "" {
			t.Errorf("slide %d has no takeaway", i+1)
		}
	}
}

func TestRenderRefusesWhatItCannotShow(t *testing.T) {
	b := demoBoard(t, 2026)
	tests := []struct {
		name string
		d    district.Deck
		i    int
	}{
		{"past the end", deck.Briefing(), len(deck.Briefing().Slides)},
		{"before the start", deck.Briefing(), -1},
		{"a chart the dashboard no longer has", oneSlide(district.Slide{Kind: district.ChartSlide, Panel: "tech.gone", Period: last12}), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := deck.Render(ctx, b, tt.d, tt.i, deck.Options{}); err == nil {
				t.Fatal("rendered")
			}
		})
	}
}

func TestSlidesFromTheDashboard(t *testing.T) {
	f := panel.Filter{School: "S03", Period: district.Period{Kind: district.FiscalYearPeriod, FiscalYear: 2026}, Product: "P02"}
	s, err := deck.ChartSlide("value.cost_per_user", f)
	if err != nil {
		t.Fatal(err)
	}
	want := district.Slide{Kind: district.ChartSlide, Panel: "value.cost_per_user", School: "S03", Period: f.Period, Product: "P02"}
	if s != want || deck.Filter(s) != f {
		t.Fatalf("slide %+v, filter %+v", s, deck.Filter(s))
	}
	if _, err := deck.ChartSlide("tech.gone", f); err == nil {
		t.Error("a slide of an unknown chart was made")
	}
	tiles, err := deck.TilesSlide(district.Security, panel.Filter{Period: last12})
	if err != nil || tiles.Kind != district.TilesSlide || tiles.Tiles != district.Security {
		t.Fatalf("tiles slide %+v, %v", tiles, err)
	}

	b := demoBoard(t, 2026)
	v := render(t, b, oneSlide(s), 0)
	// The footer says what the chart shows: this chart is the product's
	// district-wide cost over the fiscal year.
	if !strings.HasPrefix(v.Footer.Filters, v.Result.Scope) || !strings.Contains(v.Footer.Filters, "Jul 2025 – Jun 2026") {
		t.Errorf("filters %q do not say what the chart shows (%q)", v.Footer.Filters, v.Result.Scope)
	}
	if v.Headline != "Cost per active user, per year, month by month" {
		t.Errorf("a slide without a headline shows %q, not its chart's title", v.Headline)
	}
}

func TestCreateEditAndLoad(t *testing.T) {
	c := newCache(t)
	names := func() []string {
		t.Helper()
		n, err := deck.Names(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	load := func(name string) district.Deck {
		t.Helper()
		d, err := deck.Load(ctx, c, name)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	if got := names(); !reflect.DeepEqual(got, []string{deck.BriefingName}) {
		t.Fatalf("a new cache lists %q", got)
	}
	if d := load("cabinet BRIEFING"); !reflect.DeepEqual(d, deck.Briefing()) {
		t.Fatal("the built-in briefing does not load")
	}

	prep := district.Deck{Name: "Audit committee"}
	s, _ := deck.ChartSlide("spending.by_funding", panel.Filter{Period: last12})
	if err := prep.Add(s); err != nil {
		t.Fatal(err)
	}
	if err := deck.Create(ctx, c, prep); err != nil {
		t.Fatal(err)
	}
	if err := deck.Create(ctx, c, district.Deck{Name: "cabinet briefing"}); err == nil || !strings.Contains(err.Error(), "built-in deck") {
		t.Fatalf("a new deck with the briefing's name: %v", err)
	}
	// The briefing is saved with its first change, made on version 0.
	mine, err := deck.Edit(ctx, c, deck.BriefingName, 0, func(d *district.Deck) error { return d.Edit(1, "Help desk", "Backlog is down.", "") })
	if err != nil || mine.Version != 1 {
		t.Fatalf("the briefing's first change: version %d, %v", mine.Version, err)
	}
	if _, err := deck.Edit(ctx, c, deck.BriefingName, mine.Version, func(d *district.Deck) error { return d.Remove(0) }); err != nil {
		t.Fatal(err)
	}
	if _, err := deck.Edit(ctx, c, deck.BriefingName, mine.Version, func(d *district.Deck) error { return d.Remove(0) }); !errors.Is(err, district.ErrConflict) {
		t.Fatalf("a second edit of the version the first changed: %v", err)
	}
	if got := names(); !reflect.DeepEqual(got, []string{deck.BriefingName, "Audit committee"}) {
		t.Fatalf("names %q", got)
	}
	if d := load(deck.BriefingName); len(d.Slides) != len(deck.Briefing().Slides)-1 || d.Slides[0].Takeaway != "Backlog is down." {
		t.Fatalf("the saved briefing does not replace the built-in one: %+v", d.Slides[0])
	}
	if err := c.DeleteDeck(ctx, deck.BriefingName); err != nil {
		t.Fatal(err)
	}
	if d := load(deck.BriefingName); !reflect.DeepEqual(d, deck.Briefing()) {
		t.Fatal("deleting the saved briefing does not bring back the built-in one")
	}

	// Whoever asks for an unknown deck (export, present, deck show) is
	// told the decks there are, in one sentence.
	if _, err := deck.Load(ctx, c, "Nope"); !errors.Is(err, district.ErrNotFound) ||
		err.Error() != `there is no deck called "Nope"; the decks are "Cabinet briefing" and "Audit committee"` {
		t.Fatalf("loading an unknown deck: %v", err)
	}
	if _, err := deck.Edit(ctx, c, "Nope", district.AnyVersion, func(d *district.Deck) error { return nil }); !errors.Is(err, district.ErrNotFound) || !strings.Contains(err.Error(), `no deck called "Nope"`) {
		t.Fatalf("editing an unknown deck: %v", err)
	}
	if d, err := deck.AddSlide(ctx, c, "New deck", s); err != nil || d.Version != 1 || len(d.Slides) != 1 {
		t.Fatalf("adding a chart to a deck that is not there yet: %+v, %v", d, err)
	}
	bad := district.Deck{Name: "Bad", Slides: []district.Slide{{Kind: district.ChartSlide, Panel: "tech.gone", Period: last12}}}
	if err := deck.Create(ctx, c, bad); err == nil || !strings.Contains(err.Error(), "slide 1") {
		t.Fatalf("saving a deck with an unknown chart: %v", err)
	}
	if _, err := deck.Edit(ctx, c, "Audit committee", district.AnyVersion, func(d *district.Deck) error { return d.Add(bad.Slides[0]) }); err == nil || !strings.Contains(err.Error(), "tech.gone") {
		t.Fatalf("adding a slide of an unknown chart: %v", err)
	}
	if d := load("Audit committee"); len(d.Slides) != 1 || d.Version != 1 {
		t.Fatalf("a refused edit changed the deck: %d slides, version %d", len(d.Slides), d.Version)
	}
}

// TestAnnotationsReachTheSlide pins a note to the tickets chart and checks
// the slide's chart carries it on its month, and a bar chart carries none.
func TestAnnotationsReachTheSlide(t *testing.T) {
	c := demoCache(t, 2026)
	day := time.Date(2026, time.January, 12, 0, 0, 0, 0, time.UTC)
	for _, id := range []string{"tech.tickets", "security.incidents"} {
		if _, err := c.AddAnnotation(ctx, district.Annotation{Panel: id, Date: day, Text: "New help desk live"}); err != nil {
			t.Fatal(err)
		}
	}
	b := board(t, c)
	v := render(t, b, oneSlide(district.Slide{Kind: district.ChartSlide, Panel: "tech.tickets", Period: last12}), 0)
	want := []charts.Annotation{{T: district.Month(day), Text: "New help desk live"}}
	if !reflect.DeepEqual(v.Result.Chart.Annotations, want) {
		t.Fatalf("annotations %+v, want %+v", v.Result.Chart.Annotations, want)
	}
	bars := render(t, b, oneSlide(district.Slide{Kind: district.ChartSlide, Panel: "security.incidents", Period: last12}), 0)
	if len(bars.Result.Chart.Annotations) != 0 {
		t.Fatalf("a bar chart carries annotations: %+v", bars.Result.Chart.Annotations)
	}
}

// TestRenderConcurrently renders every slide at once, as the presentation
// window does when it prepares the next slide while one is shown: run it
// with -race.
func TestRenderConcurrently(t *testing.T) {
	// A small district: what is checked is that renders on many goroutines
	// agree with one alone, under the race detector, where seeding the
	// default district would take most of the test's time.
	c := newCache(t)
	small := demo.New(demo.Config{Seed: 2026, Schools: 6, Years: 2, End: end})
	if err := c.Write(ctx, cache.DemoSource, cache.Replace, func(w *cache.Writer) error { return small.Put(w) }); err != nil {
		t.Fatal(err)
	}
	b := board(t, c)
	d := deck.Briefing()
	want := make([]string, len(d.Slides))
	for i := range d.Slides {
		want[i] = render(t, b, d, i).Takeaway
	}
	var wg sync.WaitGroup
	errs := make(chan error, 2*len(d.Slides))
	for range 2 {
		for i := range d.Slides {
			wg.Go(func() {
				v, err := deck.Render(ctx, b, d, i, deck.Options{Now: now})
				if err == nil && v.Takeaway != want[i] {
					err = fmt.Errorf("slide %d reads %q, alone %q", i+1, v.Takeaway, want[i])
				}
				errs <- err
			})
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}

// TestTakeawaysAgreeWithTheirCharts checks every line chart's takeaway in
// the briefing, and the two-line proficiency chart, against the chart's
// own points and its comparisons: each series drawn is named, with the
// value the chart draws for the month compared, and with the change its
// measure's rule finds. Then the product ranking's takeaway names only
// products the chart draws.
func TestTakeawaysAgreeWithTheirCharts(t *testing.T) {
	b := demoBoard(t, 1)
	slides := deck.Briefing().Slides
	slides = append(slides, district.Slide{Kind: district.ChartSlide, Panel: "instruction.proficiency", Period: last12},
		district.Slide{Kind: district.ChartSlide, Panel: "tech.broken", Period: district.Period{Kind: district.AllHistory}})
	checked := 0
	for _, s := range slides {
		if s.Kind != district.ChartSlide {
			continue
		}
		v := render(t, b, oneSlide(s), 0)
		ch := v.Result.Chart
		// Spending has its own story (see panel.Spend.Story).
		if ch.Kind != charts.Line || v.Result.Panel.Metric == "" || s.Panel == "spending.to_date" {
			continue
		}
		t.Run(s.Panel, func(t *testing.T) {
			clauses := strings.Split(strings.TrimSuffix(v.Takeaway, "."), "; ")
			if len(clauses) != len(ch.Series) || len(v.Result.Compared) != len(ch.Series) {
				t.Fatalf("%d series drawn, %d compared, %d named: %q", len(ch.Series), len(v.Result.Compared), len(clauses), v.Takeaway)
			}
			for i, c := range v.Result.Compared {
				var drawn *charts.Point
				for k, p := range ch.Series[i].Points {
					if p.T.Equal(c.Cur.Period) && !p.Gap {
						drawn = &ch.Series[i].Points[k]
					}
				}
				if drawn == nil || drawn.Y != c.Cell.Value {
					t.Fatalf("series %q: the takeaway speaks of %v in %s, which the chart does not draw", ch.Series[i].Name, c.Cell.Value, c.When())
				}
				if !strings.Contains(clauses[i], c.Change()) {
					t.Fatalf("series %q changed %q, but the takeaway says %q", ch.Series[i].Name, c.Change(), clauses[i])
				}
				checked++
			}
		})
	}
	if checked < 5 {
		t.Fatalf("only %d lines checked", checked)
	}

	t.Run("a product ranking names only products drawn", func(t *testing.T) {
		v := render(t, b, oneSlide(district.Slide{Kind: district.ChartSlide, Panel: "value.cost_per_user_ranking", Period: last12}), 0)
		products, _, err := b.Data().Products(ctx)
		if err != nil {
			t.Fatal(err)
		}
		drawn := strings.Join(v.Result.Chart.Categories, "|")
		named := 0
		for _, p := range products {
			if strings.Contains(v.Takeaway, p.Name) {
				named++
				if !strings.Contains(drawn, p.Name) {
					t.Fatalf("the takeaway names %s, which the chart does not draw: %q", p.Name, v.Takeaway)
				}
			}
		}
		if named == 0 || len(v.Result.Chart.Categories) > panel.RankRows {
			t.Fatalf("%d products named, %d rows drawn: %q", named, len(v.Result.Chart.Categories), v.Takeaway)
		}
	})
}
