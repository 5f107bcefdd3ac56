package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
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
	go func() {
		done <- run(ctx, []string{"--listen", "127.0.0.1:0", "--schools", "3", "--years", "1", "--end", "2026-04"}, &log,
			func(k string) string { return map[string]string{TokenEnv: "tok"}[k] }, func(a string) { addr <- a })
	}()
	var base string
	select {
	case base = <-addr:
	case code := <-done:
		t.Fatalf("districtd exited with %d: %s", code, log.String())
	}
	get := func(token string) (int, string) {
		req, _ := http.NewRequest(http.MethodGet, "http://"+base+"/v1/district", nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := get("tok"); code != http.StatusOK || !strings.Contains(body, "Riverside Unified School District") {
		t.Fatalf("GET /v1/district: %d %s", code, body)
	}
	if code, body := get("wrong"); code != http.StatusUnauthorized || !strings.Contains(body, `"status":401`) {
		t.Fatalf("with the wrong token: %d %s", code, body)
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
	if strings.Contains(log.String(), "tok\n") || strings.Contains(log.String(), "Bearer") {
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
	cases := []struct {
		name string
		args []string
		env  string
		code int
		want string
	}{
		{"no token", nil, "", 2, "set the token clients must send with --token or DISTRICTD_TOKEN"},
		{"bad CSV", []string{"--dir", bad, "--token", "t"}, "", 1, `refusing to start: schools.csv, line 2, column 4 (enrollment): "lots" is not a whole number`},
		{"bad month", []string{"--end", "May"}, "t", 2, `--end "May" is not a month`},
		{"stray argument", []string{"serve"}, "t", 2, `unexpected argument "serve"`},
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
