package district

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// UnitName is the metric's unit as a heading's parenthesis gives it:
// "%", "days", "Mbps", "$", "percentile", or what a count counts
// ("tickets"). A CSV heading reads "ELA proficiency (%)".
func (m Metric) UnitName() string {
	switch m.Unit {
	case Percent:
		return "%"
	case Days:
		return "days"
	case Mbps:
		return "Mbps"
	case USD:
		return "$"
	case Percentile:
		return "percentile"
	}
	if m.Noun != "" {
		return m.Noun
	}
	return string(m.Unit)
}

// AxisLabel says in words what a chart's value axis measures for the
// metric: "Percent", "Tickets", "Growth percentile (50 is typical)".
func (m Metric) AxisLabel() string {
	switch m.Unit {
	case Percent:
		return "Percent"
	case Days:
		return "Days"
	case Mbps:
		return "Mbps"
	case USD:
		return "US dollars"
	case Percentile:
		return "Growth percentile (50 is typical)"
	}
	if m.Noun != "" {
		return titled(m.Noun)
	}
	return "Count"
}

// CountHeading heads the column of the counts a metric's values rest on:
// "Students" for a measure about students, whose count privacy rests on;
// "Number counted" for any other (devices, tickets, accounts).
func (m Metric) CountHeading() string {
	if m.StudentBased {
		return "Students"
	}
	return "Number counted"
}

// Ordinal writes a rank or a percentile: 1st, 2nd, 3rd, 11th, 23rd.
func Ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return fmt.Sprintf("%d%s", n, suffix)
}

// LowerFirst lower-cases a name's first letter for use inside a
// sentence, unless it begins an acronym ("MFA coverage", "ELA
// proficiency").
func LowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	if next, _ := utf8.DecodeRuneInString(s[n:]); unicode.IsUpper(next) {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// Quoted lists names in quotes, as a sentence does: "a", "b" and "c".
func Quoted(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	if len(q) < 2 {
		return strings.Join(q, "")
	}
	return strings.Join(q[:len(q)-1], ", ") + " and " + q[len(q)-1]
}

// titled is s with its first letter upper-cased.
func titled(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return strings.ToUpper(string(r)) + s[n:]
}
