// Command cabinet is the Cabinet dashboard: with no command it opens the
// window; its commands sync, report and export without one.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"syscall"
)

// Version is set at build time with -ldflags "-X main.Version=...".
var Version = "dev"

// Exit codes shared by every command.
const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

// env is what a command may touch of the outside world, so tests can run
// commands in process.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
}

// command is one of cabinet's subcommands.
type command struct {
	summary string
	run     func(ctx context.Context, e env, args []string) int
}

// commands lists the subcommands; with none, cabinet opens the window.
var commands = map[string]command{
	"deck":    {"list the decks, or show what a deck's slides say", runDeck},
	"demo":    {"put a generated demo district in the cache", runDemo},
	"export":  {"write a deck as the board packet PDF, or a file per slide", runExport},
	"plan":    {"the replacement plan as figures a CFO can check, and its settings", runPlan},
	"present": {"present a deck full screen, with a presenter view", runPresent},
	"privacy": {"read or set the threshold below which figures about students are hidden", runPrivacy},
	"source":  {"add, list, remove or test the sources Cabinet syncs", runSource},
	"sync":    {"fetch the sources' data into the cache", runSync},
	"status":  {"how fresh each source's data are", runStatus},
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, env{stdin: os.Stdin, stdout: printable{os.Stdout}, stderr: printable{os.Stderr}, getenv: os.Getenv}, os.Args[1:])
	stop()
	os.Exit(code)
}

func run(ctx context.Context, e env, args []string) int {
	if isVersionFlag(args) {
		fmt.Fprintln(e.stdout, versionLine())
		return exitOK
	}
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		if args[0] == "help" {
			usage(e.stdout)
			return exitOK
		}
		cmd, ok := commands[args[0]]
		if !ok {
			fmt.Fprintf(e.stderr, "cabinet: unknown command %q\n\n", args[0])
			usage(e.stderr)
			return exitUsage
		}
		return cmd.run(ctx, e, args[1:])
	}
	return openWindow(ctx, e, args)
}

func usage(w io.Writer) {
	fmt.Fprintf(w, "Cabinet %s: the district leadership dashboard.\n\n", Version)
	fmt.Fprintln(w, "Usage:")
	fmt.Fprintln(w, "  cabinet [--data DIR]            open the dashboard")
	names := make([]string, 0, len(commands))
	for name := range commands {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		fmt.Fprintf(w, "  cabinet %-24s%s\n", name+" ...", commands[name].summary)
	}
	fmt.Fprintln(w, "\nEvery command takes --data DIR (default: $CABINET_DATA, else the app's storage folder).")
	fmt.Fprintln(w, "Run 'cabinet COMMAND --help' for a command's flags.")
}

// newFlags makes a flag set that reports errors the same way for every
// command, with the shared --data flag.
func newFlags(e env, name, synopsis string) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	data := fs.String("data", "", "data folder holding the cache and settings")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs, data
}

// parse parses args and returns the exit code to stop with, or -1 to go on.
func parse(fs *flag.FlagSet, e env, args []string) int {
	// Parse would print the usage itself, to stderr, for --help too; it is
	// printed here instead, once, to where it belongs.
	show := fs.Usage
	fs.Usage = func() {}
	err := fs.Parse(args)
	fs.Usage = show
	switch {
	case errors.Is(err, flag.ErrHelp):
		fs.SetOutput(e.stdout)
		fs.Usage()
		return exitOK
	case err != nil:
		fs.Usage()
		return exitUsage
	case fs.NArg() > 0:
		fmt.Fprintf(e.stderr, "%s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		fs.Usage()
		return exitUsage
	}
	return -1
}
