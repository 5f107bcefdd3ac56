package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"sync"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/sync/engine"
)

// runSync is `cabinet sync`: every source, or one, with progress on stderr.
func runSync(ctx context.Context, e env, args []string) int {
	fs, data := newFlags(e, "sync", "cabinet sync [--source NAME] [--full] [--replace-history] [--accept-removals]")
	only := fs.String("source", "", "sync only the source `NAME`")
	full := fs.Bool("full", false, "fetch everything again, not only what changed")
	replace := fs.Bool("replace-history", false, "let a source whose address now names another server replace the history the old one sent")
	accept := fs.Bool("accept-removals", false, "let a sync empty a dataset a source holds, or remove more than half of it")
	if code := parse(fs, e, args); code >= 0 {
		return code
	}
	// A sync allocates millions of short-lived values; collecting less
	// often saves a fifth of its CPU, and the limit keeps the heap, and so
	// the process, well under 200 MB.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(120 << 20))
	eng, c, code := openEngine(ctx, e, *data)
	if code >= 0 {
		return code
	}
	defer c.Close()
	code = exitOK
	p := newProgressLine(e.stderr)
	// Each source's result is printed as it finishes: sources sync side by
	// side.
	report := func(res engine.Result) {
		p.print(func() {
			switch res.Outcome {
			case cache.OutcomeOK:
				how := "changes"
				if res.Full {
					how = "everything"
				}
				fmt.Fprintf(e.stdout, "%s: synced %s, %s records (%s) in %s\n", res.Source, how,
					district.Thousands(float64(res.Records)), bytesText(res.Bytes), res.Finished.Sub(res.Started).Round(time.Millisecond))
				for _, n := range res.Notes {
					fmt.Fprintf(e.stdout, "%s: %s\n", res.Source, n)
				}
			case cache.OutcomeUnchanged:
				fmt.Fprintf(e.stdout, "%s: unchanged since the last sync (checked in %s)\n", res.Source, res.Finished.Sub(res.Started).Round(time.Millisecond))
			default:
				fmt.Fprintln(e.stderr, res.Err)
				code = exitFail
			}
		})
	}
	o := engine.SyncOptions{Full: *full, ReplaceHistory: *replace, AcceptRemovals: *accept, Progress: p.show, Finished: report}
	if *only != "" {
		report(eng.Sync(ctx, *only, o))
		return code
	}
	results, err := eng.SyncAll(ctx, o)
	switch {
	case err != nil:
		fmt.Fprintf(e.stderr, "cabinet: %v\n", err)
		return exitFail
	case len(results) == 0 && ctx.Err() == nil:
		fmt.Fprintln(e.stderr, "cabinet: there are no sources to sync; add one with 'cabinet source add NAME --url URL --token-env VAR'")
		return exitFail
	}
	return code
}

// progressLine shows a sync's progress on one line of a terminal, or as an
// occasional line when stderr is a file or pipe: the newest of the
// sources syncing side by side.
type progressLine struct {
	mu       sync.Mutex
	w        io.Writer
	terminal bool
	last     time.Time
	shown    bool
}

func newProgressLine(w io.Writer) *progressLine {
	// Off a terminal, the first line comes after two seconds, so quick
	// syncs print only their result. The line names only the source and
	// the stage, never a server's text, so it writes to the terminal
	// itself.
	w = terminal(w)
	p := &progressLine{w: w, last: time.Now()}
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			p.terminal = true
		}
	}
	return p
}

func (p *progressLine) show(pr engine.Progress) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.terminal && time.Since(p.last) < 2*time.Second {
		return
	}
	p.last = time.Now()
	records := district.Thousands(float64(pr.Records))
	if pr.Total > 0 && pr.Total >= int64(pr.Records) { // a server may promise fewer than it sends
		records += " of " + district.Thousands(float64(pr.Total))
	}
	line := fmt.Sprintf("%s: %s, %s records, %s, %s", pr.Source, pr.Stage, records, district.Counted(float64(pr.Pages), "pages"), bytesText(pr.Bytes))
	if pr.Retries > 0 {
		line += ", " + district.Counted(float64(pr.Retries), "retries")
	}
	if pr.Waiting {
		line += ", waiting for the server"
	}
	if p.terminal {
		fmt.Fprintf(p.w, "\r\033[K%s", line)
		p.shown = true
		return
	}
	fmt.Fprintln(p.w, line)
}

// print removes the progress line and prints a result with write.
func (p *progressLine) print(write func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		fmt.Fprint(p.w, "\r\033[K")
		p.shown = false
	}
	write()
	p.last = time.Now()
}

func bytesText(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f kB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
