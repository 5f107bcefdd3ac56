package ui

import (
	"context"
	"image"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"github.com/cabinetapp/cabinet/deck"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/district/demo"
)

// TestPlanSettingsForm sets the plan's assumptions under Technology health
// as a person would: a mistake is said in a sentence that names the field
// and nothing is saved; good figures are saved, the plan's charts are
// worked out again with them, and Cabinet's figures come back on asking.
func TestPlanSettingsForm(t *testing.T) {
	d, w := newTestDashboard(t, laptop)
	level := func() float64 {
		t.Helper()
		ch := chartOf(t, d, "tech.plan_cost")
		if ch.Target == nil {
			t.Fatal("the plan's chart draws no level amount")
		}
		return ch.Target.Value
	}
	before := level()
	v := d.planSettings
	if v == nil || v.prices[district.Chromebooks].PlaceHolder != "350" || v.prices[district.Chromebooks].Text != "" || v.ratio.PlaceHolder != "500" {
		t.Fatal("the form does not show Cabinet's figures greyed in empty fields")
	}
	scroll := d.tabs.Items[1].Content.(*fyne.Container).Objects[0].(*container.Scroll)
	act(d.br, func() { scroll.ScrollToBottom() })
	settle(d, w)
	test.AssertImageMatches(t, "plan-settings-"+sizeName(laptop)+".png", w.Canvas().Capture())

	saved := func() district.PlanSettings {
		s, err := d.cache.PlanSettings(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	act(d.br, func() {
		v.prices[district.Chromebooks].SetText("cheap")
		v.ratio.SetText("650")
		v.save()
	})
	settle(d, w)
	if want := `Chromebooks, price: "cheap" is not a price in dollars, such as 350 or $1,250. Nothing was saved.`; v.status.Text != want {
		t.Errorf("the form says %q, want %q", v.status.Text, want)
	}
	if s := saved(); len(s.Prices) != 0 || s.DevicesPerTechnician != 0 {
		t.Fatalf("a refused form was saved: %+v", s)
	}

	act(d.br, func() {
		v.prices[district.Chromebooks].SetText("$300")
		v.lives[district.Laptops].SetText("5")
		v.techs.SetText("6")
		v.save()
	})
	settle(d, w)
	s := saved()
	if s.Prices[district.Chromebooks] != 300 || s.Lives[district.Laptops] != 5 || s.DevicesPerTechnician != 650 || s.Technicians != 6 {
		t.Fatalf("the cache keeps %+v", s)
	}
	if !strings.HasPrefix(v.status.Text, "Saved") || d.board.PlanSettings.Technicians != 6 {
		t.Errorf("the form says %q; the board has %+v", v.status.Text, d.board.PlanSettings)
	}
	if after := level(); after >= before {
		t.Errorf("the level amount is %v with cheaper Chromebooks and longer-lived laptops, %v before", after, before)
	}
	if v.prices[district.Chromebooks].Text != "300" || v.ratio.Text != "650" || v.techs.Text != "6" {
		t.Error("the form does not show the district's figures it saved")
	}

	act(d.br, v.reset)
	settle(d, w)
	if s := saved(); len(s.Prices)+len(s.Lives)+s.DevicesPerTechnician+s.Technicians != 0 || level() != before || v.prices[district.Chromebooks].Text != "" {
		t.Errorf("Cabinet's figures did not come back: %+v", s)
	}
}

// TestPlanSlideGolden draws the plan's slide at a laptop's and a
// projector's size: the cost chart, the ask in the takeaway, and the
// assumptions under the chart.
func TestPlanSlideGolden(t *testing.T) {
	for _, size := range []fyne.Size{laptop, projector} {
		t.Run(sizeName(size), func(t *testing.T) {
			p := presentDeck(t, size, demo.Default(fixedNow), district.Deck{Name: "Budget", Slides: []district.Slide{deck.PlanSlide()}})
			settlePresentation(p)
			var img image.Image
			act(p.br, func() { img = p.stage.Canvas().Capture() })
			test.AssertImageMatches(t, "slide-plan-"+sizeName(size)+".png", img)
			// Read from the labels themselves: walking the window with
			// test.LaidOutObjects would lay it out afresh at its least sizes.
			s := p.slide.slide
			if !strings.Contains(s.notes.Text, "Assumed: $350 a Chromebook") || !strings.Contains(s.takeaway.Text, "technicians at 1 per 500 devices") || !s.notes.Visible() {
				t.Error("the slide does not say what the plan assumes and asks")
			}
		})
	}
}
