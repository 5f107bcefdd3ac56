package server

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// openExport opens one of the export's files in dir, refusing anything
// but a regular file of its own: a symbolic or hard link would let
// whoever can write to the folder have districtd read, and quote in its
// errors, a file they cannot read themselves.
func openExport(dir, name string) (*os.File, error) {
	path := filepath.Join(dir, name)
	st, err := os.Lstat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil, fmt.Errorf("%s: %w", name, os.ErrNotExist)
	case err != nil:
		return nil, fmt.Errorf("%s: %w", name, err)
	case st.Mode()&os.ModeSymlink != 0:
		return nil, fmt.Errorf("%s is a symbolic link; districtd reads only the files themselves, so put the export in %s", name, dir)
	case !st.Mode().IsRegular():
		return nil, fmt.Errorf("%s is not a regular file; districtd reads only the files a district exports", name)
	case links(st) > 1:
		return nil, fmt.Errorf("%s has other names (hard links) elsewhere; districtd reads only files of the export's own, so copy it into %s", name, dir)
	}
	file, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	// The file opened must be the one looked at, not one swapped in since.
	if now, err := file.Stat(); err != nil || !os.SameFile(st, now) {
		file.Close()
		return nil, fmt.Errorf("%s changed while districtd opened it; try again", name)
	}
	return file, nil
}
