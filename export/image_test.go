package export_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cabinetapp/cabinet/deck"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/export"
)

// TestImages exports a chart slide and a tiles slide as PNG and SVG: the
// chart becomes a full-size, inked image and a well-formed SVG that says
// its headline and provenance; the tiles slide has no image.
// TestImages writes a slide of every kind as an image: the Overview's
// tiles too (the briefing's first slide had none), every tile's figure
// and words on it.
func TestImages(t *testing.T) {
	b := demoBoard(t)
	d := district.Deck{Name: "Pictures", Slides: []district.Slide{
		{Kind: district.TilesSlide, Period: last12},
		{Kind: district.ChartSlide, Panel: "tech.tickets", Period: last12, Headline: "Help desk & backlog"},
	}}
	t.Run("png", func(t *testing.T) {
		written, err := export.Files(ctx, t.TempDir(), export.FormatPNG, b, d, opts)
		if err != nil {
			t.Fatal(err)
		}
		files := written.Paths
		if len(files) != 3 || filepath.Base(files[0]) != "01-at-a-glance.png" || filepath.Base(files[1]) != "02-help-desk-backlog.png" {
			t.Fatalf("files %q", files)
		}
		for _, f := range files[:2] {
			img := decodePNG(t, f)
			if img.Bounds().Dx() != 1920 || img.Bounds().Dy() != 1080 || inked(img) < 0.02 {
				t.Fatalf("%s: image %v, %.1f%% inked", f, img.Bounds(), 100*inked(img))
			}
		}
	})
	t.Run("svg", func(t *testing.T) {
		written, err := export.Files(ctx, t.TempDir(), export.FormatSVG, b, d, opts)
		if err != nil {
			t.Fatal(err)
		}
		files := written.Paths
		if len(files) != 3 {
			t.Fatalf("files %q", files)
		}
		tiles := svgText(t, files[0])
		v, err := deck.Render(ctx, b, d, 0, opts.Options)
		if err != nil {
			t.Fatal(err)
		}
		for _, tile := range v.Tiles {
			for _, want := range []string{tile.Title, tile.Value, tile.Month()} {
				if !strings.Contains(tiles, want) {
					t.Errorf("the tiles slide's SVG does not say %q", want)
				}
			}
		}
		all := svgText(t, files[1])
		for _, want := range []string{"Help desk & backlog", "Open help-desk tickets stood at", "(Demo district)", "Data as of Nov 2026", "Nov 2026"} {
			if !strings.Contains(all, want) {
				t.Errorf("the SVG's text does not say %q", want)
			}
		}
	})
}

// svgText is the text of an SVG file's text elements, a line each,
// failing the test if the file is not well-formed.
func svgText(t *testing.T, path string) string {
	t.Helper()
	body, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	dec := xml.NewDecoder(bytes.NewReader(body))
	inText := false
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("the SVG is not well-formed: %v", err)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			inText = tk.Name.Local == "text"
		case xml.CharData:
			if inText {
				texts = append(texts, string(tk))
			}
		}
	}
	return strings.Join(texts, "\n")
}
