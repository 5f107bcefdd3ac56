package main

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/cabinetapp/cabinet/assets"
	"github.com/cabinetapp/cabinet/ui"
)

// openWindow runs the dashboard window until it is closed.
func openWindow(ctx context.Context, e env, args []string) int {
	fs, data := newFlags(e, "cabinet", "cabinet [--data DIR] [--size WxH]")
	size := fs.String("size", "", "first window size in pixels, e.g. 1920x1080")
	fs.Usage = func() {
		usage(fs.Output())
		fmt.Fprintln(fs.Output(), "\nThe dashboard's flags:")
		fs.PrintDefaults()
	}
	if code := parse(fs, e, args); code >= 0 {
		return code
	}
	opts := ui.Options{About: versionLine(), WorkArea: workArea}
	if *size != "" {
		var w, h float32
		if _, err := fmt.Sscanf(*size, "%fx%f", &w, &h); err != nil || w < 400 || h < 300 {
			fmt.Fprintf(e.stderr, "cabinet: --size %q is not a window size like 1366x768\n", *size)
			return exitUsage
		}
		opts.Size = fyne.NewSize(w, h)
	}
	if e.getenv("CABINET_TRACE") != "" {
		// Once when the window is ready, then after each new board (a sync,
		// another program's change).
		opts.Ready = func() { fmt.Fprintln(e.stderr, "cabinet: overview drawn") }
	}
	eng, c, code := openEngine(ctx, e, *data)
	if code >= 0 {
		return code
	}
	defer c.Close()
	opts.Engine = eng
	opts.Seed = seedDefault(c)
	ui.Run(ctx, newApp(), c, opts)
	return exitOK
}

// newApp starts Fyne for Cabinet's windows.
func newApp() fyne.App {
	a := app.NewWithID(AppID)
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.IconPNG))
	return a
}
