package engine_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/sync/engine"
	"github.com/cabinetapp/cabinet/sync/summaryapi"
	"github.com/cabinetapp/cabinet/sync/synctest"
)

// keyedKind takes its secret, a key, from the keyring, an environment
// variable or a file, and answers a test with the key's length. Its Open
// refuses a key that does not start "KEY", quoting the key's second line,
// as a careless library might.
func keyedKind(url string) engine.Kind {
	return engine.Kind{Name: "keyed", Title: "Keyed", Secret: "key", SecretFile: "key_file", DefaultURL: url,
		Options: []engine.Option{{Name: "key_file", Usage: "the key file"}},
		Open: func(s engine.Settings) (engine.Source, error) {
			if !strings.HasPrefix(s.Secret, "KEY") {
				lines := strings.Split(s.Secret, "\n")
				return nil, errors.New("this is not a key: " + lines[min(1, len(lines)-1)])
			}
			return keyed{s.Secret}, nil
		}}
}

type keyed struct{ key string }

func (k keyed) Test(context.Context) (string, error) { return strings.Repeat("k", len(k.key)), nil }
func (k keyed) Sync(context.Context, *cache.Writer, engine.Request) (engine.Position, error) {
	return engine.Position{}, cache.ErrUnchanged
}

// TestSecretFile keeps a key in a file only its owner may read: the file's
// path is saved, never its contents; a file others may read, or none, is
// refused in a sentence when it is given and at every sync after; and a
// key that cannot be used is refused without repeating it.
func TestSecretFile(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows keeps file rights in access lists, which Cabinet does not check")
	}
	_, url := startServer(t, smallDistrict(4), nil)
	keys := synctest.MemKeyring{}
	f := newFixture(t, url, engine.Options{Keyring: keys, Kinds: []engine.Kind{summaryapi.Kind(), keyedKind(url)}})
	dir := t.TempDir()
	write := func(name, text string, mode os.FileMode) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, mode); err != nil {
			t.Fatal(err)
		}
		return path
	}
	const key = "KEY-0123456789abcdef-secret"
	good := write("good.json", key, 0o600)
	ctx := context.Background()
	withFile := func(path string) engine.SourceConfig {
		return engine.SourceConfig{Name: "fleet", Kind: "keyed", Options: map[string]string{"key_file": path}}
	}

	// A key kept in the keyring moves to the file: the keyring forgets it.
	if err := f.engine.SaveSource(engine.SourceConfig{Name: "fleet", Kind: "keyed"}, key); err != nil || keys["fleet"] != key {
		t.Fatalf("keyring: %v, %v", err, keys)
	}
	if err := f.engine.SaveSource(withFile(good), ""); err != nil {
		t.Fatal(err)
	}
	if _, ok := keys["fleet"]; ok {
		t.Error("the keyring keeps the key the file now holds")
	}
	saved, err := f.engine.Source("fleet")
	if err != nil || saved.URL != url || saved.Keyring || saved.Options["key_file"] != good {
		t.Fatalf("saved %+v, %v; want the default address and the file's path", saved, err)
	}
	if b, _ := os.ReadFile(filepath.Join(f.dir, engine.ConfigFile)); strings.Contains(string(b), key) {
		t.Fatalf("the settings file holds the key:\n%s", b)
	}
	if what, err := f.engine.Test(ctx, saved, ""); err != nil || len(what) != len(key) {
		t.Fatalf("test with the file's key: %q, %v", what, err)
	}

	// The file loosened after it was given: refused at the next sync.
	if err := os.Chmod(good, 0o640); err != nil {
		t.Fatal(err)
	}
	res := f.engine.Sync(ctx, "fleet", engine.SyncOptions{})
	want := "fleet: the key file " + good + " may be read by other users of this computer (its mode is 0640); make it readable by its owner only, with chmod 600 " + good
	if res.Err == nil || res.Err.Error() != want {
		t.Fatalf("sync with a loose key file: %v\nwant %s", res.Err, want)
	}

	loose := write("loose.json", key, 0o644)
	os.Mkdir(filepath.Join(dir, "folder"), 0o700)
	pem := "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\nAAAA\n-----END PRIVATE KEY-----\n"
	notKey := write("pem.json", pem, 0o600)
	cases := []struct {
		name   string
		cfg    engine.SourceConfig
		secret string
		want   string
	}{
		{"others may read it", withFile(loose), "", "the key file " + loose + " may be read by other users of this computer (its mode is 0644)"},
		{"no such file", withFile(filepath.Join(dir, "none.json")), "", "the key file " + filepath.Join(dir, "none.json") + " does not exist"},
		{"a folder", withFile(filepath.Join(dir, "folder")), "", "is not a file"},
		{"a relative path", withFile("good.json"), "", `give the key file's full path, not "good.json"`},
		{"a file and a variable", engine.SourceConfig{Name: "fleet", Kind: "keyed", SecretEnv: "KEY", Options: map[string]string{"key_file": good}}, "", "either in a file or in an environment variable, not both"},
		{"a file and a key", withFile(good), key, "give the key or the file that holds it, not both"},
		{"not a key", withFile(notKey), "", "fleet: this is not a key: [redacted]"},
	}
	for _, tc := range cases {
		err := f.engine.SaveSource(tc.cfg, tc.secret)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7") {
			t.Errorf("%s: the key is repeated: %v", tc.name, err)
		}
	}
}
