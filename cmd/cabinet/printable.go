package main

import (
	"io"

	"github.com/cabinetapp/cabinet/district"
)

// printable passes what a command prints with nothing in it that a
// terminal would act on rather than show: names and messages that came
// from a server (and a cache written before names were tamed as they are
// stored) may hold escape sequences that retitle the window, clear the
// screen or write the clipboard, and bidirectional overrides that reorder
// a line. Lines and tabs are kept.
type printable struct{ w io.Writer }

func (p printable) Write(b []byte) (int, error) {
	if _, err := io.WriteString(p.w, district.Printable(string(b))); err != nil {
		return 0, err
	}
	return len(b), nil
}

// terminal is the writer beneath w: the progress line's own control
// sequences go to it unfiltered.
func terminal(w io.Writer) io.Writer {
	if p, ok := w.(printable); ok {
		return p.w
	}
	return w
}
