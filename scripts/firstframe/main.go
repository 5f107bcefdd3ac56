// Command firstframe times how long a GUI program takes from its start to
// its first painted frame, by watching the X screen, and to the moment it
// reports "overview drawn" on stderr when it prints one. It also reads the
// program's peak memory. Run it on an Xvfb display with no window manager,
// where a new window appears at the top left corner.
//
//	firstframe [-runs 5] [-settle 1s] -- COMMAND [ARGS...]
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"
)

// probe is the square of screen watched for the first paint, well inside
// any window the programs open.
const probe = 64

func main() {
	runs := flag.Int("runs", 5, "how many times to start the program")
	settle := flag.Duration("settle", time.Second, "how long to let the program run after its first frame before reading its memory")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: firstframe [-runs N] [-settle D] -- COMMAND [ARGS...]")
		os.Exit(2)
	}
	// xgb logs that Xvfb has no authority file; nothing to act on.
	xgb.Logger = log.New(io.Discard, "", 0)
	x, err := xgb.NewConn()
	if err != nil {
		fmt.Fprintf(os.Stderr, "firstframe: connecting to the X display: %v\n", err)
		os.Exit(1)
	}
	defer x.Close()
	root := xproto.Setup(x).DefaultScreen(x).Root

	var frames, ready []time.Duration
	var peak int
	for i := range *runs {
		r, err := once(x, root, flag.Args(), *settle)
		if err != nil {
			fmt.Fprintf(os.Stderr, "firstframe: run %d: %v\n", i+1, err)
			os.Exit(1)
		}
		frames = append(frames, r.frame)
		if r.ready > 0 {
			ready = append(ready, r.ready)
		}
		peak = max(peak, r.peakKB)
	}
	fmt.Printf("first frame: median %.0f ms (min %.0f, max %.0f) over %d runs\n", ms(median(frames)), ms(slices.Min(frames)), ms(slices.Max(frames)), len(frames))
	if len(ready) > 0 {
		fmt.Printf("overview drawn: median %.0f ms (min %.0f, max %.0f)\n", ms(median(ready)), ms(slices.Min(ready)), ms(slices.Max(ready)))
	}
	fmt.Printf("peak RSS: %.1f MB\n", float64(peak)/1024)
}

type result struct {
	frame, ready time.Duration
	peakKB       int
}

func once(x *xgb.Conn, root xproto.Window, args []string, settle time.Duration) (result, error) {
	before, err := grab(x, root)
	if err != nil {
		return result{}, err
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Env = append(os.Environ(), "CABINET_TRACE=1")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return result{}, err
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return result{}, err
	}
	readyAt := make(chan time.Duration, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if strings.Contains(sc.Text(), "overview drawn") {
				readyAt <- time.Since(start)
			}
		}
	}()
	var r result
	for r.frame == 0 {
		if time.Since(start) > 30*time.Second {
			cmd.Process.Kill()
			return r, fmt.Errorf("no frame within 30 s")
		}
		now, err := grab(x, root)
		if err != nil {
			return r, err
		}
		if changed(before, now) {
			r.frame = time.Since(start)
		}
		time.Sleep(time.Millisecond)
	}
	deadline := time.After(settle)
	wait := true
	for wait {
		select {
		case r.ready = <-readyAt:
		case <-deadline:
			wait = false
		}
	}
	r.peakKB = peakRSS(cmd.Process.Pid)
	cmd.Process.Signal(syscall.SIGTERM)
	cmd.Wait()
	// Let the window go before the next run looks at the screen.
	time.Sleep(300 * time.Millisecond)
	return r, nil
}

// grab reads the probe square at (100, 100).
func grab(x *xgb.Conn, root xproto.Window) ([]byte, error) {
	img, err := xproto.GetImage(x, xproto.ImageFormatZPixmap, xproto.Drawable(root), 100, 100, probe, probe, 0xffffffff).Reply()
	if err != nil {
		return nil, fmt.Errorf("reading the screen: %w", err)
	}
	return img.Data, nil
}

// changed reports whether most of the probe square has been painted.
func changed(before, now []byte) bool {
	diff := 0
	for i := 0; i+3 < len(now) && i+3 < len(before); i += 4 {
		if now[i] != before[i] || now[i+1] != before[i+1] || now[i+2] != before[i+2] {
			diff++
		}
	}
	return diff > probe*probe/2
}

// peakRSS reads a process's high-water resident memory in kB.
func peakRSS(pid int) int {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			var kb int
			fmt.Sscanf(strings.TrimPrefix(line, "VmHWM:"), "%d", &kb)
			return kb
		}
	}
	return 0
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}
