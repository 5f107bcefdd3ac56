package charts

import (
	"bytes"
	"flag"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden PNGs in testdata")

// Golden images catch changes in the look. A pixel matches when every
// channel is within goldenTolerance, and up to goldenSlack of the pixels
// may differ, so font anti-aliasing that varies between builds does not
// fail the test while a moved label or a lost line does.
const (
	goldenTolerance = 40
	goldenSlack     = 0.002
)

func TestGolden(t *testing.T) {
	all := allSamples()
	cases := []struct {
		name, sample string
		o            Options
	}{
		{"line-light", "line", Options{Width: 640, Height: 360}},
		{"hbars-dark", "hbars", Options{Width: 640, Height: 360, Theme: Dark}},
		{"stacked-hidpi", "stacked", Options{Width: 960, Height: 540, Scale: 1.5}},
		{"donut-presentation", "donut", Options{Width: 960, Height: 540, Theme: Presentation}},
		{"empty", "line-no-series", Options{Width: 320, Height: 180}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			golden(t, tc.name, mustRender(t, all[tc.sample], tc.o))
		})
	}
}

// golden compares got with testdata/name.png, or writes it there with
// -update; on a mismatch it writes testdata/name.actual.png.
func golden(t *testing.T, name string, got *image.RGBA) {
	t.Helper()
	path := filepath.Join("testdata", name+".png")
	if *update {
		writePNG(t, path, got)
		return
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("%v (run go test ./charts -run 'TestGolden|TestEveryKind' -update to create it)", err)
	}
	defer f.Close()
	want, err := png.Decode(f)
	if err != nil {
		t.Fatalf("decode %s: %v", path, err)
	}
	if want.Bounds() != got.Bounds() {
		t.Fatalf("golden is %v, rendered %v", want.Bounds(), got.Bounds())
	}
	bad := 0
	for y := range got.Bounds().Dy() {
		for x := range got.Bounds().Dx() {
			w := color.RGBAModel.Convert(want.At(x, y)).(color.RGBA)
			if !near(got.RGBAAt(x, y), w, goldenTolerance) {
				bad++
			}
		}
	}
	if limit := int(goldenSlack * float64(len(got.Pix)/4)); bad > limit {
		actual := filepath.Join("testdata", name+".actual.png")
		writePNG(t, actual, got)
		t.Errorf("%d pixels differ from %s (allowed %d); wrote %s", bad, path, limit, actual)
	}
}

func writePNG(t *testing.T, path string, img image.Image) {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}
