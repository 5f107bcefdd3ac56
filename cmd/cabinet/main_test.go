package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// runInProcess runs cabinet with args as the shell would, and returns its
// exit code and output.
func runInProcess(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	e := env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }}
	return run(context.Background(), e, args), out.String(), errOut.String()
}

// TestUsage checks the window's flags and the command dispatch, which stop
// before any window opens.
func TestUsage(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"help lists every command", []string{"--help"}, exitOK, "cabinet present ...", ""},
		{"help names the window's flags", []string{"-h"}, exitOK, "first window size in pixels", ""},
		{"help as a command", []string{"help"}, exitOK, "cabinet sync ...", ""},
		{"a command's help", []string{"sync", "--help"}, exitOK, "Flags:", ""},
		{"an unknown flag", []string{"--colour", "red"}, exitUsage, "", "flag provided but not defined: -colour"},
		{"a window too small", []string{"--size", "10x10"}, exitUsage, "", `--size "10x10" is not a window size like 1366x768`},
		{"a size that is not one", []string{"--size", "big"}, exitUsage, "", `--size "big" is not a window size`},
		{"an unknown command", []string{"publish"}, exitUsage, "", `unknown command "publish"`},
		{"a stray argument", []string{"--data", t.TempDir(), "extra"}, exitUsage, "", `unexpected argument "extra"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runInProcess(t, tt.args...)
			if code != tt.code || !strings.Contains(stdout, tt.stdout) || !strings.Contains(stderr, tt.stderr) {
				t.Fatalf("exit %d, stdout %q, stderr %q; want exit %d with %q and %q", code, stdout, stderr, tt.code, tt.stdout, tt.stderr)
			}
			if n := strings.Count(stdout+stderr, "Usage"); n > 1 {
				t.Fatalf("the usage is printed %d times:\n%s\n%s", n, stdout, stderr)
			}
		})
	}
}
