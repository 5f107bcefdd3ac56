package main

import (
	"strings"
	"testing"
)

// TestVersion checks that --version prints the build's version line alone,
// and that it is not mistaken for the version flag when it comes with more.
func TestVersion(t *testing.T) {
	defer func(v, c, d string) { Version, Commit, BuildDate = v, c, d }(Version, Commit, BuildDate)
	Version, Commit, BuildDate = "v1.2.3", "abc1234", "2026-11-30T12:00:00Z"
	want := "Cabinet v1.2.3 (commit abc1234, built 2026-11-30T12:00:00Z)\n"
	for _, flag := range []string{"--version", "-version"} {
		t.Run(flag, func(t *testing.T) {
			code, stdout, stderr := runInProcess(t, flag)
			if code != exitOK || stdout != want || stderr != "" {
				t.Fatalf("exit %d, stdout %q, stderr %q; want exit 0 with %q", code, stdout, stderr, want)
			}
		})
	}
	t.Run("with a command", func(t *testing.T) {
		code, _, stderr := runInProcess(t, "status", "--version")
		if code != exitUsage || !strings.Contains(stderr, "flag provided but not defined: -version") {
			t.Fatalf("exit %d, stderr %q; want the status command to refuse the flag", code, stderr)
		}
	})
}
