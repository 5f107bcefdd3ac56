package cabinet_test

import (
	"bufio"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/cabinetapp/cabinet/"

// mayImport is the table of docs/DESIGN.md ("Packages"): which of Cabinet's
// packages each folder's code may import. A folder ending in "/..." covers
// the folder and everything under it; a package follows the longest folder
// that covers it. "*" is every package.
var mayImport = map[string][]string{
	"district":      {},
	"district/demo": {"district"},
	"cache":         {"district"},
	"sync/...":      {"district", "cache", "sync/..."},
	// The reference server serves the demo district as one of its datasets.
	"sync/summaryapi/server": {"district", "district/demo", "sync/summaryapi/wire", "sync/decode"},
	"panel":                  {"district", "charts"},
	"deck":                   {"district", "panel", "charts", "charts/typeset"},
	"export":                 {"district", "charts/...", "deck", "panel"},
	"charts":                 {"district", "charts/typeset", "charts/pdf"},
	"charts/typeset":         {"assets"},
	"charts/pdf":             {"charts/typeset", "internal/sfnt"},
	"internal/sfnt":          {},
	"internal/pdfcheck":      {},
	"ui":                     {"district", "cache", "sync/...", "panel", "deck", "export", "charts", "assets"},
	"assets":                 {},
	// The generator of the symbols font writes it with the table writer.
	"assets/internal/symbols": {"internal/sfnt"},
	"cmd/cabinet":             {"*"},
	"cmd/districtd":           {"district", "district/demo", "sync/summaryapi/server", "sync/summaryapi/wire"},
	// Tools the scripts run stand alone.
	"scripts/...": {},
	// The load test of districtd --postgres makes Cabinet's requests and
	// decodes its pages as Cabinet does, on a throwaway PostgreSQL.
	"scripts/pgload": {"sync/summaryapi", "sync/summaryapi/wire", "sync/summaryapi/server/pgtest"},
}

// fyneAllowed are the only packages that may import Fyne: the app, and the
// smallest Fyne window, which the first-frame benchmark measures against.
var fyneAllowed = []string{"ui", "cmd/cabinet", "scripts/hello"}

// covers reports whether a folder pattern covers a package path.
func covers(pattern, pkg string) bool {
	if base, ok := strings.CutSuffix(pattern, "/..."); ok {
		return pkg == base || strings.HasPrefix(pkg, base+"/")
	}
	return pkg == pattern
}

// rule finds the longest folder of the table that covers pkg.
func rule(pkg string) (string, bool) {
	best := ""
	for pattern := range mayImport {
		if covers(pattern, pkg) && len(pattern) > len(best) {
			best = pattern
		}
	}
	return best, best != ""
}

// TestImportsFollowTheTable lists every package with go list and checks
// each import of its code (not its tests) against the table: a package in
// no row, or an import no row allows, fails.
func TestImportsFollowTheTable(t *testing.T) {
	out, err := exec.Command("go", "list", "-tags", "migrated_fynedo", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	checked := 0
	for line := range strings.Lines(string(out)) {
		fields := strings.Fields(line)
		pkg, ok := strings.CutPrefix(fields[0], module)
		if !ok {
			continue // the module's root holds only this test
		}
		pattern, ok := rule(pkg)
		if !ok {
			t.Errorf("%s is in no row of the package table", pkg)
			continue
		}
		checked++
		allowed := mayImport[pattern]
		for _, imp := range fields[1:] {
			if strings.HasPrefix(imp, "fyne.io/") && !slices.Contains(fyneAllowed, pkg) {
				t.Errorf("%s imports Fyne (%s); only %v may", pkg, imp, fyneAllowed)
			}
			dep, ok := strings.CutPrefix(imp, module)
			if !ok || slices.Contains(allowed, "*") {
				continue
			}
			if !slices.ContainsFunc(allowed, func(p string) bool { return covers(p, dep) }) {
				t.Errorf("%s imports %s; the table lets %s import %v", pkg, dep, pattern, allowed)
			}
		}
	}
	if checked < len(mayImport) {
		t.Fatalf("go list gave %d of Cabinet's packages; the table alone has %d rows", checked, len(mayImport))
	}
}

// TestTableMatchesTheDesign checks that every folder docs/DESIGN.md's
// package table names has its row here, so the two cannot drift apart.
func TestTableMatchesTheDesign(t *testing.T) {
	f, err := os.Open("docs/DESIGN.md")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	row := regexp.MustCompile("^\\| `([^`]+)` \\|")
	found := 0
	for s := bufio.NewScanner(f); s.Scan(); {
		m := row.FindStringSubmatch(s.Text())
		if m == nil {
			continue
		}
		found++
		folder := strings.TrimSuffix(m[1], "/")
		if _, ok := mayImport[folder]; !ok {
			t.Errorf("docs/DESIGN.md has a row for %s; this test has none", m[1])
		}
	}
	if found < 10 {
		t.Fatalf("found %d rows of the package table in docs/DESIGN.md", found)
	}
}
