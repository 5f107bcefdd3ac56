// Command firstframe times how long a GUI program takes from its start to
// its first painted frame, by watching the X screen, and to the moment it
// reports that it is ready ("overview drawn") on stderr. It also reads the
// program's peak memory once it is ready. Run it on an Xvfb display with no
// window manager, where a new window appears at the top left corner.
//
// A run that never reports ready within the timeout is not left out of
// the figures quietly: the tool says how many there were and exits 1. A
// program that does not exit within the timeout of SIGTERM stops the
// tool, with the program's goroutines kept in a file it names.
//
//	firstframe [-runs 5] [-settle 1s] [-ready TEXT] [-timeout 30s] -- COMMAND [ARGS...]
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
	settle := flag.Duration("settle", time.Second, "how long to let the program run once ready before reading its memory")
	readyText := flag.String("ready", "overview drawn", "what the program prints on stderr when it is ready; empty to time the first frame only")
	timeout := flag.Duration("timeout", 30*time.Second, "how long to wait for the first frame, and then for ready")
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
	var peak, dropped int
	for i := range *runs {
		r, err := once(x, root, flag.Args(), *readyText, *timeout, *settle)
		if err != nil {
			fmt.Fprintf(os.Stderr, "firstframe: run %d: %v\n", i+1, err)
			os.Exit(1)
		}
		frames = append(frames, r.frame)
		switch {
		case *readyText == "":
		case r.ready > 0:
			ready = append(ready, r.ready)
		default:
			dropped++
			fmt.Fprintf(os.Stderr, "firstframe: run %d never printed %q within %s\n", i+1, *readyText, *timeout)
		}
		peak = max(peak, r.peakKB)
	}
	fmt.Printf("first frame: median %.0f ms (min %.0f, max %.0f) over %d runs\n", ms(median(frames)), ms(slices.Min(frames)), ms(slices.Max(frames)), len(frames))
	if len(ready) > 0 {
		fmt.Printf("%s: median %.0f ms (min %.0f, max %.0f) over %d runs\n", *readyText, ms(median(ready)), ms(slices.Min(ready)), ms(slices.Max(ready)), len(ready))
	}
	fmt.Printf("peak RSS: %.1f MB\n", float64(peak)/1024)
	if dropped > 0 {
		fmt.Printf("%d of %d runs never printed %q: the figures above leave them out\n", dropped, *runs, *readyText)
		os.Exit(1)
	}
}

type result struct {
	frame, ready time.Duration
	peakKB       int
}

// once runs the program once. Its memory is read settle after it is
// ready, or after its first frame when there is no ready text or it never
// printed it.
func once(x *xgb.Conn, root xproto.Window, args []string, readyText string, timeout, settle time.Duration) (result, error) {
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
	// The program's stderr is kept in a file, so that one that will not
	// exit leaves its goroutines (SIGQUIT) where they can be read.
	logFile, err := os.CreateTemp("", "firstframe-*.log")
	if err != nil {
		return result{}, err
	}
	readyAt, scanned := make(chan time.Duration, 1), make(chan struct{})
	go func() {
		defer close(scanned) // at the end of stderr: the program has exited
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			fmt.Fprintln(logFile, sc.Text())
			if readyText != "" && strings.Contains(sc.Text(), readyText) {
				select {
				case readyAt <- time.Since(start):
				default:
				}
			}
		}
	}()
	var r result
	for r.frame == 0 {
		if time.Since(start) > timeout {
			kill(cmd, scanned)
			cmd.Wait()
			logFile.Close()
			return r, fmt.Errorf("no frame within %s; its stderr is in %s", timeout, logFile.Name())
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
	if readyText != "" {
		select {
		case r.ready = <-readyAt:
		case <-time.After(timeout):
		}
	}
	time.Sleep(settle)
	r.peakKB = peakRSS(cmd.Process.Pid)
	cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-scanned:
	case <-time.After(timeout):
		cmd.Process.Signal(syscall.SIGQUIT) // a Go program prints its goroutines and exits
		select {
		case <-scanned:
		case <-time.After(5 * time.Second):
			kill(cmd, scanned)
		}
		cmd.Wait()
		logFile.Close()
		return r, fmt.Errorf("the program did not exit within %s of SIGTERM; its stderr, with its goroutines, is in %s", timeout, logFile.Name())
	}
	cmd.Wait()
	logFile.Close()
	os.Remove(logFile.Name())
	// Let the window go before the next run looks at the screen.
	time.Sleep(300 * time.Millisecond)
	return r, nil
}

// kill kills the program and gives its stderr a second to end: a child
// it started may hold it open.
func kill(cmd *exec.Cmd, scanned <-chan struct{}) {
	cmd.Process.Kill()
	select {
	case <-scanned:
	case <-time.After(time.Second):
	}
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
