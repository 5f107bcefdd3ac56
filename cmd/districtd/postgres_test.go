package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/cabinetapp/cabinet/sync/summaryapi/server/pgtest"
)

func TestPostgresFlags(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"both sources", []string{"--postgres", "host=db", "--dir", "x"}, "serve --dir or --postgres, not both"},
		{"a load without a warehouse", []string{"--load-demo"}, "--load-demo needs --postgres DSN"},
		{"no connections", []string{"--postgres", "host=db", "--pg-max-conns", "0"}, "--pg-max-conns and --pg-timeout must be above zero"},
		{"no time", []string{"--postgres", "host=db", "--pg-timeout", "0s"}, "--pg-max-conns and --pg-timeout must be above zero"},
		{"a demo of no schools", []string{"--postgres", "host=db", "--load-demo", "--schools", "0"}, "--schools and --years must be at least 1"},
	}
	for _, tc := range cases {
		var out bytes.Buffer
		if code := run(context.Background(), tc.args, &out, func(string) string { return goodToken }, nil); code != 2 || !strings.Contains(out.String(), tc.want) {
			t.Errorf("%s: exit %d, %q; want 2 and %q", tc.name, code, out.String(), tc.want)
		}
	}
}

func fetch(t *testing.T, addr, path string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, "http://"+addr+path, nil)
	req.Header.Set("Authorization", "Bearer "+goodToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestPostgresLoadAndServe loads the demo with --load-demo, serves it as
// the read-only role, survives the warehouse going down (and starts while
// it is down), and never shows the DSN's password.
func TestPostgresLoadAndServe(t *testing.T) {
	c := pgtest.For(t)
	ctx := context.Background()
	var out bytes.Buffer
	args := []string{"--postgres", c.DSN(pgtest.Loader, pgtest.Database), "--load-demo", "--schools", "3", "--years", "1", "--end", "2026-04"}
	if code := run(ctx, args, &out, func(string) string { return "" }, nil); code != 0 || !strings.Contains(out.String(), "loaded the demo district (3 schools, 1 years) into the warehouse") {
		t.Fatalf("--load-demo: exit %d: %s", code, out.String())
	}
	if !strings.Contains(out.String(), "warning: a password in --postgres can be read by every user") {
		t.Errorf("no warning about the password on the command line: %s", out.String())
	}
	reader := c.DSN(pgtest.Reader, pgtest.Database)
	addr, log := serve(t, "--postgres", reader, "--pg-timeout", "2s")
	for _, path := range []string{"/v1/district", "/v1/schools", "/v1/observations?limit=10"} {
		if code, body := fetch(t, addr, path); code != http.StatusOK {
			t.Fatalf("%s: %d %s", path, code, body)
		}
	}
	if err := c.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	if code, body := fetch(t, addr, "/v1/schools"); code != http.StatusServiceUnavailable || !strings.Contains(body, "cannot be reached") {
		t.Errorf("with the warehouse down: %d %s", code, body)
	}
	// A districtd started while the warehouse is down waits for it.
	addr2, log2 := serve(t, "--postgres", reader, "--pg-timeout", "2s")
	if code, _ := fetch(t, addr2, "/v1/district"); code != http.StatusServiceUnavailable {
		t.Errorf("started with the warehouse down: %d", code)
	}
	if err := c.Resume(ctx); err != nil {
		t.Fatal(err)
	}
	for _, a := range []string{addr, addr2} {
		if code, body := fetch(t, a, "/v1/district"); code != http.StatusOK {
			t.Errorf("after the warehouse came back: %d %s", code, body)
		}
	}
	said := out.String() + log.String() + log2.String()
	if !strings.Contains(log2.String(), "the warehouse does not answer yet") {
		t.Errorf("no word of the warehouse being down at start:\n%s", log2.String())
	}
	for _, role := range []string{pgtest.Loader, pgtest.Reader} {
		pw := c.Password(role)
		for _, form := range []string{pw, url.QueryEscape(pw), url.PathEscape(pw)} {
			if strings.Contains(said, form) {
				t.Fatalf("districtd showed %s's password as %q:\n%s", role, form, said)
			}
		}
	}
}
