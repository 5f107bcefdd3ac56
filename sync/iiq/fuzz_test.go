package iiq_test

import (
	"testing"

	"github.com/cabinetapp/cabinet/sync/iiq"
)

// FuzzDecodePage feeds the ticket-search decoder anything: it must not
// panic, and what it accepts must be within bounds.
func FuzzDecodePage(f *testing.F) {
	for _, seed := range []string{
		`{"ItemCount":1,"Items":[{"TicketId":"a1","CreatedDate":"2026-03-01T10:00:00.000Z","ModifiedDate":"2026-03-02T10:00:00Z","ClosedDate":null,"IsClosed":true,"DueDate":"2026-03-04T00:00:00","Priority":"High","LocationId":"l1","Location":{"LocationId":"l1","Name":"Adams Elementary"},"Subject":"x"}],"Paging":{"TotalRows":1,"PageCount":1,"PageSize":20,"PageIndex":0}}`,
		`{"Items":[],"Paging":{"TotalRows":0}}`,
		`{"Items":[{"TicketId":"b","CreatedDate":"2026-03-01 10:00:00","Priority":3,"LocationId":null}],"Paging":{"TotalRows":"12"}}`,
		`{"Items":[{"TicketId":""}]}`,
		`{"Items":null}`,
		`{"Items":[{"TicketId":"c","CreatedDate":"yesterday"}]}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		p, err := iiq.DecodePage(body)
		if err != nil {
			return
		}
		if len(p.Items) > 1000 || p.Total < -1 {
			t.Fatalf("accepted %d items and a total of %d", len(p.Items), p.Total)
		}
		for _, tk := range p.Items {
			if tk.ID == "" {
				t.Fatal("accepted a ticket with no id")
			}
			for _, d := range []int{tk.Created.Year(), tk.Closed.Year(), tk.Due.Year(), tk.Modified.Year()} {
				if d != 1 && (d < 1971 || d > 9999) {
					t.Fatalf("accepted the year %d", d)
				}
			}
		}
	})
}
