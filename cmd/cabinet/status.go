package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/sync/engine"
)

// runStatus is `cabinet status`: how fresh each source's data are.
func runStatus(ctx context.Context, e env, args []string) int {
	fs, data := newFlags(e, "status", "cabinet status [--json]")
	asJSON := fs.Bool("json", false, "write the status as JSON")
	if code := parse(fs, e, args); code >= 0 {
		return code
	}
	eng, c, code := openEngine(ctx, e, *data)
	if code >= 0 {
		return code
	}
	defer c.Close()
	statuses, err := eng.Status(ctx)
	if err != nil {
		fmt.Fprintf(e.stderr, "cabinet: %v\n", err)
		return exitFail
	}
	if *asJSON {
		return writeStatusJSON(e, statuses)
	}
	if len(statuses) == 0 {
		fmt.Fprintln(e.stdout, "No sources and no data yet; add a source with 'cabinet source add NAME --url URL --token-env VAR'.")
	}
	for i, s := range statuses {
		if i > 0 {
			fmt.Fprintln(e.stdout)
		}
		writeStatus(e.stdout, s)
	}
	return exitOK
}

func writeStatus(w io.Writer, s engine.Status) {
	if s.Demo {
		fmt.Fprintf(w, "%s: the generated demo district, shown until a source has synced\n", s.Name)
	} else {
		fmt.Fprintf(w, "%s (%s, %s)\n", s.Name, s.Kind, s.URL)
	}
	switch {
	case s.LastSuccess.IsZero():
		fmt.Fprintln(w, "  never synced")
	default:
		stale := ""
		if s.Stale {
			stale = ", stale"
		}
		fmt.Fprintf(w, "  data as of %s (%s ago%s)\n", s.LastSuccess.Local().Format("2006-01-02 15:04 MST"), ageText(s.Age), stale)
	}
	if a := s.LastAttempt; a != nil {
		fmt.Fprintf(w, "  last sync %s: %s", a.Finished.Local().Format("2006-01-02 15:04 MST"), a.Outcome)
		if a.Message != "" {
			fmt.Fprintf(w, ": %s", a.Message)
		}
		fmt.Fprintln(w)
	}
	n := s.Counts
	if n.Total() > 0 {
		fmt.Fprintf(w, "  holds %s schools, %s metrics, %s observations, %s budget lines, %s products, %s months of product use\n",
			count(n.Schools), count(n.Metrics), count(n.Observations), count(n.BudgetLines), count(n.Products), count(n.Usage))
	}
}

func count(n int) string { return district.Thousands(float64(n)) }

// ageText says an age the way people do: "3 minutes", "2 days".
func ageText(d time.Duration) string {
	unit := func(n int, word string) string {
		if n == 1 {
			return "1 " + word
		}
		return fmt.Sprintf("%d %ss", n, word)
	}
	switch {
	case d < time.Minute:
		return unit(int(d.Seconds()), "second")
	case d < time.Hour:
		return unit(int(d.Minutes()), "minute")
	case d < 48*time.Hour:
		return unit(int(d.Hours()), "hour")
	}
	return unit(int(d.Hours()/24), "day")
}

// statusJSON is the --json form of a source's status.
type statusJSON struct {
	Name        string       `json:"name"`
	Kind        string       `json:"kind"`
	URL         string       `json:"url,omitempty"`
	Demo        bool         `json:"demo"`
	LastSuccess *time.Time   `json:"last_success"`
	AgeSeconds  *int64       `json:"age_seconds"`
	Stale       bool         `json:"stale"`
	LastAttempt *runJSON     `json:"last_attempt"`
	Counts      cache.Counts `json:"counts"`
}

type runJSON struct {
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished"`
	Outcome  string    `json:"outcome"`
	Records  int       `json:"records"`
	Bytes    int64     `json:"bytes"`
	Message  string    `json:"message,omitempty"`
}

func writeStatusJSON(e env, statuses []engine.Status) int {
	out := make([]statusJSON, 0, len(statuses))
	for _, s := range statuses {
		j := statusJSON{Name: s.Name, Kind: s.Kind, URL: s.URL, Demo: s.Demo, Stale: s.Stale, Counts: s.Counts}
		if !s.LastSuccess.IsZero() {
			t, age := s.LastSuccess.UTC(), int64(s.Age.Seconds())
			j.LastSuccess, j.AgeSeconds = &t, &age
		}
		if a := s.LastAttempt; a != nil {
			// JSON would carry an escape sequence a cache written before
			// messages were tamed holds, escaped, to whatever prints it.
			j.LastAttempt = &runJSON{Started: a.Started.UTC(), Finished: a.Finished.UTC(), Outcome: a.Outcome, Records: a.Records, Bytes: a.Bytes,
				Message: district.Printable(a.Message)}
		}
		out = append(out, j)
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		fmt.Fprintf(e.stderr, "cabinet: %v\n", err)
		return exitFail
	}
	return exitOK
}
