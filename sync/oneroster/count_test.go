package oneroster

import (
	"net/http"
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func enrol(user, school, role string) Enrollment {
	return Enrollment{Status: "active", Role: role, User: Ref{user}, School: Ref{school}, BeginDate: "2025-08-20", EndDate: "2026-06-12"}
}

// TestRoster counts people, not enrolments, and leaves out what is
// deleted, ended or not yet begun.
func TestRoster(t *testing.T) {
	deleted := enrol("s5", "adams", RoleStudent)
	deleted.Status = StatusDeleted
	ended := enrol("s6", "adams", RoleStudent)
	ended.EndDate = "2026-03-14"
	endsToday := enrol("s7", "adams", RoleStudent)
	endsToday.EndDate = "2026-03-15"
	later := enrol("s8", "adams", RoleStudent)
	later.BeginDate = "2026-04-01"
	undated := Enrollment{Status: "active", Role: RoleStudent, User: Ref{"s9"}, School: Ref{"brook"}}
	unreadable := enrol("s10", "brook", RoleStudent)
	unreadable.EndDate = "soon"
	nobody := enrol("", "adams", RoleStudent)
	all := []Enrollment{
		enrol("s1", "adams", RoleStudent), enrol("s1", "adams", RoleStudent), enrol("s1", "adams", RoleStudent), // one student, three classes
		enrol("s2", "adams", RoleStudent), enrol("s2", "brook", RoleStudent), // one student, two schools
		enrol("t1", "adams", RoleTeacher), enrol("t1", "brook", RoleTeacher), enrol("t2", "brook", RoleTeacher),
		enrol("a1", "adams", "administrator"), enrol("p1", "adams", "proctor"),
		enrol("s3", "summer", RoleStudent), // a school that is no place
		deleted, ended, endsToday, later, undated, unreadable, nobody,
	}
	r := NewRoster(day("2026-03-15"), map[string]int32{"adams": 0, "brook": 1}, 2)
	for i := range all {
		r.Add(&all[i])
	}
	if r.Students[0] != 3 || r.Students[1] != 3 || r.Teachers[0] != 1 || r.Teachers[1] != 2 {
		t.Errorf("by school: students %v, teachers %v; want [3 3] and [1 2]", r.Students, r.Teachers)
	}
	// s1, s2, s3, s7, s9, s10: each once.
	if r.WholeStudents != 6 || r.WholeTeachers != 2 || r.Elsewhere != 1 {
		t.Errorf("district: %d students, %d teachers, %d elsewhere; want 6, 2, 1", r.WholeStudents, r.WholeTeachers, r.Elsewhere)
	}
	// s7's enrolment ends today, and counts until tomorrow; s8's begins
	// on 1 April.
	if want := day("2026-03-16"); !r.Until.Equal(want) {
		t.Errorf("counts change on %s, want %s", r.Until.Format(time.DateOnly), want.Format(time.DateOnly))
	}
}

func TestNextLink(t *testing.T) {
	cases := []struct {
		name   string
		values []string
		next   string
		has    bool
	}{
		{"none", nil, "", false},
		{"next and last", []string{`<https://h/x?limit=2&offset=2>; rel="next", <https://h/x?limit=2&offset=8>; rel="last"`}, "https://h/x?limit=2&offset=2", true},
		{"last page", []string{`<https://h/x?offset=0>; rel="first", <https://h/x?offset=8>; rel="prev"`}, "", true},
		{"unquoted, upper case, several rels", []string{`<https://h/x?offset=4>; REL=prev, <https://h/x?offset=6>; rel="last NEXT"`}, "https://h/x?offset=6", true},
		{"in two headers", []string{`<https://h/x?offset=0>; rel=first`, `<https://h/x?offset=6>; rel=next`}, "https://h/x?offset=6", true},
		{"broken", []string{`https://h/x?offset=6; rel=next`}, "", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			next, has := NextLink(tc.values)
			if next != tc.next || has != tc.has {
				t.Fatalf("NextLink = %q, %t; want %q, %t", next, has, tc.next, tc.has)
			}
		})
	}
}

// TestPage works out where the next page starts from whichever headers
// the service sends.
func TestPage(t *testing.T) {
	items := make([]int, 4)
	cases := []struct {
		name   string
		header http.Header
		offset int
		n      int
		next   int
		total  int64
		err    bool
	}{
		{"total says more", http.Header{"X-Total-Count": {"10"}}, 4, 4, 8, 10, false},
		{"total says done", http.Header{"X-Total-Count": {"8"}}, 4, 4, 0, 8, false},
		{"link says more", http.Header{"Link": {`<https://h/e?limit=4&offset=8>; rel="next"`}}, 4, 4, 8, -1, false},
		{"link goes by its own offset", http.Header{"Link": {`<https://h/e?offset=9>; rel="next"`}, "X-Total-Count": {"20"}}, 4, 4, 9, 20, false},
		{"link without an offset", http.Header{"Link": {`<https://h/e?page=3>; rel="next"`}}, 4, 4, 8, -1, false},
		{"link with no next is the end", http.Header{"Link": {`<https://h/e?offset=0>; rel="first"`}}, 4, 4, 0, -1, false},
		{"nothing: a full page may have more", http.Header{}, 4, 4, 8, -1, false},
		{"nothing: a short page is the last", http.Header{}, 4, 3, 0, -1, false},
		{"an empty page is the last", http.Header{"X-Total-Count": {"100"}}, 4, 0, 0, 100, false},
		{"a bad total", http.Header{"X-Total-Count": {"-1"}}, 0, 4, 0, 0, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := page(items[:tc.n], tc.header, tc.offset, 4)
			if (err != nil) != tc.err || err == nil && (p.Next != tc.next || p.Total != tc.total) {
				t.Fatalf("page = next %d, total %d, %v; want %d, %d", p.Next, p.Total, err, tc.next, tc.total)
			}
		})
	}
}
