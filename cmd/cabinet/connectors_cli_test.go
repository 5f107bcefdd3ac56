package main

import (
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"

	"github.com/cabinetapp/cabinet/sync/oneroster/onerostertest"
	"github.com/cabinetapp/cabinet/sync/snipeit/snipeittest"
)

// TestConnectorCommands connects OneRoster and Snipe-IT as a user would,
// with no Summary API: OneRoster's schools become Cabinet's, Snipe-IT's
// locations map to them, the unmatched ones are reported after the sync,
// and 'cabinet source map' lists, sets and clears the mapping.
func TestConnectorCommands(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the test keeps the keyring out of reach through D-Bus, which only Linux uses")
	}
	bin := cabinetBinary(t)
	fleet := httptest.NewServer(snipeittest.New("snipe-token"))
	defer fleet.Close()
	roster := httptest.NewServer(onerostertest.New("cabinet", "roster-secret"))
	defer roster.Close()
	c := &cli{t: t, bin: bin, data: t.TempDir(), env: []string{"FLEET_TOKEN=snipe-token", "ROSTER_SECRET=roster-secret"}}

	steps := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{name: "OneRoster without its secret", args: []string{"source", "add", "roster", "--kind", "oneroster", "--url", roster.URL,
			"--token-url", roster.URL + onerostertest.TokenPath, "--client-id", "cabinet"}, code: 2,
			stderr: "give exactly one of --client-secret-env VAR and --client-secret-stdin"},
		{name: "OneRoster without its token address", args: []string{"source", "add", "roster", "--kind", "oneroster", "--url", roster.URL,
			"--client-id", "cabinet", "--client-secret-env", "ROSTER_SECRET"}, code: 1, stderr: "roster: a oneroster source needs the setting token_url"},
		{name: "add OneRoster", args: []string{"source", "add", "roster", "--kind", "oneroster", "--url", roster.URL,
			"--token-url", roster.URL + onerostertest.TokenPath, "--client-id", "cabinet", "--client-secret-env", "ROSTER_SECRET", "--page-size", "4"},
			stdout: "Added roster (oneroster at " + roster.URL + "); its client secret is read from $ROSTER_SECRET at each sync."},
		{name: "a setting Snipe-IT has not", args: []string{"source", "add", "fleet", "--kind", "snipeit", "--url", fleet.URL, "--token-env", "FLEET_TOKEN",
			"--client-id", "x"}, code: 1, stderr: "fleet: a snipeit source has no setting client_id"},
		{name: "a bad technician count", args: []string{"source", "add", "fleet", "--kind", "snipeit", "--url", fleet.URL, "--token-env", "FLEET_TOKEN",
			"--technicians", "none"}, code: 1, stderr: `technicians "none" is not a whole number from 1 to 100000`},
		{name: "add Snipe-IT", args: []string{"source", "add", "fleet", "--kind", "snipeit", "--url", fleet.URL, "--token-env", "FLEET_TOKEN",
			"--technicians", "2", "--broken-labels", "Cracked Screen", "--retired-labels", "Lost/Stolen"},
			stdout: "Added fleet (snipeit at " + fleet.URL + "); its token is read from $FLEET_TOKEN at each sync."},
		{name: "test OneRoster", args: []string{"source", "test", "roster"}, stdout: "roster: OneRoster answered, with 10 schools."},
		{name: "test Snipe-IT", args: []string{"source", "test", "fleet"}, stdout: "fleet: Snipe-IT answered, with 19 assets."},
		{name: "map before a sync", args: []string{"source", "map", "fleet"}, stdout: "fleet has no school map: it has not synced yet"},
		// The roster syncs first, so the fleet's locations find its schools.
		{name: "sync", args: []string{"sync"},
			stdout: "fleet: Locations that match none of Cabinet's schools, so their devices count only toward the district: Lincoln Annex (1) and Warehouse (2). Map them in Settings or with 'cabinet source map fleet'."},
		{name: "list the map", args: []string{"source", "map", "fleet"}, stdout: "11 Lincoln Annex - matches none: counts only toward the district 6 Lincoln MS org-lincoln Lincoln Middle School name matches"},
		{name: "list the unmatched", args: []string{"source", "map", "fleet", "--unmatched"}, stdout: "10  Warehouse"},
		{name: "map to a school by its name", args: []string{"source", "map", "fleet", "11", "Lincoln MS"},
			stdout: "fleet: 11 counts as Lincoln Middle School (org-lincoln) from its next sync; run 'cabinet sync --source fleet' to count it so now."},
		{name: "set a location aside", args: []string{"source", "map", "fleet", "--none", "10"}, stdout: "fleet: 10 is not a school"},
		{name: "a school Cabinet has not", args: []string{"source", "map", "fleet", "11", "Nowhere High"}, code: 1, stderr: `"Nowhere High" is none of Cabinet's schools`},
		{name: "a location the source has not", args: []string{"source", "map", "fleet", "404", "org-adams"}, code: 1, stderr: `fleet: "404": no such school in the source`},
		{name: "two choices", args: []string{"source", "map", "fleet", "11", "org-adams", "--none"}, code: 2, stderr: "give one of SCHOOL, --none and --clear"},
		{name: "a source that is not", args: []string{"source", "map", "nowhere"}, code: 1, stderr: "nowhere: no such source"},
		{name: "sync with the map", args: []string{"sync", "--source", "fleet"}, stdout: "fleet: synced changes"},
		{name: "nothing unmatched", args: []string{"source", "map", "fleet", "--unmatched"}, stdout: "Every school of fleet matches one of Cabinet's, or is set aside."},
		{name: "the roster's map", args: []string{"source", "map", "roster"}, stdout: "org-virtual Riverside Virtual Academy org-virtual Riverside Virtual Academy the source supplies Cabinet's schools"},
		{name: "clear", args: []string{"source", "map", "fleet", "11", "--clear"}, stdout: "fleet: 11 will be matched by name again"},
		{name: "status", args: []string{"status"}, stdout: "last sync "},
	}
	// Tables are compared word by word, whatever their columns' widths.
	words := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	for _, s := range steps {
		code, stdout, stderr := c.run("", s.args...)
		if code != s.code || !strings.Contains(words(stdout), words(s.stdout)) || !strings.Contains(stderr, s.stderr) {
			t.Fatalf("%s: cabinet %s\nexit %d (want %d)\nstdout: %s\nstderr: %s\nwant stdout to hold %q and stderr %q",
				s.name, strings.Join(s.args, " "), code, s.code, stdout, stderr, s.stdout, s.stderr)
		}
		if strings.Contains(stdout+stderr, "snipe-token") || strings.Contains(stdout+stderr, "roster-secret") {
			t.Fatalf("%s: a secret was printed", s.name)
		}
	}
}
