package export_test

import (
	"bytes"
	"slices"
	"testing"

	"github.com/cabinetapp/cabinet/deck"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/export"
)

// BenchmarkPacket makes the briefing's packet (its eleven slides before
// the plan's and the meeting's) from the demo district, rendering every slide from the
// cache, and reports its size
// (scripts/bench-packet.sh compares both with the packet before the
// tagged PDF writer: at most twice the time).
func BenchmarkPacket(b *testing.B) {
	board := demoBoard(b)
	d := deck.Briefing()
	// The same eleven slides before and after: the plan's slide and the
	// meeting's two came later (the kinds are named as text, so the file
	// builds in the older tree).
	d.Slides = slices.DeleteFunc(d.Slides, func(s district.Slide) bool {
		return slices.Contains([]district.SlideKind{"plan", "since", "actions"}, s.Kind)
	})
	if len(d.Slides) != 11 {
		b.Fatalf("the briefing has %d slides; the benchmark is of eleven", len(d.Slides))
	}
	for _, notes := range []bool{false, true} {
		name := "plain"
		if notes {
			name = "notes"
		}
		b.Run(name, func(b *testing.B) {
			o := opts
			o.Notes = notes
			var out bytes.Buffer
			for b.Loop() {
				out.Reset()
				if err := export.PDF(ctx, &out, board, d, o); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(out.Len()), "bytes/packet")
		})
	}
}
