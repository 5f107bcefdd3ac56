package oneroster

import (
	"net/http"
	"testing"
)

// The fuzz targets feed the decoders whatever a service might send.
// Nothing may panic; what decodes must count sensibly, and paging must
// always move forward.

func FuzzDecodeOrgs(f *testing.F) {
	f.Fuzz(func(t *testing.T, body []byte) {
		orgs, err := DecodeOrgs(body)
		if err == nil && orgs == nil {
			t.Fatal("no error and no list")
		}
	})
}

func FuzzDecodeEnrollments(f *testing.F) {
	f.Fuzz(func(t *testing.T, body []byte) {
		list, err := DecodeEnrollments(body)
		if err != nil {
			return
		}
		r := NewRoster(day("2026-03-15"), map[string]int32{"org-adams": 0, "org-brookside": 1}, 2)
		for i := range list {
			r.Add(&list[i])
		}
		for i := range r.Students {
			if r.Students[i] > r.WholeStudents || r.Teachers[i] > r.WholeTeachers {
				t.Fatalf("a school counts more than the district: %+v", r)
			}
		}
		if r.WholeStudents+r.WholeTeachers > len(list) {
			t.Fatalf("%d people from %d enrolments", r.WholeStudents+r.WholeTeachers, len(list))
		}
	})
}

func FuzzPaging(f *testing.F) {
	f.Fuzz(func(t *testing.T, link, total string, offset, n uint16) {
		h := http.Header{}
		if link != "" {
			h.Set("Link", link)
		}
		if total != "" {
			h.Set("X-Total-Count", total)
		}
		p, err := page(make([]int, n%600), h, int(offset), 500)
		if err == nil && p.Next != 0 && p.Next <= int(offset) {
			t.Fatalf("next page at %d after offset %d", p.Next, offset)
		}
	})
}
