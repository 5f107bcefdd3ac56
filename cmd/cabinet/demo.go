package main

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/district/demo"
)

// runDemo writes a generated demo district into the cache, for a first look
// without the app's first run, and for benchmarks at any size. It replaces
// an earlier demo and leaves real sources' data alone (which are shown in
// preference to it).
func runDemo(ctx context.Context, e env, args []string) int {
	fs, data := newFlags(e, "demo", "cabinet demo [--data DIR] [--schools N] [--years N] [--seed N]")
	def := demo.Default(time.Now())
	schools := fs.Int("schools", def.Schools, "number of schools")
	years := fs.Int("years", def.Years, "years of monthly history")
	seed := fs.Uint64("seed", def.Seed, "random seed; the same seed gives the same district")
	if code := parse(fs, e, args); code >= 0 {
		return code
	}
	if *schools < 1 || *schools > 5000 || *years < 1 || *years > 30 {
		fmt.Fprintln(e.stderr, "demo: --schools must be 1 to 5000 and --years 1 to 30")
		return exitUsage
	}
	path := filepath.Join(dataDir(*data, e.getenv), cache.FileName)
	c, err := cache.Open(ctx, path)
	if err != nil {
		fmt.Fprintf(e.stderr, "demo: %v\n", err)
		return exitFail
	}
	defer c.Close()
	if c.Recovered != nil {
		fmt.Fprintln(e.stderr, c.Recovered)
	}
	cfg := demo.Config{Seed: *seed, Schools: *schools, Years: *years, End: district.Month(time.Now())}
	start := time.Now()
	if err := seedDemo(ctx, c, demo.New(cfg)); err != nil {
		fmt.Fprintf(e.stderr, "demo: writing the demo district to %s: %v\n", path, err)
		return exitFail
	}
	fmt.Fprintf(e.stdout, "Wrote a demo district of %d schools and %d years to %s in %v.\n", *schools, *years, path, time.Since(start).Round(time.Millisecond))
	return exitOK
}

// seedDemo writes a generated demo district into the cache, replacing any
// earlier demo. Real sources' data are left alone.
func seedDemo(ctx context.Context, c *cache.Cache, d *demo.District) error {
	return c.Write(ctx, cache.DemoSource, cache.Replace, func(w *cache.Writer) error { return d.Put(w) })
}

// seedDefault fills an empty cache with the demo district a first run shows.
func seedDefault(c *cache.Cache) func(context.Context) error {
	return func(ctx context.Context) error { return seedDemo(ctx, c, demo.New(demo.Default(time.Now()))) }
}
