package main

import (
	"bytes"
	"database/sql"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/district/demo"
	"github.com/cabinetapp/cabinet/sync/helpdesk/helpdesktest"
	"github.com/cabinetapp/cabinet/sync/summaryapi/contract"
	"github.com/cabinetapp/cabinet/sync/summaryapi/server"
)

// rtTargets are the service levels the source is given, by priority.
var rtTargets = map[int]time.Duration{90: 24 * time.Hour, 50: 3 * 24 * time.Hour}

const rtTargetsOption = "90=1,50=3,*=7"

func target(priority int) time.Duration {
	if d, ok := rtTargets[priority]; ok {
		return d
	}
	return 7 * 24 * time.Hour
}

// expected works out the figures from RT's tickets, the School field's
// values mapped to Cabinet's schools by name.
func expected(tickets []rtTicket, schoolOf map[string]string, now time.Time) map[string]float64 {
	var list []helpdesktest.Ticket
	for _, tk := range tickets {
		h := helpdesktest.Ticket{Created: tk.created, Due: tk.due, School: schoolOf[tk.school]}
		if tk.status == "resolved" || tk.status == "rejected" {
			h.Done, h.Closed, h.Resolved = true, tk.resolved, tk.status == "resolved"
		}
		if h.Due.IsZero() {
			h.Due = tk.created.Add(target(tk.priority))
		}
		list = append(list, h)
	}
	return helpdesktest.Figures(list, now)
}

// TestRequestTracker syncs a real Request Tracker 5 and checks every
// month's figures against the tickets in RT's own database.
func TestRequestTracker(t *testing.T) {
	if os.Getenv("CABINET_RT_TEST") != "1" {
		t.Skip("Request Tracker test skipped: set CABINET_RT_TEST=1 (make test-rt installs RT and runs it)")
	}
	bin := cabinetBinary(t)
	rt := startRT(t)
	now := time.Now().UTC()

	// A Summary API supplies the schools, and help-desk history of its own.
	store := server.NewStore(server.Demo(demo.Config{Seed: 5, Schools: 3, Years: 1, End: time.Date(2026, time.April, 1, 0, 0, 0, 0, time.UTC)}))
	api := httptest.NewServer(contract.Handler(t, server.Handler(store, server.Options{Token: "summary-token"})))
	defer api.Close()
	c := &cli{t: t, bin: bin, data: t.TempDir(), env: []string{"SUMMARY_TOKEN=summary-token", "RT_PASSWORD=" + rtPassword, "RT_WRONG=not-the-password"}}
	step := func(name string, code int, stdout, stderr string, args ...string) string {
		t.Helper()
		began := time.Now()
		got, out, errOut := c.run("", args...)
		if got != code || !strings.Contains(out, stdout) || !strings.Contains(errOut, stderr) {
			t.Fatalf("%s: cabinet %s\nexit %d (want %d)\nstdout: %s\nstderr: %s", name, strings.Join(args, " "), got, code, out, errOut)
		}
		t.Logf("%s: %s", name, time.Since(began).Round(time.Millisecond))
		return out + errOut
	}
	step("add the Summary API", 0, "Added district", "", "source", "add", "district", "--url", api.URL, "--token-env", "SUMMARY_TOKEN")
	step("sync the Summary API", 0, "district: synced everything", "", "sync", "--source", "district")

	db, err := sql.Open("sqlite", "file:"+filepath.Join(c.data, "cabinet.db")+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	schoolOf := map[string]string{}
	var names []string
	rows, err := db.Query("SELECT id, name FROM schools WHERE source = 'district' ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id, name string
		rows.Scan(&id, &name)
		schoolOf[name] = id
		names = append(names, name)
	}
	rows.Close()
	db.Close()
	if len(names) != 3 {
		t.Fatalf("the Summary API gave %d schools, want 3", len(names))
	}
	// One school in RT matches none of Cabinet's: its tickets count only
	// toward the district.
	const tickets = 300
	rt.seed(t, tickets, append(names, "Bus Depot"), now)

	step("add RT", 0, "Added helpdesk", "", "source", "add", "helpdesk", "--kind", "rt", "--url", rt.url, "--user", "root", "--secret-env", "RT_PASSWORD",
		"--sla-days", rtTargetsOption, "--page-size", "40")
	step("test RT", 0, fmt.Sprintf("helpdesk: Request Tracker answered, with %d tickets", tickets), "", "source", "test", "helpdesk")
	began := time.Now()
	out := step("first sync", 0, "helpdesk: synced everything", "", "sync", "--source", "helpdesk")
	t.Logf("first sync of %d tickets in pages of 40 (%d requests): %s", tickets, tickets/40+2, time.Since(began).Round(time.Millisecond))
	if !strings.Contains(out, "Bus Depot") {
		t.Errorf("the sync did not say that Bus Depot matches no school:\n%s", out)
	}
	helpdesktest.Compare(t, expected(rt.tickets(t), schoolOf, now), helpdesktest.Stored(t, filepath.Join(c.data, "cabinet.db"), "helpdesk"))

	step("nothing changed", 0, "helpdesk: unchanged since the last sync", "", "sync", "--source", "helpdesk")

	// Resolve three open tickets and delete two, through REST 2.0.
	var open []int64
	r, err := rt.db.Query("SELECT id FROM Tickets WHERE Status IN ('new', 'open') ORDER BY id LIMIT 3")
	if err != nil {
		t.Fatal(err)
	}
	for r.Next() {
		var id int64
		r.Scan(&id)
		open = append(open, id)
	}
	r.Close()
	for _, id := range open {
		rt.must(t, "PUT", fmt.Sprintf("/ticket/%d", id), map[string]string{"Status": "resolved"}, http.StatusOK)
	}
	for _, id := range []int{5, 6} {
		rt.must(t, "DELETE", fmt.Sprintf("/ticket/%d", id), nil, http.StatusNoContent)
	}
	step("sync after changes", 0, "helpdesk: synced changes", "", "sync", "--source", "helpdesk")
	after := rt.tickets(t)
	if len(after) != tickets-2 {
		t.Fatalf("RT holds %d tickets after deleting two of %d", len(after), tickets)
	}
	helpdesktest.Compare(t, expected(after, schoolOf, now), helpdesktest.Stored(t, filepath.Join(c.data, "cabinet.db"), "helpdesk"))

	// Deleting one ticket is seen too: the number of tickets fell.
	rt.must(t, "DELETE", "/ticket/7", nil, http.StatusNoContent)
	step("sync after a deletion", 0, "helpdesk: synced changes", "", "sync", "--source", "helpdesk")
	helpdesktest.Compare(t, expected(rt.tickets(t), schoolOf, now), helpdesktest.Stored(t, filepath.Join(c.data, "cabinet.db"), "helpdesk"))

	step("add RT with a wrong password", 0, "Added wrong", "", "source", "add", "wrong", "--kind", "rt", "--url", rt.url, "--user", "root", "--secret-env", "RT_WRONG")
	msg := step("wrong password", 1, "", "wrong: server answered 401 Unauthorized; check the user and password", "sync", "--source", "wrong")
	if strings.Contains(msg, "not-the-password") || strings.Count(strings.TrimSpace(msg), "\n") > 1 {
		t.Errorf("the failure is not one sentence without the password:\n%s", msg)
	}

	// An auth token in place of a password, and schools by queue: RT's
	// queues are none of Cabinet's schools, so only the district's figures
	// are stored, and they are the same.
	token := rt.authToken(t)
	c.env = append(c.env, "RT_TOKEN="+token)
	step("add RT by token", 0, "Added bytoken", "", "source", "add", "bytoken", "--kind", "rt", "--url", rt.url, "--secret-env", "RT_TOKEN",
		"--schools-by", "queue", "--sla-days", rtTargetsOption)
	out = step("sync by token", 0, "bytoken: synced everything", "", "sync", "--source", "bytoken")
	if !strings.Contains(out, "Elementary") || strings.Contains(out, token) {
		t.Errorf("the sync by token did not name the Elementary queue as matching no school, or printed the token:\n%s", out)
	}
	helpdesktest.Compare(t, expected(rt.tickets(t), nil, now), helpdesktest.Stored(t, filepath.Join(c.data, "cabinet.db"), "bytoken"))

	// Nothing that names a ticket or a person is in the data folder.
	secrets := []string{rtSubject, "Please help", token}
	for _, p := range rtPeople {
		secrets = append(secrets, p.name, p.email, p.user)
	}
	err = filepath.WalkDir(c.data, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, s := range secrets {
			if bytes.Contains(bytes.ToLower(b), bytes.ToLower([]byte(s))) {
				t.Errorf("%s holds %q", path, s)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
