package engine_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/cabinetapp/cabinet/sync/engine"
	"github.com/cabinetapp/cabinet/sync/iiq"
	"github.com/cabinetapp/cabinet/sync/rt"
	"github.com/cabinetapp/cabinet/sync/snipeit"
	"github.com/cabinetapp/cabinet/sync/synctest"
)

// echoSite is a place where a server's text reaches something a person
// reads or Cabinet keeps, with the lengths at which that text is, or once
// was, cut short.
type echoSite struct {
	name  string
	kind  engine.Kind
	opts  map[string]string
	cuts  []int
	serve func(w http.ResponseWriter, r *http.Request, text string)
	// probe, if set, finds a further cut: where the text starts in the
	// sync's message, so that the message's own limit falls on it.
	probe bool
}

const rtTicket = `{"id":"1","Status":"open","Created":%s,"LastUpdated":"2026-10-02T09:00:00Z","Resolved":"","Due":"","Priority":"0","Queue":{"Name":"General"},"CustomFields":""}`

var echoSites = []echoSite{
	{name: "a 401's error body", kind: rt.Kind(), opts: map[string]string{rt.OptSchoolsBy: "queue"}, cuts: []int{300},
		serve: func(w http.ResponseWriter, r *http.Request, text string) {
			w.WriteHeader(http.StatusUnauthorized)
			json.NewEncoder(w).Encode(map[string]string{"detail": text})
		}},
	{name: "an error body sent with 200 OK", kind: snipeit.Kind(), cuts: []int{300}, probe: true,
		serve: func(w http.ResponseWriter, r *http.Request, text string) {
			json.NewEncoder(w).Encode(map[string]string{"status": "error", "messages": text})
		}},
	{name: "a ticket's date", kind: rt.Kind(), opts: map[string]string{rt.OptSchoolsBy: "queue"}, cuts: []int{40, 100},
		serve: func(w http.ResponseWriter, r *http.Request, text string) {
			date, _ := json.Marshal(text)
			fmt.Fprintf(w, `{"total":1,"count":1,"items":[`+rtTicket+`]}`, date)
		}},
	{name: "an Incident IQ ticket's date", kind: iiq.Kind(), opts: map[string]string{iiq.OptSiteID: "site", iiq.OptPace: "0"}, cuts: []int{40, 100},
		serve: func(w http.ResponseWriter, r *http.Request, text string) {
			json.NewEncoder(w).Encode(map[string]any{"Items": []any{map[string]any{"TicketId": "t1", "CreatedDate": text}},
				"Paging": map[string]any{"TotalRows": 1}})
		}},
	{name: "a location's name", kind: snipeit.Kind(), cuts: []int{200},
		serve: func(w http.ResponseWriter, r *http.Request, text string) {
			place := map[string]any{"id": 7, "name": text}
			row := place
			if strings.HasSuffix(r.URL.Path, "/hardware") {
				row = map[string]any{"id": 1, "location": place, "status_label": map[string]string{"name": "Ready", "status_type": "deployable"}}
			}
			json.NewEncoder(w).Encode(map[string]any{"total": 1, "rows": []any{row}})
		}},
}

// secretFrom makes a credential of 12 to 32 capitals and digits, which
// nothing else the test or Cabinet writes is made of.
func secretFrom(b []byte) string {
	const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	var s strings.Builder
	for i := 0; i < 12+len(b)%21; i++ {
		c := byte(i * 7)
		if len(b) > 0 {
			c = b[i%len(b)] + byte(i)
		}
		s.WriteByte(alphabet[int(c)%len(alphabet)])
	}
	return s.String()
}

// FuzzRedactBeforeCut places the source's credential at every offset
// around every length at which a server's text is cut (an error body, a
// date quoted in a message, a name stored, the sync log's message), and
// around some more: no run of six of its characters may reach the sync's
// error, its notes, the sync log or anything the cache keeps. Text cut
// before it is redacted leaves the part before the cut for anyone to read.
func FuzzRedactBeforeCut(f *testing.F) {
	envs := make([]*echoEnv, len(echoSites))
	for i, site := range echoSites {
		cuts := site.cuts
		if site.probe {
			cuts = append(cuts, engine.MessageLimit-probeStart(f, site))
		}
		for _, cut := range cuts {
			// The seeds' credentials are 14 characters: these offsets put
			// it across the cut, and just either side of it.
			for offset := cut - 16; offset <= cut+2; offset++ {
				f.Add(uint8(i), uint16(max(offset, 0)), []byte{byte(offset), byte(cut)})
			}
		}
		envs[i] = newEchoEnv(f, site)
	}
	f.Fuzz(func(t *testing.T, which uint8, offset uint16, seed []byte) {
		site := echoSites[int(which)%len(echoSites)]
		env := envs[int(which)%len(echoSites)]
		secret := secretFrom(seed)
		at := int(offset) % 1200
		text := strings.Repeat("x", at) + secret + strings.Repeat("y", 700)
		res, out := env.sync(t, secret, text)
		for i := 0; i+6 <= len(secret); i++ {
			if run := secret[i : i+6]; strings.Contains(out, run) {
				t.Fatalf("%s: with the credential at %d, %q of it reached what a person reads or the cache keeps (%s): %.400q",
					site.name, at, run, res.Outcome, out[max(0, strings.Index(out, run)-200):])
			}
		}
	})
}

// echoEnv is a source of one site's kind on a server that sends whatever
// text it is given.
type echoEnv struct {
	env  *synctest.Env
	text atomic.Value
}

func newEchoEnv(t testing.TB, site echoSite) *echoEnv {
	e := &echoEnv{env: synctest.New(t, time.Date(2026, time.November, 20, 9, 0, 0, 0, time.UTC), site.kind)}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		site.serve(w, r, e.text.Load().(string))
	}))
	srv.Config.SetKeepAlivesEnabled(false)
	t.Cleanup(srv.Close)
	e.env.Add(t, engine.SourceConfig{Name: "echo", Kind: site.kind.Name, URL: srv.URL, Options: site.opts}, "unset")
	return e
}

// sync syncs with secret as the credential and text as what the server
// sends, and returns everything of it a person reads or the cache keeps.
func (e *echoEnv) sync(t testing.TB, secret, text string) (engine.Result, string) {
	e.env.Vars["ECHO_SECRET"] = secret
	e.text.Store(text)
	res := e.env.Engine.Sync(context.Background(), "echo", engine.SyncOptions{Full: true})
	var out strings.Builder
	if res.Err != nil {
		out.WriteString(res.Err.Error() + "\n")
	}
	out.WriteString(strings.Join(res.Notes, "\n") + "\n")
	if run, ok, err := e.env.Cache.LastRun(context.Background(), "echo"); err != nil || !ok {
		t.Fatalf("no sync log: %v", err)
	} else {
		out.WriteString(run.Message + "\n")
	}
	out.WriteString(synctest.Dump(t, e.env.Cache.Path(), false))
	return res, out.String()
}

// probeStart is where a site's text starts in its sync's message, in
// characters.
func probeStart(t testing.TB, site echoSite) int {
	e := newEchoEnv(t, site)
	res, _ := e.sync(t, "PROBE1234567", "MARK"+strings.Repeat("z", 2000))
	if res.Err == nil || !strings.Contains(res.Err.Error(), "MARK") {
		t.Fatalf("%s: the message does not quote the server's text: %v", site.name, res.Err)
	}
	msg := res.Err.Error()
	return utf8.RuneCountInString(msg[:strings.Index(msg, "MARK")])
}
