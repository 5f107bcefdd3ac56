// Command districtd is the reference District Summary API server. It serves
// a generated demo district, or a district's own CSV exports, to Cabinet
// over the API that api/summaryapi.yaml describes.
//
//	districtd --listen 127.0.0.1:8080 --token TOKEN [--schools 24 --years 5 --seed 2026 | --dir DIR]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/cabinetapp/cabinet/district/demo"
	"github.com/cabinetapp/cabinet/sync/summaryapi/server"
)

// TokenEnv is the environment variable that may hold the token.
const TokenEnv = "DISTRICTD_TOKEN"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stderr, os.Getenv, nil)
	stop()
	os.Exit(code)
}

// run runs the server until ctx ends; ready, if set, learns the address it
// listens on.
func run(ctx context.Context, args []string, stderr io.Writer, getenv func(string) string, ready func(addr string)) int {
	fs := flag.NewFlagSet("districtd", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", "127.0.0.1:8080", "address to listen on")
	token := fs.String("token", "", "bearer token clients must send (default $"+TokenEnv+")")
	schools := fs.Int("schools", 24, "demo district: number of schools")
	years := fs.Int("years", 5, "demo district: years of monthly history")
	seed := fs.Uint64("seed", 2026, "demo district: random seed")
	end := fs.String("end", "", "demo district: newest month, YYYY-MM (default: this month)")
	dir := fs.String("dir", "", "serve the district's CSV exports in `DIR` instead of the demo district")
	cert := fs.String("cert", "", "serve https with this certificate `file` (PEM)")
	key := fs.String("key", "", "the certificate's private key `file` (PEM)")
	fs.Usage = func() { usage(fs) }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "districtd: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if *token == "" {
		*token = getenv(TokenEnv)
	}
	if *token == "" {
		fmt.Fprintf(stderr, "districtd: set the token clients must send with --token or %s\n", TokenEnv)
		return 2
	}
	if (*cert == "") != (*key == "") {
		fmt.Fprintln(stderr, "districtd: --cert and --key go together")
		return 2
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	var data server.Dataset
	if *dir != "" {
		var err error
		if data, err = server.LoadCSV(*dir); err != nil {
			fmt.Fprintf(stderr, "districtd: refusing to start: %v\n", err)
			return 1
		}
	} else {
		cfg := demo.Config{Seed: *seed, Schools: *schools, Years: *years, End: time.Now()}
		if *schools < 1 || *years < 1 {
			fmt.Fprintln(stderr, "districtd: --schools and --years must be at least 1")
			return 2
		}
		if *end != "" {
			t, err := time.Parse("2006-01", *end)
			if err != nil {
				fmt.Fprintf(stderr, "districtd: --end %q is not a month like 2026-05\n", *end)
				return 2
			}
			cfg.End = t
		}
		data = server.Demo(cfg)
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		fmt.Fprintf(stderr, "districtd: %v\n", err)
		return 1
	}
	srv := &http.Server{
		Handler:           server.Handler(server.NewStore(data), server.Options{Token: *token, Logger: log}),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	scheme := "http"
	if *cert != "" {
		scheme = "https"
	}
	log.Info("serving the District Summary API", "url", scheme+"://"+ln.Addr().String(), "district", data.Profile().Name,
		"observations", data.ObservationCount())
	if ready != nil {
		ready(ln.Addr().String())
	}
	served := make(chan error, 1)
	go func() {
		if *cert != "" {
			served <- srv.ServeTLS(ln, *cert, *key)
		} else {
			served <- srv.Serve(ln)
		}
	}()
	select {
	case err := <-served:
		fmt.Fprintf(stderr, "districtd: %v\n", err)
		return 1
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		fmt.Fprintf(stderr, "districtd: shutting down: %v\n", err)
		return 1
	}
	return 0
}

func usage(fs *flag.FlagSet) {
	w := fs.Output()
	fmt.Fprint(w, `Usage: districtd [flags]

districtd serves the District Summary API (api/summaryapi.yaml) for Cabinet:
a generated demo district by default, or with --dir a district's own CSV
exports. Every request needs "Authorization: Bearer TOKEN". It stops
cleanly on SIGINT or SIGTERM.

Flags:
`)
	fs.PrintDefaults()
	fmt.Fprint(w, `
CSV files for --dir (UTF-8, comma-separated, a header row naming the columns
in any order; dates are YYYY-MM-DD and periods the first day of a month; an
empty school means the whole district). A bad file is refused at start with
its file, line and column. See docs/districtd-csv.md.
`)
	for _, f := range server.CSVFiles {
		need := "optional"
		if f.Required {
			need = "required"
		}
		cols := strings.Join(f.Columns, ",")
		if len(f.Optional) > 0 {
			cols += " [" + strings.Join(f.Optional, ",") + "]"
		}
		fmt.Fprintf(w, "  %-18s %-8s %s\n", f.Name, need, cols)
	}
}
