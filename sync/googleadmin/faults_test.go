package googleadmin_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/sync/engine"
	"github.com/cabinetapp/cabinet/sync/googleadmin"
	"github.com/cabinetapp/cabinet/sync/googleadmin/googleadmintest"
	"github.com/cabinetapp/cabinet/sync/synctest"
)

// listing breaks the k-th request for a page of devices (counting from 1)
// with serve, once.
func listing(k int, serve func(w http.ResponseWriter, r *http.Request)) func(http.ResponseWriter, *http.Request, int) bool {
	var seen atomic.Int32
	return func(w http.ResponseWriter, r *http.Request, _ int) bool {
		if !strings.HasSuffix(r.URL.Path, "/devices/chromeos") || seen.Add(1) != int32(k) {
			return false
		}
		serve(w, r)
		return true
	}
}

// every breaks every request for a page of devices with serve.
func every(serve func(w http.ResponseWriter, r *http.Request)) func(http.ResponseWriter, *http.Request, int) bool {
	return func(w http.ResponseWriter, r *http.Request, _ int) bool {
		if !strings.HasSuffix(r.URL.Path, "/devices/chromeos") {
			return false
		}
		serve(w, r)
		return true
	}
}

// device is one device as a page lists it.
const device = `{"status":"ACTIVE","orgUnitPath":"/Students","lastSync":"2026-03-14T10:00:00Z","autoUpdateThrough":"2028-06-30"}`

// TestFaults breaks Google in the ways it breaks, and checks that each
// ends in a sync that succeeds with the fixture's figures or in one
// sentence naming the source, with the cache as it was and no secret
// repeated.
func TestFaults(t *testing.T) {
	var next atomic.Int64
	cases := []struct {
		name string
		hook func(http.ResponseWriter, *http.Request, int) bool
		opts map[string]string
		// want is part of the failure; "" means the sync succeeds.
		want string
		// retried is true when the sync must have retried a request.
		retried bool
	}{
		{name: "403 userRateLimitExceeded, then the page", hook: listing(2, func(w http.ResponseWriter, _ *http.Request) { googleadmintest.Throttled(w) }), retried: true},
		{name: "403 quotaExceeded, then the page", hook: listing(1, func(w http.ResponseWriter, _ *http.Request) {
			googleadmintest.Error(w, http.StatusForbidden, "quotaExceeded", "Quota exceeded")
		}), retried: true},
		{name: "429 with Retry-After, then the page", hook: listing(3, func(w http.ResponseWriter, _ *http.Request) { googleadmintest.TooMany(w, 1) }), retried: true},
		{name: "500, then the page", hook: listing(1, func(w http.ResponseWriter, _ *http.Request) {
			googleadmintest.Error(w, http.StatusInternalServerError, "backendError", "Backend Error")
		}), retried: true},
		{name: "a token revoked early", hook: listing(2, func(w http.ResponseWriter, _ *http.Request) {
			googleadmintest.Error(w, http.StatusUnauthorized, "authError", "Invalid Credentials")
		})},
		{name: "throttled on every try", hook: every(func(w http.ResponseWriter, _ *http.Request) { googleadmintest.Throttled(w) }),
			want: "fleet: Google Admin answered 403 Forbidden for /admin/directory/v1/customer/my_customer/devices/chromeos 3 times: Cabinet was over its rate limit (Quota exceeded for quota metric 'Queries' and limit 'Queries per minute per user' of service 'admin.googleapis.com'.); try again in a few minutes"},
		{name: "429 asking for a wait longer than Cabinet's", hook: listing(1, func(w http.ResponseWriter, _ *http.Request) { googleadmintest.TooMany(w, 120) }),
			want: "server answered 429 Too Many Requests for /admin/directory/v1/customer/my_customer/devices/chromeos; try again later (it asked Cabinet to wait 2m0s before trying again)"},
		{name: "not allowed", hook: listing(1, func(w http.ResponseWriter, _ *http.Request) {
			googleadmintest.Error(w, http.StatusForbidden, "forbidden", "Not Authorized to access this resource/api")
		}), want: "fleet: server answered 403 Forbidden for /admin/directory/v1/customer/my_customer/devices/chromeos; the service account key is not allowed to read it (Not Authorized to access this resource/api). The subject must be an administrator allowed to read Chrome devices, the Admin SDK API must be enabled in the service account's Google Cloud project, and in the Admin console, Security › Access and data control › API controls › Domain-wide delegation must list the service account's client ID with the scope https://www.googleapis.com/auth/admin.directory.device.chromeos.readonly"},
		{name: "not JSON", hook: listing(2, func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, "<html>Service Unavailable</html>") }),
			want: "fleet: /admin/directory/v1/customer/my_customer/devices/chromeos page 2: the body is a web page, not JSON; check the address"},
		{name: "cut short", hook: listing(1, func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, `{"chromeosdevices":[`+device) }),
			want: "page 1: the body ends in the middle of the JSON"},
		{name: "devices that are not a list", hook: listing(1, func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, `{"chromeosdevices":{"status":"ACTIVE"}}`) }),
			want: "page 1: chromeosdevices is a object where a list belongs"},
		{name: "the same page token again and again", hook: every(func(w http.ResponseWriter, _ *http.Request) {
			fmt.Fprintf(w, `{"chromeosdevices":[%s],"nextPageToken":"same"}`, device)
		}), want: "fleet: /admin/directory/v1/customer/my_customer/devices/chromeos page 2: the server pointed back to a page Cabinet had already read, so the listing would never end"},
		{name: "new page tokens for ever", opts: map[string]string{engine.OptMaxPages: "5"}, hook: every(func(w http.ResponseWriter, _ *http.Request) {
			fmt.Fprintf(w, `{"chromeosdevices":[%s],"nextPageToken":"t%d"}`, device, next.Add(1))
		}), want: "page 6: the listing ran past 5 pages, the most Cabinet reads from one listing"},
		{name: "the same devices under new page tokens", hook: every(func(w http.ResponseWriter, _ *http.Request) {
			fmt.Fprintf(w, `{"chromeosdevices":[%s],"nextPageToken":"r%d"}`, strings.Replace(device, `{`, `{"deviceId":"d1",`, 1), next.Add(1))
		}), want: `page 2: the server sent the record "d1" again, which an earlier page held, so the listing would never end`},
		{name: "a page token too long to be one", hook: listing(1, func(w http.ResponseWriter, _ *http.Request) {
			fmt.Fprintf(w, `{"chromeosdevices":[%s],"nextPageToken":"%s"}`, device, strings.Repeat("x", 5000))
		}), want: "page 1: the server's next page token is 5000 characters long, too long to be one"},
		{name: "an error that echoes the token and the key", hook: listing(1, func(w http.ResponseWriter, r *http.Request) {
			googleadmintest.Error(w, http.StatusBadRequest, "invalid", "Bad request from "+r.Header.Get("Authorization"))
		}), want: "fleet: server answered 400 Bad Request for /admin/directory/v1/customer/my_customer/devices/chromeos (Bad request from Bearer [redacted]). Check the customer ID"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := start(t, nil)
			env := newEnv(t, f, tc.opts)
			env.Sync(t, "fleet", cache.OutcomeOK)
			before := synctest.Dump(t, env.Cache.Path(), false)
			f.srv.PageCap = 5
			f.srv.Hook = tc.hook
			tokens := f.srv.TokensIssued()
			var last engine.Progress
			res := env.Engine.Sync(context.Background(), "fleet", engine.SyncOptions{Progress: func(p engine.Progress) { last = p }})
			if tc.want == "" {
				if res.Outcome != cache.OutcomeOK {
					t.Fatalf("sync: %v", res.Err)
				}
				checkFigures(t, env.Cache, fixtureFigures)
				if tc.retried && last.Retries == 0 {
					t.Errorf("no retry: %+v", last)
				}
				// One token for the sync, and one after it was refused.
				if tc.name == "a token revoked early" && f.srv.TokensIssued() != tokens+2 {
					t.Errorf("%d tokens issued, want 2", f.srv.TokensIssued()-tokens)
				}
				return
			}
			if res.Outcome != cache.OutcomeFailed || res.Err == nil || !strings.Contains(res.Err.Error(), tc.want) {
				t.Fatalf("sync: %s, %v\nwant the error to hold %q", res.Outcome, res.Err, tc.want)
			}
			for _, s := range append(f.secrets(t), "ya29.") {
				if strings.Contains(res.Err.Error(), s) {
					t.Fatalf("the error repeats a secret: %v", res.Err)
				}
			}
			if after := synctest.Dump(t, env.Cache.Path(), false); after != before {
				t.Fatalf("a failed sync changed the cache:\n%s\n----\n%s", before, after)
			}
		})
	}
}

// TestGuards runs the shared client's guards against Google: a page over
// the size limit and a server that stops sending each end the sync within
// their limits, naming the listing.
func TestGuards(t *testing.T) {
	cases := []struct {
		name string
		hook func(http.ResponseWriter, *http.Request, int) bool
		want string
	}{
		{name: "a page over the size limit", hook: listing(1, func(w http.ResponseWriter, _ *http.Request) {
			fmt.Fprintf(w, `{"chromeosdevices":[%s`, device)
			for range 2000 {
				fmt.Fprintf(w, ",%s", device)
			}
			fmt.Fprint(w, "]}")
		}), want: "the server sent more than 65536 bytes for /admin/directory/v1/customer/my_customer/devices/chromeos, the most Cabinet accepts in one response"},
		{name: "a server that stops sending", hook: listing(1, func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprintf(w, `{"chromeosdevices":[%s`, device)
			w.(http.Flusher).Flush()
			<-r.Context().Done()
		}), want: "the server stopped sending while Cabinet fetched /admin/directory/v1/customer/my_customer/devices/chromeos"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := start(t, tc.hook)
			env := synctest.New(t, today)
			putSchools(t, env.Cache)
			http := synctest.FastHTTP
			http.Retries, http.MaxBody, http.LowSpeedTime = -1, 64<<10, 500*time.Millisecond
			e := engine.New(env.Dir, env.Cache, engine.Options{Kinds: []engine.Kind{googleadmin.Kind()}, Keyring: synctest.MemKeyring{}, HTTP: http})
			if err := e.SaveSource(f.config(nil), ""); err != nil {
				t.Fatal(err)
			}
			res := e.Sync(context.Background(), "fleet", engine.SyncOptions{})
			if res.Outcome != cache.OutcomeFailed || res.Err == nil || !strings.Contains(res.Err.Error(), tc.want) {
				t.Fatalf("sync: %s, %v\nwant %q", res.Outcome, res.Err, tc.want)
			}
		})
	}
}

// TestToken asks the token endpoint for a token in the ways it refuses
// one, and checks each failure says what to do, without the key.
func TestToken(t *testing.T) {
	other := googleadmintest.New()
	cases := []struct {
		name string
		// key, if set, replaces the key file's contents for the fake at url.
		key     func(url string) []byte
		subject string
		// hook, if set, answers the token endpoint.
		token func(w http.ResponseWriter)
		// clock sets the fake's clock off by this much.
		clock time.Duration
		want  string
	}{
		{name: "a subject who is not an administrator", subject: googleadmintest.Teacher,
			want: "server answered 400 Bad Request for /token (Invalid email or User ID). Google would not let the service account act for the subject: the subject must be an administrator of the domain, and in the Admin console, Security › Access and data control › API controls › Domain-wide delegation must list the service account's client ID with the scope https://www.googleapis.com/auth/admin.directory.device.chromeos.readonly"},
		{name: "a key the service account no longer has", key: func(url string) []byte { return other.Key(url) },
			want: "server answered 400 Bad Request for /token (Invalid JWT Signature.). Google would not let the service account act for the subject"},
		{name: "a clock an hour and more out", clock: 2 * time.Hour, want: "(Invalid JWT: Token must be a short-lived token (60 minutes)"},
		{name: "an answer with no token", token: func(w http.ResponseWriter) { fmt.Fprint(w, `{"token_type":"Bearer","expires_in":3599}`) },
			want: "the token answer holds no access_token"},
		{name: "an answer that is not JSON", token: func(w http.ResponseWriter) { fmt.Fprint(w, `<html>`) },
			want: "the token answer could not be read as JSON"},
		{name: "a token that is not a bearer token", token: func(w http.ResponseWriter) { fmt.Fprint(w, `{"access_token":"x","token_type":"mac"}`) },
			want: `the token is of type "mac"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := start(t, nil)
			if tc.key != nil {
				if err := os.WriteFile(f.key, tc.key(f.url), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			if tc.token != nil {
				f.srv.Hook = func(w http.ResponseWriter, r *http.Request, _ int) bool {
					if r.URL.Path != googleadmintest.TokenPath {
						return false
					}
					w.Header().Set("Content-Type", "application/json")
					tc.token(w)
					return true
				}
			}
			f.srv.Now = func() time.Time { return time.Now().Add(tc.clock) }
			opts := map[string]string{}
			if tc.subject != "" {
				opts[googleadmin.OptSubject] = tc.subject
			}
			env := newEnv(t, f, opts)
			res := env.Engine.Sync(context.Background(), "fleet", engine.SyncOptions{})
			if res.Outcome != cache.OutcomeFailed || res.Err == nil || !strings.Contains(res.Err.Error(), tc.want) ||
				!strings.HasPrefix(res.Err.Error(), "fleet: getting an access token from 127.0.0.1:") {
				t.Fatalf("sync: %s, %v\nwant %q", res.Outcome, res.Err, tc.want)
			}
			for _, s := range f.secrets(t) {
				if strings.Contains(res.Err.Error(), s) {
					t.Fatalf("the error repeats the key: %v", res.Err)
				}
			}
		})
	}
}

// ecKey is a service account key file holding an elliptic-curve key in
// place of its RSA key.
func ecKey(t *testing.T, file []byte) string {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	var key map[string]string
	if err := json.Unmarshal(file, &key); err != nil {
		t.Fatal(err)
	}
	key["private_key"] = string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
	b, _ := json.Marshal(key)
	return string(b)
}

// TestKeyRefused: a key that cannot serve is refused when the source is
// added, in a sentence, and none is saved.
func TestKeyRefused(t *testing.T) {
	f := start(t, nil)
	good := f.srv.Key(f.url)
	dir := t.TempDir()
	cases := []struct {
		name string
		key  string
		mode os.FileMode
		want string
	}{
		{"readable by others", string(good), 0o644, "may be read by other users of this computer (its mode is 0644); make it readable by its owner only, with chmod 600"},
		{"not JSON", "-----BEGIN PRIVATE KEY-----", 0o600, "the key is not a service account's JSON key file"},
		{"a user's credentials", `{"type":"authorized_user","client_id":"x","client_secret":"y","refresh_token":"z"}`, 0o600, `the key file is of type "authorized_user", not a service account's key`},
		{"an EC key", ecKey(t, good), 0o600, "the key file's private_key is not an RSA private key"},
		{"a token address elsewhere over http", strings.Replace(string(good), f.url, "http://oauth2.example.org", 1), 0o600, "the token address: plain http is allowed only to this computer"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env := synctest.New(t, today, googleadmin.Kind())
			path := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-")+".json")
			if err := os.WriteFile(path, []byte(tc.key), tc.mode); err != nil {
				t.Fatal(err)
			}
			os.Chmod(path, tc.mode)
			cfg := f.config(nil)
			cfg.Options[googleadmin.OptKeyFile] = path
			err := env.Engine.SaveSource(cfg, "")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("%v, want %q", err, tc.want)
			}
			if l := leaks(t, env.Dir, f.secrets(t)); len(l) > 0 {
				t.Fatalf("the data folder holds the key: %q", l)
			}
			if sources, _ := env.Engine.Sources(); len(sources) != 0 {
				t.Fatalf("saved %+v", sources)
			}
		})
	}
	// In the keyring, from standard input, the same key serves.
	env := synctest.New(t, today, googleadmin.Kind())
	putSchools(t, env.Cache)
	cfg := f.config(nil)
	delete(cfg.Options, googleadmin.OptKeyFile)
	if err := env.Engine.SaveSource(cfg, string(good)); err != nil {
		t.Fatal(err)
	}
	env.Sync(t, "fleet", cache.OutcomeOK)
	checkFigures(t, env.Cache, fixtureFigures)
	if l := leaks(t, env.Dir, f.secrets(t)); len(l) > 0 {
		t.Fatalf("the data folder holds the key: %q", l)
	}
	// In an environment variable, too.
	env = synctest.New(t, today, googleadmin.Kind())
	putSchools(t, env.Cache)
	env.Add(t, cfg, string(good))
	env.Sync(t, "fleet", cache.OutcomeOK)
	checkFigures(t, env.Cache, fixtureFigures)
}
