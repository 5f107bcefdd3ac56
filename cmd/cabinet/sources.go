package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/sync/engine"
	"github.com/cabinetapp/cabinet/sync/googleadmin"
	"github.com/cabinetapp/cabinet/sync/iiq"
	"github.com/cabinetapp/cabinet/sync/oneroster"
	"github.com/cabinetapp/cabinet/sync/rt"
	"github.com/cabinetapp/cabinet/sync/snipeit"
	"github.com/cabinetapp/cabinet/sync/summaryapi"
)

// kinds are the kinds of source this Cabinet can sync. A new connector is
// one package and one line here.
func kinds() []engine.Kind {
	return []engine.Kind{summaryapi.Kind(), snipeit.Kind(), oneroster.Kind(), rt.Kind(), iiq.Kind(), googleadmin.Kind()}
}

// openEngine opens the cache in the data folder and a sync engine over it.
// When it cannot, it says why and gives the exit code to stop with;
// otherwise the code is -1.
func openEngine(ctx context.Context, e env, data string) (*engine.Engine, *cache.Cache, int) {
	dir := dataDir(data, e.getenv)
	c, err := cache.Open(ctx, filepath.Join(dir, cache.FileName))
	if err != nil {
		fmt.Fprintf(e.stderr, "cabinet: %v\n", err)
		return nil, nil, exitFail
	}
	if c.Recovered != nil {
		fmt.Fprintf(e.stderr, "cabinet: %s\n", c.Recovered)
	}
	c.Now = e.clock
	return engine.New(dir, c, engine.Options{Kinds: kinds(), Version: Version, Getenv: e.getenv}), c, -1
}

// runSource is `cabinet source add|list|remove|test|map`.
func runSource(ctx context.Context, e env, args []string) int {
	subs := map[string]func(context.Context, env, []string) int{
		"add": sourceAdd, "list": sourceList, "remove": sourceRemove, "test": sourceTest, "map": sourceMap,
	}
	if len(args) == 0 || subs[args[0]] == nil {
		fmt.Fprintln(e.stderr, `Usage:
  cabinet source add NAME --url URL [--kind KIND] (--token-env VAR | --token-stdin) [--OPTION VALUE]...
  cabinet source list
  cabinet source remove NAME
  cabinet source test NAME
  cabinet source map NAME [--unmatched]
  cabinet source map NAME ID (SCHOOL | --none | --clear)
Every one takes --data DIR. Kinds:
  summaryapi  the District Summary API: --token-env VAR
  snipeit     Snipe-IT: --token-env VAR [--technicians N] [--broken-labels L,...] [--retired-labels L,...] [--refresh-years N] [--aue-field NAME]
  googleadmin Google Admin's Chromebooks: (--key-file KEY.json | --key-stdin) --subject ADMIN-EMAIL [--customer ID] [--url URL]
  oneroster   OneRoster 1.2: --token-url URL --client-id ID --client-secret-env VAR [--scope S]
  iiq         Incident IQ: --token-env VAR --site-id GUID [--sla-days P=DAYS,...] [--pace SECONDS]
  rt          Request Tracker 5: --secret-env VAR [--user NAME] [--schools-by field|queue] [--school-field NAME] [--sla-days P=DAYS,...]
Every kind: [--max-pages N] [--max-items N] raise the most read from one collection;
  [--deadline D] is the longest a sync of the source may take (default 10m).
'cabinet source add --help' lists every setting.`)
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
	fs, data := newFlags(e, "source add", "cabinet source add NAME --url URL [--kind KIND] (--SECRET-env VAR | --SECRET-stdin) [--OPTION VALUE]...")
	kind := fs.String("kind", summaryapi.KindName, "kind of source: "+kindList())
	url := fs.String("url", "", "the source's address (https, or http to this computer)")
	secret := secretFlags(fs)
	opts := options{}
	fs.Var(opts, "option", "a setting of the kind, `NAME=VALUE` (repeatable)")
	optionFlags(fs, opts)
	if code := parse(fs, e, args); code >= 0 {
		return code
	}
	k := kindNamed(*kind)
	flag := secretFlag(k)
	file := k.SecretFile != "" && opts[k.SecretFile] != ""
	given := 0
	for _, b := range []bool{secret.env != "", secret.stdin, file} {
		if b {
			given++
		}
	}
	if *url == "" {
		*url = k.DefaultURL
	}
	switch {
	case name == "":
		fmt.Fprintln(e.stderr, "source add: name the source: cabinet source add NAME --url URL ...")
		return exitUsage
	case *url == "":
		fmt.Fprintln(e.stderr, "source add: --url is required")
		return exitUsage
	case given != 1 && k.SecretFile != "":
		fmt.Fprintf(e.stderr, "source add: give exactly one of --%s-env VAR, --%s-stdin and --%s PATH\n", flag, flag, strings.ReplaceAll(k.SecretFile, "_", "-"))
		return exitUsage
	case given != 1:
		fmt.Fprintf(e.stderr, "source add: give exactly one of --%s-env VAR and --%s-stdin\n", flag, flag)
		return exitUsage
	}
	if file {
		// The file is read at each sync, from wherever Cabinet runs.
		abs, err := filepath.Abs(opts[k.SecretFile])
		if err != nil {
			fmt.Fprintf(e.stderr, "cabinet: %v\n", err)
			return exitFail
		}
		opts[k.SecretFile] = abs
	}
	var value string
	if secret.stdin {
		b, err := io.ReadAll(io.LimitReader(e.stdin, 64<<10))
		if err != nil {
			fmt.Fprintf(e.stderr, "cabinet: reading the %s from standard input: %v\n", k.Secret, err)
			return exitFail
		}
		if value = strings.TrimSpace(string(b)); value == "" {
			fmt.Fprintf(e.stderr, "source add: standard input held no %s\n", k.Secret)
			return exitUsage
		}
	}
	eng, c, code := openEngine(ctx, e, *data)
	if code >= 0 {
		return code
	}
	defer c.Close()
	if _, err := eng.Source(name); err == nil {
		fmt.Fprintf(e.stderr, "cabinet: %s: a source of that name exists; remove it first to replace it\n", name)
		return exitFail
	}
	cfg := engine.SourceConfig{Name: name, Kind: *kind, URL: *url, SecretEnv: secret.env, Options: opts}
	if len(opts) == 0 {
		cfg.Options = nil
	}
	if err := eng.SaveSource(cfg, value); err != nil {
		fmt.Fprintf(e.stderr, "cabinet: %v\n", err)
		if errors.Is(err, engine.ErrNoKeyring) {
			variable := envName(name + "_" + flag)
			fmt.Fprintf(e.stderr, "cabinet: for example: export %s=...; cabinet source add %s --kind %s --url %s ... --%s-env %s\n",
				variable, name, *kind, *url, flag, variable)
		}
		return exitFail
	}
	where := "in the system keyring"
	switch {
	case secret.env != "":
		where = "read from $" + secret.env + " at each sync"
	case file:
		where = "read from " + opts[k.SecretFile] + " at each sync"
	}
	fmt.Fprintf(e.stdout, "Added %s (%s at %s); its %s is %s. Run 'cabinet sync' to fetch its data.\n", name, *kind, *url, k.Secret, where)
	return exitOK
}

// secret is where `source add` is told to find a source's secret.
type secret struct {
	env   string
	stdin bool
}

// secretFlags defines --token-env and --token-stdin, and the same under
// the name of each kind's secret: --client-secret-env for OneRoster.
func secretFlags(fs *flag.FlagSet) *secret {
	s := &secret{}
	names := []string{"token"}
	for _, k := range kinds() {
		if f := secretFlag(k); !slices.Contains(names, f) {
			names = append(names, f)
		}
	}
	for _, n := range names {
		words := strings.ReplaceAll(n, "-", " ")
		fs.StringVar(&s.env, n+"-env", "", "read the "+words+" from environment variable `VAR` at sync time; it is never written down")
		fs.BoolVar(&s.stdin, n+"-stdin", false, "read the "+words+" from standard input and keep it in the system keyring")
	}
	return s
}

// secretFlag is the kind's secret as flags name it: "token",
// "client-secret".
func secretFlag(k engine.Kind) string {
	if k.Secret == "" {
		return "token"
	}
	return strings.ReplaceAll(k.Secret, " ", "-")
}

// optionFlags makes each kind's settings a flag of its own: token_url is
// --token-url.
func optionFlags(fs *flag.FlagSet, opts options) {
	usage := map[string][]string{}
	var names []string
	for _, k := range kinds() {
		for _, o := range k.Options {
			if usage[o.Name] == nil {
				names = append(names, o.Name)
			}
			usage[o.Name] = append(usage[o.Name], k.Name+": "+o.Usage)
		}
	}
	for _, o := range engine.CommonOptions {
		names = append(names, o.Name)
		usage[o.Name] = []string{"every kind: " + o.Usage}
	}
	for _, n := range names {
		fs.Func(strings.ReplaceAll(n, "_", "-"), strings.Join(usage[n], "; "), func(v string) error {
			opts[n] = v
			return nil
		})
	}
}

// kindNamed finds a kind by name; an unknown one is left for the engine to
// refuse in words.
func kindNamed(name string) engine.Kind {
	for _, k := range kinds() {
		if k.Name == name {
			return k
		}
	}
	return engine.Kind{Name: name, Secret: "token"}
}

func envName(s string) string {
	return strings.ToUpper(strings.NewReplacer("-", "_").Replace(s))
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
	eng, c, code := openEngine(ctx, e, *data)
	if code >= 0 {
		return code
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
	fmt.Fprintln(tw, "NAME\tKIND\tURL\tSECRET")
	for _, s := range sources {
		secret := "none"
		switch k := kindNamed(s.Kind); {
		case k.SecretFile != "" && s.Options[k.SecretFile] != "":
			secret = s.Options[k.SecretFile]
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
	eng, c, code := openEngine(ctx, e, *data)
	if code >= 0 {
		return code
	}
	defer c.Close()
	return fn(eng, name)
}
