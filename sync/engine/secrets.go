package engine

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"

	"github.com/zalando/go-keyring"
)

// KeyringService is the service name Cabinet's secrets are filed under.
const KeyringService = "io.github.cabinetapp.cabinet"

// Keyring keeps one secret per source.
type Keyring interface {
	Get(source string) (string, error)
	Set(source, secret string) error
	Delete(source string) error
}

// SystemKeyring is the operating system's keyring: the Keychain, the
// Windows Credential Manager, or the Secret Service on Linux.
type SystemKeyring struct{}

// Get reads a source's secret.
func (SystemKeyring) Get(source string) (string, error) { return keyring.Get(KeyringService, source) }

// Set stores a source's secret.
func (SystemKeyring) Set(source, secret string) error {
	return keyring.Set(KeyringService, source, secret)
}

// Delete forgets a source's secret.
func (SystemKeyring) Delete(source string) error { return keyring.Delete(KeyringService, source) }

// ErrNoKeyring says the computer has no keyring Cabinet can use.
var ErrNoKeyring = errors.New("no keyring is available on this computer")

func keyringError(err error) error {
	return fmt.Errorf("%w (%v), so the secret cannot be stored; keep it in an environment variable and give that variable's name instead", ErrNoKeyring, err)
}

// secret finds a source's credential: in the environment variable its
// config names, or in the keyring. The secret is never written anywhere.
func (e *Engine) secret(cfg SourceConfig, kind Kind) (string, error) {
	name := kind.Secret
	if name == "" {
		name = "secret"
	}
	switch {
	case secretFile(cfg, kind) != "":
		return readSecretFile(secretFile(cfg, kind), name)
	case cfg.SecretEnv != "":
		v := e.opts.Getenv(cfg.SecretEnv)
		if v == "" {
			return "", fmt.Errorf("the environment variable %s, which should hold the %s, is not set", cfg.SecretEnv, name)
		}
		return v, nil
	case cfg.Keyring:
		v, err := e.opts.Keyring.Get(cfg.Name)
		if errors.Is(err, keyring.ErrNotFound) {
			return "", fmt.Errorf("the keyring holds no %s for it; add the source again with its %s", name, name)
		}
		if err != nil {
			return "", fmt.Errorf("the keyring could not be read (%v); keep the %s in an environment variable instead", err, name)
		}
		return v, nil
	}
	return "", nil
}

// secretFile is the path of the file holding a source's secret; "" when
// its kind takes none or the source names none.
func secretFile(cfg SourceConfig, k Kind) string {
	if k.SecretFile == "" {
		return ""
	}
	return cfg.Options[k.SecretFile]
}

// maxSecretFile is the largest secret file read: a key file is a few
// kilobytes.
const maxSecretFile = 64 << 10

// readSecretFile reads the secret (named name in messages) from the file
// at path, which must be a file that only its owner may read, write or
// run: a key anyone else on the computer could copy is no longer secret.
// Windows keeps such rights in access lists rather than the mode, so they
// are not checked there.
func readSecretFile(path, name string) (string, error) {
	// Stat first: opening a named pipe would wait for a writer.
	st, err := os.Stat(path)
	if err == nil && !st.Mode().IsRegular() {
		return "", fmt.Errorf("the %s file %s is not a file", name, path)
	}
	var f *os.File
	if err == nil {
		f, err = os.Open(path)
	}
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return "", fmt.Errorf("the %s file %s does not exist", name, path)
		}
		return "", fmt.Errorf("the %s file %s cannot be read: %w", name, path, errors.Unwrap(err))
	}
	defer f.Close()
	// The open file is the one checked, whatever the path names by now.
	if st, err = f.Stat(); err != nil {
		return "", fmt.Errorf("the %s file %s cannot be read: %w", name, path, err)
	}
	if perm := st.Mode().Perm(); runtime.GOOS != "windows" && perm&0o077 != 0 {
		return "", fmt.Errorf("the %s file %s may be read by other users of this computer (its mode is %04o); make it readable by its owner only, with chmod 600 %s", name, path, perm, path)
	}
	b, err := io.ReadAll(io.LimitReader(f, maxSecretFile+1))
	switch {
	case err != nil:
		return "", fmt.Errorf("the %s file %s cannot be read: %w", name, path, err)
	case len(b) > maxSecretFile:
		return "", fmt.Errorf("the %s file %s is larger than %d KiB, too large to hold a %s", name, path, maxSecretFile>>10, name)
	case len(strings.TrimSpace(string(b))) == 0:
		return "", fmt.Errorf("the %s file %s is empty", name, path)
	}
	return string(b), nil
}

// checkSecretFile reads a source's secret file and opens the source with
// it, so a key that cannot be read or used is refused when it is given.
func (e *Engine) checkSecretFile(cfg SourceConfig, k Kind) error {
	secret, err := readSecretFile(secretFile(cfg, k), k.Secret)
	if err != nil {
		return err
	}
	if _, err := k.Open(Settings{Name: cfg.Name, URL: cfg.URL, Options: cfg.Options, Secret: secret, HTTP: e.httpConfig(cfg, newMeter(cfg.Name, nil))}); err != nil {
		return errors.New(clean(secret, err.Error()))
	}
	return nil
}
