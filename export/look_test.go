package export_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/deck"
	"github.com/cabinetapp/cabinet/district"
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
	c := demoCache(t)
	if _, err := c.AddAnnotation(ctx, district.Annotation{Panel: "tech.tickets", Date: time.Date(2025, time.January, 6, 0, 0, 0, 0, time.UTC), Text: "New help-desk system went live"}); err != nil {
		t.Fatal(err)
	}
	b := boardOf(t, c)
	d := deck.Briefing()
	d.Slides = append(d.Slides,
		district.Slide{Kind: district.TilesSlide, Tiles: district.Security, School: b.Schools[2].ID, Period: district.Period{Kind: district.Last12Months}},
		district.Slide{Kind: district.ChartSlide, Panel: "instruction.ela_by_school", School: b.Schools[2].ID, Period: district.Period{Kind: district.Last12Months},
			Notes: "Talk through the three lowest schools and what their principals have asked for."},
		district.Slide{Kind: district.ChartSlide, Panel: "tech.tickets", Period: district.Period{Kind: district.AllHistory},
			Headline: "A headline as long as a person may type it, to see that it wraps onto a second line",
			Takeaway: "A takeaway as long as a person may type, which runs to the limit of two hundred and forty characters so that the page must wrap it over two or three lines without it running into the scope line or the chart beneath it at all.",
			Notes:    strings.Repeat("Speaker notes that go on for a while, as some presenters' do. ", 30)})
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
