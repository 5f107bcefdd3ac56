package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/deck"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/ui"
)

// runPresent opens a deck in presentation: the slide window full screen and
// the presenter view beside it.
func runPresent(ctx context.Context, e env, args []string) int {
	fs, data := newFlags(e, "present", "cabinet present [--data DIR] [--deck NAME] [--windowed]")
	name := fs.String("deck", deck.BriefingName, "the deck to present")
	windowed := fs.Bool("windowed", false, "keep the slide window out of full screen")
	if code := parse(fs, e, args); code >= 0 {
		return code
	}
	c, err := cache.Open(ctx, filepath.Join(dataDir(*data, e.getenv), cache.FileName))
	if err != nil {
		fmt.Fprintf(e.stderr, "present: %v\n", err)
		return exitFail
	}
	defer c.Close()
	if c.Recovered != nil {
		fmt.Fprintln(e.stderr, c.Recovered)
	}
	if err := ui.Present(ctx, newApp(), c, ui.Options{Windowed: *windowed, Seed: seedDefault(c)}, *name); err != nil {
		if errors.Is(err, district.ErrNotFound) {
			// The sentence names the decks there are.
			fmt.Fprintf(e.stderr, "present: %v.\n", err)
			return exitUsage
		}
		fmt.Fprintf(e.stderr, "present: %v\n", err)
		return exitFail
	}
	return exitOK
}
