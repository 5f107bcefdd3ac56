package cache

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/district"
)

// TestSchoolSumsFollowEveryWrite checks that every school's figures of a
// month, added up, stay what the schools' rows add up to: after the
// migration that introduces them, and after each kind of write a sync
// makes (replacing a source, changing rows, deleting one, clearing a month
// or a dataset) and removing a source.
func TestSchoolSumsFollowEveryWrite(t *testing.T) {
	ctx := context.Background()
	path := fileAtSchema(t, 5, func(db *sql.DB) error {
		_, err := db.Exec(`INSERT INTO observations (source, metric, school, period, value, n) VALUES
				('old', 'instruction.attendance_pct', '', '2026-01-01', 94, 30),
				('old', 'instruction.attendance_pct', 'S1', '2026-01-01', 95, 20),
				('old', 'instruction.attendance_pct', 'S2', '2026-01-01', 93, 6);
			INSERT INTO product_usage (source, product, school, period, active_users, weekly_active) VALUES
				('old', 'P1', '', '2026-01-01', 30, 12.5), ('old', 'P1', 'S1', '2026-01-01', 20, 10), ('old', 'P1', 'S2', '2026-01-01', 6, 2.5)`)
		return err
	})
	c, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	check := func(when string) {
		t.Helper()
		for _, q := range [][2]string{
			{"SELECT source, metric, period, n FROM observation_sums ORDER BY 1, 2, 3",
				"SELECT source, metric, period, sum(n) FROM observations WHERE school <> 0 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"},
			{"SELECT source, product, period, active_users, weekly_active FROM usage_sums ORDER BY 1, 2, 3",
				"SELECT source, product, period, sum(active_users), sum(weekly_active) FROM product_usage WHERE school <> 0 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"},
		} {
			kept, want := dump(t, c.write, q[0]), dump(t, c.write, q[1])
			if kept != want {
				t.Errorf("%s: the sums kept are\n%s\nthe rows add up to\n%s", when, kept, want)
			}
			if want == "" && !strings.Contains(when, "removed") {
				t.Errorf("%s: nothing to add up: the test checks nothing", when)
			}
		}
	}
	check("after the migration")
	src := Source{Name: "feed", Kind: "summaryapi", Priority: 50}
	at := func(m time.Month) time.Time { return time.Date(2026, m, 1, 0, 0, 0, 0, time.UTC) }
	write := func(mode Mode, fn func(w *Writer) error) {
		t.Helper()
		if err := c.Write(ctx, src, mode, fn); err != nil {
			t.Fatal(err)
		}
	}
	write(Replace, func(w *Writer) error {
		for _, m := range []time.Month{time.January, time.February, time.March} {
			for i, school := range []string{"", "S1", "S2", "S3"} {
				if err := w.PutObservation(district.Observation{Metric: district.AttendanceRate, School: school, Period: at(m), Value: 90, N: 10 * (i + 1)}); err != nil {
					return err
				}
				if err := w.PutUsage(district.ProductUsage{Product: "P1", School: school, Period: at(m), ActiveUsers: 5 * (i + 1), WeeklyActive: 1.5 * float64(i+1)}); err != nil {
					return err
				}
			}
		}
		return nil
	})
	check("after a source replaced its data")
	write(Change, func(w *Writer) error {
		if err := w.PutObservation(district.Observation{Metric: district.AttendanceRate, School: "S1", Period: at(time.January), Value: 90, N: 7}); err != nil {
			return err
		}
		if err := w.DeleteObservation(district.AttendanceRate, "S2", at(time.February)); err != nil {
			return err
		}
		return w.PutUsage(district.ProductUsage{Product: "P1", School: "S4", Period: at(time.March), ActiveUsers: 3, WeeklyActive: 0.5})
	})
	check("after a change, a deletion and a new row")
	write(Change, func(w *Writer) error {
		if err := w.ClearMonth(at(time.February)); err != nil {
			return err
		}
		return w.PutObservation(district.Observation{Metric: district.AttendanceRate, School: "S9", Period: at(time.March), Value: 90, N: 11})
	})
	check("after a month was cleared")
	write(Change, func(w *Writer) error {
		w.AcceptRemovals() // a deliberate removal, as a person accepts it
		return w.Clear(DatasetUsage)
	})
	check("after the use was cleared")
	for _, name := range []string{"feed", "old"} {
		if err := c.RemoveSource(ctx, name); err != nil {
			t.Fatal(err)
		}
	}
	check("after the sources were removed")
}

// dump writes a query's rows as lines of text.
func dump(t *testing.T, db *sql.DB, q string) string {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var b strings.Builder
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintln(&b, vals...)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
