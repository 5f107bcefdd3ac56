package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/cabinetapp/cabinet/sync/summaryapi/server/pgtest"
)

// prismCLI is the validating proxy, at the version the issue names.
const prismCLI = "@stoplight/prism-cli@5.16.0"

// lockedBuffer collects a process's output while it runs.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// prismCheck puts Prism between a real Cabinet and districtd --postgres.
func prismCheck(ctx context.Context, c *pgtest.Cluster, districtd, cabinetBin string, schools, years int) {
	root, err := repoRoot()
	if err != nil {
		fatal("%v", err)
	}
	loadDemo(ctx, c, districtd, schools, years)
	srv := startDistrictd(districtd, "--postgres", c.DSN(pgtest.Reader, pgtest.Database))
	defer srv.stop()

	port := freePort()
	var log lockedBuffer
	// --errors: a violation of the contract, in a request or a response,
	// is answered with an error instead of passed on, so Cabinet fails.
	prism := exec.Command("npx", "--yes", prismCLI, "proxy", "--errors", "--host", "127.0.0.1", "--port", strconv.Itoa(port),
		filepath.Join(root, "api", "summaryapi.yaml"), srv.url)
	prism.Stdout, prism.Stderr = &log, &log
	prism.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := prism.Start(); err != nil {
		fatal("starting Prism (npx %s): %v; Node.js and npm are needed", prismCLI, err)
	}
	defer func() {
		syscall.Kill(-prism.Process.Pid, syscall.SIGTERM)
		prism.Wait()
	}()
	proxy := fmt.Sprintf("http://127.0.0.1:%d", port)
	for deadline := time.Now().Add(5 * time.Minute); ; time.Sleep(200 * time.Millisecond) {
		if conn, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port)); err == nil {
			conn.Close()
			break
		}
		if time.Now().After(deadline) || prism.ProcessState != nil {
			fatal("Prism did not start:\n%s", log.String())
		}
	}
	fmt.Printf("Prism %s proxies %s at %s\n", prismCLI, srv.url, proxy)

	cabinet := newApp(ctx, cabinetBin)
	defer cabinet.remove()
	step := func(what string, want string, args ...string) {
		code, out := cabinet.run(args...)
		check(code == 0 && strings.Contains(out, want), "%s through Prism: exit %d, %q (target: exit 0 and %q)", what, code, strings.TrimSpace(out), want)
	}
	step("source add", "Added district", "source", "add", "district", "--url", proxy, "--token-env", "PGLOAD_TOKEN", "--page-size", "250")
	step("a full sync", "district: synced everything", "sync")
	conn, err := c.Superuser(ctx, pgtest.Database)
	if err != nil {
		fatal("%v", err)
	}
	for _, sql := range []string{
		`UPDATE warehouse.measure_values SET n = n WHERE abs(hashtext(measure_code || school_code || month)) % 100 = 0`,
		`DELETE FROM warehouse.measure_values WHERE abs(hashtext(measure_code || school_code || month)) % 1000 = 1`,
		`DELETE FROM warehouse.product_use WHERE abs(hashtext(product_code || school_code || month)) % 1000 = 1`,
		`UPDATE warehouse.schools SET enrolled = enrolled + 1`,
	} {
		if _, err := conn.Exec(ctx, sql); err != nil {
			fatal("%s: %v", sql, err)
		}
	}
	conn.Close(ctx)
	step("a sync of changes and deletions", "district: synced changes", "sync")
	step("a sync with nothing changed", "district: unchanged since the last sync", "sync")

	said := log.String()
	violations := problems(said)
	for _, line := range violations {
		fmt.Fprintln(os.Stderr, "prism:", line)
	}
	check(len(violations) == 0 && strings.Count(said, "Forwarding") >= 10, "Prism reported %d violations of api/summaryapi.yaml in %d requests forwarded (target: none)",
		len(violations), strings.Count(said, "Forwarding"))

	// A request that breaks the contract: Prism must say so.
	req, _ := http.NewRequest(http.MethodGet, proxy+"/v1/observations?limit=0", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	status := 0
	if err == nil {
		resp.Body.Close()
		status = resp.StatusCode
	}
	reported := false
	for deadline := time.Now().Add(5 * time.Second); !reported && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		reported = len(problems(log.String())) > 0
	}
	check(status >= 400 && reported, "Prism refuses a request with limit=0: %d, violation reported: %v (target: 4xx and reported)", status, reported)
}

// problems are the lines of Prism's log that report a violation: with
// --errors it ends such a request with an error (✖), without it warns (⚠).
func problems(log string) []string {
	var out []string
	for line := range strings.SplitSeq(log, "\n") {
		if strings.ContainsAny(line, "✖⚠") || strings.Contains(strings.ToLower(line), "violation") {
			out = append(out, line)
		}
	}
	return out
}

// repoRoot is the folder with go.mod, above this one.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		if filepath.Dir(dir) == dir {
			return "", fmt.Errorf("run pgload inside the Cabinet repository")
		}
		dir = filepath.Dir(dir)
	}
}
