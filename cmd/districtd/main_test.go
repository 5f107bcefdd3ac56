package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/sync/summaryapi/contract"
)

// syncBuffer is a log that the server writes while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServe starts districtd on a free port, reads from it, and stops it
// as SIGINT would.
func TestServe(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	addr := make(chan string, 1)
	var log syncBuffer
	done := make(chan int, 1)
	tokenFile := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(tokenFile, []byte(goodToken+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	go func() {
		done <- run(ctx, []string{"--listen", "127.0.0.1:0", "--schools", "3", "--years", "1", "--end", "2026-04", "--token-file", tokenFile}, &log,
			func(k string) string { return map[string]string{TokenEnv: "not-this-but-long-enough"}[k] }, func(a string) { addr <- a })
	}()
	var base string
	select {
	case base = <-addr:
	case code := <-done:
		t.Fatalf("districtd exited with %d: %s", code, log.String())
	}
	// Every answer districtd gives is checked against the contract.
	c := contract.Load(t)
	fetch := func(path, auth string) (int, string) {
		req, _ := http.NewRequest(http.MethodGet, "http://"+base+path, nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if err := c.Check(req, resp.StatusCode, resp.Header, b); err != nil {
			t.Error(err)
		}
		return resp.StatusCode, string(b)
	}
	get := func(auth string) (int, string) { return fetch("/v1/district", auth) }
	for _, path := range []string{"/v1/schools", "/v1/metrics", "/v1/observations?limit=40", "/v1/budget-lines", "/v1/products", "/v1/product-usage?limit=40", "/v1/observations?limit=0"} {
		if code, body := fetch(path, "Bearer "+goodToken); code != http.StatusOK && !strings.Contains(path, "limit=0") {
			t.Fatalf("GET %s: %d %s", path, code, body)
		}
	}
	for _, auth := range []string{"Bearer " + goodToken, "bearer " + goodToken, "BEARER  " + goodToken} {
		if code, body := get(auth); code != http.StatusOK || !strings.Contains(body, "Riverside Unified School District") {
			t.Fatalf("GET /v1/district with %q: %d %s", auth, code, body)
		}
	}
	for _, auth := range []string{"Bearer wrong", "Bearer not-this-but-long-enough", "Basic " + goodToken, "Bearer" + goodToken, ""} {
		if code, body := get(auth); code != http.StatusUnauthorized || !strings.Contains(body, `"status":401`) {
			t.Fatalf("with %q: %d %s", auth, code, body)
		}
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("exit %d after shutdown: %s", code, log.String())
		}
	case <-time.After(5 * time.Second):
		t.Fatal("districtd did not shut down")
	}
	for _, want := range []string{"path=/v1/district status=200", "path=/v1/district status=401", "shutting down"} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("the log lacks %q:\n%s", want, log.String())
		}
	}
	if strings.Contains(log.String(), goodToken) || strings.Contains(log.String(), "Bearer") {
		t.Error("the log holds the token")
	}
}

func TestRefuses(t *testing.T) {
	bad := t.TempDir()
	for name, body := range map[string]string{"district.csv": "name\nLakeside\n", "schools.csv": "id,name,level,enrollment\nL1,Lakeside,high,lots\n"} {
		if err := os.WriteFile(filepath.Join(bad, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	empty := filepath.Join(t.TempDir(), "empty")
	if err := os.WriteFile(empty, []byte(" \n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		args []string
		env  string
		code int
		want string
	}{
		{"no token", nil, "", 2, "set the token clients must send with --token-file or DISTRICTD_TOKEN"},
		{"two tokens", []string{"--token", "t", "--token-file", "f"}, "", 2, "give the token with --token-file or --token, not both"},
		{"a missing token file", []string{"--token-file", filepath.Join(bad, "nothing")}, "", 1, "reading the token: open "},
		{"an empty token file", []string{"--token-file", empty}, "", 1, "is empty"},
		{"plain http for everyone", []string{"--listen", ":0"}, goodToken, 2, "refusing to serve plain http on :0, which other computers can reach"},
		{"plain http on a LAN address", []string{"--listen", "192.0.2.1:8080"}, goodToken, 2, "give --cert and --key, listen on 127.0.0.1, or add --insecure-http"},
		{"a token on the command line", []string{"--token", goodToken, "--listen", "0.0.0.0:0"}, "", 2, "warning: a token given with --token can be read by every user of this computer in the process list; use --token-file or DISTRICTD_TOKEN"},
		{"no connections", []string{"--max-conns", "0"}, goodToken, 2, "--max-conns and --write-timeout must be above zero"},
		{"bad CSV", []string{"--dir", bad, "--token", goodToken}, "", 1, `refusing to start: schools.csv, line 2, column 4 (enrollment): "lots" is not a whole number`},
		{"bad month", []string{"--end", "May"}, goodToken, 2, `--end "May" is not a month`},
		{"stray argument", []string{"serve"}, goodToken, 2, `unexpected argument "serve"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			code := run(context.Background(), tc.args, &out, func(string) string { return tc.env }, nil)
			if code != tc.code || !strings.Contains(out.String(), tc.want) {
				t.Fatalf("exit %d, %q; want %d and %q", code, out.String(), tc.code, tc.want)
			}
		})
	}
}

// TestSlowClients opens 300 connections that ask for the largest page and
// never read the answer: the server holds at most --max-conns of them, so
// its memory stays bounded, drops them after --write-timeout, and answers
// a well-behaved client once they are gone.
func TestSlowClients(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addr := make(chan string, 1)
	var log syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"--listen", "127.0.0.1:0", "--schools", "60", "--years", "5", "--end", "2026-04", "--max-conns", "16", "--write-timeout", "2s"},
			&log, func(k string) string { return map[string]string{TokenEnv: goodToken}[k] }, func(a string) { addr <- a })
	}()
	var base string
	select {
	case base = <-addr:
	case code := <-done:
		t.Fatalf("districtd exited with %d: %s", code, log.String())
	}
	runtime.GC()
	heap := func() uint64 {
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		metrics.Read(s)
		return s[0].Value.Uint64()
	}
	start := heap()
	var conns []net.Conn
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for range 300 {
		c, err := net.Dial("tcp", base)
		if err != nil {
			t.Fatal(err)
		}
		c.(*net.TCPConn).SetReadBuffer(4 << 10)
		fmt.Fprintf(c, "GET /v1/observations?limit=5000 HTTP/1.1\r\nHost: districtd\r\nAuthorization: Bearer %s\r\n\r\n", goodToken)
		conns = append(conns, c)
	}
	var peak uint64
	for end := time.Now().Add(4 * time.Second); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
		peak = max(peak, heap())
	}
	grew := int64(peak) - int64(start)
	t.Logf("heap %.1f MB before, %.1f MB at most with 300 clients that never read (%+.1f MB)", float64(start)/(1<<20), float64(peak)/(1<<20), float64(grew)/(1<<20))
	if grew > 64<<20 {
		t.Fatalf("the heap grew by %.1f MB", float64(grew)/(1<<20))
	}
	for _, c := range conns {
		c.Close()
	}
	conns = nil
	client := &http.Client{Timeout: 30 * time.Second}
	req, _ := http.NewRequest(http.MethodGet, "http://"+base+"/v1/district", nil)
	req.Header.Set("Authorization", "Bearer "+goodToken)
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("a well-behaved client after the slow ones: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("a well-behaved client after the slow ones: %s", resp.Status)
	}
}
