package server

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/district/demo"
	"github.com/cabinetapp/cabinet/sync/summaryapi/wire"
)

// BenchmarkServeObservations pages through a million observations as a
// full sync asks for them, 5,000 a page.
func BenchmarkServeObservations(b *testing.B) {
	h := Handler(NewStore(Demo(demo.Config{Seed: 11, Schools: 365, Years: 10, End: time.Date(2026, time.June, 1, 0, 0, 0, 0, time.UTC)})), Options{})
	var items int
	for b.Loop() {
		items = 0
		cursor := ""
		for {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, wire.PathObservations+"?limit=5000&cursor="+cursor, nil))
			l, err := wire.DecodeObservations(rec.Body.Bytes())
			if err != nil {
				b.Fatal(err)
			}
			items += len(l.Items)
			if !l.HasMore {
				break
			}
			cursor = l.Cursor
		}
	}
	b.ReportMetric(float64(items)*float64(b.N)/b.Elapsed().Seconds(), "items/s")
}
