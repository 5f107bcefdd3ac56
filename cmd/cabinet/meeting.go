package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/deck"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/export"
	"github.com/cabinetapp/cabinet/panel"
)

// recordMeeting records the meeting the packet was exported for, from the
// slides the packet drew.
func recordMeeting(ctx context.Context, e env, c *cache.Cache, b *panel.Board, d district.Deck, o export.Options, rec *deck.Recorder) int {
	o.Meeting = o.MeetingDate
	_, err := c.Meeting(ctx, o.Meeting)
	replaced := err == nil
	m, err := rec.Keep(ctx, c, b, d, o.Options, district.Packet)
	if err != nil {
		fmt.Fprintf(e.stderr, "export: %v\n", err)
		return exitFail
	}
	was := ""
	if replaced {
		was = ", in place of the record made before for that date"
	}
	fmt.Fprintf(e.stdout, "Recorded the meeting of %s: %s, %s%s. The next briefing says what changed since.\n",
		m.Day.Format(district.DayName), district.Counted(float64(len(m.Slides)), "slides"), district.Counted(float64(figureCount(m)), "figures"), was)
	return exitOK
}

func figureCount(m district.Meeting) int {
	n := 0
	for _, s := range m.Slides {
		n += len(s.Figures)
	}
	return n
}

// runMeeting is `cabinet meeting`: the meetings recorded.
func runMeeting(ctx context.Context, e env, args []string) int {
	subs := map[string]func(context.Context, env, []string) int{
		"list": meetingList, "show": meetingShow, "export": meetingExport, "import": meetingImport, "delete": meetingDelete,
	}
	if len(args) == 0 || subs[args[0]] == nil {
		fmt.Fprintln(e.stderr, `Usage:
  cabinet meeting list                 the meetings recorded
  cabinet meeting show DATE            what a meeting's slides showed (DATE as 2026-11-10)
  cabinet meeting export FILE.json     every meeting and action, to move them to another computer
  cabinet meeting import FILE.json     add them from such a file
  cabinet meeting delete DATE          forget a meeting recorded by mistake, such as a rehearsal
Every one takes --data DIR.`)
		if len(args) > 0 && (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
			return exitOK
		}
		return exitUsage
	}
	return subs[args[0]](ctx, e, args[1:])
}

// openMemory opens the cache for the meeting and action commands, which
// need no district data, with the command's clock.
func openMemory(ctx context.Context, e env, cmd, dataFlag string) (*cache.Cache, int) {
	c, code := openDecks(ctx, e, cmd, dataFlag)
	if c != nil {
		c.Now = e.clock
	}
	return c, code
}

// oneArg parses a command that takes flags and one argument, as `meeting
// show DATE` does, with the argument before or after the flags.
func oneArg(e env, name, synopsis, what string, args []string) (arg, data string, code int) {
	fs, dataFlag := newFlags(e, name, synopsis)
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		arg, args = args[0], args[1:]
	}
	if code := parse(fs, e, args); code >= 0 {
		return "", "", code
	}
	if arg == "" {
		fmt.Fprintf(e.stderr, "%s: give %s\n", name, what)
		fs.Usage()
		return "", "", exitUsage
	}
	return arg, *dataFlag, -1
}

func meetingList(ctx context.Context, e env, args []string) int {
	fs, data := newFlags(e, "meeting list", "cabinet meeting list [--data DIR]")
	if code := parse(fs, e, args); code >= 0 {
		return code
	}
	c, code := openMemory(ctx, e, "meeting list", *data)
	if c == nil {
		return code
	}
	defer c.Close()
	list, err := c.Meetings(ctx)
	if err != nil {
		fmt.Fprintf(e.stderr, "meeting list: %v\n", err)
		return exitFail
	}
	if len(list) == 0 {
		fmt.Fprintln(e.stdout, "No meeting is recorded yet. Presenting a deck records the meeting of the day; exporting its packet with --meeting-date records that meeting.")
	}
	for _, m := range list {
		fmt.Fprintf(e.stdout, "%s  %s  %s %s, %s, %s (%d hidden), threshold %d students\n",
			m.Day.Format("2006-01-02"), m.Deck, how(m.How), m.Recorded.Local().Format("2006-01-02 15:04"),
			district.Counted(float64(m.Slides), "slides"), district.Counted(float64(m.Figures), "figures"), m.Hidden, m.Threshold)
	}
	return exitOK
}

func how(h district.MeetingHow) string {
	if h == district.Presented {
		return "presented"
	}
	return "packet exported"
}

func meetingShow(ctx context.Context, e env, args []string) int {
	arg, data, code := oneArg(e, "meeting show", "cabinet meeting show DATE [--data DIR]", "the meeting's date, e.g. 2026-11-10", args)
	if code >= 0 {
		return code
	}
	day, err := district.ParseDay(arg)
	if err != nil {
		fmt.Fprintf(e.stderr, "meeting show: %v\n", err)
		return exitUsage
	}
	c, code := openMemory(ctx, e, "meeting show", data)
	if c == nil {
		return code
	}
	defer c.Close()
	m, err := c.Meeting(ctx, day)
	if errors.Is(err, district.ErrNotFound) {
		fmt.Fprintf(e.stderr, "meeting show: no meeting is recorded for %s; 'cabinet meeting list' lists those that are.\n", day.Format(district.DayName))
		return exitFail
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "meeting show: %v\n", err)
		return exitFail
	}
	writeMeeting(e.stdout, m)
	return exitOK
}

// writeMeeting prints a meeting's record: each slide, and each figure it
// showed, as it was shown.
func writeMeeting(w io.Writer, m district.Meeting) {
	fmt.Fprintf(w, "Meeting of %s: %q, %s %s.\n", m.Day.Format("Monday 2 January 2006"), m.Deck, how(m.How), m.Recorded.Local().Format("2006-01-02 15:04"))
	if m.District != "" {
		fmt.Fprintf(w, "District: %s.\n", m.District)
	}
	fmt.Fprintf(w, "Values resting on fewer than %d students were hidden (*).\n", m.Threshold)
	for i, s := range m.Slides {
		fmt.Fprintf(w, "\n%d. %s\n", i+1, s.Headline)
		for _, part := range []string{s.Takeaway, strings.Join(nonEmpty(s.Shows, s.Source), " · ")} {
			if part != "" {
				fmt.Fprintf(w, "   %s\n", part)
			}
		}
		for _, f := range s.Figures {
			fmt.Fprintf(w, "   - %s\n", figureLine(f))
		}
	}
	if len(m.Products) > 0 {
		fmt.Fprintln(w, "\nContracts as they stood:")
		for _, p := range m.Products {
			renews := "no renewal date on file"
			if !p.Renewal.IsZero() {
				renews = "renews " + p.Renewal.Format(district.DayName)
			}
			use := ""
			switch {
			case p.InUseShown:
				use = ", " + district.Share(p.InUse) + " of licences in use"
			case p.InUseHidden:
				use = ", licences in use hidden"
			}
			fmt.Fprintf(w, "   - %s: %s a year, %s%s\n", p.Name, district.FormatMoney(p.AnnualCost), renews, use)
		}
	}
	if len(m.Sources) > 0 {
		fmt.Fprintln(w, "\nSources as they stood:")
		for _, s := range m.Sources {
			state := "synced " + s.LastGood.Local().Format("2006-01-02 15:04")
			if s.LastGood.IsZero() {
				state = "never synced"
			}
			if s.Failing {
				state += "; failing since " + s.FailedAt.Local().Format("2006-01-02 15:04")
			}
			fmt.Fprintf(w, "   - %s (%s): %s\n", s.Name, s.Kind, state)
		}
	}
}

// figureLine is one figure as `meeting show` prints it: "Attendance rate,
// October 2026: 94.1% (riverside)".
func figureLine(f district.Figure) string {
	s := f.Label
	if f.School != district.WholeDistrict {
		s += " at " + f.School
	}
	if !f.Month.IsZero() {
		s += ", " + f.Month.Format(district.MonthName)
		if f.SoFar {
			s += " so far"
		}
	}
	s += ": " + f.Text
	if f.Hidden {
		s += " (hidden)"
	}
	if f.Source != "" {
		s += " (" + f.Source + ")"
	}
	return s
}

func nonEmpty(parts ...string) []string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

func meetingExport(ctx context.Context, e env, args []string) int {
	path, data, code := oneArg(e, "meeting export", "cabinet meeting export FILE.json [--data DIR]", "the file to write, e.g. meetings.json", args)
	if code >= 0 {
		return code
	}
	c, code := openMemory(ctx, e, "meeting export", data)
	if c == nil {
		return code
	}
	defer c.Close()
	mem, err := c.Memory(ctx)
	if err != nil {
		fmt.Fprintf(e.stderr, "meeting export: %v\n", err)
		return exitFail
	}
	body, err := encodeMeetings(mem, e.clock())
	if err == nil {
		_, err = export.WriteFile(path, func(w io.Writer) error { _, err := w.Write(body); return err })
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "meeting export: %v\n", err)
		return exitFail
	}
	fmt.Fprintf(e.stdout, "Wrote %s and %s to %s; 'cabinet meeting import %s' adds them to another computer's Cabinet.\n",
		district.Counted(float64(len(mem.Meetings)), "meetings"), district.Counted(float64(len(mem.Actions)), "actions"), path, filepath.Base(path))
	return exitOK
}

func meetingImport(ctx context.Context, e env, args []string) int {
	path, data, code := oneArg(e, "meeting import", "cabinet meeting import FILE.json [--data DIR]", "the file to read, written by 'cabinet meeting export'", args)
	if code >= 0 {
		return code
	}
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		fmt.Fprintf(e.stderr, "meeting import: there is no file %s.\n", path)
		return exitFail
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "meeting import: %v\n", err)
		return exitFail
	}
	mem, err := decodeMeetings(f)
	f.Close()
	if err != nil {
		fmt.Fprintf(e.stderr, "meeting import: %s cannot be imported: %v. Nothing was changed.\n", path, err)
		return exitFail
	}
	c, code := openMemory(ctx, e, "meeting import", data)
	if c == nil {
		return code
	}
	defer c.Close()
	done, err := c.Import(ctx, mem)
	if err != nil {
		fmt.Fprintf(e.stderr, "meeting import: %v. Nothing was changed.\n", err)
		return exitFail
	}
	fmt.Fprintf(e.stdout, "Imported %s and %s from %s.\n", district.Counted(float64(done.Meetings), "meetings"), district.Counted(float64(done.Actions), "actions"), path)
	switch {
	case done.Same == 1:
		fmt.Fprintln(e.stdout, "1 record was here already, as it is.")
	case done.Same > 1:
		fmt.Fprintf(e.stdout, "%d records were here already, as they are.\n", done.Same)
	}
	for _, day := range done.KeptMeetings {
		fmt.Fprintf(e.stdout, "Kept this computer's record of the meeting of %s, made after the file's.\n", day.Format(district.DayName))
	}
	if done.KeptActions > 0 {
		fmt.Fprintf(e.stdout, "Kept this computer's %s, changed after the file's.\n", district.Counted(float64(done.KeptActions), "actions"))
	}
	return exitOK
}

func meetingDelete(ctx context.Context, e env, args []string) int {
	arg, data, code := oneArg(e, "meeting delete", "cabinet meeting delete DATE [--data DIR]", "the meeting's date, e.g. 2026-11-10", args)
	if code >= 0 {
		return code
	}
	day, err := district.ParseDay(arg)
	if err != nil {
		fmt.Fprintf(e.stderr, "meeting delete: %v\n", err)
		return exitUsage
	}
	c, code := openMemory(ctx, e, "meeting delete", data)
	if c == nil {
		return code
	}
	defer c.Close()
	if err := c.DeleteMeeting(ctx, day); errors.Is(err, district.ErrNotFound) {
		fmt.Fprintf(e.stderr, "meeting delete: no meeting is recorded for %s.\n", day.Format(district.DayName))
		return exitFail
	} else if err != nil {
		fmt.Fprintf(e.stderr, "meeting delete: %v\n", err)
		return exitFail
	}
	fmt.Fprintf(e.stdout, "Forgot the meeting of %s.\n", day.Format(district.DayName))
	return exitOK
}
