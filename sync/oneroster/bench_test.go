package oneroster_test

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/cabinetapp/cabinet/cache"
	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/sync/engine"
	"github.com/cabinetapp/cabinet/sync/oneroster"
	"github.com/cabinetapp/cabinet/sync/oneroster/onerostertest"
	"github.com/cabinetapp/cabinet/sync/synctest"
)

// BenchmarkSync500k counts 500,000 enrollments (about 650 bytes each, as
// OneRoster sends them) served on loopback in pages of 1,000: sign-in,
// paging, decoding, counting each person once, mapping the schools and
// writing the counts. It reports enrollments a second, the peak heap (the
// server's included) and the process's peak resident memory.
func BenchmarkSync500k(b *testing.B) {
	const enrollments = 500_000
	names := make([]string, len(schools))
	for i, s := range schools {
		names[i] = s.Name
	}
	hs := httptest.NewServer(onerostertest.Generated(clientID, secret, enrollments, names))
	b.Cleanup(hs.Close)
	peak := synctest.WatchHeap(b)
	for b.Loop() {
		b.StopTimer()
		env := synctest.New(b, today, oneroster.Kind())
		env.Add(b, engine.SourceConfig{Name: "roster", Kind: oneroster.KindName, URL: hs.URL, Options: map[string]string{
			oneroster.OptTokenURL: hs.URL + onerostertest.TokenPath, oneroster.OptClientID: clientID}}, secret)
		b.StartTimer()
		env.Sync(b, "roster", cache.OutcomeOK)
		b.StopTimer()
		got, _, err := env.Cache.Recent(context.Background(), district.StudentsEnrolled, district.WholeDistrict, march.AddDate(0, 1, 0), 1)
		// Six enrollments a student, less the teachers' places; each
		// student once.
		if err != nil || len(got) != 1 || got[0].Value < 80_000 || got[0].Value > enrollments/6+1 {
			b.Fatalf("students: %+v, %v", got, err)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(enrollments)*float64(b.N)/b.Elapsed().Seconds(), "enrollments/s")
	b.ReportMetric(float64(peak())/(1<<20), "MB-peak-heap")
	b.ReportMetric(float64(synctest.PeakRSS())/(1<<20), "MB-peak-RSS")
}
