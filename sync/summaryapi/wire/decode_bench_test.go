package wire

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/district"
)

// BenchmarkDecodeObservations decodes a page of 5,000 observations as
// districtd writes them.
func BenchmarkDecodeObservations(b *testing.B) {
	page := List[Observation]{Cursor: "eyJlIjoiZGVtbyJ9", HasMore: true}
	for i := range 5000 {
		page.Items = append(page.Items, FromObservation(district.Observation{
			Metric: district.AttendanceRate, School: "S0001",
			Period: time.Date(2000+i/12, time.Month(1+i%12), 1, 0, 0, 0, 0, time.UTC), Value: 93.4, N: 512}))
	}
	body, err := json.Marshal(page)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if _, err := DecodeObservations(body); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(page.Items))*float64(b.N)/b.Elapsed().Seconds(), "items/s")
}
