package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/sync/rest"
	"github.com/zalando/go-keyring"
)

// ConfigFile is the name of the sources' settings file in the data folder.
// It never holds a secret.
const ConfigFile = "sources.json"

// SourceConfig is one source as the config file stores it.
type SourceConfig struct {
	Name string `json:"name"`
	Kind string `json:"kind"`
	URL  string `json:"url"`
	// SecretEnv names the environment variable that holds the secret at
	// sync time, for computers without a keyring.
	SecretEnv string `json:"secret_env,omitempty"`
	// Keyring is true when the secret is in the operating system's keyring.
	Keyring bool `json:"keyring,omitempty"`
	// Options are the kind's own settings.
	Options map[string]string `json:"options,omitempty"`
}

type configFile struct {
	Sources []SourceConfig `json:"sources"`
}

var namePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,39}$`)

// check validates a config against its kind.
func (e *Engine) check(cfg SourceConfig) error {
	if !namePattern.MatchString(cfg.Name) {
		return fmt.Errorf("%q is not a usable source name: use up to 40 lower-case letters, digits, - and _", cfg.Name)
	}
	if cfg.Name == cache.DemoSource.Name {
		return fmt.Errorf("%q is the name of the demo district; choose another", cfg.Name)
	}
	k, err := e.kind(cfg.Kind)
	if err != nil {
		return err
	}
	if _, err := rest.CheckURL(cfg.URL); err != nil {
		return err
	}
	if cfg.SecretEnv != "" && cfg.Keyring {
		return errors.New("the secret is either in the keyring or in an environment variable, not both")
	}
	if err := checkEnvName(cfg.SecretEnv); err != nil {
		return err
	}
	if path := secretFile(cfg, k); path != "" {
		switch {
		case cfg.SecretEnv != "":
			return fmt.Errorf("the %s is either in a file or in an environment variable, not both", k.Secret)
		case !filepath.IsAbs(path):
			return fmt.Errorf("give the %s file's full path, not %q", k.Secret, path)
		}
	}
	known := map[string]bool{}
	for _, o := range kindOptions(k) {
		known[o.Name] = true
		v := cfg.Options[o.Name]
		if o.Required && v == "" {
			return fmt.Errorf("a %s source needs the setting %s", k.Name, o.Name)
		}
		if v != "" && o.Check != nil {
			if err := o.Check(v); err != nil {
				return err
			}
		}
	}
	for name := range cfg.Options {
		if !known[name] {
			return fmt.Errorf("a %s source has no setting %s", k.Name, name)
		}
	}
	return nil
}

func (e *Engine) configPath() string { return filepath.Join(e.dir, ConfigFile) }

// Sources lists the configured sources by name.
func (e *Engine) Sources() ([]SourceConfig, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.load()
}

// Source returns one configured source.
func (e *Engine) Source(name string) (SourceConfig, error) {
	all, err := e.Sources()
	if err != nil {
		return SourceConfig{}, err
	}
	for _, s := range all {
		if s.Name == name {
			return s, nil
		}
	}
	return SourceConfig{}, fmt.Errorf("%s: %w", name, ErrNoSource)
}

// ErrNoSource is returned for a source name that is not configured.
var ErrNoSource = errors.New("no such source; 'cabinet source list' shows the sources")

func (e *Engine) load() ([]SourceConfig, error) {
	b, err := os.ReadFile(e.configPath())
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the source settings: %w", err)
	}
	var f configFile
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("reading the source settings %s: %w", e.configPath(), err)
	}
	sort.Slice(f.Sources, func(i, j int) bool { return f.Sources[i].Name < f.Sources[j].Name })
	return f.Sources, nil
}

// save writes the config through a temporary file, so a crash leaves the
// old file or the new one, and only the user can read it.
func (e *Engine) save(sources []SourceConfig) error {
	b, err := json.MarshalIndent(configFile{Sources: sources}, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(e.dir, 0o755); err != nil {
		return fmt.Errorf("creating the data folder %s: %w", e.dir, err)
	}
	tmp, err := os.CreateTemp(e.dir, ConfigFile+".*")
	if err != nil {
		return fmt.Errorf("saving the source settings: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("saving the source settings: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("saving the source settings: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("saving the source settings: %w", err)
	}
	if err := os.Rename(tmp.Name(), e.configPath()); err != nil {
		return fmt.Errorf("saving the source settings: %w", err)
	}
	return nil
}

// SaveSource adds a source, or replaces the settings of the one with the
// same name. A non-empty secret goes to the keyring (cfg.SecretEnv must then
// be empty); an empty one keeps what the keyring holds for an edited
// source. Without a keyring, the error says so: name an environment
// variable in cfg.SecretEnv instead. The keyring (D-Bus on Linux) is asked
// with no lock held, so other sources sync and report meanwhile.
func (e *Engine) SaveSource(cfg SourceConfig, secret string) error {
	cfg.Name = strings.TrimSpace(cfg.Name)
	k, _ := e.kind(cfg.Kind)
	if cfg.URL == "" {
		cfg.URL = k.DefaultURL
	}
	file := secretFile(cfg, k)
	if secret != "" && file != "" {
		return fmt.Errorf("%s: give the %s or the file that holds it, not both", cfg.Name, k.Secret)
	}
	if secret != "" {
		if cfg.SecretEnv != "" {
			return fmt.Errorf("%s: give the secret or the name of the environment variable that holds it, not both", cfg.Name)
		}
		cfg.Keyring = true
	}
	if err := e.check(cfg); err != nil {
		return fmt.Errorf("%s: %w", cfg.Name, err)
	}
	if file != "" {
		// The file must be there, kept private and hold a usable secret
		// now, not first at the next sync.
		if err := e.checkSecretFile(cfg, k); err != nil {
			return fmt.Errorf("%s: %w", cfg.Name, err)
		}
	}
	if secret != "" {
		if err := e.opts.Keyring.Set(cfg.Name, secret); err != nil {
			return fmt.Errorf("%s: %w", cfg.Name, keyringError(err))
		}
	}
	forget, err := e.saveConfig(cfg, secret == "" && file == "")
	if err != nil {
		return err
	}
	if forget {
		// The secret moved to an environment variable or a file: forget
		// the stored one.
		e.opts.Keyring.Delete(cfg.Name)
	}
	return nil
}

// saveConfig writes cfg into the config file, keeping the keyring flag of
// the source it replaces when keep is set. It reports whether the source
// had a secret in the keyring that its new settings no longer use.
func (e *Engine) saveConfig(cfg SourceConfig, keep bool) (forget bool, err error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	sources, err := e.load()
	if err != nil {
		return false, err
	}
	i := sort.Search(len(sources), func(i int) bool { return sources[i].Name >= cfg.Name })
	exists := i < len(sources) && sources[i].Name == cfg.Name
	if keep && cfg.SecretEnv == "" && exists && sources[i].Keyring {
		cfg.Keyring = true
	}
	forget = !cfg.Keyring && exists && sources[i].Keyring
	if exists {
		sources[i] = cfg
	} else {
		sources = append(sources[:i], append([]SourceConfig{cfg}, sources[i:]...)...)
	}
	return forget, e.save(sources)
}

// RemoveSource deletes a source's data in the cache, then its settings,
// then its secret in the keyring: in that order, so a step that fails
// leaves the source configured and the removal can be tried again. The
// sync log keeps its history. The source is claimed as if syncing, so no
// sync of it starts meanwhile, and no lock is held while the cache or the
// keyring is busy.
func (e *Engine) RemoveSource(ctx context.Context, name string) error {
	if !e.claim(name) {
		return fmt.Errorf("%s: %w", name, ErrRunning)
	}
	defer e.release(name)
	cfg, err := e.Source(name)
	if err != nil {
		return err
	}
	if err := e.cache.RemoveSource(ctx, name); err != nil {
		return fmt.Errorf("%s: removing its data from the cache: %w", name, err)
	}
	if err := e.removeConfig(name); err != nil {
		return err
	}
	if !cfg.Keyring {
		return nil
	}
	if err := e.opts.Keyring.Delete(name); err != nil && !errors.Is(err, keyring.ErrNotFound) {
		return fmt.Errorf("%s: removed, but its secret is still in the keyring (service %q): %w", name, KeyringService, keyringError(err))
	}
	return nil
}

// removeConfig takes a source out of the config file.
func (e *Engine) removeConfig(name string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	sources, err := e.load()
	if err != nil {
		return err
	}
	i := sort.Search(len(sources), func(i int) bool { return sources[i].Name >= name })
	if i == len(sources) || sources[i].Name != name {
		return fmt.Errorf("%s: %w", name, ErrNoSource)
	}
	return e.save(append(sources[:i], sources[i+1:]...))
}
