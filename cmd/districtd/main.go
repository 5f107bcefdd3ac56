// Command districtd is the reference District Summary API server. It serves
// a generated demo district, a district's own CSV exports, or the views of
// its PostgreSQL warehouse, to Cabinet over the API that api/summaryapi.yaml
// describes.
//
//	districtd --listen 127.0.0.1:8080 --token-file FILE [--schools 24 --years 5 --seed 2026 | --dir DIR | --postgres DSN]
//	districtd --postgres DSN --load-demo --schools N --years Y [--seed S]
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
	flagToken := fs.String("token", "", "bearer token clients must send; every user of this computer can read it in the process list, so prefer --token-file or $"+TokenEnv)
	tokenFile := fs.String("token-file", "", "read the bearer token clients must send from `file` (default: $"+TokenEnv+")")
	insecure := fs.Bool("insecure-http", false, "serve plain http on an address other computers can reach (without it, such an address needs --cert and --key)")
	maxConns := fs.Int("max-conns", DefaultLimits.Conns, "the most connections served at once; more wait their turn")
	writeTimeout := fs.Duration("write-timeout", DefaultLimits.Write, "drop a client that takes longer than this to read an answer")
	schools := fs.Int("schools", 24, "demo district: number of schools")
	years := fs.Int("years", 5, "demo district: years of monthly history")
	seed := fs.Uint64("seed", 2026, "demo district: random seed")
	end := fs.String("end", "", "demo district: newest month, YYYY-MM (default: this month)")
	dir := fs.String("dir", "", "serve the district's CSV exports in `DIR` instead of the demo district")
	pgDSN := fs.String("postgres", "", "serve the views of the district's PostgreSQL warehouse that `DSN` reaches instead (docs/districtd-postgres.md)")
	pgConns := fs.Int("pg-max-conns", server.DefaultPostgresConns, "the most connections to PostgreSQL at once")
	pgTimeout := fs.Duration("pg-timeout", server.DefaultPostgresWait, "end any PostgreSQL statement that runs longer")
	loadDemoFlag := fs.Bool("load-demo", false, "with --postgres: create the demo warehouse's tables and views, load the demo district of --schools, --years, --seed and --end into it, and exit")
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
	switch {
	case *pgDSN != "" && *dir != "":
		fmt.Fprintln(stderr, "districtd: serve --dir or --postgres, not both")
		return 2
	case *pgConns < 1 || *pgTimeout <= 0:
		fmt.Fprintln(stderr, "districtd: --pg-max-conns and --pg-timeout must be above zero")
		return 2
	case *loadDemoFlag && *pgDSN == "":
		fmt.Fprintln(stderr, "districtd: --load-demo needs --postgres DSN, the warehouse to load")
		return 2
	case *loadDemoFlag:
		cfg, err := demoConfig(*schools, *years, *seed, *end)
		if err != nil {
			fmt.Fprintf(stderr, "districtd: %v\n", err)
			return 2
		}
		return loadDemo(ctx, *pgDSN, cfg, stderr)
	}
	secret, err := token(*flagToken, *tokenFile, getenv, stderr)
	switch {
	case errors.Is(err, errUsage):
		fmt.Fprintf(stderr, "districtd: %s\n", strings.TrimPrefix(err.Error(), errUsage.Error()+": "))
		return 2
	case err != nil:
		fmt.Fprintf(stderr, "districtd: %v\n", err)
		return 1
	}
	if (*cert == "") != (*key == "") {
		fmt.Fprintln(stderr, "districtd: --cert and --key go together")
		return 2
	}
	if *maxConns < 1 || *writeTimeout <= 0 {
		fmt.Fprintln(stderr, "districtd: --max-conns and --write-timeout must be above zero")
		return 2
	}
	if *cert == "" && !*insecure && !loopback(*listen) {
		fmt.Fprintf(stderr, "districtd: refusing to serve plain http on %s, which other computers can reach: the token and the district's data would cross the network unencrypted; give --cert and --key, listen on 127.0.0.1, or add --insecure-http if a proxy in front of districtd encrypts the traffic\n", *listen)
		return 2
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	var src server.Source
	var what []any
	switch {
	case *pgDSN != "":
		p, err := openWarehouse(ctx, *pgDSN, *pgConns, *pgTimeout, log, stderr)
		if err != nil {
			fmt.Fprintf(stderr, "districtd: refusing to start: %v\n", err)
			return 1
		}
		defer p.Close()
		src, what = p, []any{"warehouse", p.Where()}
	case *dir != "":
		data, err := server.LoadCSV(*dir)
		if err != nil {
			fmt.Fprintf(stderr, "districtd: refusing to start: %v\n", err)
			return 1
		}
		src, what = server.NewStore(data), []any{"district", data.Profile().Name, "observations", data.ObservationCount()}
	default:
		cfg, err := demoConfig(*schools, *years, *seed, *end)
		if err != nil {
			fmt.Fprintf(stderr, "districtd: %v\n", err)
			return 2
		}
		data := server.Demo(cfg)
		src, what = server.NewStore(data), []any{"district", data.Profile().Name, "observations", data.ObservationCount()}
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		fmt.Fprintf(stderr, "districtd: %v\n", err)
		return 1
	}
	limits := DefaultLimits
	limits.Conns, limits.Write = *maxConns, *writeTimeout
	g := newGuard(limits.Conns, limits.Unauthenticated)
	ln = g.listen(ln)
	srv := &http.Server{
		Handler:           g.admit(limitBody(server.Handler(src, server.Options{Token: secret, Logger: log}), limits.Body), secret),
		ConnContext:       g.connContext,
		ReadHeaderTimeout: limits.Header,
		ReadTimeout:       limits.Read,
		WriteTimeout:      limits.Write,
		IdleTimeout:       limits.Idle,
		MaxHeaderBytes:    limits.HeaderBytes,
	}
	scheme := "http"
	if *cert != "" {
		scheme = "https"
	}
	log.Info("serving the District Summary API", append([]any{"url", scheme + "://" + ln.Addr().String()}, what...)...)
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

// Limits bound what one client can hold of the server: time to send a
// request and to read the answer, time kept idle, the size of a request's
// header and body, how many connections that have shown the token are
// served at once, and how many that have not yet may be open.
type Limits struct {
	Header, Read, Write, Idle time.Duration
	HeaderBytes               int
	Body                      int64
	Conns                     int
	Unauthenticated           int
}

// DefaultLimits are the server's limits; --max-conns and --write-timeout
// change two of them.
var DefaultLimits = Limits{Header: 10 * time.Second, Read: 30 * time.Second, Write: time.Minute, Idle: time.Minute,
	HeaderBytes: 16 << 10, Body: 64 << 10, Conns: 128, Unauthenticated: 32}

// limitBody refuses a request body over n bytes: the API only reads.
func limitBody(h http.Handler, n int64) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, n)
		h.ServeHTTP(w, r)
	})
}

// loopback reports whether the listen address reaches only this computer.
func loopback(listen string) bool {
	host, _, err := net.SplitHostPort(listen)
	if err != nil {
		return false
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func usage(fs *flag.FlagSet) {
	w := fs.Output()
	fmt.Fprint(w, `Usage: districtd [flags]

districtd serves the District Summary API (api/summaryapi.yaml) for Cabinet:
a generated demo district by default, with --dir a district's own CSV
exports, or with --postgres the views of its PostgreSQL warehouse
(docs/districtd-postgres.md; --load-demo makes a demo warehouse). Every
request needs "Authorization: Bearer TOKEN" (the scheme in
any case). It stops cleanly on SIGINT or SIGTERM.

The token: at least 16 characters (openssl rand -hex 16 makes one). Put it
in a file only its owner can read (chmod 600) and give --token-file FILE,
or set DISTRICTD_TOKEN. A token file others can read, or a shorter token,
is refused. --token works but warns: every user of this computer can read
a command line.

Plain http is served only on a loopback address (127.0.0.1, ::1,
localhost). On any other address give --cert and --key, or --insecure-http
when a proxy in front of districtd encrypts the traffic.

Limits, so slow or hostile clients cannot exhaust the server: a request's
header must arrive within 10s and all of it within 30s; an answer must be
read within --write-timeout (1m); an idle connection is closed after 1m;
headers are limited to 16 KiB and request bodies to 64 KiB; at most
--max-conns (128) connections that have shown the token are served at once,
and more wait their turn. A request without the token is answered 401 and
its connection closed; at most 32 connections that have not yet shown the
token are open at once, the oldest closed to make room, so clients without
it cannot keep out one that has it.

Flags:
`)
	fs.PrintDefaults()
	fmt.Fprint(w, `
CSV files for --dir (UTF-8, comma-separated, a header row naming the columns
in any order; dates are YYYY-MM-DD and periods the first day of a month; an
empty school means the whole district). A bad file is refused at start with
its file, line and column; a symbolic link, a hard link or anything but a
regular file is refused, and a header is never quoted. See
docs/districtd-csv.md.
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
