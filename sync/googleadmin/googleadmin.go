// Package googleadmin is the source kind for Google Admin: the ChromeOS
// devices of a Google Workspace domain, read with the Admin SDK Directory
// API's chromeosdevices.list by a service account with domain-wide
// delegation, acting for an administrator. It counts the devices in memory
// by organizational unit, maps the units to Cabinet's schools (a unit
// inside a school's counts with it), and stores only the month's
// Chromebook figures per school and for the district. Its fields mask asks
// only for what is counted: no serial number, device id, user, address or
// annotation is asked for, decoded, kept or logged.
//
// Google Admin keeps no history Cabinet could ask for, so every sync
// counts the whole fleet again and replaces the current month's figures;
// earlier months stay as they were counted.
package googleadmin

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/sync/engine"
	"github.com/cabinetapp/cabinet/sync/rest"
)

// KindName is the kind's name in source settings and on the command line.
const KindName = "googleadmin"

// DefaultURL is where Google's Admin SDK answers.
const DefaultURL = "https://admin.googleapis.com"

// MaxPageSize is the most devices chromeosdevices.list sends in a page.
const MaxPageSize = 300

// MyCustomer is the customer ID that names the subject's own domain.
const MyCustomer = "my_customer"

// Options of the kind.
const (
	OptSubject  = "subject"
	OptCustomer = "customer"
	OptKeyFile  = "key_file"
)

// throttleWait is the longest Cabinet waits when Google throttles: its
// limits count queries a minute.
const throttleWait = 65 * time.Second

// maxToken is the longest page token followed: Google's are a few hundred
// characters, and a token is sent back in the address.
const maxToken = 2048

// Kind is the Google Admin kind of source.
//
// Each device is counted once for each measure: where Snipe-IT also
// supplies the fleet, Google Admin's auto-update expiration dates (Google's
// own, for every enrolled device) rank before the ones a district keeps in
// Snipe-IT, while Snipe-IT's devices in service, which include laptops and
// tablets besides the Chromebooks, rank before Google Admin's.
func Kind() engine.Kind {
	return engine.Kind{
		Name:     KindName,
		Title:    "Google Admin",
		Priority: 10,
		Ranks: map[string]int{
			district.MetricDataset(district.ChromebooksPastAUE): 5,
			district.MetricDataset(district.DevicesInService):   15,
		},
		Order:      2,
		Snapshots:  true,
		Secret:     "key",
		SecretFile: OptKeyFile,
		DefaultURL: DefaultURL,
		Options: []engine.Option{
			{Name: OptSubject, Required: true, Usage: "the administrator the service account acts for, such as admin@district.org", Check: checkSubject},
			{Name: OptCustomer, Usage: "the Google Workspace customer ID (default " + MyCustomer + ": the subject's own domain)", Check: checkCustomer},
			{Name: OptKeyFile, Usage: "the full path of the service account's JSON key file, readable by its owner only; it is read at each sync"},
		},
		Open: open,
	}
}

var (
	subjectPattern  = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
	customerPattern = regexp.MustCompile(`^[A-Za-z0-9_]{1,64}$`)
)

func checkSubject(v string) error {
	if !subjectPattern.MatchString(strings.TrimSpace(v)) {
		return fmt.Errorf("subject %q is not an administrator's email address such as admin@district.org", rest.Echo(v))
	}
	return nil
}

func checkCustomer(v string) error {
	if !customerPattern.MatchString(v) {
		return fmt.Errorf("customer %q is not a Google Workspace customer ID such as C01abc2de (Admin console › Account › Account settings)", rest.Echo(v))
	}
	return nil
}

type source struct {
	http      *rest.Client
	path      string // the customer's ChromeOS devices
	tokenPath string
}

func open(s engine.Settings) (engine.Source, error) {
	subject := strings.TrimSpace(s.Options[OptSubject])
	if err := checkSubject(subject); err != nil {
		return nil, err
	}
	customer := s.Options[OptCustomer]
	if customer == "" {
		customer = MyCustomer
	}
	if err := checkCustomer(customer); err != nil {
		return nil, err
	}
	conf, err := jwtConfig([]byte(s.Secret), subject)
	if err != nil {
		return nil, err
	}
	cfg := s.HTTP
	cfg.Credential = "service account key"
	// The key's private key, in any piece, stays out of every message.
	cfg.Secrets = append(append(cfg.Secrets, s.Secret), rest.KeyPieces(s.Secret)...)
	cfg.MaxWait = max(cfg.MaxWait, throttleWait)
	cfg.RetryIf = throttled
	tokens, err := grant(cfg, conf)
	if err != nil {
		return nil, err
	}
	cfg.Tokens = tokens
	src := &source{path: devicesPath(customer), tokenPath: tokenPath(conf.TokenURL)}
	if src.http, err = rest.New(cfg); err != nil {
		return nil, err
	}
	return src, nil
}

// query asks for a page of n devices after token ("" for the first).
func query(n int, token string) url.Values {
	q := url.Values{"maxResults": {strconv.Itoa(n)}, "projection": {"FULL"}, "fields": {Fields}}
	if token != "" {
		q.Set("pageToken", token)
	}
	return q
}

// Test reads one device.
func (s *source) Test(ctx context.Context) (string, error) {
	resp, err := s.http.Get(ctx, s.path, query(1, ""), "")
	if err != nil {
		return "", s.explain(err)
	}
	p, err := DecodePage(resp.Body)
	if err != nil {
		return "", fmt.Errorf("%s: %w", s.path, err)
	}
	if len(p.Devices) == 0 {
		return "Google Admin answered; the domain lists no ChromeOS devices", nil
	}
	return "Google Admin answered, and the service account may read the domain's ChromeOS devices", nil
}

// Sync counts every device and replaces the month's figures.
func (s *source) Sync(ctx context.Context, w *cache.Writer, req engine.Request) (engine.Position, error) {
	now := w.Now().UTC()
	calendar, err := w.Calendar()
	if err != nil {
		return engine.Position{}, err
	}
	rules := Rules{Now: now, Today: time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC), Calendar: calendar}
	c := newCount(&rules, w.Name)
	req.Meter.Stage("devices")
	if err := s.list(ctx, req, c.add); err != nil {
		return engine.Position{}, s.explain(err)
	}
	return engine.Position{}, c.write(w, req.Meter, district.Month(rules.Today))
}

// list pages through the customer's devices, handing each to add. The
// listing has no total; a page token given twice, one too long to be
// Google's, or a device an earlier page held, ends it with an error, and
// the shared guard bounds its pages and devices.
func (s *source) list(ctx context.Context, req engine.Request, add func(*Device) error) error {
	g := s.http.Guard(s.path)
	token := ""
	for n := 1; ; n++ {
		resp, err := s.http.Get(ctx, s.path, query(MaxPageSize, token), "")
		if err != nil {
			return err
		}
		req.Meter.Page(len(resp.Body))
		p, err := DecodePage(resp.Body)
		if err != nil {
			return fmt.Errorf("%s page %d: %w", s.path, n, err)
		}
		if err := g.Page(n, -1, len(p.Devices)); err != nil {
			return err
		}
		for i := range p.Devices {
			if err := g.Key(n, p.Devices[i].ID); err != nil {
				return err
			}
			if err := add(&p.Devices[i]); err != nil {
				return err
			}
		}
		req.Meter.Records(len(p.Devices))
		switch {
		case p.Next == "":
			return nil
		case len(p.Next) > maxToken:
			return fmt.Errorf("%s page %d: the server's next page token is %d characters long, too long to be one", s.path, n, len(p.Next))
		}
		if err := g.Follow(n, p.Next); err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		token = p.Next
	}
}
