package rt

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/sync/helpdesk"
	"github.com/cabinetapp/cabinet/sync/synctest"
)

// BenchmarkSummarise100k decodes 100,000 tickets in the pages RT 5 sends
// (100 a page, custom fields and queue included) and counts them into
// 18 months of figures for a district of 8 schools: all the connector
// does besides waiting for RT, which takes about a second a page on this
// kind of machine. It reports tickets a second and the peak heap.
func BenchmarkSummarise100k(b *testing.B) {
	const tickets, perPage = 100_000, 100
	now := time.Date(2026, time.November, 20, 9, 0, 0, 0, time.UTC)
	pages := make([][]byte, tickets/perPage)
	for p := range pages {
		var sb strings.Builder
		sb.WriteString(`{"page":1,"per_page":100,"total":100000,"count":100,"items":[`)
		for i := range perPage {
			id := p*perPage + i + 1
			created := now.Add(-time.Duration(id%(18*30*24)) * time.Hour)
			resolved := "1970-01-01T00:00:00Z"
			status := "open"
			if id%3 != 0 {
				status, resolved = "resolved", created.Add(time.Duration(id%200)*time.Hour).Format(time.RFC3339)
			}
			if i > 0 {
				sb.WriteByte(',')
			}
			fmt.Fprintf(&sb, `{"id":"%d","type":"ticket","_url":"http://127.0.0.1/REST/2.0/ticket/%d","Status":"%s","Created":"%s","Resolved":"%s","Due":"1970-01-01T00:00:00Z","LastUpdated":"%s","Priority":"%d","Queue":{"id":"3","type":"queue","_url":"http://127.0.0.1/REST/2.0/queue/3"},"CustomFields":[{"id":"2","type":"customfield","_url":"http://127.0.0.1/REST/2.0/customfield/2","name":"School","values":["School %d"]}]}`,
				id, id, status, created.Format(time.RFC3339), resolved, created.Format(time.RFC3339), id%3*40, id%8)
		}
		sb.WriteString(`]}`)
		pages[p] = []byte(sb.String())
	}
	targets, err := helpdesk.ParseTargets("80=1,40=3,*=7")
	if err != nil {
		b.Fatal(err)
	}
	src := &source{field: DefaultSchoolField, pageSize: perPage, targets: targets}
	peak := synctest.WatchHeap(b)
	for b.Loop() {
		c := count{s: src, tally: &helpdesk.Tally{}, places: map[string]int32{}, name: func(s string) (string, error) { return district.Name(s), nil }}
		for _, body := range pages {
			p, err := DecodePage(body, src.field)
			if err != nil {
				b.Fatal(err)
			}
			for i := range p.Items {
				if err := c.add(&p.Items[i]); err != nil {
					b.Fatal(err)
				}
			}
		}
		schools := make([]string, len(c.names))
		for i := range schools {
			schools[i] = fmt.Sprintf("S%04d", i+1)
		}
		if obs := c.tally.Observations(now, schools); len(obs) == 0 || c.tally.Len() != tickets {
			b.Fatalf("%d figures from %d tickets", len(obs), c.tally.Len())
		}
	}
	b.ReportMetric(float64(tickets)*float64(b.N)/b.Elapsed().Seconds(), "tickets/s")
	b.ReportMetric(float64(peak())/(1<<20), "MB-peak-heap")
}
