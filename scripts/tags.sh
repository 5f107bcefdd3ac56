# shellcheck shell=bash
# The build tags Cabinet ships with, sourced by the Makefile and every
# script that builds the app, so what is run, tested and measured is what
# is installed:
#   migrated_fynedo  widgets are touched only on the UI goroutine
#                    (FyneApp.toml's migration, as `fyne build` sets it);
#   no_emoji         leaves out Fyne's 4 MB colour-emoji font: Cabinet
#                    draws no emoji of its own, and a name that holds one
#                    is set in the computer's emoji font, as Fyne finds
#                    it. It keeps cabinet.exe under 30 MB as Windows
#                    counts them, and each text style Fyne loads no
#                    longer parses that font (about 15 MB less at peak).
TAGS=migrated_fynedo,no_emoji
