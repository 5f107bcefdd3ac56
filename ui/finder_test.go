package ui

import (
	"fmt"
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/cabinetapp/cabinet/district"
)

// newTestFinder opens a finder over schools in a laptop-sized window and
// returns what it picked, as ids, in order.
func newTestFinder(t *testing.T, schools []district.School) (*schoolFinder, fyne.Window, *[]string) {
	t.Helper()
	a := test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	var picked []string
	f := newSchoolFinder(w, a.Preferences(), func(id string) { picked = append(picked, id) })
	w.SetContent(f.button)
	w.Resize(laptop)
	f.setSchools(schools)
	return f, w, &picked
}

// shown is what the finder's list shows, row by row, as drawn.
func shown(t *testing.T, f *schoolFinder) []string {
	t.Helper()
	var out []string
	for i := range f.list.Length() {
		row := f.list.CreateItem()
		f.list.UpdateItem(i, row)
		out = append(out, row.(*fyne.Container).Objects[1].(*widget.Label).Text)
	}
	return out
}

// keyTo sends a key as the driver does: to whatever has the keyboard
// focus, or else to the canvas.
func keyTo(w fyne.Window, key fyne.KeyName) {
	ev := &fyne.KeyEvent{Name: key}
	if f := w.Canvas().Focused(); f != nil {
		f.TypedKey(ev)
		return
	}
	if on := w.Canvas().OnTypedKey(); on != nil {
		on(ev)
	}
}

func TestFinderSearchesAndSortsNaturally(t *testing.T) {
	schools := []district.School{
		{ID: "a10", Name: "Adams Elementary 10", Level: district.Elementary},
		{ID: "a2", Name: "Adams Elementary 2", Level: district.Elementary},
		{ID: "lin", Name: "Lincoln Middle School", Level: district.Middle},
		{ID: "lhs", Name: "Lincoln High School", Level: district.High},
		{ID: "bel", Name: "Belén Elementary", Level: district.Elementary},
	}
	f, w, _ := newTestFinder(t, schools)
	test.Tap(f.button)
	if !f.popup.Visible() || w.Canvas().Focused() != f.entry {
		t.Fatal("tapping the school button did not open the finder with its search box focused")
	}
	want := []string{"Whole district", "Elementary schools", "Adams Elementary 2", "Adams Elementary 10", "Belén Elementary",
		"Middle schools", "Lincoln Middle School", "High schools", "Lincoln High School"}
	if got := shown(t, f); !slices.Equal(got, want) {
		t.Fatalf("the finder lists\n%q\nwant\n%q", got, want)
	}
	test.Type(w.Canvas().Focused(), "LIN")
	want = []string{"Whole district", "Middle schools", "Lincoln Middle School", "High schools", "Lincoln High School"}
	if got := shown(t, f); !slices.Equal(got, want) {
		t.Fatalf("typing LIN lists\n%q\nwant\n%q", got, want)
	}
	f.entry.SetText("")
	test.Type(w.Canvas().Focused(), "belen")
	if got := shown(t, f); !slices.Contains(got, "Belén Elementary") {
		t.Fatalf("typing belen lists %q; want Belén Elementary", got)
	}
}

func TestFinderByKeyboard(t *testing.T) {
	schools := []district.School{
		{ID: "a2", Name: "Adams Elementary 2", Level: district.Elementary},
		{ID: "a10", Name: "Adams Elementary 10", Level: district.Elementary},
		{ID: "lin", Name: "Lincoln Middle School", Level: district.Middle},
	}
	f, w, picked := newTestFinder(t, schools)

	t.Run("type, Enter picks the first match", func(t *testing.T) {
		f.open()
		test.Type(w.Canvas().Focused(), "adams")
		keyTo(w, fyne.KeyReturn)
		if f.popup.Visible() || !slices.Equal(*picked, []string{"a2"}) || f.button.Text != "Adams Elementary 2" {
			t.Fatalf("Enter picked %v, button reads %q, finder open %v; want Adams Elementary 2 picked and the finder closed", *picked, f.button.Text, f.popup.Visible())
		}
	})
	t.Run("arrows skip headings; the recent choice comes first", func(t *testing.T) {
		f.open()
		want := []string{"Whole district", "Recent", "Adams Elementary 2", "Elementary schools", "Adams Elementary 10", "Middle schools", "Lincoln Middle School"}
		if got := shown(t, f); !slices.Equal(got, want) {
			t.Fatalf("the finder lists\n%q\nwant\n%q", got, want)
		}
		keyTo(w, fyne.KeyDown)
		keyTo(w, fyne.KeyDown)
		keyTo(w, fyne.KeyDown)
		keyTo(w, fyne.KeyDown)
		keyTo(w, fyne.KeyUp)
		keyTo(w, fyne.KeyReturn)
		if last := (*picked)[len(*picked)-1]; last != "a10" {
			t.Fatalf("Down ×4, Up, Enter picked %s; want a10", last)
		}
	})
	t.Run("Escape closes and keeps the choice", func(t *testing.T) {
		before := len(*picked)
		f.open()
		test.Type(w.Canvas().Focused(), "lin")
		keyTo(w, fyne.KeyEscape)
		if f.popup.Visible() || len(*picked) != before || f.button.Text != "Adams Elementary 10" {
			t.Fatalf("after Escape the finder is open %v, picks %v, button %q", f.popup.Visible(), *picked, f.button.Text)
		}
	})
	t.Run("the whole district stays first and is picked by Up, Enter", func(t *testing.T) {
		f.open()
		test.Type(w.Canvas().Focused(), "lin")
		keyTo(w, fyne.KeyUp)
		keyTo(w, fyne.KeyUp)
		keyTo(w, fyne.KeyReturn)
		if last := (*picked)[len(*picked)-1]; last != district.WholeDistrict || f.button.Text != "Whole district" {
			t.Fatalf("picked %q, button %q; want the whole district", last, f.button.Text)
		}
	})
}

func TestFinderAtDistrictScale(t *testing.T) {
	var schools []district.School
	for i := range 1800 {
		schools = append(schools, district.School{ID: fmt.Sprint("s", i), Name: fmt.Sprintf("Canyon Ridge Elementary %d", i+1), Level: district.Elementary})
	}
	f, w, picked := newTestFinder(t, schools)
	f.open()
	test.Type(w.Canvas().Focused(), "1799")
	keyTo(w, fyne.KeyReturn)
	if !slices.Equal(*picked, []string{"s1798"}) {
		t.Fatalf("typing 1799 and Enter picked %v; want s1798", *picked)
	}
}
