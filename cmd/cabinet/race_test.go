//go:build race

package main

// Under the race detector the tests build the cabinet binary with it too,
// so the concurrency they drive in that process (a sync's fetching and
// writing goroutines, its progress line) is checked, not only the test's.
func init() { buildFlags = append(buildFlags, "-race") }
