package main

import (
	"os"
	"path/filepath"
	"runtime"
)

// AppID is Cabinet's application id, as in FyneApp.toml.
const AppID = "io.github.cabinetapp.cabinet"

// defaultDataDir is where the app keeps its cache and settings when neither
// --data nor CABINET_DATA says otherwise. It is the folder Fyne's
// app.Storage().RootURI() gives a desktop app, worked out here without
// starting Fyne so that headless commands find the same cache as the window.
func defaultDataDir() string {
	home, _ := os.UserHomeDir()
	var root string
	switch runtime.GOOS {
	case "darwin":
		root = filepath.Join(home, "Library", "Preferences")
	case "windows":
		root = filepath.Join(home, "AppData", "Roaming")
	default:
		root, _ = os.UserConfigDir()
	}
	return filepath.Join(root, "fyne", AppID)
}

// dataDir picks the data folder: the flag, then CABINET_DATA, then the default.
func dataDir(flagValue string, getenv func(string) string) string {
	if flagValue != "" {
		return flagValue
	}
	if v := getenv("CABINET_DATA"); v != "" {
		return v
	}
	return defaultDataDir()
}
