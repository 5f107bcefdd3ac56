// Package pgtest starts a throwaway PostgreSQL server for the tests and the
// load test of districtd's PostgreSQL store: initdb into a temporary folder
// (as the postgres user when run as root, which initdb refuses to be),
// pg_ctl start on a free port of 127.0.0.1, and a warehouse database with
// the roles docs/districtd-postgres.md describes: a loader that owns the
// tables and views, and districtd's read-only role, given exactly the
// grants that page lists.
package pgtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Env is the variable that asks for the tests against a real PostgreSQL.
const Env = "CABINET_POSTGRES_TEST"

// SkipMessage is the one line a test prints when it is not asked for.
const SkipMessage = "PostgreSQL tests skipped: set " + Env + "=1 (make test-postgres starts a throwaway PostgreSQL 15 and runs them)"

// The warehouse database and its roles, as docs/districtd-postgres.md
// names them.
const (
	Database = "warehouse"
	Loader   = "warehouse_etl"
	Reader   = "districtd"
)

// Cluster is a PostgreSQL server in a temporary folder on 127.0.0.1.
type Cluster struct {
	Dir  string
	Port int
	bin  string
	// runAs is the user the server runs as when this process is root.
	runAs *user.User
	// Passwords of the roles Setup made.
	passwords map[string]string
}

// For starts a cluster with the warehouse database and its roles for a
// test, and stops it when the test ends. It skips the test unless Env is
// 1, and fails it if PostgreSQL is not installed.
func For(t testing.TB) *Cluster {
	t.Helper()
	if os.Getenv(Env) != "1" {
		t.Skip(SkipMessage)
	}
	ctx := context.Background()
	c, err := Start(ctx)
	if err != nil {
		t.Fatalf("%s is set, but: %v", Env, err)
	}
	t.Cleanup(c.Remove)
	if err := c.Setup(ctx); err != nil {
		t.Fatal(err)
	}
	return c
}

// binDir finds the newest installed PostgreSQL's programs (Debian keeps
// them in /usr/lib/postgresql/VERSION/bin).
func binDir() (string, error) {
	found, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	slices.SortFunc(found, func(a, b string) int { return version(a) - version(b) })
	if len(found) > 0 {
		return filepath.Dir(found[len(found)-1]), nil
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	return "", errors.New("PostgreSQL is not installed (no initdb): run scripts/deps.sh postgres")
}

func version(path string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(path))))
	return n
}

// Start makes a new cluster and starts it. Stop or Remove it when done.
func Start(ctx context.Context) (*Cluster, error) {
	bin, err := binDir()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "cabinet-pg-")
	if err != nil {
		return nil, err
	}
	c := &Cluster{Dir: dir, bin: bin, passwords: map[string]string{}}
	if os.Geteuid() == 0 {
		if c.runAs, err = user.Lookup("postgres"); err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("running as root, the server needs the postgres user: %w", err)
		}
		uid, _ := strconv.Atoi(c.runAs.Uid)
		gid, _ := strconv.Atoi(c.runAs.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
	}
	// Local connections (a socket in the folder) are trusted: only the
	// superuser uses them, to set up. Every role connects over TCP with a
	// password, as districtd does.
	if out, err := c.command(ctx, "initdb", "-D", c.data(), "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8",
		"--auth-local=trust", "--auth-host=scram-sha-256").CombinedOutput(); err != nil {
		c.Remove()
		return nil, fmt.Errorf("initdb: %v\n%s", err, out)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		c.Remove()
		return nil, err
	}
	c.Port = l.Addr().(*net.TCPAddr).Port
	l.Close()
	if err := c.Resume(ctx); err != nil {
		c.Remove()
		return nil, err
	}
	return c, nil
}

func (c *Cluster) data() string { return filepath.Join(c.Dir, "data") }

// command runs one of PostgreSQL's programs as the cluster's owner.
func (c *Cluster) command(ctx context.Context, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, filepath.Join(c.bin, name), args...)
	cmd.Dir = c.Dir
	cmd.Env = append(os.Environ(), "LANG=C.UTF-8", "LC_ALL=C.UTF-8")
	if c.runAs != nil {
		uid, _ := strconv.Atoi(c.runAs.Uid)
		gid, _ := strconv.Atoi(c.runAs.Gid)
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}}
		cmd.Env = append(cmd.Env, "HOME="+c.Dir)
	}
	return cmd
}

// Resume starts the server (again, after Stop) and waits until it
// accepts connections. Nothing it holds needs to survive a crash, so it
// never waits for the disk.
func (c *Cluster) Resume(ctx context.Context) error {
	// pg_stat_statements counts what districtd asks the warehouse.
	opts := fmt.Sprintf("-c listen_addresses=127.0.0.1 -p %d -k %s -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_preload_libraries=pg_stat_statements", c.Port, c.Dir)
	if out, err := c.command(ctx, "pg_ctl", "-D", c.data(), "-l", filepath.Join(c.Dir, "server.log"), "-o", opts, "-w", "-t", "60", "start").CombinedOutput(); err != nil {
		log, _ := os.ReadFile(filepath.Join(c.Dir, "server.log"))
		return fmt.Errorf("pg_ctl start: %v\n%s\n%s", err, out, log)
	}
	return nil
}

// Stop stops the server, at once: what a warehouse that goes down does.
func (c *Cluster) Stop(ctx context.Context) error {
	if out, err := c.command(ctx, "pg_ctl", "-D", c.data(), "-m", "fast", "-w", "stop").CombinedOutput(); err != nil {
		return fmt.Errorf("pg_ctl stop: %v\n%s", err, out)
	}
	return nil
}

// Remove stops the server and deletes its folder.
func (c *Cluster) Remove() {
	c.command(context.Background(), "pg_ctl", "-D", c.data(), "-m", "immediate", "-w", "stop").Run()
	os.RemoveAll(c.Dir)
}

// DSN is a URL for role to reach db over TCP with its password.
func (c *Cluster) DSN(role, db string) string {
	u := url.URL{Scheme: "postgres", User: url.UserPassword(role, c.passwords[role]), Host: net.JoinHostPort("127.0.0.1", strconv.Itoa(c.Port)), Path: "/" + db,
		RawQuery: "sslmode=disable"}
	return u.String()
}

// Password is the password Setup gave role.
func (c *Cluster) Password(role string) string { return c.passwords[role] }

// Superuser connects to db as the superuser, over the local socket.
func (c *Cluster) Superuser(ctx context.Context, db string) (*pgx.Conn, error) {
	return pgx.Connect(ctx, fmt.Sprintf("host=%s port=%d user=postgres dbname=%s sslmode=disable", c.Dir, c.Port, db))
}

// Exec runs SQL in db as the superuser.
func (c *Cluster) Exec(ctx context.Context, db, sql string, args ...any) error {
	conn, err := c.Superuser(ctx, db)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, sql, args...)
	return err
}

// Setup creates the warehouse database, the loader that owns it and
// districtd's read-only role with the grants of docs/districtd-postgres.md.
// The passwords hold characters a DSN must escape, so that a test can look
// for them in every form.
func (c *Cluster) Setup(ctx context.Context) error {
	grants, err := Grants()
	if err != nil {
		return err
	}
	c.passwords[Loader] = "etl-p@ss/" + strconv.FormatInt(time.Now().UnixNano()%1e6, 36)
	c.passwords[Reader] = "r3ad:Only%" + strconv.FormatInt(time.Now().UnixNano()%1e6, 36) + "!"
	steps := []struct{ db, sql string }{
		{"postgres", fmt.Sprintf("CREATE ROLE %s LOGIN PASSWORD '%s'", Loader, c.passwords[Loader])},
		{"postgres", fmt.Sprintf("CREATE ROLE %s LOGIN PASSWORD '%s'", Reader, c.passwords[Reader])},
		{"postgres", fmt.Sprintf("CREATE DATABASE %s OWNER %s", Database, Loader)},
		// What a new database lets everyone do, a warehouse would not.
		{Database, "REVOKE ALL ON DATABASE " + Database + " FROM PUBLIC; REVOKE CREATE ON SCHEMA public FROM PUBLIC"},
		{Database, "CREATE SCHEMA cabinet AUTHORIZATION " + Loader},
		{Database, "CREATE EXTENSION pg_stat_statements"},
	}
	for _, s := range steps {
		if err := c.Exec(ctx, s.db, s.sql); err != nil {
			return fmt.Errorf("setting up the warehouse (%s): %w", s.sql, err)
		}
	}
	// The grants are the loader's to give: it owns the schema.
	conn, err := pgx.Connect(ctx, c.DSN(Loader, Database))
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, grants); err != nil {
		return fmt.Errorf("the grants of docs/districtd-postgres.md: %w", err)
	}
	return nil
}

// Statements is how many statements role has run in the warehouse
// database since the cluster started, as pg_stat_statements counts them.
func (c *Cluster) Statements(ctx context.Context, role string) (int64, error) {
	conn, err := c.Superuser(ctx, Database)
	if err != nil {
		return 0, err
	}
	defer conn.Close(ctx)
	var n int64
	err = conn.QueryRow(ctx, `SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid
		JOIN pg_database d ON d.oid = s.dbid WHERE r.rolname = $1 AND d.datname = $2`, role, Database).Scan(&n)
	return n, err
}

// Grants is the SQL block of docs/districtd-postgres.md that makes
// districtd's read-only role: the page's promise is the test's setup.
func Grants() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		b, err := os.ReadFile(filepath.Join(dir, "docs", "districtd-postgres.md"))
		if err == nil {
			m := grantsBlock.FindSubmatch(b)
			if m == nil {
				return "", errors.New("docs/districtd-postgres.md has no ```sql block after the heading \"## A read-only role\"")
			}
			return string(bytes.TrimSpace(m[1])), nil
		}
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil || filepath.Dir(dir) == dir {
			return "", fmt.Errorf("reading the grants: %w", err)
		}
		dir = filepath.Dir(dir)
	}
}

var grantsBlock = regexp.MustCompile("(?s)## A read-only role.*?```sql\n(.*?)```")
