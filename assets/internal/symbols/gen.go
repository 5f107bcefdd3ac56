//go:build ignore

// Writes Cabinet Symbols to the file named by its argument.
package main

import (
	"log"
	"os"

	"github.com/cabinetapp/cabinet/assets/internal/symbols"
)

func main() {
	if err := os.WriteFile(os.Args[1], symbols.Font(), 0o644); err != nil {
		log.Fatal(err)
	}
}
