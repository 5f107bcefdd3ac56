package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// inProcess runs cabinet's commands in this process on one data folder.
type inProcess struct {
	t    *testing.T
	data string
}

func (p inProcess) run(args ...string) (code int, stdout, stderr string) {
	p.t.Helper()
	var out, errOut bytes.Buffer
	e := env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }}
	code = run(context.Background(), e, append(args, "--data", p.data))
	return code, out.String(), errOut.String()
}

// TestExportCommand runs export and deck as a person would: refusals with
// a clear sentence and the documented exit code, then each format.
func TestExportCommand(t *testing.T) {
	empty := inProcess{t: t, data: filepath.Join(t.TempDir(), "nowhere")}
	p := inProcess{t: t, data: t.TempDir()}
	out := t.TempDir()
	pdf := filepath.Join(out, "packet.pdf")

	steps := []struct {
		name   string
		p      inProcess
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"no cache", empty, []string{"export", "--deck", "Cabinet briefing", "--out", pdf}, 1, "", "there is no district data in " + empty.data + " yet; run 'cabinet demo' or 'cabinet sync' first."},
		{"no deck named", p, []string{"export", "--out", pdf}, 2, "", "--deck is required"},
		{"no output named", p, []string{"export", "--deck", "Cabinet briefing"}, 2, "", "--out is required"},
		{"unknown format", p, []string{"export", "--deck", "Cabinet briefing", "--out", pdf, "--format", "xlsx"}, 2, "", `unknown export format "xlsx"`},
		{"bad meeting date", p, []string{"export", "--deck", "Cabinet briefing", "--out", pdf, "--meeting-date", "15/12/2026"}, 2, "", `--meeting-date "15/12/2026" is not a date like 2026-12-15`},
		{"notes on images", p, []string{"export", "--deck", "Cabinet briefing", "--out", out, "--format", "png", "--notes"}, 2, "", "--notes and --meeting-date belong to the PDF packet"},
		{"a folder for the PDF", p, []string{"export", "--deck", "Cabinet briefing", "--out", out}, 2, "", "is a folder; give the name of the PDF file"},
		{"a PDF named .docx", p, []string{"export", "--deck", "Cabinet briefing", "--out", filepath.Join(out, "packet.docx")}, 2, "",
			"packet.docx does not end in .pdf, but --format pdf writes a PDF; name the file " + pdf + ", or choose the --format its name asks for"},
		{"a PDF named without .pdf", p, []string{"export", "--deck", "Cabinet briefing", "--out", filepath.Join(out, "packet")}, 2, "", "does not end in .pdf"},
		{"a file for images", p, []string{"export", "--deck", "Cabinet briefing", "--out", filepath.Join(out, "slides.png"), "--format", "png"}, 2, "",
			"slides.png names a file, but --format png writes a file per slide into a folder; give the folder's name, such as " + filepath.Join(out, "slides")},
		{"an unknown flag", p, []string{"export", "--colour", "red"}, 2, "", "flag provided but not defined: -colour"},
		{"empty cache", p, []string{"export", "--deck", "Cabinet briefing", "--out", pdf}, 1, "", "there is no district data in " + p.data + " yet"},
		{"demo", p, []string{"demo", "--schools", "4", "--years", "2"}, 0, "Wrote a demo district", ""},
		{"unknown deck", p, []string{"export", "--deck", "Budget retreat", "--out", pdf}, 1, "", `there is no deck called "Budget retreat"; the decks are "Cabinet briefing".`},
		{"unknown deck to show", p, []string{"deck", "show", "--deck", "Budget retreat"}, 1, "", `there is no deck called "Budget retreat"; the decks are "Cabinet briefing".`},
		{"pdf", p, []string{"export", "--deck", "cabinet briefing", "--out", pdf, "--notes", "--meeting-date", "2026-12-15"}, 0,
			`Wrote the board packet of "Cabinet briefing", 12 slides, to ` + pdf + ". Its data are the generated demo district", ""},
		{"pdf again", p, []string{"export", "--deck", "cabinet briefing", "--out", pdf}, 0, "to " + pdf + ", replacing the file that was there.", ""},
		{"csv", p, []string{"export", "--deck", "Cabinet briefing", "--out", filepath.Join(out, "csv"), "--format", "csv"}, 0, "Wrote 13 files for the 12 slides", ""},
		{"csv again", p, []string{"export", "--deck", "Cabinet briefing", "--out", filepath.Join(out, "csv"), "--format", "csv"}, 0, "13 of them replaced files of the same name.", ""},
		{"svg", p, []string{"export", "--deck", "Cabinet briefing", "--out", filepath.Join(out, "svg"), "--format", "svg"}, 0, "Wrote 13 files for the 12 slides", ""},
		{"png, the tiles slide too", p, []string{"export", "--deck", "Cabinet briefing", "--out", filepath.Join(out, "png"), "--format", "png"}, 0, "Wrote 13 files for the 12 slides", ""},
		{"a file for the files", p, []string{"export", "--deck", "Cabinet briefing", "--out", pdf, "--format", "csv"}, 2, "", "is a file; with --format csv give the folder"},
		{"deck list", p, []string{"deck", "list"}, 0, "Cabinet briefing  (12 slides, built in)", ""},
		{"deck show", p, []string{"deck", "show"}, 0, "2. Help-desk backlog\n   Open help-desk tickets stood at ", ""},
		{"deck show says the privacy rule", p, []string{"deck", "show"}, 0, "Values resting on fewer than 10 students are hidden", ""},
		{"deck show unknown", p, []string{"deck", "show", "--deck", "Nope"}, 1, "", `there is no deck called "Nope"`},
		{"deck without a command", p, []string{"deck"}, 2, "", "cabinet deck list"},
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
	}
	body, err := os.ReadFile(pdf)
	if err != nil || !bytes.HasPrefix(body, []byte("%PDF-")) {
		t.Fatalf("the packet is not a PDF: %v", err)
	}
	if leftovers, _ := filepath.Glob(filepath.Join(out, ".cabinet-export-*")); len(leftovers) > 0 {
		t.Errorf("temporary files left behind: %q", leftovers)
	}
	if _, err := exec.LookPath("pdfinfo"); err == nil {
		info, err := exec.Command("pdfinfo", pdf).Output()
		if err != nil || !regexp.MustCompile(`(?m)^Pages:\s+16$`).Match(info) {
			t.Errorf("pdfinfo: %v\n%s", err, info)
		}
	}
}

// TestExportBinary runs the built binary, with Fyne's headless driver and
// no display, for the exit codes a script sees.
func TestExportBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("building the binary takes a while")
	}
	c := &cli{t: t, bin: cabinetBinary(t), data: t.TempDir(), env: []string{"DISPLAY=", "WAYLAND_DISPLAY="}}
	pdf := filepath.Join(t.TempDir(), "packet.pdf")
	if code, _, stderr := c.run("", "export", "--deck", "Cabinet briefing", "--out", pdf); code != 1 || !strings.Contains(stderr, "no district data") {
		t.Fatalf("empty data: exit %d, %s", code, stderr)
	}
	if code, _, stderr := c.run("", "export", "--out", pdf); code != 2 {
		t.Fatalf("no deck: exit %d, %s", code, stderr)
	}
	if code, _, stderr := c.run("", "demo", "--schools", "3", "--years", "1"); code != 0 {
		t.Fatalf("demo: exit %d, %s", code, stderr)
	}
	if code, _, stderr := c.run("", "export", "--deck", "Nope", "--out", pdf); code != 1 || !strings.Contains(stderr, `no deck called "Nope"`) {
		t.Fatalf("unknown deck: exit %d, %s", code, stderr)
	}
	if code, stdout, stderr := c.run("", "export", "--deck", "Cabinet briefing", "--out", pdf); code != 0 {
		t.Fatalf("export: exit %d\n%s\n%s", code, stdout, stderr)
	}
	if st, err := os.Stat(pdf); err != nil || st.Size() < 10_000 {
		t.Fatalf("packet: %v", err)
	}
}
