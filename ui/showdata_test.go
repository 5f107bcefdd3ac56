package ui

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/cabinetapp/cabinet/charts"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/panel"
)

// openTable finds the table in the window's topmost dialog and reads its
// cells as drawn.
func openTable(t *testing.T, w fyne.Window) (*dataTable, [][]string) {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog is open")
	}
	for _, o := range test.LaidOutObjects(top) {
		tb, ok := o.(*dataTable)
		if !ok {
			continue
		}
		rows, cols := tb.Length()
		out := make([][]string, rows)
		for r := range rows {
			for c := range cols {
				cell := tb.CreateCell()
				tb.UpdateCell(widget.TableCellID{Row: r, Col: c}, cell)
				out[r] = append(out[r], cell.(*widget.Label).Text)
			}
		}
		return tb, out
	}
	t.Fatal("the dialog holds no table")
	return nil, nil
}

func TestShowDataIsWhatTheChartDraws(t *testing.T) {
	d, w := newTestDashboard(t, laptop)
	alt := ""
	for _, s := range d.board.Schools {
		if s.Level == district.Alternative {
			alt = s.ID
		}
	}
	act(d.br, func() { d.school.choose(alt) })
	settle(d, w)
	chartOf(t, d, "instruction.proficiency")
	marks := 0
	for id, c := range d.cards {
		if c.panel.Domain != district.Instruction {
			continue
		}
		t.Run(id, func(t *testing.T) {
			act(d.br, func() { test.Tap(c.dataBtn) })
			_, cells := openTable(t, w)
			want := append([][]string{c.result.Table.Columns}, c.result.Table.Rows...)
			if !slices.EqualFunc(cells, want, slices.Equal) {
				t.Fatalf("the table shows\n%q\nthe chart was drawn from\n%q", cells, want)
			}
			if c.result.Chart.Kind == charts.Line {
				for _, s := range c.result.Chart.Series {
					// A heading names its line, then its unit and scope:
					// "Attendance rate (%), Horizon Alternative School".
					col := slices.IndexFunc(cells[0], func(h string) bool { return strings.HasPrefix(h, s.Name+" (") })
					if col < 0 {
						t.Fatalf("no column for the line %q in %q", s.Name, cells[0])
					}
					for _, p := range s.Points {
						i := slices.IndexFunc(cells, func(r []string) bool { return strings.TrimSuffix(r[0], " so far") == p.T.Format("2006-01") })
						if i < 0 {
							t.Fatalf("no row for %s", p.T.Format("Jan 2006"))
						}
						got := cells[i][col]
						if p.Gap {
							marks++
							if got != district.SuppressedMark {
								t.Errorf("%s %s is hidden on the chart but reads %q in the table", s.Name, cells[i][0], got)
							}
							continue
						}
						if v, err := strconv.ParseFloat(got, 64); err != nil || v != p.Y {
							t.Errorf("%s %s is %v on the chart but reads %q in the table", s.Name, cells[i][0], p.Y, got)
						}
					}
				}
			}
			act(d.br, func() { w.Canvas().Overlays().Top().Hide() })
		})
	}
	if marks == 0 {
		t.Fatal("no value was hidden at the alternative school: the test saw no suppression")
	}
}

func TestShowDataCopiesAndSaves(t *testing.T) {
	d, w := newTestDashboard(t, laptop)
	chartOf(t, d, "tech.broken")
	// A table with what a spreadsheet trips on: a comma in a name, a
	// formula from an outside system, a tab and a line break in a cell, a
	// negative number and the suppression mark.
	result := d.cards["tech.broken"].result
	result.Table = panel.Table{
		Columns: []string{"Month", "Adams, ES", "Note"},
		Rows: [][]string{
			{"2026-09", "-4.5", `=HYPERLINK("x")`},
			{"2026-10", district.SuppressedMark, "two\tcells\nand a line"},
		},
	}
	var v *dataView
	act(d.br, func() { v = d.showData(result) })
	t.Run("copy is tab-separated", func(t *testing.T) {
		act(d.br, v.copy)
		want := "Month\tAdams, ES\tNote\n" +
			"2026-09\t-4.5\t'=HYPERLINK(\"x\")\n" +
			"2026-10\t*\ttwo cells and a line\n"
		if got := fyne.CurrentApp().Clipboard().Content(); got != want {
			t.Fatalf("the clipboard holds\n%q\nwant\n%q", got, want)
		}
	})
	t.Run("save writes the CSV and replaces an old file", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "broken.csv")
		if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
			t.Fatal(err)
		}
		act(d.br, func() { v.save(path) })
		want := "Month,\"Adams, ES\",Note\n" +
			"2026-09,-4.5,\"'=HYPERLINK(\"\"x\"\")\"\n" +
			"2026-10,*,\"two\tcells\nand a line\"\n"
		got, err := os.ReadFile(path)
		if err != nil || string(got) != want {
			t.Fatalf("the saved file reads\n%q (%v)\nwant\n%q", got, err, want)
		}
		entries, _ := os.ReadDir(filepath.Dir(path))
		if len(entries) != 1 {
			t.Fatalf("the folder holds %d files after saving; want only the CSV, no temporary file", len(entries))
		}
		if !strings.HasSuffix(v.status.Text, ", replacing the file that was there.") {
			t.Fatalf("after replacing a file the status reads %q", v.status.Text)
		}
	})
	// The save dialog creates the file it was given before Cabinet writes
	// it: an empty file there is not a file replaced.
	t.Run("save to a new name says nothing of replacing", func(t *testing.T) {
		for _, made := range []bool{false, true} {
			path := filepath.Join(t.TempDir(), "new.csv")
			if made {
				if err := os.WriteFile(path, nil, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			act(d.br, func() { v.save(path) })
			if want := "Saved " + district.Counted(float64(len(result.Table.Rows)), "rows") + " to " + path + "."; v.status.Text != want {
				t.Fatalf("status reads %q, want %q", v.status.Text, want)
			}
		}
	})
	t.Run("save to a folder that is gone says so", func(t *testing.T) {
		act(d.br, func() { v.save(filepath.Join(t.TempDir(), "gone", "x.csv")) })
		if v.status.Text == "" || strings.HasPrefix(v.status.Text, "Saved") {
			t.Fatalf("status reads %q after a failed save", v.status.Text)
		}
	})
	t.Run("the table takes the keyboard", func(t *testing.T) {
		if w.Canvas().Focused() != v.table {
			t.Fatalf("focus is on %T, not the table", w.Canvas().Focused())
		}
	})
}

func TestEscapeCloses(t *testing.T) {
	d, w := newTestDashboard(t, laptop)
	chartOf(t, d, "tech.broken")
	open := func() int { return len(w.Canvas().Overlays().List()) }
	t.Run("the chart detail", func(t *testing.T) {
		act(d.br, func() { d.openDetail("tech.broken") })
		settle(d, w)
		if open() != 1 {
			t.Fatalf("%d overlays after opening the detail", open())
		}
		act(d.br, func() { keyTo(w, fyne.KeyEscape) })
		if open() != 0 {
			t.Fatal("Escape left the chart detail open")
		}
	})
	t.Run("the data view over the detail, one at a time", func(t *testing.T) {
		var dt *detail
		act(d.br, func() { dt = d.showDetail("tech.broken") })
		settle(d, w)
		act(d.br, func() { test.Tap(dt.data) })
		if open() != 2 || w.Canvas().Focused() == nil {
			t.Fatalf("%d overlays, focus on %T after Show data", open(), w.Canvas().Focused())
		}
		act(d.br, func() { keyTo(w, fyne.KeyEscape) })
		if open() != 1 {
			t.Fatalf("%d overlays after Escape in the data view; want the detail left", open())
		}
		act(d.br, func() { keyTo(w, fyne.KeyEscape) })
		if open() != 0 {
			t.Fatalf("%d overlays after a second Escape", open())
		}
	})
}
