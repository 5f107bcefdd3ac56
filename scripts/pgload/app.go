package main

import (
	"context"
	"os"
	"os/exec"
)

// app is the real cabinet binary with a data folder of its own.
type app struct {
	ctx       context.Context
	bin, data string
}

func newApp(ctx context.Context, bin string) *app {
	data, err := os.MkdirTemp("", "pgload-cabinet-")
	if err != nil {
		fatal("%v", err)
	}
	return &app{ctx: ctx, bin: bin, data: data}
}

func (a *app) remove() { os.RemoveAll(a.data) }

// run runs cabinet with args on its data folder.
func (a *app) run(args ...string) (int, string) {
	cmd := exec.CommandContext(a.ctx, a.bin, append(args, "--data", a.data)...)
	// No keyring: the token is read from the environment.
	cmd.Env = append(os.Environ(), "HOME="+a.data, "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent", "LANG=en_US.UTF-8", "PGLOAD_TOKEN="+token)
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), string(out)
	} else if err != nil {
		fatal("%v", err)
	}
	return 0, string(out)
}
