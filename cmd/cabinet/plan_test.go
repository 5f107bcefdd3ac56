package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/panel"
)

// TestPlanCommand prints the plan a CFO checks and sets its settings as a
// person would: a bad value is refused with a sentence and the usage exit
// code, and nothing of the command is saved; good ones are saved and
// printed back.
func TestPlanCommand(t *testing.T) {
	empty := inProcess{t: t, data: filepath.Join(t.TempDir(), "nowhere")}
	p := inProcess{t: t, data: t.TempDir()}
	steps := []struct {
		name   string
		p      inProcess
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"no cache", empty, []string{"plan"}, 1, "", "there is no district data in " + empty.data + " yet"},
		{"demo", p, []string{"demo", "--schools", "4", "--years", "2"}, 0, "Wrote a demo district", ""},
		{"the plan", p, []string{"plan"}, 0, "Every figure is a count times a price, or a ratio.", ""},
		{"a year's line", p, []string{"plan"}, 0, " × $350 = $", ""},
		{"the level", p, []string{"plan"}, 0, "Level, each year\n", ""},
		{"the assumptions", p, []string{"plan"}, 0, "$350 for a Chromebook, $900 for a laptop", ""},
		{"the ratio's source", p, []string{"plan"}, 0, "Consortium for School Networking (CoSN)", ""},
		{"an unknown kind", p, []string{"plan", "--price", "toaster=20"}, 2, "", `plan: --price "toaster" is not a kind of device; the kinds are chromebook, laptop, tablet, desktop, network, other.`},
		{"not a price", p, []string{"plan", "--price", "chromebook=cheap"}, 2, "", `plan: --price "cheap" is not a price in dollars, such as 350 or $1,250.`},
		{"no value", p, []string{"plan", "--price", "chromebook"}, 2, "", "an equals sign and a value, such as chromebook=350"},
		{"a ratio too small", p, []string{"plan", "--price", "laptop=700", "--ratio", "5"}, 2, "", "plan: --ratio 5: devices per technician must be from 50 to 5,000."},
		{"technicians in words", p, []string{"plan", "--technicians", "six"}, 2, "", `plan: --technicians six: "six" is not a whole number.`},
		{"a cycle too long", p, []string{"plan", "--life", "laptop=40"}, 2, "", "the refresh cycle of a laptop must be from 1 to 10 years"},
		{"nothing was saved", p, []string{"plan"}, 0, "$900 for a laptop, ", ""},
		{"set", p, []string{"plan", "--price", "chromebook=$329", "--price", "network=1,200", "--ratio", "650", "--technicians", "6", "--life", "laptop=5"}, 0, "Saved: the plan's settings apply", ""},
		{"the district's price", p, []string{"plan"}, 0, "$329 for a Chromebook (the district's)", ""},
		{"the district's cycle", p, []string{"plan"}, 0, "laptops 5 years (the district's)", ""},
		{"the district's technicians", p, []string{"plan"}, 0, "6 (the district's setting)", ""},
		{"the district's ratio", p, []string{"plan"}, 0, "1 per 650 devices, the district's ratio.", ""},
		{"back to Cabinet's", p, []string{"plan", "--price", "chromebook=default", "--ratio", "default", "--technicians", "0"}, 0, "$350 for a Chromebook, ", ""},
	}
	for _, s := range steps {
		code, stdout, stderr := s.p.run(s.args...)
		if code != s.code || !strings.Contains(stdout, s.stdout) || !strings.Contains(stderr, s.stderr) {
			t.Fatalf("%s: cabinet %s\nexit %d (want %d)\nstdout: %s\nstderr: %s\nwant stdout to hold %q and stderr %q",
				s.name, strings.Join(s.args, " "), code, s.code, stdout, stderr, s.stdout, s.stderr)
		}
		if s.code != 0 && strings.Count(strings.TrimSpace(stderr), "\n") > 0 {
			t.Errorf("%s: the error is more than one sentence:\n%s", s.name, stderr)
		}
	}
	// What is printed is the plan the window and the packet show.
	_, stdout, _ := p.run("plan")
	c, b, _ := openBoard(t.Context(), env{stderr: &strings.Builder{}, getenv: func(string) string { return "" }}, "plan", p.data)
	defer c.Close()
	defer b.Release()
	plan, err := b.Plan(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	line := panel.Times(plan.Lines[0].Due[1], 350)
	if plan.Lines[0].Kind != district.Chromebooks || !strings.Contains(stdout, line) {
		t.Errorf("the printed plan lacks FY%d's Chromebooks, %q", plan.Year(1), line)
	}
}
