package main

import (
	"bytes"
	"context"
	"io/fs"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/sync/googleadmin/googleadmintest"
	"github.com/cabinetapp/cabinet/sync/rest"
)

// TestGoogleAdminCommands connects Google Admin as a CTO would, against a
// fake Google on 127.0.0.1: the key in a file only its owner may read, an
// administrator to act for, then 'cabinet sync' fills the Chromebook
// figures, and nothing identifying a device or a person, nor the key, is
// anywhere in the data folder.
func TestGoogleAdminCommands(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the test keeps the keyring out of reach through D-Bus, which only Linux uses")
	}
	bin := cabinetBinary(t)
	fake := googleadmintest.New()
	srv := httptest.NewServer(fake)
	defer srv.Close()
	keys := t.TempDir()
	key, loose := filepath.Join(keys, "KEY.json"), filepath.Join(keys, "loose.json")
	for path, mode := range map[string]os.FileMode{key: 0o600, loose: 0o644} {
		if err := os.WriteFile(path, fake.Key(srv.URL), mode); err != nil {
			t.Fatal(err)
		}
		os.Chmod(path, mode)
	}
	secret := string(fake.Key(srv.URL))
	c := &cli{t: t, bin: bin, data: t.TempDir()}

	add := []string{"source", "add", "fleet", "--kind", "googleadmin", "--subject", googleadmintest.Admin, "--customer", googleadmintest.CustomerID, "--url", srv.URL}
	steps := []struct {
		name   string
		stdin  string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{name: "no key", args: add, code: 2, stderr: "give exactly one of --key-env VAR, --key-stdin and --key-file PATH"},
		{name: "a key and a file", args: append(add, "--key-file", key, "--key-env", "KEY"), code: 2, stderr: "give exactly one of --key-env VAR, --key-stdin and --key-file PATH"},
		{name: "a key file others may read", args: append(add, "--key-file", loose), code: 1,
			stderr: "fleet: the key file " + loose + " may be read by other users of this computer (its mode is 0644); make it readable by its owner only, with chmod 600 " + loose},
		{name: "no subject", args: []string{"source", "add", "fleet", "--kind", "googleadmin", "--key-file", key, "--url", srv.URL}, code: 1,
			stderr: "fleet: a googleadmin source needs the setting subject"},
		{name: "a subject that is not an address", args: append(add[:5:5], "--subject", "admin", "--key-file", key, "--url", srv.URL), code: 1,
			stderr: `subject "admin" is not an administrator's email address`},
		{name: "the key from standard input, without a keyring", stdin: secret, args: append(add, "--key-stdin"), code: 1,
			stderr: "fleet: no keyring is available on this computer"},
		{name: "Google's own address by default", args: []string{"source", "add", "cloud", "--kind", "googleadmin", "--key-file", key, "--subject", googleadmintest.Admin},
			stdout: "Added cloud (googleadmin at https://admin.googleapis.com); its key is read from " + key + " at each sync."},
		{name: "remove it", args: []string{"source", "remove", "cloud"}, stdout: "Removed cloud"},
		{name: "add", args: append(add, "--key-file", key), stdout: "Added fleet (googleadmin at " + srv.URL + "); its key is read from " + key + " at each sync."},
		{name: "list", args: []string{"source", "list"}, stdout: "fleet googleadmin " + srv.URL + " " + key},
		{name: "test", args: []string{"source", "test", "fleet"}, stdout: "fleet: Google Admin answered, and the service account may read the domain's ChromeOS devices."},
		{name: "sync", args: []string{"sync"},
			stdout: "fleet: No source supplies Cabinet's schools yet, so the Chromebooks count only toward the district; add a OneRoster or Summary API source to see them by school."},
		{name: "the units found", args: []string{"source", "map", "fleet"},
			stdout: "/Students Students - matches none: counts only toward the district /Warehouse Warehouse - matches none: counts only toward the district"},
		{name: "a unit set aside", args: []string{"source", "map", "fleet", "/Warehouse", "--none"}, stdout: "fleet: /Warehouse is not a school"},
		{name: "status", args: []string{"status"}, stdout: "fleet"},
	}
	words := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	pieces := append([]string{secret}, rest.KeyPieces(secret)...)
	for _, s := range steps {
		code, stdout, stderr := c.run(s.stdin, s.args...)
		if code != s.code || !strings.Contains(words(stdout), words(s.stdout)) || !strings.Contains(stderr, s.stderr) {
			t.Fatalf("%s: cabinet %s\nexit %d (want %d)\nstdout: %s\nstderr: %s\nwant stdout to hold %q and stderr %q",
				s.name, strings.Join(s.args, " "), code, s.code, stdout, stderr, s.stdout, s.stderr)
		}
		for _, p := range pieces {
			if strings.Contains(stdout+stderr, p) {
				t.Fatalf("%s: the key was printed", s.name)
			}
		}
	}

	ctx := context.Background()
	cc, err := cache.Open(ctx, filepath.Join(c.data, cache.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer cc.Close()
	month := district.Month(time.Now())
	for _, metric := range []string{district.ChromebooksInService, district.DevicesInService} {
		got, prov, err := cc.Recent(ctx, metric, district.WholeDistrict, month.AddDate(0, 1, 0), 1)
		if err != nil || len(got) != 1 || got[0].Value != 14 || prov.Source != "fleet" {
			t.Errorf("%s: %+v from %q, %v; want the fixture's 14 from fleet", metric, got, prov.Source, err)
		}
	}
	if got, _, _ := cc.Recent(ctx, district.ChromebooksPastAUE, district.WholeDistrict, month.AddDate(0, 1, 0), 1); len(got) != 1 {
		t.Errorf("no Chromebooks past AUE: %+v", got)
	}

	identifying := []string{"PF3ZT001Q8", "b7c2e001-4f1a", "maria.gonzalez", "robert.chen", "students.riverside.example",
		"a81d166701f7", "00E04C680102", "10.12.4.51", "203.0.113.", "RUSD-CB-0001", "Library cart", "Okafor"}
	err = filepath.WalkDir(c.data, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, w := range append(identifying, pieces...) {
			if bytes.Contains(b, []byte(w)) {
				t.Errorf("%s holds %.40q", path, w)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestNoGoogleClientLibraries: the binary signs its own JWT through
// golang.org/x/oauth2 and carries none of Google's API client libraries.
func TestNoGoogleClientLibraries(t *testing.T) {
	out, err := exec.Command("go", "version", "-m", cabinetBinary(t)).CombinedOutput()
	if err != nil {
		t.Fatalf("go version -m: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "golang.org/x/oauth2") {
		t.Fatalf("the binary lists no golang.org/x/oauth2:\n%s", out)
	}
	for _, lib := range []string{"google.golang.org/api", "google.golang.org/grpc", "cloud.google.com/go/auth"} {
		if strings.Contains(string(out), lib) {
			t.Errorf("the binary holds %s", lib)
		}
	}
}
