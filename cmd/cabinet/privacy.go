package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/panel"
)

// runPrivacy is `cabinet privacy`: the district's privacy threshold, read
// or set without the window, as under Sources → Student privacy.
func runPrivacy(ctx context.Context, e env, args []string) int {
	fs, data := newFlags(e, "privacy", "cabinet privacy [--data DIR] [--threshold N]")
	threshold := fs.Int("threshold", district.DefaultSuppressionThreshold,
		fmt.Sprintf("hide values about students resting on fewer than N students (%d to %d)", district.MinSuppressionThreshold, district.MaxSuppressionThreshold))
	if code := parse(fs, e, args); code >= 0 {
		return code
	}
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == "threshold" })
	dir := dataDir(*data, e.getenv)
	path := filepath.Join(dir, cache.FileName)
	if set {
		if err := district.CheckThreshold(*threshold); err != nil {
			fmt.Fprintf(e.stderr, "privacy: %s.\n", err)
			return exitUsage
		}
	} else if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		// Reading the setting creates no cache in a folder that was mistyped.
		fmt.Fprintf(e.stdout, "There is no cache in %s yet, so the threshold is the default: %s\n", dir, hiddenBelow(district.DefaultSuppressionThreshold))
		return exitOK
	}
	c, err := cache.Open(ctx, path)
	if err != nil {
		fmt.Fprintf(e.stderr, "privacy: %v\n", err)
		return exitFail
	}
	defer c.Close()
	if c.Recovered != nil {
		fmt.Fprintln(e.stderr, c.Recovered)
	}
	if set {
		if err := c.SetSuppressionThreshold(ctx, *threshold); err != nil {
			fmt.Fprintf(e.stderr, "privacy: %v\n", err)
			return exitFail
		}
		fmt.Fprintf(e.stdout, "Saved: values resting on fewer than %d students are now hidden everywhere.\n", *threshold)
		return exitOK
	}
	s, err := c.Suppression(ctx)
	if err != nil {
		fmt.Fprintf(e.stderr, "privacy: %v\n", err)
		return exitFail
	}
	fmt.Fprintln(e.stdout, hiddenBelow(s.MinStudents()))
	if c.Empty() {
		return exitOK
	}
	snap, err := c.Read(ctx)
	if err == nil {
		var b *panel.Board
		if b, err = panel.NewBoard(ctx, snap, s); err == nil {
			var note string
			if note, err = b.OverlapNote(ctx); note != "" {
				fmt.Fprintln(e.stdout, note)
			}
			b.Release()
		}
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "privacy: %v\n", err)
		return exitFail
	}
	return exitOK
}

// hiddenBelow says what a threshold does, and how to change it.
func hiddenBelow(threshold int) string {
	return fmt.Sprintf("Values about students resting on fewer than %d students are hidden in every chart, slide and export, "+
		"and so are values that would let them be worked out. Change it with 'cabinet privacy --threshold N' (%d to %d).",
		threshold, district.MinSuppressionThreshold, district.MaxSuppressionThreshold)
}
