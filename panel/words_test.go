package panel_test

import (
	"strings"
	"testing"

	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/panel"
)

// TestHiddenThingsSaySo: what privacy hides says so in the words the
// caption explains. A ranking's summing-up row gives each hidden school
// its own mark (* fewer than 10 students, ** so another cannot be worked
// out); a chart whose every figure is hidden says why, not that there is
// no data; a suppressed tile keeps its target.
func TestHiddenThingsSaySo(t *testing.T) {
	b := mustBoard(t)
	alt := alternative(t, b)

	ela := build(t, b, "instruction.ela_by_school", panel.Filter{Period: last12})
	caption := strings.Join(ela.Notes, " · ")
	rest := ela.Chart.Categories[len(ela.Chart.Categories)-1]
	if ela.Complementary == 0 || !strings.Contains(caption, "(**)") {
		t.Fatalf("the demo's ELA ranking hides no school by complementary suppression: %q", caption)
	}
	if !strings.Contains(rest, "1 hidden *") || !strings.Contains(rest, "1 hidden **") {
		t.Errorf("the summing-up row marks its hidden schools %q; the caption explains %q", rest, caption)
	}

	prof := build(t, b, "instruction.proficiency", panel.Filter{Period: last12, School: alt.ID})
	if !prof.AllHidden() || prof.Chart.Empty != "Hidden: fewer than 10 students" {
		t.Errorf("an all-hidden chart says %q", prof.Chart.Empty)
	}
	use := build(t, b, "instruction.weekly_active", panel.Filter{Period: last12, School: alt.ID})
	if !use.AllHidden() {
		t.Errorf("every product's use at %s is hidden, but the chart does not know it", alt.Name)
	}

	tiles, err := b.Tiles(ctx, panel.Filter{Period: last12, School: alt.ID})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, tile := range tiles {
		if tile.Panel != "instruction.proficiency" {
			continue
		}
		found = true
		if tile.Value != "Suppressed" || tile.StatusText() != "Hidden to protect privacy · Target 60.0% or more" {
			t.Errorf("the suppressed ELA tile reads %q, %q", tile.Value, tile.StatusText())
		}
	}
	if !found {
		t.Fatal("no ELA tile")
	}
}

// TestSuperintendentsWords: the words a superintendent reads are plain
// English, not a help desk's or a programmer's: "service level" for SLA,
// "Students" for n.
func TestSuperintendentsWords(t *testing.T) {
	b := mustBoard(t)
	for _, p := range panel.All() {
		r := build(t, b, p.ID, panel.Filter{Period: last12})
		words := append([]string{p.Title, p.About, r.Scope, r.Chart.XLabel, r.Chart.YLabel}, r.Table.Columns...)
		words = append(words, r.Notes...)
		for _, s := range r.Chart.Series {
			words = append(words, s.Name)
		}
		for _, w := range words {
			for _, jargon := range []string{"SLA", "summaryapi"} {
				if strings.Contains(w, jargon) {
					t.Errorf("%s says %q", p.ID, w)
				}
			}
		}
		for _, c := range r.Table.Columns {
			if c == "n" {
				t.Errorf("%s heads a column %q", p.ID, c)
			}
		}
	}
	for _, m := range district.Catalogue() {
		if strings.Contains(m.Name, "SLA") {
			t.Errorf("metric %s is called %q", m.ID, m.Name)
		}
	}
}

// TestHeadingsCarryUnitAndScope: a table's headings say the unit and
// whose figures they are, for a spreadsheet read without the chart.
func TestHeadingsCarryUnitAndScope(t *testing.T) {
	b := mustBoard(t)
	school := b.Schools[0]
	for _, tt := range []struct {
		id     string
		school string
		want   []string
	}{
		{"instruction.proficiency", "", []string{"Month", "ELA proficiency (%), whole district", "Students, ELA proficiency", "Maths proficiency (%), whole district", "Students, Maths proficiency"}},
		{"instruction.attendance", school.ID, []string{"Month", "Attendance rate (%), " + school.Name, "Students"}},
		{"security.mfa", school.ID, []string{"Month", "MFA coverage of staff accounts (%), district-wide", "Number counted"}},
		{"tech.tickets", "", []string{"Month", "Open help-desk tickets (tickets), whole district", "Number counted"}},
		{"instruction.ela_by_school", "", []string{"School", "ELA proficiency (%), October 2026", "Students", "Rank (1st = furthest from the target)"}},
		{"spending.to_date", "", []string{"Month", "Spent to date ($), whole district", "Plan to date ($), whole district"}},
	} {
		r := build(t, b, tt.id, panel.Filter{Period: last12, School: tt.school})
		if strings.Join(r.Table.Columns, "|") != strings.Join(tt.want, "|") {
			t.Errorf("%s headings\n%q\nwant\n%q", tt.id, r.Table.Columns, tt.want)
		}
	}
}

// TestOnlyTeachingAndLearningIsInstructionalUse: web filtering and single
// sign-on are used by every student every day, and are not teaching and
// learning; the instructional-use ranking leaves them out and says so.
func TestOnlyTeachingAndLearningIsInstructionalUse(t *testing.T) {
	b := mustBoard(t)
	r := build(t, b, "instruction.weekly_active", panel.Filter{Period: last12})
	drawn := strings.Join(r.Chart.Categories, "|")
	for _, name := range []string{"GuardNet Filter", "SignOn Hub"} {
		if strings.Contains(drawn, name) {
			t.Errorf("%s is ranked as instructional use: %q", name, drawn)
		}
	}
	if !strings.Contains(drawn, "Lumen LMS") || !strings.Contains(strings.Join(r.Notes, " "), "Teaching-and-learning products only; left out: 3 products for family communication, single sign-on and web filtering") {
		t.Errorf("drawn %q, notes %q", drawn, r.Notes)
	}
	for _, tt := range []struct {
		category string
		want     bool
	}{{"Web filtering", false}, {"Single sign-on", false}, {"Family communication", false}, {"Reading intervention", true}, {"Learning management", true}} {
		if got := (district.Product{Category: tt.category}).Instructional(); got != tt.want {
			t.Errorf("%s: instructional %v, want %v", tt.category, got, tt.want)
		}
	}
	if got := district.CategoryLabel("Web filtering"); got != "Web filtering (not teaching and learning)" {
		t.Errorf("a category reads %q", got)
	}
}
