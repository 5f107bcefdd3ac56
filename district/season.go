package district

import (
	"strings"
	"time"
)

// Season says whether a measure follows the school year.
type Season string

// Seasons.
const (
	// AllYear measures (devices, network, security, money) compare with the
	// month before.
	AllYear Season = ""
	// SchoolYear measures (attendance, LMS, product use, tickets,
	// proficiency) rise and fall with the school calendar: a month compares
	// with the same month a year earlier, and summer months are marked.
	SchoolYear Season = "school-year"
)

// Summer lists the months school is out. The rule is the same everywhere:
// charts shade these months, and "unused licences" and cost per active
// user leave them out.
var Summer = []time.Month{time.July, time.August}

// InSession reports whether school is in session in t's month.
func InSession(t time.Time) bool {
	for _, m := range Summer {
		if t.Month() == m {
			return false
		}
	}
	return true
}

// MonthsInSession is how many months of a year school is in session.
func MonthsInSession() int { return 12 - len(Summer) }

// SummerRule states the rule in a sentence for a chart's caption.
func SummerRule() string { return SummerMonths() + " are summer, school out" }

// SummerMonths names the summer months: "July and August".
func SummerMonths() string {
	names := make([]string, len(Summer))
	for i, m := range Summer {
		names[i] = m.String()
	}
	return strings.Join(names, " and ")
}

// SessionMonthCost is the share of a year's cost a month carries when the
// cost is spread over the months school is in session; ok is false, and
// the cost zero, for a summer month.
func SessionMonthCost(annualCost float64, t time.Time) (cost float64, ok bool) {
	if !InSession(t) {
		return 0, false
	}
	return annualCost / float64(MonthsInSession()), true
}
