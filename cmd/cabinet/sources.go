package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/sync/engine"
	"github.com/cabinetapp/cabinet/sync/summaryapi"
)

// kinds are the kinds of source this Cabinet can sync. A new connector is
// one package and one line here.
func kinds() []engine.Kind {
	return []engine.Kind{summaryapi.Kind()}
}

// openEngine opens the cache in the data folder and a sync engine over it.
func openEngine(ctx context.Context, e env, data string) (*engine.Engine, *cache.Cache, error) {
	dir := dataDir(data, e.getenv)
	c, err := cache.Open(ctx, filepath.Join(dir, cache.FileName))
	if err != nil {
		return nil, nil, err
	}
	if c.Recovered != nil {
		fmt.Fprintf(e.stderr, "cabinet: %s\n", c.Recovered)
	}
	return engine.New(dir, c, engine.Options{Kinds: kinds(), Version: Version, Getenv: e.getenv}), c, nil
}

// runSource is `cabinet source add|list|remove|test`.
func runSource(ctx context.Context, e env, args []string) int {
	subs := map[string]func(context.Context, env, []string) int{
		"add": sourceAdd, "list": sourceList, "remove": sourceRemove, "test": sourceTest,
	}
	if len(args) == 0 || subs[args[0]] == nil {
		fmt.Fprintln(e.stderr, `Usage:
  cabinet source add NAME --url URL [--kind summaryapi] (--token-env VAR | --token-stdin) [--option NAME=VALUE]...
  cabinet source list
  cabinet source remove NAME
  cabinet source test NAME
Every one takes --data DIR.`)
		if len(args) > 0 && (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
			return exitOK
		}
		return exitUsage
	}
	return subs[args[0]](ctx, e, args[1:])
}

// nameFirst takes the NAME that comes before a command's flags.
func nameFirst(args []string) (string, []string) {
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		return args[0], args[1:]
	}
	return "", args
}

// options collects repeated --option NAME=VALUE flags.
type options map[string]string

func (o options) String() string { return "" }

func (o options) Set(v string) error {
	name, value, ok := strings.Cut(v, "=")
	if !ok || name == "" {
		return fmt.Errorf("%q is not NAME=VALUE", v)
	}
	o[name] = value
	return nil
}

func sourceAdd(ctx context.Context, e env, args []string) int {
	name, args := nameFirst(args)
	fs, data := newFlags(e, "source add", "cabinet source add NAME --url URL [--kind KIND] (--token-env VAR | --token-stdin) [--option NAME=VALUE]...")
	kind := fs.String("kind", summaryapi.KindName, "kind of source: "+kindList())
	url := fs.String("url", "", "the source's address (https, or http to this computer)")
	tokenEnv := fs.String("token-env", "", "read the token from environment variable `VAR` at sync time; it is never written down")
	tokenStdin := fs.Bool("token-stdin", false, "read the token from standard input and keep it in the system keyring")
	opts := options{}
	fs.Var(opts, "option", "a setting of the kind, `NAME=VALUE` (repeatable)")
	if code := parse(fs, e, args); code >= 0 {
		return code
	}
	switch {
	case name == "":
		fmt.Fprintln(e.stderr, "source add: name the source: cabinet source add NAME --url URL ...")
		return exitUsage
	case *url == "":
		fmt.Fprintln(e.stderr, "source add: --url is required")
		return exitUsage
	case (*tokenEnv == "") == !*tokenStdin:
		fmt.Fprintln(e.stderr, "source add: give exactly one of --token-env VAR and --token-stdin")
		return exitUsage
	}
	var secret string
	if *tokenStdin {
		b, err := io.ReadAll(io.LimitReader(e.stdin, 64<<10))
		if err != nil {
			fmt.Fprintf(e.stderr, "cabinet: reading the token from standard input: %v\n", err)
			return exitFail
		}
		if secret = strings.TrimSpace(string(b)); secret == "" {
			fmt.Fprintln(e.stderr, "source add: standard input held no token")
			return exitUsage
		}
	}
	eng, c, err := openEngine(ctx, e, *data)
	if err != nil {
		fmt.Fprintf(e.stderr, "cabinet: %v\n", err)
		return exitFail
	}
	defer c.Close()
	if _, err := eng.Source(name); err == nil {
		fmt.Fprintf(e.stderr, "cabinet: %s: a source of that name exists; remove it first to replace it\n", name)
		return exitFail
	}
	cfg := engine.SourceConfig{Name: name, Kind: *kind, URL: *url, SecretEnv: *tokenEnv, Options: opts}
	if len(opts) == 0 {
		cfg.Options = nil
	}
	if err := eng.SaveSource(cfg, secret); err != nil {
		fmt.Fprintf(e.stderr, "cabinet: %v\n", err)
		if errors.Is(err, engine.ErrNoKeyring) {
			fmt.Fprintf(e.stderr, "cabinet: for example: export %s_TOKEN=...; cabinet source add %s --url %s --token-env %s_TOKEN\n",
				envName(name), name, *url, envName(name))
		}
		return exitFail
	}
	where := "in the system keyring"
	if *tokenEnv != "" {
		where = "read from $" + *tokenEnv + " at each sync"
	}
	fmt.Fprintf(e.stdout, "Added %s (%s at %s); its token is %s. Run 'cabinet sync' to fetch its data.\n", name, *kind, *url, where)
	return exitOK
}

func envName(source string) string {
	return strings.ToUpper(strings.NewReplacer("-", "_").Replace(source))
}

func kindList() string {
	var names []string
	for _, k := range kinds() {
		names = append(names, k.Name)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

func sourceList(ctx context.Context, e env, args []string) int {
	fs, data := newFlags(e, "source list", "cabinet source list")
	if code := parse(fs, e, args); code >= 0 {
		return code
	}
	eng, c, err := openEngine(ctx, e, *data)
	if err != nil {
		fmt.Fprintf(e.stderr, "cabinet: %v\n", err)
		return exitFail
	}
	defer c.Close()
	sources, err := eng.Sources()
	if err != nil {
		fmt.Fprintf(e.stderr, "cabinet: %v\n", err)
		return exitFail
	}
	if len(sources) == 0 {
		fmt.Fprintln(e.stdout, "No sources yet; add one with 'cabinet source add NAME --url URL --token-env VAR'.")
		return exitOK
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tKIND\tURL\tTOKEN")
	for _, s := range sources {
		secret := "none"
		switch {
		case s.SecretEnv != "":
			secret = "$" + s.SecretEnv
		case s.Keyring:
			secret = "keyring"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", s.Name, s.Kind, s.URL, secret)
	}
	tw.Flush()
	return exitOK
}

func sourceRemove(ctx context.Context, e env, args []string) int {
	return withSource(ctx, e, args, "remove", func(eng *engine.Engine, name string) int {
		if err := eng.RemoveSource(ctx, name); err != nil {
			fmt.Fprintf(e.stderr, "cabinet: %v\n", err)
			return exitFail
		}
		fmt.Fprintf(e.stdout, "Removed %s, its token and its data.\n", name)
		return exitOK
	})
}

func sourceTest(ctx context.Context, e env, args []string) int {
	return withSource(ctx, e, args, "test", func(eng *engine.Engine, name string) int {
		cfg, err := eng.Source(name)
		if err == nil {
			var what string
			if what, err = eng.Test(ctx, cfg, ""); err == nil {
				fmt.Fprintf(e.stdout, "%s: %s.\n", name, what)
				return exitOK
			}
		}
		fmt.Fprintf(e.stderr, "cabinet: %v\n", err)
		return exitFail
	})
}

// withSource parses `cabinet source VERB NAME` and runs fn on an open engine.
func withSource(ctx context.Context, e env, args []string, verb string, fn func(*engine.Engine, string) int) int {
	name, args := nameFirst(args)
	fs, data := newFlags(e, "source "+verb, "cabinet source "+verb+" NAME")
	if code := parse(fs, e, args); code >= 0 {
		return code
	}
	if name == "" {
		fmt.Fprintf(e.stderr, "source %s: name the source\n", verb)
		return exitUsage
	}
	eng, c, err := openEngine(ctx, e, *data)
	if err != nil {
		fmt.Fprintf(e.stderr, "cabinet: %v\n", err)
		return exitFail
	}
	defer c.Close()
	return fn(eng, name)
}
