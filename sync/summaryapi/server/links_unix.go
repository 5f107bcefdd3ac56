//go:build unix

package server

import (
	"os"
	"syscall"
)

// links is how many names a file has.
func links(st os.FileInfo) uint64 {
	if s, ok := st.Sys().(*syscall.Stat_t); ok {
		return uint64(s.Nlink)
	}
	return 1
}
