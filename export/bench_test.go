package export_test

import (
	"io"
	"testing"

	"github.com/cabinetapp/cabinet/deck"
	"github.com/cabinetapp/cabinet/export"
)

// BenchmarkPacket makes the ten-slide briefing's packet from the demo
// district, rendering every slide from the cache: the target is under
// three seconds.
func BenchmarkPacket(b *testing.B) {
	board := demoBoard(b)
	d := deck.Briefing()
	if len(d.Slides) != 10 {
		b.Fatalf("the briefing has %d slides; the benchmark is of ten", len(d.Slides))
	}
	for _, notes := range []bool{false, true} {
		name := "plain"
		if notes {
			name = "notes"
		}
		b.Run(name, func(b *testing.B) {
			o := opts
			o.Notes = notes
			for b.Loop() {
				if err := export.PDF(ctx, io.Discard, board, d, o); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
