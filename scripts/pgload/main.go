// Command pgload checks districtd --postgres on loopback against a real
// PostgreSQL it starts in a temporary folder (the tests' pgtest), in one
// of two ways:
//
// The morning of the meeting (the default): New York City's size in the
// warehouse (1,800 schools, 10 years), one Cabinet's full sync alone, then
// fifty started together; 1% of the rows changed; one Cabinet's
// incremental sync alone, then fifty together. Every sync must complete,
// each within three times the lone one's time; the lone incremental
// within a second; districtd's resident memory within -max-rss-mb.
//
// -prism: Stoplight Prism's validating proxy between a real `cabinet`
// and districtd --postgres, for a full sync, one after changes and
// deletions, and one with nothing changed. Prism must report no
// violation (and must report one for a request that breaks the contract,
// to show it is watching).
//
// It prints each target beside its figure and exits 1 on any miss.
//
//	pgload -districtd BIN [-schools 1800 -years 10 -clients 50 -change 0.01 -max-rss-mb 300]
//	pgload -prism -districtd BIN -cabinet BIN [-schools 24 -years 2]
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cabinetapp/cabinet/sync/summaryapi/server/pgtest"
)

const token = "pgload-token-of-32-characters-xx"

var misses []string

// check prints a figure beside its target and remembers a miss.
func check(ok bool, format string, args ...any) {
	mark := "ok  "
	if !ok {
		mark = "MISS"
		misses = append(misses, fmt.Sprintf(format, args...))
	}
	fmt.Printf("%s %s\n", mark, fmt.Sprintf(format, args...))
}

func fatal(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "pgload: "+format+"\n", args...)
	os.Exit(1)
}

func main() {
	schools := flag.Int("schools", 1800, "schools in the demo district")
	years := flag.Int("years", 10, "years of monthly history")
	clients := flag.Int("clients", 50, "Cabinets that sync at once")
	change := flag.Float64("change", 0.01, "share of the rows changed before the incremental syncs")
	maxRSS := flag.Int("max-rss-mb", 300, "the most resident memory districtd may use, in MB")
	districtd := flag.String("districtd", "", "the districtd binary")
	cabinetBin := flag.String("cabinet", "", "the cabinet binary: with -prism, the Cabinet behind Prism; otherwise one real `cabinet sync`, full and incremental, is timed too")
	prism := flag.Bool("prism", false, "check the contract with Prism's validating proxy instead")
	flag.Parse()
	if *districtd == "" || (*prism && *cabinetBin == "") {
		fatal("give -districtd BIN (and -cabinet BIN with -prism)")
	}
	ctx := context.Background()
	c, err := pgtest.Start(ctx)
	if err != nil {
		fatal("%v", err)
	}
	defer c.Remove()
	if err := c.Setup(ctx); err != nil {
		c.Remove()
		fatal("%v", err)
	}
	run := func() {
		if *prism {
			prismCheck(ctx, c, *districtd, *cabinetBin, *schools, *years)
		} else {
			loadTest(ctx, c, *districtd, *cabinetBin, *schools, *years, *clients, *change, *maxRSS)
		}
	}
	run()
	if len(misses) > 0 {
		fmt.Printf("\n%d missed:\n  %s\n", len(misses), strings.Join(misses, "\n  "))
		c.Remove()
		os.Exit(1)
	}
}

// loadDemo runs districtd --load-demo.
func loadDemo(ctx context.Context, c *pgtest.Cluster, districtd string, schools, years int) time.Duration {
	start := time.Now()
	out, err := exec.CommandContext(ctx, districtd, "--postgres", c.DSN(pgtest.Loader, pgtest.Database), "--load-demo",
		"--schools", strconv.Itoa(schools), "--years", strconv.Itoa(years), "--seed", "11", "--end", "2026-06").CombinedOutput()
	if err != nil {
		fatal("districtd --load-demo: %v\n%s", err, out)
	}
	fmt.Print(lastLine(string(out)))
	return time.Since(start)
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1] + "\n"
}

var servingURL = regexp.MustCompile(`msg="serving the District Summary API" url=(\S+)`)

// server is a districtd process.
type server struct {
	url string
	cmd *exec.Cmd
}

func startDistrictd(districtd string, args ...string) *server {
	cmd := exec.Command(districtd, append([]string{"--listen", "127.0.0.1:0"}, args...)...)
	cmd.Env = append(os.Environ(), "DISTRICTD_TOKEN="+token)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		fatal("%v", err)
	}
	if err := cmd.Start(); err != nil {
		fatal("%v", err)
	}
	lines := bufio.NewScanner(stderr)
	for lines.Scan() {
		if m := servingURL.FindStringSubmatch(lines.Text()); m != nil {
			go func() {
				for lines.Scan() {
					if strings.Contains(lines.Text(), "level=WARN") || strings.Contains(lines.Text(), "level=ERROR") {
						fmt.Fprintln(os.Stderr, "districtd:", lines.Text())
					}
				}
			}()
			return &server{url: m[1], cmd: cmd}
		}
	}
	cmd.Process.Kill()
	fatal("districtd did not start")
	return nil
}

func (s *server) stop() {
	s.cmd.Process.Kill()
	s.cmd.Wait()
}

// memory reads a figure of /proc/PID/status, in kB.
func memory(pid int, field string) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return n
		}
	}
	return 0
}

// cpu is a process's CPU time so far.
func cpu(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b)[strings.LastIndexByte(string(b), ')')+2:])
	user, _ := strconv.ParseInt(f[11], 10, 64)
	system, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(user+system) * time.Second / 100 // USER_HZ
}

// timeReal times a real `cabinet sync`, end to end: its process, the
// network, and writing its SQLite cache, on this computer's shared cores.
func timeReal(a *app, what, want string) {
	start := time.Now()
	code, out := a.run("sync")
	if code != 0 || !strings.Contains(out, want) {
		check(false, "cabinet sync (%s): exit %d: %s", what, code, out)
		return
	}
	fmt.Printf("cabinet sync (%s), the real app with its SQLite cache: %.2f s: %s", what, time.Since(start).Seconds(), lastLine(out))
}

// statements is how many statements districtd has sent the warehouse.
func statements(ctx context.Context, c *pgtest.Cluster) int64 {
	n, err := c.Statements(ctx, pgtest.Reader)
	if err != nil {
		fatal("counting statements: %v", err)
	}
	return n
}

// usage is CPU time so far: districtd's, its PostgreSQL backends', this
// program's (the emulated Cabinets'), and the whole machine's.
type usage struct{ districtd, postgres, cabinets, machine time.Duration }

func measure(ctx context.Context, c *pgtest.Cluster, districtd int) usage {
	u := usage{districtd: cpu(districtd), cabinets: cpu(os.Getpid())}
	if conn, err := c.Superuser(ctx, pgtest.Database); err == nil {
		rows, err := conn.Query(ctx, `SELECT pid FROM pg_stat_activity WHERE application_name = 'districtd'`)
		if err == nil {
			for rows.Next() {
				var pid int
				if rows.Scan(&pid) == nil {
					u.postgres += cpu(pid)
				}
			}
			rows.Close()
		}
		conn.Close(ctx)
	}
	if b, err := os.ReadFile("/proc/stat"); err == nil {
		f := strings.Fields(strings.SplitN(string(b), "\n", 2)[0])
		for i, v := range f[1:] {
			if n, err := strconv.ParseInt(v, 10, 64); err == nil && i != 3 && i != 4 { // not idle, not iowait
				u.machine += time.Duration(n) * time.Second / 100
			}
		}
	}
	return u
}

// spent says where the CPU went between two measures, over wall seconds.
func spent(a, b usage, wall time.Duration) string {
	d, p, c, m := b.districtd-a.districtd, b.postgres-a.postgres, b.cabinets-a.cabinets, b.machine-a.machine
	return fmt.Sprintf("CPU over %.1f s: districtd %.1f s, its PostgreSQL backends %.1f s (while they lasted), the emulated Cabinets %.1f s, everything else on this computer %.1f s (of %.0f s on %d cores)",
		wall.Seconds(), d.Seconds(), p.Seconds(), c.Seconds(), max(0, m-d-p-c).Seconds(), wall.Seconds()*float64(runtime.NumCPU()), runtime.NumCPU())
}

// together runs every Cabinet's sync at once and returns each one's.
func together(ctx context.Context, cabinets []*cabinet) ([]synced, []error) {
	out, errs := make([]synced, len(cabinets)), make([]error, len(cabinets))
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, cb := range cabinets {
		wg.Go(func() {
			<-start
			out[i], errs[i] = cb.sync(ctx)
		})
	}
	close(start)
	wg.Wait()
	return out, errs
}

// round reports a round of syncs against the lone one's time.
func round(what string, lone synced, all []synced, errs []error) {
	var slowest time.Duration
	failed := 0
	for i, s := range all {
		if errs[i] != nil {
			failed++
			fmt.Fprintf(os.Stderr, "pgload: %s sync %d: %v\n", what, i+1, errs[i])
			continue
		}
		slowest = max(slowest, s.took)
		if s.items != lone.items {
			check(false, "%s sync %d received %d items, the lone sync %d", what, i+1, s.items, lone.items)
		}
	}
	check(failed == 0, "%s: %d of %d syncs started together completed (target: all)", what, len(all)-failed, len(all))
	check(slowest <= 3*lone.took, "%s: slowest of %d together %.2f s = %.2fx the lone sync's %.2f s (target: at most 3x)",
		what, len(all), slowest.Seconds(), float64(slowest)/float64(lone.took), lone.took.Seconds())
}

func loadTest(ctx context.Context, c *pgtest.Cluster, districtd, cabinetBin string, schools, years, clients int, change float64, maxRSS int) {
	fmt.Printf("== loading %d schools, %d years into PostgreSQL\n", schools, years)
	fmt.Printf("load: %.1f s\n", loadDemo(ctx, c, districtd, schools, years).Seconds())
	srv := startDistrictd(districtd, "--postgres", c.DSN(pgtest.Reader, pgtest.Database))
	defer srv.stop()
	pid := srv.cmd.Process.Pid
	var peak int64
	done := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		for {
			peak = max(peak, memory(pid, "VmRSS"))
			select {
			case <-done:
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
	}()
	transport := newTransport()
	lone := newCabinet(srv.url, token, false, transport)
	checker := newCabinet(srv.url, token, true, transport)
	cabinets := make([]*cabinet, clients)
	for i := range cabinets {
		cabinets[i] = newCabinet(srv.url, token, false, transport)
	}

	fmt.Println("== full syncs")
	used := measure(ctx, c, pid)
	full, err := lone.sync(ctx)
	if err != nil {
		fatal("the lone full sync: %v", err)
	}
	fmt.Printf("lone full sync: %.2f s, %d items in %d requests\n", full.took.Seconds(), full.items, full.requests)
	fmt.Println(spent(used, measure(ctx, c, pid), full.took))
	checked, err := checker.sync(ctx)
	check(err == nil && checked.items == full.items, "a full sync decoded by Cabinet's decoder: %d items (%.2f s), %v (target: the lone sync's %d, no error)",
		checked.items, checked.took.Seconds(), err, full.items)
	var real *app
	if cabinetBin != "" {
		real = newApp(ctx, cabinetBin)
		defer real.remove()
		if code, out := real.run("source", "add", "district", "--url", srv.url, "--token-env", "PGLOAD_TOKEN"); code != 0 {
			fatal("cabinet source add: %s", out)
		}
		timeReal(real, "full", "district: synced everything")
	}
	// A transaction between the rounds moves the bound of new listings, so
	// the fifty find none of the lone sync's pages in districtd's memory.
	if err := c.Exec(ctx, pgtest.Database, "SELECT pg_current_xact_id()"); err != nil {
		fatal("%v", err)
	}
	before, began0, used := statements(ctx, c), time.Now(), measure(ctx, c, pid)
	all, errs := together(ctx, cabinets)
	round(fmt.Sprintf("full, %d Cabinets", clients), full, all, errs)
	fmt.Printf("districtd sent the warehouse %d statements for the %d syncs\n", statements(ctx, c)-before, clients)
	fmt.Println(spent(used, measure(ctx, c, pid), time.Since(began0)))

	fmt.Printf("== changing %.0f%% of the rows\n", change*100)
	conn, err := c.Superuser(ctx, pgtest.Database)
	if err != nil {
		fatal("%v", err)
	}
	began := time.Now()
	var changed int64
	for _, t := range []struct{ table, col, key string }{
		{"measure_values", "n", "measure_code || '|' || school_code || '|' || month"},
		{"product_use", "active_users", "product_code || '|' || school_code || '|' || month"},
	} {
		tag, err := conn.Exec(ctx, fmt.Sprintf(`UPDATE warehouse.%s SET %s = %[2]s WHERE abs(hashtext(%s)) %% 10000 < $1`, t.table, t.col, t.key), int(change*10000))
		if err != nil {
			fatal("changing warehouse.%s: %v", t.table, err)
		}
		changed += tag.RowsAffected()
	}
	conn.Close(ctx)
	fmt.Printf("changed %d rows in %.1f s\n", changed, time.Since(began).Seconds())

	fmt.Println("== incremental syncs")
	used = measure(ctx, c, pid)
	inc, err := lone.sync(ctx)
	if err != nil {
		fatal("the lone incremental sync: %v", err)
	}
	fmt.Println(spent(used, measure(ctx, c, pid), inc.took))
	check(inc.items == changed, "lone incremental sync received %d items (target: the %d changed)", inc.items, changed)
	check(inc.took < time.Second, "lone incremental sync after a %.0f%% change: %.3f s (target: under 1 s)", change*100, inc.took.Seconds())
	checked, err = checker.sync(ctx)
	check(err == nil && checked.items == inc.items, "an incremental sync decoded by Cabinet's decoder: %d items (%.3f s), %v (target: the lone sync's %d, no error)",
		checked.items, checked.took.Seconds(), err, inc.items)
	if real != nil {
		timeReal(real, "incremental", "district: synced changes")
	}
	before, began0, used = statements(ctx, c), time.Now(), measure(ctx, c, pid)
	all, errs = together(ctx, cabinets)
	round(fmt.Sprintf("incremental, %d Cabinets", clients), inc, all, errs)
	fmt.Printf("districtd sent the warehouse %d statements for the %d syncs\n", statements(ctx, c)-before, clients)
	fmt.Println(spent(used, measure(ctx, c, pid), time.Since(began0)))
	before = statements(ctx, c)
	unchanged, err := lone.sync(ctx)
	if err != nil {
		fatal("the lone unchanged sync: %v", err)
	}
	n := statements(ctx, c) - before
	check(unchanged.notModified == unchanged.requests && n == int64(unchanged.requests), "unchanged sync: %d of %d requests answered 304 after %d statements, in %.3f s (target: all, one statement each)",
		unchanged.notModified, unchanged.requests, n, unchanged.took.Seconds())

	close(done)
	<-sampled
	hwm := memory(pid, "VmHWM")
	check(hwm <= int64(maxRSS)<<10, "districtd's peak resident memory: %.0f MB (VmHWM; sampled peak %.0f MB) (target: at most %d MB)",
		float64(hwm)/1024, float64(peak)/1024, maxRSS)
	fmt.Printf("districtd's CPU time: %.1f s\n", cpu(pid).Seconds())
}

func newTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = 1024
	return t
}

// freePort is a port of 127.0.0.1 no one listens on.
func freePort() int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fatal("%v", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
