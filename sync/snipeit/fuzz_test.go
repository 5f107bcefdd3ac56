package snipeit

import (
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/district"
)

// The fuzz targets feed the decoders whatever a server might send. Nothing
// may panic, and whatever decodes must count sensibly: an asset adds at
// most one device anywhere, and the parts of a tally never exceed it.

func FuzzDecodeAssets(f *testing.F) {
	r := rules("2026-03-15")
	r.AUEField = ""
	f.Fuzz(func(t *testing.T, body []byte) {
		p, err := DecodeAssets(body)
		if err != nil {
			return
		}
		if p.Total < -1 {
			t.Fatalf("total %d", p.Total)
		}
		var sum Tally
		for i := range p.Items {
			c := r.Count(&p.Items[i])
			if c.Fleet > 1 || c.InService+c.Broken > c.Fleet || c.Dated > c.Fleet || c.Chromebooks > c.InService || c.PastAUE > c.AUEKnown {
				t.Fatalf("asset %d counts as %+v", i, c)
			}
			sum.Add(c)
		}
		ages := 0
		for _, n := range sum.Ages {
			ages += n
		}
		if ages != sum.Dated || sum.PastRefresh > sum.Dated {
			t.Fatalf("tally %+v", sum)
		}
		for _, o := range sum.Figures(district.WholeDistrict, district.Month(r.Today), sum, 3) {
			m, _ := district.Lookup(o.Metric)
			if err := m.CheckObservation(o); err != nil {
				t.Fatalf("figure %+v: %v", o, err)
			}
		}
	})
}

func FuzzDecodeLocations(f *testing.F) {
	f.Fuzz(func(t *testing.T, body []byte) {
		p, err := DecodeLocations(body)
		if err != nil {
			return
		}
		if q := next(p, 10, 5); q.Next != 0 && q.Next <= 10 {
			t.Fatalf("next page at %d after offset 10", q.Next)
		}
	})
}

func FuzzAUEDate(f *testing.F) {
	f.Fuzz(func(t *testing.T, fields []byte, name string) {
		if d, ok := aueDate(fields, name); ok && (d.IsZero() || d.Location() != time.UTC) {
			t.Fatalf("AUE date %v", d)
		}
	})
}
