package wire

import (
	"strconv"
	"unicode/utf8"
)

// The paged collections carry millions of items, and reflection makes
// encoding/json the largest cost of a sync after SQLite. fastList reads the
// shape servers actually send (the fields this package knows, strings
// without escapes, plain numbers, no nulls) without reflection; on anything
// else it gives up, and the caller decodes the body with encoding/json, so
// what is accepted and how errors read never depend on the fast path.

// value is a JSON scalar as fastList found it.
type value struct {
	str     []byte // a string's contents, or a number's or literal's text
	isStr   bool
	isBool  bool
	boolean bool
}

// scanner walks a JSON body.
type scanner struct {
	b []byte
	i int
}

func (s *scanner) space() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// byte consumes c after any whitespace.
func (s *scanner) byte(c byte) bool {
	s.space()
	if s.i < len(s.b) && s.b[s.i] == c {
		s.i++
		return true
	}
	return false
}

// string reads a string without escapes or control characters, in valid
// UTF-8.
func (s *scanner) string() ([]byte, bool) {
	if !s.byte('"') {
		return nil, false
	}
	start := s.i
	for s.i < len(s.b) {
		c := s.b[s.i]
		switch {
		case c == '"':
			str := s.b[start:s.i]
			s.i++
			return str, utf8.Valid(str)
		case c == '\\' || c < 0x20:
			return nil, false
		}
		s.i++
	}
	return nil, false
}

// scalar reads a string, a number in JSON's grammar, or true or false.
func (s *scanner) scalar() (value, bool) {
	s.space()
	if s.i >= len(s.b) {
		return value{}, false
	}
	switch c := s.b[s.i]; {
	case c == '"':
		str, ok := s.string()
		return value{str: str, isStr: true}, ok
	case c == 't' || c == 'f':
		for _, lit := range []string{"true", "false"} {
			if len(s.b)-s.i >= len(lit) && string(s.b[s.i:s.i+len(lit)]) == lit {
				s.i += len(lit)
				return value{isBool: true, boolean: lit == "true"}, true
			}
		}
		return value{}, false
	}
	start := s.i
	if s.i < len(s.b) && s.b[s.i] == '-' {
		s.i++
	}
	switch {
	case s.i < len(s.b) && s.b[s.i] == '0':
		s.i++
	case s.i < len(s.b) && s.b[s.i] >= '1' && s.b[s.i] <= '9':
		s.digits()
	default:
		return value{}, false
	}
	if s.i < len(s.b) && s.b[s.i] == '.' {
		s.i++
		if !s.digits() {
			return value{}, false
		}
	}
	if s.i < len(s.b) && (s.b[s.i] == 'e' || s.b[s.i] == 'E') {
		s.i++
		if s.i < len(s.b) && (s.b[s.i] == '+' || s.b[s.i] == '-') {
			s.i++
		}
		if !s.digits() {
			return value{}, false
		}
	}
	return value{str: s.b[start:s.i]}, true
}

func (s *scanner) digits() bool {
	start := s.i
	for s.i < len(s.b) && s.b[s.i] >= '0' && s.b[s.i] <= '9' {
		s.i++
	}
	return s.i > start
}

func (v value) text() (string, bool) {
	if !v.isStr {
		return "", false
	}
	return string(v.str), true
}

// pow10 are the powers of ten a float64 holds exactly.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// number reads a JSON number. Plain decimals of up to 15 digits take
// Clinger's fast path: the digits and the power of ten are both exact as
// float64s, so one division rounds correctly, as strconv would.
func (v value) number() (float64, bool) {
	if v.isStr || v.isBool {
		return 0, false
	}
	b, neg := v.str, false
	if len(b) > 0 && b[0] == '-' {
		b, neg = b[1:], true
	}
	var mant uint64
	digits, frac, dot := 0, 0, false
	for _, c := range b {
		switch {
		case c >= '0' && c <= '9':
			mant = mant*10 + uint64(c-'0')
			digits++
			if dot {
				frac++
			}
		case c == '.' && !dot:
			dot = true
		default:
			digits = 99 // an exponent: leave it to strconv
		}
	}
	if digits <= 15 {
		f := float64(mant) / pow10[frac]
		if neg {
			f = -f
		}
		return f, true
	}
	f, err := strconv.ParseFloat(string(v.str), 64)
	return f, err == nil
}

// whole reads a JSON number that is a whole number that fits an int.
func (v value) whole() (int, bool) {
	if v.isStr || v.isBool || len(v.str) > 18 {
		return 0, false
	}
	b, neg := v.str, false
	if b[0] == '-' {
		b, neg = b[1:], true
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}

// fastList reads {"items":[{...},...],"cursor":"...","has_more":b,"total":n}
// with set filling an item from each of its fields; ok is false when the
// body is in any way unusual.
func fastList[T any](b []byte, set func(*T, []byte, value) (uint, bool)) (l List[T], ok bool) {
	s := &scanner{b: b}
	if !s.byte('{') {
		return l, false
	}
	seen := map[string]bool{}
	for first := true; ; first = false {
		if s.byte('}') {
			break
		}
		if !first && !s.byte(',') {
			return l, false
		}
		key, ok := s.string()
		if !ok || seen[string(key)] || !s.byte(':') {
			return l, false
		}
		seen[string(key)] = true
		switch string(key) {
		case "items":
			if l.Items, ok = fastItems(s, set); !ok {
				return l, false
			}
			continue
		}
		v, ok := s.scalar()
		if !ok {
			return l, false
		}
		switch string(key) {
		case "cursor":
			l.Cursor, ok = v.text()
		case "has_more":
			l.HasMore, ok = v.boolean, v.isBool
		case "total":
			var n int
			n, ok = v.whole()
			l.Total = int64(n)
		default:
			ok = false
		}
		if !ok {
			return l, false
		}
	}
	s.space()
	return l, s.i == len(s.b) && l.Items != nil
}

func fastItems[T any](s *scanner, set func(*T, []byte, value) (uint, bool)) ([]T, bool) {
	if !s.byte('[') {
		return nil, false
	}
	items := []T{}
	if s.byte(']') {
		return items, true
	}
	for {
		var it T
		if !s.byte('{') {
			return nil, false
		}
		var seen uint // the fields set so far, a bit each
		for first := true; ; first = false {
			if s.byte('}') {
				break
			}
			if !first && !s.byte(',') {
				return nil, false
			}
			key, ok := s.string()
			if !ok || !s.byte(':') {
				return nil, false
			}
			v, ok := s.scalar()
			if !ok {
				return nil, false
			}
			bit, ok := set(&it, key, v)
			if !ok || seen&bit != 0 {
				return nil, false
			}
			seen |= bit
		}
		items = append(items, it)
		if s.byte(']') {
			return items, true
		}
		if !s.byte(',') {
			return nil, false
		}
	}
}

// setObservation fills one field of an observation and returns the field's
// bit; ok is false for a field it does not know or a value of the wrong
// kind.
func setObservation(o *Observation, key []byte, v value) (bit uint, ok bool) {
	switch string(key) {
	case "metric":
		o.Metric, ok = v.text()
		return 1, ok
	case "school":
		o.School, ok = v.text()
		return 2, ok
	case "period":
		o.Period, ok = v.text()
		return 4, ok
	case "value":
		f, ok := v.number()
		o.Value = &f
		return 8, ok
	case "n":
		o.N, ok = v.whole()
		return 16, ok
	case "deleted":
		o.Deleted = v.boolean
		return 32, v.isBool
	}
	return 0, false
}

// setUsage fills one field of a month of use, as setObservation does.
func setUsage(u *Usage, key []byte, v value) (bit uint, ok bool) {
	switch string(key) {
	case "product":
		u.Product, ok = v.text()
		return 1, ok
	case "school":
		u.School, ok = v.text()
		return 2, ok
	case "period":
		u.Period, ok = v.text()
		return 4, ok
	case "active_users":
		n, ok := v.whole()
		u.ActiveUsers = &n
		return 8, ok
	case "weekly_active_students":
		f, ok := v.number()
		u.WeeklyActiveStudents = &f
		return 16, ok
	case "deleted":
		u.Deleted = v.boolean
		return 32, v.isBool
	}
	return 0, false
}
