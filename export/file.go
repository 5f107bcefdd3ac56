package export

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
)

// WriteFile writes the file at path through a temporary file beside it,
// renamed over it only once write has succeeded, so a failed or cancelled
// export leaves what was there before, never half a file. It reports
// whether a file was there before and is now replaced. An empty file is
// not counted: a save dialog creates the file it is given before Cabinet
// writes it, and a person who chose a new name replaced nothing.
func WriteFile(path string, write func(io.Writer) error) (replaced bool, err error) {
	f, err := os.CreateTemp(filepath.Dir(path), ".cabinet-export-*")
	if err != nil {
		return false, fmt.Errorf("writing %s: %w", path, err)
	}
	defer os.Remove(f.Name())
	if err := write(f); err != nil {
		f.Close()
		return false, err
	}
	if err := f.Close(); err != nil {
		return false, fmt.Errorf("writing %s: %w", path, err)
	}
	// CreateTemp makes the file private; an export is for sharing.
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		return false, fmt.Errorf("writing %s: %w", path, err)
	}
	st, statErr := os.Stat(path)
	if err := os.Rename(f.Name(), path); err != nil {
		return false, fmt.Errorf("writing %s: %w", path, err)
	}
	return statErr == nil && st.Size() > 0, nil
}

// Written is what Files did in its folder.
type Written struct {
	// Paths are the files written, the index last.
	Paths []string
	// Replaced are those of Paths that were there before.
	Replaced []string
	// Removed are files an earlier export's index listed that this export
	// does not write, such as the last slides of a longer deck.
	Removed []string
}

// writeBytes writes one file of Files and records it.
func (w *Written) writeBytes(path string, body []byte) error {
	replaced, err := WriteFile(path, func(f io.Writer) error {
		_, err := f.Write(body)
		return err
	})
	if err != nil {
		return err
	}
	w.Paths = append(w.Paths, path)
	if replaced {
		w.Replaced = append(w.Replaced, path)
	}
	return nil
}

// removeStale deletes the slide files the folder's old index lists that
// this export did not write. Only files an index names go: whatever else
// the folder holds is not Cabinet's to remove.
func (w *Written) removeStale(dir string, old []string) error {
	for _, name := range old {
		path := filepath.Join(dir, name)
		if name == "" || name != filepath.Base(name) || slices.Contains(w.Paths, path) {
			continue
		}
		err := os.Remove(path)
		switch {
		case err == nil:
			w.Removed = append(w.Removed, path)
		case !errors.Is(err, os.ErrNotExist):
			return fmt.Errorf("removing %s, left from an earlier export: %w", path, err)
		}
	}
	return nil
}

// indexedFiles reads the file names an earlier export's index lists, if
// the folder has one that can be read.
func indexedFiles(dir string) []string {
	f, err := os.Open(filepath.Join(dir, IndexFile))
	if err != nil {
		return nil
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil || len(rows) == 0 {
		return nil
	}
	col := slices.Index(rows[0], "File")
	if col < 0 {
		return nil
	}
	var names []string
	for _, r := range rows[1:] {
		if col < len(r) {
			names = append(names, r[col])
		}
	}
	return names
}
