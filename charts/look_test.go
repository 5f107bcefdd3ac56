package charts

import (
	"bytes"
	"flag"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

var lookDir = flag.String("look", "", "write sample charts of every kind, theme and size as PNGs to this directory")

// TestLook writes samples for a person to look at: go test ./charts -run TestLook -look /tmp/charts-look
func TestLook(t *testing.T) {
	if *lookDir == "" {
		t.Skip("no -look directory")
	}
	sizes := map[string]Options{"640": {Width: 640, Height: 360}, "1920": {Width: 1920, Height: 1080}, "hidpi": {Width: 1280, Height: 720, Scale: 2}, "small": {Width: 240, Height: 120}}
	for name, ch := range allSamples() {
		for tn, th := range themes {
			for sn, o := range sizes {
				o.Theme = th
				img, err := Render(ch, o)
				if err != nil {
					t.Fatal(err)
				}
				var b bytes.Buffer
				if err := png.Encode(&b, img); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(*lookDir, name+"-"+tn+"-"+sn+".png"), b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}
