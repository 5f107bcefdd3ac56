package oneroster

import (
	"hash/maphash"
	"time"
)

// Roster counts the people enrolled at each school: every student and
// teacher once per school however many classes they are in, and once for
// the district however many schools. People are told apart by a hash of
// their sourcedId with a key made afresh for each count, held only in
// memory; nothing that names a person is kept once the count is done.
type Roster struct {
	today  time.Time
	places map[string]int32 // org sourcedId → the place it counts toward
	seed   maphash.Seed
	seen   map[member]struct{}
	// Students and Teachers are counts by place; Whole are the district's.
	Students, Teachers []int
	WholeStudents      int
	WholeTeachers      int
	// Elsewhere counts enrolments at schools not among the places.
	Elsewhere int
	// Until is the first day on which an enrolment counted today ends or
	// one not counted begins, so the counts change without any record
	// changing; zero when none will.
	Until time.Time
}

// member is one person counted in one role at one place; place -1 is the
// district.
type member struct {
	user  uint64
	place int32
	role  uint8
}

// NewRoster counts, as of today, toward places: each org's sourcedId
// names its place, from 0 to n-1.
func NewRoster(today time.Time, places map[string]int32, n int) *Roster {
	return &Roster{today: today, places: places, seed: maphash.MakeSeed(), seen: map[member]struct{}{},
		Students: make([]int, n), Teachers: make([]int, n)}
}

// Add counts one enrolment, if it is current: not deleted, begun and not
// ended.
func (r *Roster) Add(e *Enrollment) {
	var role uint8
	switch e.Role {
	case RoleStudent:
	case RoleTeacher:
		role = 1
	default:
		return
	}
	if e.Status == StatusDeleted || e.User.SourcedID == "" {
		return
	}
	if begin, ok := parseDate(e.BeginDate); ok && begin.After(r.today) {
		r.until(begin)
		return
	}
	if end, ok := parseDate(e.EndDate); ok {
		if end.Before(r.today) {
			return
		}
		r.until(end.AddDate(0, 0, 1))
	}
	user := maphash.String(r.seed, e.User.SourcedID)
	if r.first(member{user, -1, role}) {
		if role == 0 {
			r.WholeStudents++
		} else {
			r.WholeTeachers++
		}
	}
	place, ok := r.places[e.School.SourcedID]
	if !ok {
		r.Elsewhere++
		return
	}
	if r.first(member{user, place, role}) {
		if role == 0 {
			r.Students[place]++
		} else {
			r.Teachers[place]++
		}
	}
}

func (r *Roster) first(m member) bool {
	if _, ok := r.seen[m]; ok {
		return false
	}
	r.seen[m] = struct{}{}
	return true
}

func (r *Roster) until(t time.Time) {
	if r.Until.IsZero() || t.Before(r.Until) {
		r.Until = t
	}
}
