package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/district/demo"
	"github.com/cabinetapp/cabinet/sync/summaryapi/server"
)

// csvDistrict is a district's exports for districtd --dir, held as rows so
// a test can change them as the weeks would.
type csvDistrict struct {
	d        *demo.District
	obs      map[[3]string][]string // metric, school, period: the row
	products []district.Product
}

func newCSVDistrict(cfg demo.Config) *csvDistrict {
	c := &csvDistrict{d: demo.New(cfg), obs: map[[3]string][]string{}}
	for o := range c.d.Observations() {
		c.put(o)
	}
	c.products = c.d.Products()
	return c
}

func (c *csvDistrict) put(o district.Observation) {
	n := ""
	if o.N > 0 {
		n = strconv.Itoa(o.N)
	}
	p := o.Period.Format(time.DateOnly)
	c.obs[[3]string{o.Metric, o.School, p}] = []string{o.Metric, o.School, p, strconv.FormatFloat(o.Value, 'f', -1, 64), n}
}

// write writes the files into dir, as a district's export would.
func (c *csvDistrict) write(t *testing.T, dir string) {
	t.Helper()
	file := func(name string, rows [][]string) {
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		if err := w.WriteAll(rows); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	date := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format(time.DateOnly)
	}
	num := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	p := c.d.Profile()
	file("district.csv", [][]string{{"name", "fiscal_year_start"}, {p.Name, strconv.Itoa(int(p.FiscalYearStart))}})
	schools := [][]string{{"id", "name", "level", "enrollment"}}
	for _, s := range c.d.Schools() {
		schools = append(schools, []string{s.ID, s.Name, string(s.Level), strconv.Itoa(s.Enrolment)})
	}
	file("schools.csv", schools)
	obs := [][]string{{"metric", "school", "period", "value", "n"}}
	for _, row := range c.obs {
		obs = append(obs, row)
	}
	sort.Slice(obs[1:], func(i, j int) bool { return strings.Join(obs[1+i][:3], "|") < strings.Join(obs[1+j][:3], "|") })
	file("observations.csv", obs)
	budget := [][]string{{"fiscal_year", "category", "funding_source", "budgeted", "actual", "funding_ends"}}
	for _, l := range c.d.Budget() {
		ends := ""
		if l.FundingEnds != 0 {
			ends = strconv.Itoa(l.FundingEnds)
		}
		budget = append(budget, []string{strconv.Itoa(l.FiscalYear), l.Category, l.FundingSource, num(l.Budgeted), num(l.Actual), ends})
	}
	file("budget_lines.csv", budget)
	products := [][]string{{"id", "name", "category", "annual_cost", "licenses", "subject", "contract_start", "renewal_date"}}
	for _, p := range c.products {
		products = append(products, []string{p.ID, p.Name, p.Category, num(p.AnnualCost), strconv.Itoa(p.Licences), p.Subject, date(p.ContractStart), date(p.RenewalDate)})
	}
	file("products.csv", products)
	use := [][]string{{"product", "school", "period", "active_users", "weekly_active_students"}}
	for u := range c.d.Usage() {
		use = append(use, []string{u.Product, u.School, date(u.Period), strconv.Itoa(u.ActiveUsers), num(u.WeeklyActive)})
	}
	file("product_usage.csv", use)
}

// districtd serves a CSV folder as `districtd --dir` does; restart reads
// the files again, at the same address.
type districtd struct {
	dir     string
	handler atomic.Pointer[http.Handler]
	srv     *httptest.Server
}

func serveCSVFolder(t *testing.T, dir string) *districtd {
	d := &districtd{dir: dir}
	d.restart(t)
	d.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { (*d.handler.Load()).ServeHTTP(w, r) }))
	t.Cleanup(d.srv.Close)
	return d
}

func (d *districtd) restart(t *testing.T) {
	t.Helper()
	ds, err := server.LoadCSV(d.dir)
	if err != nil {
		t.Fatalf("districtd refuses the files: %v", err)
	}
	h := server.Handler(server.NewStore(ds), server.Options{Token: "csv-token"})
	d.handler.Store(&h)
}

// clockRun runs cabinet's commands in process on one data folder, at a
// time the test sets.
type clockRun struct {
	t    *testing.T
	data string
	at   time.Time
}

func (p *clockRun) run(args ...string) (code int, stdout, stderr string) {
	p.t.Helper()
	var out, errOut bytes.Buffer
	getenv := func(k string) string {
		if k == "RIVERSIDE_TOKEN" {
			return "csv-token"
		}
		return ""
	}
	e := env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, getenv: getenv, now: func() time.Time { return p.at }}
	code = run(context.Background(), e, append(args, "--data", p.data))
	return code, out.String(), errOut.String()
}

func (p *clockRun) must(want string, args ...string) string {
	p.t.Helper()
	code, stdout, stderr := p.run(args...)
	if code != 0 || !strings.Contains(stdout, want) {
		p.t.Fatalf("cabinet %s: exit %d\nstdout: %s\nstderr: %s\nwant stdout to hold %q", strings.Join(args, " "), code, stdout, stderr, want)
	}
	return stdout
}

// packetText is a PDF's text as pdftotext reads it in drawing order, each
// run of spaces and line breaks as one space.
func packetText(t *testing.T, path string) string {
	t.Helper()
	out, err := exec.Command("pdftotext", "-raw", path, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

// TestSinceTheLastMeeting exports the briefing for the meeting of 10
// November from a real districtd serving CSV files; then the files change
// as the weeks would (October's attendance revised, November closed with
// devices broken past their target, one contract's renewal brought within
// 90 days and another renewed), actions are recorded and one is done, and
// the packet for 8 December names each change, the revision with both
// values, and each action with its status. The meetings then move to a
// fresh cache and read back the same.
func TestSinceTheLastMeeting(t *testing.T) {
	october := time.Date(2026, time.October, 1, 0, 0, 0, 0, time.UTC)
	november := october.AddDate(0, 1, 0)
	files := t.TempDir()
	dist := newCSVDistrict(demo.Config{Seed: 11, Schools: 4, Years: 3, End: october})
	dist.put(district.Observation{Metric: district.DevicesBroken, Period: october, Value: 2.5})
	dist.put(district.Observation{Metric: district.AttendanceRate, Period: october, Value: 94.1, N: 1800})
	later, renewed := &dist.products[0], &dist.products[1]
	later.RenewalDate = time.Date(2027, time.June, 30, 0, 0, 0, 0, time.UTC)
	renewed.RenewalDate, renewed.AnnualCost = time.Date(2026, time.December, 1, 0, 0, 0, 0, time.UTC), 90000
	dist.write(t, files)
	srv := serveCSVFolder(t, files)

	p := &clockRun{t: t, data: t.TempDir(), at: time.Date(2026, time.November, 9, 12, 0, 0, 0, time.UTC)}
	p.must("Added riverside", "source", "add", "riverside", "--url", srv.srv.URL, "--token-env", "RIVERSIDE_TOKEN")
	p.must("riverside: synced", "sync")
	p.at = time.Date(2026, time.November, 10, 9, 0, 0, 0, time.UTC)
	first := filepath.Join(t.TempDir(), "november.pdf")
	p.must("Recorded the meeting of 10 November 2026", "export", "--deck", "Cabinet briefing", "--out", first, "--meeting-date", "2026-11-10")
	text := packetText(t, first)
	for _, want := range []string{"What changed in the last 30 days", "No earlier meeting is on record"} {
		if !strings.Contains(text, want) {
			t.Errorf("the first packet does not say %q", want)
		}
	}

	// Between the meetings: two actions, one of them done.
	p.at = time.Date(2026, time.November, 12, 15, 0, 0, 0, time.UTC)
	p.must("Recorded action 1: Renegotiate "+renewed.Name, "action", "add", "--text", "Renegotiate "+renewed.Name, "--owner", "CFO", "--due", "2027-01-15", "--product", renewed.Name)
	p.must("Recorded action 2: Find out why attendance fell", "action", "add", "--text", "Find out why attendance fell", "--owner", "CAO", "--due", "2026-12-01", "--measure", "Attendance rate")
	p.at = time.Date(2026, time.December, 3, 10, 0, 0, 0, time.UTC)
	p.must("Action 1 is done", "action", "done", "1")
	p.must("open, overdue", "action", "list")

	// The files change, districtd restarts, Cabinet syncs.
	dist.put(district.Observation{Metric: district.AttendanceRate, Period: october, Value: 93.7, N: 1800})
	for k, row := range dist.obs {
		if k[2] == october.Format(time.DateOnly) {
			next := append([]string{}, row...)
			next[2] = november.Format(time.DateOnly)
			dist.obs[[3]string{k[0], k[1], next[2]}] = next
		}
	}
	dist.put(district.Observation{Metric: district.DevicesBroken, Period: november, Value: 6.0})
	dist.put(district.Observation{Metric: district.AttendanceRate, Period: november, Value: 94.0, N: 1800})
	later.RenewalDate = time.Date(2027, time.March, 1, 0, 0, 0, 0, time.UTC)
	renewed.RenewalDate, renewed.AnnualCost = time.Date(2027, time.December, 1, 0, 0, 0, 0, time.UTC), 82000
	dist.write(t, files)
	srv.restart(t)
	p.at = time.Date(2026, time.December, 7, 12, 0, 0, 0, time.UTC)
	p.must("riverside: synced", "sync")

	p.at = time.Date(2026, time.December, 8, 9, 0, 0, 0, time.UTC)
	second := filepath.Join(t.TempDir(), "december.pdf")
	p.must("Recorded the meeting of 8 December 2026", "export", "--deck", "Cabinet briefing", "--out", second, "--meeting-date", "2026-12-08")
	text = packetText(t, second)
	for _, want := range []string{
		"What changed since 10 November",
		"Broken or in repair 6.0% November 2026: 6.0%, missing its target of 3.0% or less; 2.5% in October 2026",
		"Attendance rate 93.7% October 2026: 93.7%, shown as 94.1% on 10 November",
		later.Name + " in 83 days renews on 1 March 2027",
		renewed.Name + " $82.0K renewed to 1 December 2027 at $82.0K a year, was $90.0K",
		"Actions from the last meeting",
		"Renegotiate " + renewed.Name + " Done CFO, due 15 January 2027: renewed to 1 December 2027 at $82.0K",
		"Find out why attendance fell Overdue CAO, due 1 December: attendance rate 94.1% in October 2026 to 94.0% in November 2026",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the second packet does not say %q", want)
		}
	}
	if t.Failed() {
		t.Logf("the second packet reads:\n%s", regexp.MustCompile(`Page \d+ of \d+`).ReplaceAllString(text, "\n"))
	}

	// Exporting again for the same date replaces that meeting's record.
	p.must("in place of the record made before for that date", "export", "--deck", "Cabinet briefing", "--out", second, "--meeting-date", "2026-12-08")
	list := p.must("2026-11-10  Cabinet briefing  packet exported", "meeting", "list")
	if strings.Count(list, "\n") != 2 {
		t.Fatalf("meeting list:\n%s", list)
	}

	// The meetings and actions move to a fresh cache.
	moved := filepath.Join(t.TempDir(), "meetings.json")
	p.must("Wrote 2 meetings and 2 actions", "meeting", "export", moved)
	fresh := &clockRun{t: t, data: t.TempDir(), at: p.at}
	fresh.must("Wrote a demo district", "demo", "--schools", "3", "--years", "1")
	fresh.must("Imported 2 meetings and 2 actions", "meeting", "import", moved)
	for _, args := range [][]string{{"meeting", "list"}, {"meeting", "show", "2026-11-10"}, {"meeting", "show", "2026-12-08"}, {"action", "list"}} {
		if got, want := fresh.must("", args...), p.must("", args...); got != want {
			t.Errorf("cabinet %s on the fresh cache:\n%s\nwant:\n%s", strings.Join(args, " "), got, want)
		}
	}
	fresh.must("Imported 0 meetings and 0 actions", "meeting", "import", moved)
}
