package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
)

// mainMenu gives the window a Help menu whose About item says which build
// this is, as `cabinet --version` does. Fyne puts Quit in the File menu, and
// on macOS moves both into the system's menu bar.
func mainMenu(w fyne.Window, about string) *fyne.MainMenu {
	return fyne.NewMainMenu(
		fyne.NewMenu("File"),
		fyne.NewMenu("Help", fyne.NewMenuItem("About Cabinet", func() {
			dialog.ShowInformation("About Cabinet", about, w)
		})),
	)
}
