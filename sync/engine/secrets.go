package engine

import (
	"errors"
	"fmt"

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
