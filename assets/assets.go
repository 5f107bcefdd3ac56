// Package assets holds what Cabinet bundles into its binary: the app icon
// and Cabinet Symbols, the font that holds the characters Cabinet prints
// that its text fonts lack (see assets/internal/symbols). Roboto, the
// font of charts, slides and exports, comes with go-chart; Noto Sans, the
// window's, with Fyne.
package assets

import _ "embed"

//go:generate go run ./internal/symbols/gen.go symbols.ttf

// IconPNG is the app icon, 512x512.
//
//go:embed icon.png
var IconPNG []byte

// SymbolsTTF is Cabinet Symbols as a TrueType file: the trend triangles
// ▲ ▼ and the arrows → ← ↑ ↓, with a space as wide as Noto Sans's and
// Noto Sans's line metrics.
//
//go:embed symbols.ttf
var SymbolsTTF []byte
