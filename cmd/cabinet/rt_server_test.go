package main

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The Request Tracker the test starts: Debian's packages (scripts/deps.sh rt).
const (
	rtSetup  = "/usr/sbin/rt-setup-database-5"
	rtServer = "/usr/share/request-tracker5/libexec/rt-server"
	// rtPassword is the root password rt-setup-database gives a new database.
	rtPassword = "password"
)

// realRT is a Request Tracker 5 running on 127.0.0.1 with a throwaway
// SQLite database.
type realRT struct {
	url string
	db  *sql.DB
	cf  int64 // the School custom field's id
	// dir and env run RT's own Perl against the same database.
	dir string
	env []string
}

// startRT initialises a database and starts rt-server on a free port,
// stopping it when the test ends.
func startRT(t *testing.T) *realRT {
	t.Helper()
	for _, f := range []string{rtSetup, rtServer} {
		if _, err := os.Stat(f); err != nil {
			t.Fatalf("CABINET_RT_TEST is set but Request Tracker is not installed (%v): run scripts/deps.sh rt", err)
		}
	}
	dir := t.TempDir()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	dbPath := filepath.Join(dir, "rt.db")
	// The site config replaces Debian's (and its dbconfig database); mail
	// goes to a temporary file, never to a mail server.
	site := fmt.Sprintf(`Set($rtname, 'cabinet-test');
Set($Organization, 'cabinet-test');
Set($WebDomain, '127.0.0.1');
Set($WebPort, %d);
Set($WebPath, '');
Set($WebBaseURL, '%s');
Set($DatabaseType, 'SQLite');
Set($DatabaseName, '%s');
Set($Timezone, 'UTC');
Set($LogToSTDERR, 'error');
Set($LogToSyslog, undef);
Set($LogToFile, undef);
Set($MailCommand, 'testfile');
Set($CorrespondAddress, 'rt@localhost');
Set($CommentAddress, 'rt-comment@localhost');
1;
`, port, base, dbPath)
	if err := os.WriteFile(filepath.Join(dir, "site.pm"), []byte(site), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "site.d"), 0o700); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "RT_SITE_CONFIG="+filepath.Join(dir, "site.pm"), "RT_SITE_CONFIG_DIR="+filepath.Join(dir, "site.d"))
	began := time.Now()
	setup := exec.Command(rtSetup, "--action", "init", "--skip-create")
	setup.Dir, setup.Env = dir, env
	if out, err := setup.CombinedOutput(); err != nil {
		t.Fatalf("rt-setup-database: %v\n%s", err, out)
	}
	t.Logf("rt-setup-database made the database in %s", time.Since(began).Round(time.Millisecond))
	var log bytes.Buffer
	srv := exec.Command(rtServer, "--port", strconv.Itoa(port))
	srv.Dir, srv.Env, srv.Stdout, srv.Stderr = dir, env, &log, &log
	srv.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		syscall.Kill(-srv.Process.Pid, syscall.SIGTERM)
		srv.Wait()
	})
	began = time.Now()
	for {
		resp, err := rtCall("GET", base+"/REST/2.0/queues/all", nil)
		if err == nil && resp.status == http.StatusOK {
			break
		}
		if time.Since(began) > 3*time.Minute {
			t.Fatalf("rt-server did not answer within 3 minutes: %v\n%s", err, log.String())
		}
		time.Sleep(250 * time.Millisecond)
	}
	t.Logf("rt-server answered after %s", time.Since(began).Round(time.Millisecond))
	db, err := sql.Open("sqlite", "file:"+dbPath+"?_pragma=busy_timeout(20000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return &realRT{url: base, db: db, dir: dir, env: env}
}

// authToken makes an auth token for root with RT's own Perl: REST 2.0 in
// RT 5.0 cannot make one.
func (rt *realRT) authToken(t *testing.T) string {
	t.Helper()
	cmd := exec.Command("perl", "-I/usr/share/request-tracker5/lib", "-e", `use RT; RT::LoadConfig(); RT::Init();
my $u = RT::User->new(RT->SystemUser); $u->Load("root");
my ($ok, $msg, $token) = RT::AuthToken->new(RT->SystemUser)->Create(Owner => $u->Id, Description => "cabinet test");
die "$msg\n" unless $ok; print "$token\n";`)
	cmd.Dir, cmd.Env = rt.dir, rt.env
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("making an auth token: %v", err)
	}
	return strings.TrimSpace(string(out))
}

type rtAnswer struct {
	status int
	body   []byte
}

// rtCall sends one REST 2.0 request as root.
func rtCall(method, url string, body any) (rtAnswer, error) {
	var r *bytes.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return rtAnswer{}, err
		}
		r = bytes.NewReader(b)
	} else {
		r = bytes.NewReader(nil)
	}
	req, err := http.NewRequest(method, url, r)
	if err != nil {
		return rtAnswer{}, err
	}
	req.SetBasicAuth("root", rtPassword)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return rtAnswer{}, err
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	_, err = buf.ReadFrom(resp.Body)
	return rtAnswer{status: resp.StatusCode, body: buf.Bytes()}, err
}

func (rt *realRT) must(t *testing.T, method, path string, body any, want int) []byte {
	t.Helper()
	a, err := rtCall(method, rt.url+"/REST/2.0"+path, body)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	if a.status != want {
		t.Fatalf("%s %s: %d %s", method, path, a.status, a.body)
	}
	return a.body
}

// rtPerson is a requestor whose name and address must never reach Cabinet.
type rtPerson struct{ user, email, name string }

var rtPeople = []rtPerson{
	{"jrivera", "jordan.rivera@example.org", "Jordan Rivera"},
	{"mokafor", "mina.okafor@example.org", "Mina Okafor"},
	{"tbrandt", "tobias.brandt@example.org", "Tobias Brandt"},
}

const rtSubject = "Projector in room 12 flickers"

// rtDate writes a time as RT's database stores it.
func rtDate(t time.Time) string {
	if t.IsZero() {
		return "1970-01-01 00:00:00"
	}
	return t.UTC().Format(time.DateTime)
}

// seed creates the queues, the School custom field, the requestors and n
// tickets through REST 2.0, then spreads the tickets over 18 months in
// RT's database: REST cannot set when a ticket was created or resolved.
func (rt *realRT) seed(t *testing.T, n int, schools []string, now time.Time) {
	for _, q := range []string{"Elementary", "Secondary"} {
		rt.must(t, "POST", "/queue", map[string]string{"Name": q}, http.StatusCreated)
	}
	var cf struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(rt.must(t, "POST", "/customfield", map[string]string{"Name": "School", "Type": "FreeformSingle", "LookupType": "RT::Queue-RT::Ticket"}, http.StatusCreated), &cf); err != nil {
		t.Fatal(err)
	}
	rt.cf, _ = strconv.ParseInt(cf.ID, 10, 64)
	// REST 2.0 in RT 5.0 cannot apply a custom field to queues: apply it to
	// all of them, as the web interface's "Applies to: all queues" does.
	if _, err := rt.db.Exec(`INSERT INTO ObjectCustomFields (CustomField, ObjectId, SortOrder, Creator, Created, LastUpdatedBy, LastUpdated)
		VALUES (?, 0, 1, 1, ?, 1, ?)`, rt.cf, rtDate(now), rtDate(now)); err != nil {
		t.Fatalf("applying the School field to every queue: %v", err)
	}
	// Mail is composed for every ticket by the notification scrips, which
	// takes RT a second or more each: switch them off.
	if _, err := rt.db.Exec("UPDATE Scrips SET Disabled = 1 WHERE Description LIKE '%Notify%' OR Description LIKE '%Autoreply%'"); err != nil {
		t.Fatalf("switching off RT's mail: %v", err)
	}
	for _, p := range rtPeople {
		rt.must(t, "POST", "/user", map[string]string{"Name": p.user, "EmailAddress": p.email, "RealName": p.name}, http.StatusCreated)
	}
	// POST /tickets/bulk creates a hundred at a time: RT takes a second
	// or more for any request on a busy machine.
	began := time.Now()
	for from := 0; from < n; from += 100 {
		var batch []map[string]any
		for i := from; i < min(n, from+100); i++ {
			body := map[string]any{"Queue": []string{"Elementary", "Secondary"}[i%2], "Subject": fmt.Sprintf("%s (%d)", rtSubject, i),
				"Requestor": rtPeople[i%len(rtPeople)].email, "Priority": []int{10, 50, 90}[i%3],
				"Content": "Please help, " + rtPeople[i%len(rtPeople)].name}
			if i%9 != 0 {
				body["CustomFields"] = map[string]string{"School": schools[i%len(schools)]}
			}
			batch = append(batch, body)
		}
		rt.must(t, "POST", "/tickets/bulk", batch, http.StatusCreated)
	}
	t.Logf("created %d tickets through REST 2.0 in %s", n, time.Since(began).Round(time.Millisecond))
	rows, err := rt.db.Query("SELECT id FROM Tickets ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	var all []int64
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		all = append(all, id)
	}
	rows.Close()
	r := rand.New(rand.NewPCG(14, uint64(n)))
	span := 18 * 30 * 24 * time.Hour
	for _, id := range all {
		created := now.Add(-time.Duration(r.Int64N(int64(span)))).Truncate(time.Second)
		status, resolved, due := "new", time.Time{}, time.Time{}
		switch k := r.IntN(10); {
		case k < 6:
			status = "resolved"
		case k < 7:
			status = "rejected"
		case k < 8:
			status = "stalled"
		case k < 9:
			status = "open"
		}
		if status == "resolved" || status == "rejected" {
			resolved = created.Add(time.Duration(r.Int64N(int64(40 * 24 * time.Hour)))).Truncate(time.Second)
			if resolved.After(now) {
				resolved = now.Add(-time.Minute).Truncate(time.Second)
			}
		}
		if r.IntN(4) == 0 {
			due = created.Add(time.Duration(1+r.IntN(10)) * 24 * time.Hour)
		}
		updated := created.Add(time.Minute)
		if resolved.After(created) {
			updated = resolved.Add(time.Minute)
		}
		if _, err := rt.db.Exec("UPDATE Tickets SET Status = ?, Created = ?, Resolved = ?, Due = ?, LastUpdated = ? WHERE id = ?",
			status, rtDate(created), rtDate(resolved), rtDate(due), rtDate(updated), id); err != nil {
			t.Fatalf("back-dating ticket %d: %v", id, err)
		}
	}
}

// rtTicket is a ticket as RT's database holds it.
type rtTicket struct {
	status                 string
	created, resolved, due time.Time
	priority               int
	school                 string
}

// tickets reads every ticket that is not deleted from RT's database,
// not through the API the connector uses.
func (rt *realRT) tickets(t *testing.T) []rtTicket {
	t.Helper()
	// CAST: the driver would turn DATETIME columns into times of its own.
	rows, err := rt.db.Query(`SELECT t.Status, CAST(t.Created AS TEXT), CAST(t.Resolved AS TEXT), CAST(t.Due AS TEXT), t.Priority,
		COALESCE((SELECT v.Content FROM ObjectCustomFieldValues v WHERE v.ObjectType = 'RT::Ticket' AND v.ObjectId = t.id AND v.CustomField = ? AND v.Disabled = 0), '')
		FROM Tickets t WHERE t.Status != 'deleted' AND t.id = t.EffectiveId`, rt.cf)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []rtTicket
	parse := func(s string) time.Time {
		v, err := time.Parse(time.DateTime, s)
		if err != nil || v.Year() <= 1970 {
			return time.Time{}
		}
		return v
	}
	for rows.Next() {
		var tk rtTicket
		var c, r, d string
		if err := rows.Scan(&tk.status, &c, &r, &d, &tk.priority, &tk.school); err != nil {
			t.Fatal(err)
		}
		tk.created, tk.resolved, tk.due = parse(c), parse(r), parse(d)
		out = append(out, tk)
	}
	return out
}
