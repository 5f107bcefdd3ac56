package rt_test

import (
	"testing"

	"github.com/cabinetapp/cabinet/sync/rt"
)

// FuzzDecodePage feeds the ticket-search decoder anything: it must not
// panic, and what it accepts must be within bounds.
func FuzzDecodePage(f *testing.F) {
	for _, seed := range []string{
		// As RT 5.0.3 answered on this machine.
		`{"page":1,"total":1,"per_page":20,"items":[{"Created":"2026-11-30T18:40:58Z","Queue":{"type":"queue","_url":"http://127.0.0.1:18099/REST/2.0/queue/3","id":"3","Name":"Elementary"},"id":"1","LastUpdated":"2026-11-30T18:41:01Z","Resolved":"1970-01-01T00:00:00Z","type":"ticket","Due":"1970-01-01T00:00:00Z","CustomFields":[{"type":"customfield","values":["Lincoln Elementary"],"name":"School","id":"2"}],"Status":"new","Priority":"0"}],"count":1,"pages":1}`,
		`{"pages":0.0,"total":0,"page":1,"per_page":1,"items":[],"count":0}`,
		`{"items":[{"id":2,"CustomFields":"","Status":"resolved","Created":"2025-01-01 10:00:00","Priority":50}],"total":"7"}`,
		`{"items":[{"id":"x"}]}`,
		`{"total":-1,"items":[]}`,
		`[]`,
	} {
		f.Add([]byte(seed), "School")
	}
	f.Fuzz(func(t *testing.T, body []byte, field string) {
		p, err := rt.DecodePage(body, field)
		if err != nil {
			return
		}
		if len(p.Items) > 1000 || p.Total < -1 {
			t.Fatalf("accepted %d items and a total of %d", len(p.Items), p.Total)
		}
		for _, tk := range p.Items {
			if tk.ID <= 0 {
				t.Fatalf("accepted id %d", tk.ID)
			}
			for _, d := range []int{tk.Created.Year(), tk.Resolved.Year(), tk.Due.Year(), tk.LastUpdated.Year()} {
				if d != 1 && (d < 1970 || d > 9999) {
					t.Fatalf("accepted the year %d", d)
				}
			}
		}
	})
}
