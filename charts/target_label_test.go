package charts

import (
	"image"
	"image/color"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/district"
)

// TestTargetLabelsCoverNoData draws each kind of chart that has a target
// line, finds the target's label by its colour (unique in this theme),
// and checks that the same chart drawn without a target has no data
// under the label's box. The samples put data where the label would
// otherwise go: a line that ends on its target at the right edge.
func TestTargetLabelsCoverNoData(t *testing.T) {
	th := Light
	th.Target = color.RGBA{0xFF, 0x00, 0xFF, 0xFF}
	month := func(i int) time.Time { return time.Date(2026, time.Month(1+i), 1, 0, 0, 0, 0, time.UTC) }
	line := func(name string, f func(i int) float64) Series {
		s := Series{Name: name}
		for i := range 12 {
			s.Points = append(s.Points, Point{T: month(i), Y: f(i)})
		}
		return s
	}
	bars := func(vals ...float64) Series {
		s := Series{Name: "Value"}
		for _, v := range vals {
			s.Values = append(s.Values, Value{V: v})
		}
		return s
	}
	target := &Target{Value: 80, Label: "Target 80.0% or more"}
	samples := map[string]Chart{
		"a line ending on its target": {Kind: Line, Unit: district.Percent, Target: target,
			Series: []Series{line("Engagement", func(i int) float64 { return 60 + 20*float64(i)/11 })}},
		"a line along its target": {Kind: Line, Unit: district.Percent, Target: target,
			Series: []Series{line("Attendance", func(i int) float64 { return 80 + float64(i%2) - 0.5 })}},
		"two lines about their target": {Kind: Line, Unit: district.Percent, Target: target,
			Series: []Series{line("ELA", func(i int) float64 { return 70 + float64(i) }), line("Maths", func(i int) float64 { return 90 - float64(i) })}},
		"bars about their target": {Kind: Bars, Unit: district.Percent, Target: target, Highlight: -1,
			Categories: []string{"A", "B", "C", "D", "E", "F"}, Series: []Series{bars(70, 82, 79, 95, 60, 81)}},
		"a ranking with a target": {Kind: HBars, Unit: district.Percent, Target: target, Highlight: -1,
			Categories: []string{"A", "B", "C", "D", "E", "F"}, Series: []Series{bars(95, 90, 84, 81, 78, 60)}},
		"a scatter with a target": {Kind: Scatter, Unit: district.Percent, XUnit: district.Percent, Target: target,
			Series: []Series{{Name: "Schools", Points: []Point{{X: 10, Y: 79}, {X: 50, Y: 81}, {X: 90, Y: 80.5}, {X: 95, Y: 82}, {X: 20, Y: 60}, {X: 70, Y: 95}}}}},
	}
	for name, ch := range samples {
		for _, size := range []image.Point{{640, 360}, {1366, 768}} {
			t.Run(name, func(t *testing.T) {
				o := Options{Width: size.X, Height: size.Y, Scale: 1, Theme: th}
				with := mustRender(t, ch, o)
				label := labelBox(with, th.Target, ch.Kind == HBars)
				if label.Empty() {
					return // the label went into the legend
				}
				bare := ch
				bare.Target = nil
				without := mustRender(t, bare, o)
				data := append([]color.RGBA{th.Highlight}, th.Series...)
				for y := label.Min.Y; y < label.Max.Y; y++ {
					for x := label.Min.X; x < label.Max.X; x++ {
						for _, col := range data {
							if without.RGBAAt(x, y) == col {
								t.Fatalf("at %dx%d the target's label %v covers data at (%d, %d)", size.X, size.Y, label, x, y)
							}
						}
					}
				}
			})
		}
	}
}

// labelBox is the box of a target's label: the pixels of its colour off
// the target line itself (the row, or for HBars the column, that holds the
// most of them, and its neighbours).
func labelBox(img *image.RGBA, col color.RGBA, vertical bool) image.Rectangle {
	b := img.Bounds()
	lineAt, most := 0, 0
	for i := range max(b.Dx(), b.Dy()) {
		r := image.Rect(0, i, b.Dx(), i+1)
		if vertical {
			r = image.Rect(i, 0, i+1, b.Dy())
		}
		if n := count(img, r.Intersect(b), col, 0); n > most {
			lineAt, most = i, n
		}
	}
	var box image.Rectangle
	for y := range b.Dy() {
		for x := range b.Dx() {
			off := y
			if vertical {
				off = x
			}
			if off >= lineAt-4 && off <= lineAt+4 || img.RGBAAt(x, y) != col {
				continue
			}
			box = box.Union(image.Rect(x, y, x+1, y+1))
		}
	}
	return box
}

// TestEveryTargetIsDrawn: when two measures share a chart, each one's own
// goal is a dashed line of its own (ELA's 60% and maths's 55%), at its
// own height, on lines and on bars alike.
func TestEveryTargetIsDrawn(t *testing.T) {
	th := Light
	th.Target = color.RGBA{0xFF, 0x00, 0xFF, 0xFF}
	month := func(i int) time.Time { return time.Date(2026, time.Month(1+i), 1, 0, 0, 0, 0, time.UTC) }
	line := func(name string, base float64) Series {
		s := Series{Name: name}
		for i := range 12 {
			s.Points = append(s.Points, Point{T: month(i), Y: base + float64(i%3)})
		}
		return s
	}
	two := []Target{{Value: 55, Label: "Maths proficiency: target 55.0% or more"}}
	for name, ch := range map[string]Chart{
		"lines": {Kind: Line, Unit: district.Percent, Series: []Series{line("ELA", 40), line("Maths", 70)}},
		"bars": {Kind: Bars, Unit: district.Percent, Highlight: -1, Categories: []string{"A", "B"},
			Series: []Series{{Name: "ELA", Values: []Value{{V: 40}, {V: 70}}}, {Name: "Maths", Values: []Value{{V: 45}, {V: 75}}}}},
	} {
		t.Run(name, func(t *testing.T) {
			ch.Target = &Target{Value: 60, Label: "ELA proficiency: target 60.0% or more"}
			o := Options{Width: 1000, Height: 600, Scale: 1, Theme: th}
			one := targetRows(mustRender(t, ch, o), th.Target)
			ch.Targets = two
			both := targetRows(mustRender(t, ch, o), th.Target)
			if len(one) != 1 || len(both) != 2 || both[0] >= both[1] {
				t.Fatalf("goal lines at rows %v with one target, %v with two; want one line, then two, maths's 55%% lower", one, both)
			}
		})
	}
}

// targetRows are the rows where a dashed line of colour col runs across
// at least a third of the image, one row per line.
func targetRows(img *image.RGBA, col color.RGBA) []int {
	b := img.Bounds()
	var rows []int
	for y := b.Min.Y; y < b.Max.Y; y++ {
		if count(img, image.Rect(b.Min.X, y, b.Max.X, y+1), col, 0) < b.Dx()/3 {
			continue
		}
		if n := len(rows); n > 0 && rows[n-1] >= y-2 {
			continue
		}
		rows = append(rows, y)
	}
	return rows
}

// TestShadeLabelLeavesTargetLabelsWhole: the name of a shaded span
// ("Summer") never lies on a goal's label. A proficiency chart's summer
// band under the right end of its goal line put "Summer" on "ELA
// proficiency: target 60.0% or more".
func TestShadeLabelLeavesTargetLabelsWhole(t *testing.T) {
	th := Light
	th.Target = color.RGBA{0xFF, 0x00, 0xFF, 0xFF}
	month := func(i int) time.Time { return time.Date(2026, time.Month(1+i), 1, 0, 0, 0, 0, time.UTC) }
	ch := Chart{Kind: Line, Unit: district.Percent, Target: &Target{Value: 60, Label: "ELA proficiency: target 60.0% or more"}}
	s := Series{Name: "ELA proficiency"}
	for i := range 10 {
		s.Points = append(s.Points, Point{T: month(i), Y: 52 + float64(i%5)})
	}
	ch.Series = []Series{s}
	ch.Shaded = []Span{{From: month(6), To: month(8)}}
	for _, size := range []image.Point{{640, 360}, {1366, 768}, {1920, 1080}} {
		o := Options{Width: size.X, Height: size.Y, Scale: 1, Theme: th}
		bare := mustRender(t, ch, o)
		label := labelBox(bare, th.Target, false)
		if label.Empty() {
			t.Fatalf("at %dx%d the target's label is not over the plot", size.X, size.Y)
		}
		named := ch
		named.ShadeLabel = "Summer"
		img := mustRender(t, named, o)
		for y := label.Min.Y; y < label.Max.Y; y++ {
			for x := label.Min.X; x < label.Max.X; x++ {
				if img.RGBAAt(x, y) != bare.RGBAAt(x, y) {
					t.Fatalf("at %dx%d the shade's name is drawn on the target's label %v, at (%d, %d)", size.X, size.Y, label, x, y)
				}
			}
		}
	}
}

// TestShadeLabelHidesNoData: the name of a shaded span goes where it hides
// none of the line, at the top of the band or at its foot. Attendance
// peaks in September, at the top of a summer band that runs into it, and
// "Summer" at the top hid that part of the line.
func TestShadeLabelHidesNoData(t *testing.T) {
	month := func(i int) time.Time { return time.Date(2026, time.Month(1+i), 1, 0, 0, 0, 0, time.UTC) }
	s := Series{Name: "Attendance rate"}
	for i := range 12 {
		y := 93.5
		if i >= 6 && i <= 8 {
			y = 95.9
		}
		s.Points = append(s.Points, Point{T: month(i), Y: y})
	}
	ch := Chart{Kind: Line, Unit: district.Percent, Series: []Series{s}, Shaded: []Span{{From: month(6), To: month(8)}}}
	for _, size := range []image.Point{{640, 360}, {1340, 540}} {
		o := Options{Width: size.X, Height: size.Y, Scale: 1, Theme: Light}
		line := Light.Series[0]
		bare := count(mustRender(t, ch, o), image.Rect(0, 0, size.X, size.Y), line, 0)
		named := ch
		named.ShadeLabel = "Summer"
		if got := count(mustRender(t, named, o), image.Rect(0, 0, size.X, size.Y), line, 0); got < bare {
			t.Errorf("at %dx%d the shade's name hides %d pixels of the line", size.X, size.Y, bare-got)
		}
	}
}
