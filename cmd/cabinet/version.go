package main

import "fmt"

// Set at build time by scripts/dist.sh with -ldflags "-X main.Commit=...",
// beside Version: the commit, and the commit's date rather than the clock's,
// so that the same tag always builds the same bytes.
var (
	Commit    = "unknown"
	BuildDate = "unknown"
)

// versionLine is what --version prints and the About dialog says.
func versionLine() string {
	return fmt.Sprintf("Cabinet %s (commit %s, built %s)", Version, Commit, BuildDate)
}

// isVersionFlag says whether cabinet was asked only for its version.
func isVersionFlag(args []string) bool {
	return len(args) == 1 && (args[0] == "--version" || args[0] == "-version")
}
