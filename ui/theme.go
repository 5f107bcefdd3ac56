package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/cabinetapp/cabinet/assets"
)

// symbolsFont is Cabinet Symbols (package assets) as a Fyne resource.
var symbolsFont = fyne.NewStaticResource("CabinetSymbols.ttf", assets.SymbolsTTF)

// appTheme is Fyne's default theme with Cabinet Symbols put in front of
// its text fonts. Fyne sets each character in the theme's font if it has
// it, else in its own Noto Sans (of the style asked), else in its symbol
// font, else in a font of the system. Noto Sans lacks the trend triangles
// ▲ ▼ and the key hints' arrows, and Cabinet is built without Fyne's
// emoji font (no_emoji, scripts/tags.sh), so on a system without them
// they drew as "�".
// Cabinet Symbols holds those and a space (a run of an arrow takes the
// space after it with it), and nothing else: every other character is
// set in Noto Sans as before, and as Cabinet Symbols has Noto Sans's line
// metrics, lines are as tall as before.
type appTheme struct{ fyne.Theme }

// newAppTheme is Cabinet's theme over Fyne's default.
func newAppTheme() fyne.Theme { return appTheme{theme.DefaultTheme()} }

func (t appTheme) Font(s fyne.TextStyle) fyne.Resource {
	if s.Monospace || s.Symbol {
		return t.Theme.Font(s)
	}
	return symbolsFont
}
