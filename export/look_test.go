package export_test

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/cabinetapp/cabinet/export"
)

var lookDir = flag.String("look", "", "write the briefing's packet (with and without notes) and its PNG, SVG and CSV files to this directory")

// TestLook writes exports for a person to look at:
// go test ./export -run TestLook -look /tmp/packet-look, then
// pdftoppm -r 60 -png /tmp/packet-look/packet.pdf /tmp/packet-look/page
func TestLook(t *testing.T) {
	if *lookDir == "" {
		t.Skip("no -look directory")
	}
	b, d := meetingDeck(t, demoCache(t))
	for name, notes := range map[string]bool{"packet.pdf": false, "packet-notes.pdf": true} {
		f, err := os.Create(filepath.Join(*lookDir, name))
		if err != nil {
			t.Fatal(err)
		}
		o := opts
		o.Notes = notes
		if err := export.PDF(ctx, f, b, d, o); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	for _, f := range []export.Format{export.FormatPNG, export.FormatSVG, export.FormatCSV} {
		if _, err := export.Files(ctx, filepath.Join(*lookDir, string(f)), f, b, d, opts); err != nil {
			t.Fatal(err)
		}
	}
}
