// Package assets holds what Cabinet bundles into its binary: the app icon.
package assets

import _ "embed"

// IconPNG is the app icon, 512x512.
//
//go:embed icon.png
var IconPNG []byte
