package assets_test

import (
	"bytes"
	"testing"

	"github.com/cabinetapp/cabinet/assets"
	"github.com/cabinetapp/cabinet/assets/internal/symbols"
)

// TestSymbolsFontIsGenerated keeps symbols.ttf what its generator writes:
// run go generate ./assets after changing a glyph.
func TestSymbolsFontIsGenerated(t *testing.T) {
	if !bytes.Equal(assets.SymbolsTTF, symbols.Font()) {
		t.Fatal("assets/symbols.ttf is not what assets/internal/symbols writes: run go generate ./assets")
	}
}
