package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

const goodToken = "a-token-of-32-characters-for-tests"

// serve starts districtd with args on a free port, its token goodToken,
// and returns its address and its log; it stops when the test ends.
func serve(t *testing.T, args ...string) (string, *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	addr := make(chan string, 1)
	done := make(chan int, 1)
	log := &syncBuffer{}
	go func() {
		done <- run(ctx, append([]string{"--listen", "127.0.0.1:0"}, args...), log,
			func(k string) string { return map[string]string{TokenEnv: goodToken}[k] }, func(a string) { addr <- a })
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	select {
	case a := <-addr:
		return a, log
	case code := <-done:
		t.Fatalf("districtd exited with %d: %s", code, log.String())
	}
	return "", nil
}

// TestLockedOutWithoutTheToken: 128 connections without the token, held
// open after their 401 or sending their request a byte at a time, leave
// a client with the token answered within a second; each 401 closes its
// connection.
func TestLockedOutWithoutTheToken(t *testing.T) {
	cases := []struct {
		name string
		hold func(t *testing.T, c net.Conn)
	}{
		{"128 that got a 401 and stay open", func(t *testing.T, c net.Conn) {
			fmt.Fprint(c, "GET /v1/district HTTP/1.1\r\nHost: districtd\r\nAuthorization: Bearer wrong\r\n\r\n")
			resp, err := http.ReadResponse(bufio.NewReader(c), nil)
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			if resp.StatusCode != http.StatusUnauthorized || !resp.Close {
				t.Errorf("without the token: %s, and the connection was kept open: %v", resp.Status, !resp.Close)
			}
		}},
		{"128 that send their header a byte at a time", func(t *testing.T, c net.Conn) {
			fmt.Fprint(c, "GET /v1/district HTTP/1.1\r\nHo")
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			addr, _ := serve(t, "--schools", "3", "--years", "1", "--end", "2026-04")
			var held []net.Conn
			defer func() {
				for _, c := range held {
					c.Close()
				}
			}()
			for range 128 {
				c, err := net.Dial("tcp", addr)
				if err != nil {
					t.Fatal(err)
				}
				held = append(held, c)
				tc.hold(t, c)
			}
			client := &http.Client{Timeout: 30 * time.Second}
			req, _ := http.NewRequest(http.MethodGet, "http://"+addr+"/v1/district", nil)
			req.Header.Set("Authorization", "Bearer "+goodToken)
			start := time.Now()
			resp, err := client.Do(req)
			took := time.Since(start)
			if err != nil {
				t.Fatalf("the client with the token, after %s: %v", took, err)
			}
			resp.Body.Close()
			t.Logf("the client with the token was answered %s in %s", resp.Status, took.Round(time.Millisecond))
			if resp.StatusCode != http.StatusOK || took > time.Second {
				t.Fatalf("the client with the token was answered %s in %s", resp.Status, took)
			}
		})
	}
}

// TestTokenRules refuses, in a sentence, a token file others can read and
// a token shorter than 16 characters, however it is given.
func TestTokenRules(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows keeps no Unix permission bits")
	}
	dir := t.TempDir()
	write := func(name, body string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, mode); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cases := []struct {
		name string
		args []string
		env  string
		want string
	}{
		{"a token file everyone can read", []string{"--token-file", write("open", goodToken, 0o644)}, "",
			"can be read by other users of this computer (permissions -rw-r--r--); make it readable by its owner only: chmod 600 " + filepath.Join(dir, "open")},
		{"a token file its group can read", []string{"--token-file", write("group", goodToken, 0o640)}, "", "(permissions -rw-r-----)"},
		{"a short token in a file", []string{"--token-file", write("short", "tok\n", 0o600)}, "",
			"the token in " + filepath.Join(dir, "short") + " is 3 characters; use at least 16, such as the output of: openssl rand -hex 16"},
		{"a short token in the environment", nil, "short", "the token in DISTRICTD_TOKEN is 5 characters; use at least 16"},
		{"a short token on the command line", []string{"--token", "tok"}, "", "the token given with --token is 3 characters; use at least 16"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			code := run(context.Background(), tc.args, &out, func(string) string { return tc.env }, nil)
			if code != 1 || !strings.Contains(out.String(), tc.want) || strings.Contains(out.String(), goodToken) {
				t.Fatalf("exit %d, %q; want 1 and %q", code, out.String(), tc.want)
			}
		})
	}
	ready := make(chan string, 1)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	var log syncBuffer
	go func() {
		done <- run(ctx, []string{"--listen", "127.0.0.1:0", "--schools", "2", "--years", "1", "--token-file", write("good", goodToken+"\n", 0o600)},
			&log, func(string) string { return "" }, func(a string) { ready <- a })
	}()
	select {
	case <-ready:
	case code := <-done:
		t.Fatalf("a token file only its owner reads: exit %d: %s", code, log.String())
	}
	cancel()
	<-done
}

// TestDirRefusesLinks: --dir reads only the district's own files: a
// symbolic link (here to a file whose first line is a secret) is refused
// in a sentence, and nothing of what the link points to is printed.
func TestDirRefusesLinks(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges on Windows")
	}
	secretFile := filepath.Join(t.TempDir(), "shadow")
	if err := os.WriteFile(secretFile, []byte("root:$6$s3cretHASHnobodyshouldsee:19000:0:99999:7:::\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"district.csv", "schools.csv"} {
		dir := t.TempDir()
		if name != "district.csv" {
			os.WriteFile(filepath.Join(dir, "district.csv"), []byte("name\nLakeside\n"), 0o644)
		}
		if err := os.Symlink(secretFile, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		code := run(context.Background(), []string{"--dir", dir}, &out, func(string) string { return goodToken }, nil)
		want := "refusing to start: " + name + " is a symbolic link; districtd reads only the files themselves, so put the export in " + dir
		if code != 1 || !strings.Contains(out.String(), want) || strings.Contains(out.String(), "s3cret") || strings.Contains(out.String(), "root:") {
			t.Fatalf("%s as a link: exit %d, %q; want 1 and %q", name, code, out.String(), want)
		}
	}
	// A file that is no export at all: its first line is not quoted.
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "district.csv"), []byte("root:$6$s3cretHASH:19000\n"), 0o644)
	var out bytes.Buffer
	code := run(context.Background(), []string{"--dir", dir}, &out, func(string) string { return goodToken }, nil)
	if want := "district.csv, line 1, column 1: the header names a column this file does not have (columns: name, fiscal_year_start)"; code != 1 || !strings.Contains(out.String(), want) || strings.Contains(out.String(), "s3cret") {
		t.Fatalf("a file that is no export: exit %d, %q; want %q", code, out.String(), want)
	}
}
