package server

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/sync/summaryapi/wire"
)

// goodCSV is a small district's export.
var goodCSV = map[string]string{
	"district.csv": "name,fiscal_year_start\nLakeside Unified,7\n",
	"schools.csv":  "id,name,level,enrollment\nL1,Lakeside Elementary,elementary,410\nL2,Lakeside High,high,1320\n",
	"observations.csv": "metric,school,period,value,n\n" +
		"instruction.attendance_pct,,2026-01-01,94.1,1730\n" +
		"instruction.attendance_pct,L1,2026-01-01,95.0,410\n" +
		"instruction.attendance_pct,L2,2026-01-01,93.8,1320\n" +
		"security.incidents,,2026-01-01,2,\n",
	"budget_lines.csv":  "fiscal_year,category,funding_source,budgeted,actual,funding_ends\n2026,Hardware,Grants,250000,120000,2026\n",
	"products.csv":      "id,name,category,subject,annual_cost,licenses,contract_start,renewal_date\nP1,Lumen LMS,Learning management,,18000,1800,2024-07-01,2026-07-01\n",
	"product_usage.csv": "product,school,period,active_users,weekly_active_students\nP1,,2026-01-01,1500,1100\nP1,L1,2026-01-01,380,290\n",
}

func writeDir(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestLoadCSV(t *testing.T) {
	d, err := LoadCSV(writeDir(t, goodCSV))
	if err != nil {
		t.Fatal(err)
	}
	if d.Profile().Name != "Lakeside Unified" || len(d.Schools()) != 2 || d.ObservationCount() != 4 || d.UsageCount() != 2 {
		t.Fatalf("loaded %+v", d)
	}
	var got []string
	for o := range d.Observations(wire.ObservationKey{Metric: district.AttendanceRate, School: district.WholeDistrict, Period: "2026-01-01"}) {
		got = append(got, o.Metric+"/"+o.School)
	}
	if strings.Join(got, " ") != "instruction.attendance_pct/L1 instruction.attendance_pct/L2 security.incidents/" {
		t.Fatalf("observations after the district's attendance: %v", got)
	}
}

// TestLoadCSVRefuses checks that each kind of bad file is refused with its
// file, line and column.
func TestLoadCSVRefuses(t *testing.T) {
	cases := []struct {
		name, file, body, want string
	}{
		{"bad number", "observations.csv", "metric,school,period,value\ninstruction.attendance_pct,,2026-01-01,9x\n",
			`observations.csv, line 2, column 4 (value): "9x" is not a finite number`},
		{"NaN", "observations.csv", "metric,school,period,value\nnetwork.uptime_pct,,2026-01-01,NaN\n",
			`observations.csv, line 2, column 4 (value): "NaN" is not a finite number`},
		{"out of range", "observations.csv", "metric,period,value,school\nnetwork.uptime_pct,2026-01-01,101,\n",
			`observations.csv, line 2, column 3 (value): network.uptime_pct: 101% is outside 0 to 100`},
		{"mid-month", "observations.csv", "metric,school,period,value\nnetwork.uptime_pct,,2026-01-02,99\n",
			`observations.csv, line 2, column 3 (period): 2026-01-02 is not the first day of a month`},
		{"unknown metric", "observations.csv", "metric,school,period,value\nmade.up,,2026-01-01,1\n",
			`observations.csv, line 2, column 1 (metric): "made.up" is neither built in nor in metrics.csv`},
		{"unknown school", "observations.csv", "metric,school,period,value\nnetwork.uptime_pct,L9,2026-01-01,99\n",
			`observations.csv, line 2, column 2 (school): "L9" is not in schools.csv`},
		{"negative n", "observations.csv", "metric,school,period,value,n\nnetwork.uptime_pct,,2026-01-01,99,-3\n",
			`observations.csv, line 2, column 5 (n): -3 is negative`},
		{"duplicate", "observations.csv", "metric,school,period,value\nsecurity.incidents,,2026-01-01,1\nsecurity.incidents,,2026-01-01,2\n",
			`observations.csv, line 3: repeats line 2`},
		{"no district row", "observations.csv", "metric,school,period,value\nnetwork.uptime_pct,L1,2026-01-01,99\n",
			`observations.csv, line 2: network.uptime_pct has school values for 2026-01-01 but no district-wide row`},
		{"unknown column", "schools.csv", "id,name,level,enrolment\n",
			`schools.csv, line 1, column 4: the header names a column this file does not have (columns: id, name, level, enrollment)`},
		{"missing column", "schools.csv", "id,name,level\n", `schools.csv, line 1: the column "enrollment" is missing`},
		{"bad level", "schools.csv", "id,name,level,enrollment\nL1,A,k8,3\n", `schools.csv, line 2, column 3 (level): "k8" is not elementary, middle, high or alternative`},
		{"bad quoting", "schools.csv", "id,name,level,enrollment\nL1,\"A,high,3\n", `schools.csv, line 2, column`},
		{"short row", "schools.csv", "id,name,level,enrollment\nL1,A,high\n", `schools.csv, line 2: 3 fields where the header has 4`},
		{"renewal before start", "products.csv", "id,name,category,annual_cost,licenses,contract_start,renewal_date\nP1,X,Y,1,1,2025-07-01,2024-07-01\n",
			`products.csv, line 2, column 7 (renewal_date): product P1: renews on 2024-07-01, before its contract starts on 2025-07-01`},
		{"empty file", "district.csv", "", `district.csv, line 1: the file is empty`},
		{"unknown domain", "metrics.csv", "id,name,domain,unit,polarity,aggregation,student_based\nx.y,X,weather,count,up,sum,false\n",
			`metrics.csv, line 2, column 3 (domain): "weather" must be tech, security, spending, instruction or value`},
		{"no student_based column", "metrics.csv", "id,name,domain,unit,polarity,aggregation\nx.y,X,tech,count,up,sum\n",
			`metrics.csv, line 1: the column "student_based" is missing`},
		{"a built-in measure's target overridden without student_based", "metrics.csv",
			"id,name,domain,unit,polarity,aggregation,target,student_based\ninstruction.ela_proficient_pct,ELA proficiency,instruction,percent,up,mean,65,\n",
			`metrics.csv, line 2, column 8 (student_based): is empty: say true or false`},
		{"a built-in measure about students made false", "metrics.csv",
			"id,name,domain,unit,polarity,aggregation,student_based,target\ninstruction.ela_proficient_pct,ELA proficiency,instruction,percent,up,mean,false,65\n",
			`metrics.csv, line 2, column 7 (student_based): instruction.ela_proficient_pct is a built-in measure about students; it cannot be made false`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{}
			for k, v := range goodCSV {
				files[k] = v
			}
			files[tc.file] = tc.body
			_, err := LoadCSV(writeDir(t, files))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v\nwant %q", err, tc.want)
			}
		})
	}
	if _, err := LoadCSV(t.TempDir()); err == nil || !strings.Contains(err.Error(), "district.csv") {
		t.Fatalf("an empty folder: %v", err)
	}
}

// readOne reads one file's rows from r as LoadCSV does, with the schools
// and products it may name known.
func readOne(f CSVFile, r io.Reader) error {
	l := loader{d: &memData{}, schools: map[string]bool{"S1": true}, metrics: map[string]district.Metric{}, products: map[string]bool{"P1": true}, strs: map[string]string{}}
	for _, m := range district.Catalogue() {
		l.metrics[m.ID] = m
	}
	if err := l.read(f, r); err != nil {
		return err
	}
	return l.finish()
}

// FuzzReadCSV feeds each file's reader arbitrary bytes; it must never panic,
// and every error it gives names the file, as a person needs to fix it.
func FuzzReadCSV(f *testing.F) {
	for i, file := range CSVFiles {
		f.Add(uint8(i), []byte(goodCSV[file.Name]))
	}
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		file := CSVFiles[int(which)%len(CSVFiles)]
		if err := readOne(file, bytes.NewReader(data)); err != nil && !strings.HasPrefix(err.Error(), file.Name) {
			t.Fatalf("error %q does not name the file %s", err, file.Name)
		}
	})
}
