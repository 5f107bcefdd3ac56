package ui

import (
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

// assertLooksLike compares img with the golden testdata/name as a reader
// sees it: in blocks of 4x4 pixels, each block's mean colour within a
// tolerance. A slide of 1,800 schools sometimes draws its text a fraction
// of a pixel apart from one run to the next, which an exact comparison
// fails; a word set at another size, moved or missing changes whole blocks
// and fails here too. The image that differs is written to testdata/failed.
func assertLooksLike(t *testing.T, name string, img image.Image) {
	t.Helper()
	path := filepath.Join("testdata", name)
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("reading the golden %s: %v", path, err)
	}
	defer f.Close()
	want, err := png.Decode(f)
	if err != nil {
		t.Fatalf("reading the golden %s: %v", path, err)
	}
	if bad := blocksApart(want, img); bad != 0 {
		failed := filepath.Join("testdata", "failed", name)
		if err := os.MkdirAll(filepath.Dir(failed), 0o755); err == nil {
			if out, err := os.Create(failed); err == nil {
				png.Encode(out, img)
				out.Close()
			}
		}
		t.Errorf("%d blocks of 4x4 pixels differ from %s; the image drawn is %s", bad, path, failed)
	}
}

// blockTolerance is how far a block's mean may be from the golden's, per
// channel, out of 255.
const blockTolerance = 31

// blocksApart counts the 4x4 blocks whose mean colour differs by more than
// blockTolerance in any channel, or every block when the sizes differ.
func blocksApart(a, b image.Image) int {
	ab, bb := a.Bounds(), b.Bounds()
	if ab.Dx() != bb.Dx() || ab.Dy() != bb.Dy() {
		return (max(ab.Dx(), bb.Dx())/4 + 1) * (max(ab.Dy(), bb.Dy())/4 + 1)
	}
	bad := 0
	for y := 0; y < ab.Dy(); y += 4 {
		for x := 0; x < ab.Dx(); x += 4 {
			ma := blockMean(a, ab.Min.X+x, ab.Min.Y+y, ab)
			mb := blockMean(b, bb.Min.X+x, bb.Min.Y+y, bb)
			for c := range ma {
				if d := ma[c] - mb[c]; d > blockTolerance || d < -blockTolerance {
					bad++
					break
				}
			}
		}
	}
	return bad
}

// blockMean is the mean colour of the 4x4 block at x, y, as 8-bit channels.
func blockMean(img image.Image, x, y int, r image.Rectangle) [4]int {
	var sum [4]int
	n := 0
	for dy := range 4 {
		for dx := range 4 {
			if !(image.Point{x + dx, y + dy}.In(r)) {
				continue
			}
			c := color.NRGBAModel.Convert(img.At(x+dx, y+dy)).(color.NRGBA)
			sum[0] += int(c.R)
			sum[1] += int(c.G)
			sum[2] += int(c.B)
			sum[3] += int(c.A)
			n++
		}
	}
	for i := range sum {
		sum[i] /= n
	}
	return sum
}

func TestBlocksApart(t *testing.T) {
	page := func(draw func(*image.NRGBA)) *image.NRGBA {
		img := image.NewNRGBA(image.Rect(0, 0, 64, 32))
		for i := range img.Pix {
			img.Pix[i] = 255
		}
		draw(img)
		return img
	}
	black := color.NRGBA{A: 255}
	stroke := func(x0 int) func(*image.NRGBA) {
		return func(img *image.NRGBA) {
			for y := 8; y < 24; y++ {
				img.Set(x0, y, black)
			}
		}
	}
	square := func(img *image.NRGBA) {
		stroke(9)(img)
		for y := 0; y < 8; y++ {
			for x := 40; x < 48; x++ {
				img.Set(x, y, black)
			}
		}
	}
	golden := page(stroke(9))
	for _, tt := range []struct {
		name string
		img  image.Image
		bad  bool
	}{
		{"the same", page(stroke(9)), false},
		{"a stroke a pixel over, in the same blocks", page(stroke(10)), false},
		{"a mark that was not there", page(square), true},
		{"a stroke gone", page(func(*image.NRGBA) {}), true},
		{"another size", image.NewNRGBA(image.Rect(0, 0, 60, 32)), true},
	} {
		if got := blocksApart(golden, tt.img) > 0; got != tt.bad {
			t.Errorf("%s: apart %v, want %v", tt.name, got, tt.bad)
		}
	}
}
