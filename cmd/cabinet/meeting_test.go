package main

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
)

// TestMeetingAndActionCommands runs the meeting and action commands as a
// person would, wrong first: each refusal is one sentence and the
// documented exit code, and a file that cannot be imported changes nothing.
func TestMeetingAndActionCommands(t *testing.T) {
	empty := &clockRun{t: t, data: filepath.Join(t.TempDir(), "nowhere"), at: time.Date(2026, 12, 8, 9, 0, 0, 0, time.UTC)}
	p := &clockRun{t: t, data: t.TempDir(), at: empty.at}
	files := t.TempDir()
	write := func(name, body string) string {
		path := filepath.Join(files, name)
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	good := write("good.json", `{"format": "cabinet-meetings", "version": 1, "exported": "2026-12-08T09:00:00Z", "meetings": [
		{"date": "2026-11-10", "deck": "Cabinet briefing", "district": "Riverside", "recorded": "2026-11-10T09:00:00Z", "how": "packet", "threshold": 10,
		 "slides": [{"kind": "chart", "chart": "instruction.attendance", "headline": "Attendance", "takeaway": "", "shows": "Whole district", "as_of": "2026-10", "source": "riverside",
		   "figures": [{"measure": "instruction.attendance_pct", "school": "", "across": false, "product": "", "month": "2026-10", "so_far": false, "label": "Attendance rate",
		     "value": 94.1, "n": 1800, "shown": "94.1%", "hidden": false, "source": "riverside", "synced": "2026-11-09T12:00:00Z"},
		    {"measure": "instruction.attendance_pct", "school": "S9", "across": true, "product": "", "month": "2026-10", "so_far": false, "label": "Attendance rate",
		     "value": null, "n": 0, "shown": "*", "hidden": true, "source": "riverside", "synced": ""}]}],
		 "products": [], "sources": []}],
		"actions": []}`)
	hiddenWithValue := write("leak.json", strings.Replace(readFile(t, good), `"value": null`, `"value": 88.8`, 1))
	steps := []struct {
		name   string
		p      *clockRun
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"no cache", empty, []string{"meeting", "list"}, 1, "", "there is no Cabinet cache in " + empty.data},
		{"meeting without a command", p, []string{"meeting"}, 2, "", "cabinet meeting list"},
		{"demo", p, []string{"demo", "--schools", "3", "--years", "1"}, 0, "Wrote a demo district", ""},
		{"none yet", p, []string{"meeting", "list"}, 0, "No meeting is recorded yet.", ""},
		{"show without a date", p, []string{"meeting", "show"}, 2, "", "give the meeting's date"},
		{"show a bad date", p, []string{"meeting", "show", "10/11/2026"}, 2, "", `"10/11/2026" is not a date like 2026-11-10`},
		{"show an unknown date", p, []string{"meeting", "show", "2026-11-10"}, 1, "", "no meeting is recorded for 10 November 2026"},
		{"import no file", p, []string{"meeting", "import", filepath.Join(files, "missing.json")}, 1, "", "there is no file " + filepath.Join(files, "missing.json")},
		{"import not JSON", p, []string{"meeting", "import", write("text.json", "minutes of the meeting")}, 1, "", "it is not valid JSON (at byte 1). Nothing was changed."},
		{"import another JSON", p, []string{"meeting", "import", write("other.json", `{"format": "grafana-dashboard", "version": 1}`)}, 1, "", "it is not a file of Cabinet's meetings"},
		{"import a newer format", p, []string{"meeting", "import", write("newer.json", `{"format": "cabinet-meetings", "version": 2}`)}, 1, "", "written by a newer Cabinet"},
		{"import a misspelt field", p, []string{"meeting", "import", write("typo.json", `{"format": "cabinet-meetings", "version": 1, "meetngs": []}`)}, 1, "", `a field Cabinet does not know, "meetngs"`},
		{"import a hidden figure's value", p, []string{"meeting", "import", hiddenWithValue}, 1, "", "a hidden figure carries a value. Nothing was changed."},
		{"nothing was imported", p, []string{"meeting", "list"}, 0, "No meeting is recorded yet.", ""},
		{"import", p, []string{"meeting", "import", good}, 0, "Imported 1 meeting and 0 actions", ""},
		{"show", p, []string{"meeting", "show", "2026-11-10"}, 0, "   - Attendance rate at S9, October 2026: * (hidden) (riverside)", ""},
		{"show says the value shown", p, []string{"meeting", "show", "2026-11-10"}, 0, "   - Attendance rate, October 2026: 94.1% (riverside)", ""},
		{"action without text", p, []string{"action", "add", "--owner", "CFO", "--due", "2027-01-15"}, 2, "", "--text is required"},
		{"action with a bad date", p, []string{"action", "add", "--text", "Renegotiate", "--owner", "CFO", "--due", "January"}, 2, "", `--due "January" is not a date like 2026-11-10`},
		{"action on two things", p, []string{"action", "add", "--text", "x", "--owner", "CFO", "--due", "2027-01-15", "--measure", "a", "--product", "b"}, 2, "", "give --measure or --product, not both"},
		{"action on no such product", p, []string{"action", "add", "--text", "Renegotiate", "--owner", "CFO", "--due", "2027-01-15", "--product", "Nothing Known"}, 1, "", `there is no product "Nothing Known"`},
		{"action on no such measure", p, []string{"action", "add", "--text", "Look", "--owner", "CTO", "--due", "2027-01-15", "--measure", "made.up"}, 1, "", `there is no measure "made.up"`},
		{"action on nothing", p, []string{"action", "add", "--text", "Draft the AI policy", "--owner", "Superintendent", "--due", "2027-02-01"}, 0, "Recorded action 1: Draft the AI policy (Superintendent, due 2027-02-01): open", ""},
		{"action done of no action", p, []string{"action", "done", "7"}, 1, "", "there is no action 7"},
		{"action done of a word", p, []string{"action", "done", "first"}, 2, "", `"first" is not an action's number`},
		{"action dropped", p, []string{"action", "drop", "1"}, 0, "Action 1 is dropped", ""},
		{"action list", p, []string{"action", "list"}, 0, "dropped 2026-12-08", ""},
		{"action reopened", p, []string{"action", "reopen", "1"}, 0, "Action 1 is open", ""},
		{"action list again", p, []string{"action", "list"}, 0, "   1  open                due 2027-02-01  Superintendent: Draft the AI policy", ""},
		{"delete", p, []string{"meeting", "delete", "2026-11-10"}, 0, "Forgot the meeting of 10 November 2026.", ""},
		{"delete again", p, []string{"meeting", "delete", "2026-11-10"}, 1, "", "no meeting is recorded for 10 November 2026"},
	}
	for _, s := range steps {
		code, stdout, stderr := s.p.run(s.args...)
		if code != s.code || !strings.Contains(stdout, s.stdout) || !strings.Contains(stderr, s.stderr) {
			t.Fatalf("%s: cabinet %s\nexit %d (want %d)\nstdout: %s\nstderr: %s\nwant stdout to hold %q and stderr %q",
				s.name, strings.Join(s.args, " "), code, s.code, stdout, stderr, s.stdout, s.stderr)
		}
		if s.code != 0 && strings.Count(strings.TrimSpace(stderr), "\n") > 0 && !strings.Contains(stderr, "Usage") {
			t.Errorf("%s: the error is more than one sentence:\n%s", s.name, stderr)
		}
		if rawJSON.MatchString(stderr) {
			t.Errorf("%s: a raw JSON error reached the person: %s", s.name, stderr)
		}
	}
}

// rawJSON finds encoding/json's own words in a message.
var rawJSON = regexp.MustCompile(`(^|[\s:])json: `)

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// FuzzDecodeMeetings feeds the importer any bytes: it never panics, and
// what it accepts is valid, holds no hidden figure's value, and writes back
// to a file that reads back the same.
func FuzzDecodeMeetings(f *testing.F) {
	day := time.Date(2026, time.November, 10, 0, 0, 0, 0, time.UTC)
	seed, err := encodeMeetings(cache.Memory{
		Meetings: []district.Meeting{{Day: day, Deck: "Cabinet briefing", Recorded: day.Add(9 * time.Hour), How: district.Packet, Threshold: 10,
			Slides: []district.MeetingSlide{{Kind: district.ChartSlide, Headline: "Attendance", Figures: []district.Figure{
				{Metric: district.AttendanceRate, Month: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), Label: "Attendance rate", Value: 94.1, N: 1800, Text: "94.1%"},
				{Metric: district.AttendanceRate, School: "S9", Across: true, Month: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), Label: "Attendance rate", Text: "*", Hidden: true},
			}}},
			Products: []district.ProductTerms{{ID: "P1", Name: "MindWell SEL", AnnualCost: 90000, Licences: 100, InUse: 0.4, InUseShown: true}},
			Sources:  []district.SourceHealth{{Name: "riverside", Kind: "summaryapi", LastGood: day}}}},
		Actions: []district.Action{{Key: "k1", Text: "Renegotiate", Owner: "CFO", Due: day, Status: district.ActionOpen, Created: day, Updated: day,
			About: district.About{Kind: district.OnProduct, ID: "P1", Name: "MindWell SEL"}}},
	}, day)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte(`{"format": "cabinet-meetings", "version": 1, "meetings": [{"date": "2026-13-40"}]}`))
	f.Add([]byte(`{"format": "cabinet-meetings", "version": 1, "actions": [{"key": "", "text": "x"}]}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, body []byte) {
		mem, err := decodeMeetings(bytes.NewReader(body))
		if err != nil {
			if rawJSON.MatchString(err.Error()) {
				t.Fatalf("a raw JSON error: %v", err)
			}
			return
		}
		for _, m := range mem.Meetings {
			if err := m.Validate(); err != nil {
				t.Fatalf("accepted an invalid meeting: %v", err)
			}
		}
		for _, a := range mem.Actions {
			if err := a.Validate(); err != nil {
				t.Fatalf("accepted an invalid action: %v", err)
			}
		}
		again, err := encodeMeetings(mem, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		back, err := decodeMeetings(bytes.NewReader(again))
		if err != nil {
			t.Fatalf("its own file does not read back: %v\n%s", err, again)
		}
		if !reflect.DeepEqual(normal(back), normal(mem)) {
			t.Fatalf("read back\n%+v\nwant\n%+v", back, mem)
		}
	})
}

// normal makes two memories comparable: times in one zone.
func normal(m cache.Memory) cache.Memory {
	for i := range m.Meetings {
		m.Meetings[i].Recorded = m.Meetings[i].Recorded.UTC()
	}
	for i := range m.Actions {
		m.Actions[i].Created, m.Actions[i].Updated = m.Actions[i].Created.UTC(), m.Actions[i].Updated.UTC()
	}
	return m
}
