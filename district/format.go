package district

import (
	"math"
	"strconv"
	"strings"
)

// Format writes a value of the metric the way a person reads it: "94.2%",
// "12,480 devices", "3.4 days", "$1.24M".
func (m Metric) Format(v float64) string {
	switch {
	case m.Unit == Count && m.Noun != "":
		return Counted(v, m.Noun)
	case m.Unit == Percentile && finite(v):
		// A bare "48" does not say it is a percentile.
		return Ordinal(int(math.Round(v))) + " percentile"
	}
	return FormatUnit(m.Unit, v)
}

// Counted writes a count with its noun, singular for one: "1 incident",
// "12,480 devices". things is the plural, as a metric's Noun is. Every
// count Cabinet writes in words goes through here.
func Counted(n float64, things string) string {
	s := FormatUnit(Count, n)
	if math.Abs(math.Round(n)) == 1 {
		return s + " " + Singular(things)
	}
	return s + " " + things
}

// Singular is one of a plural noun: "incidents" → "incident", "categories"
// → "category", "matches" → "match". Words that are not plurals in -s
// come back as they are.
func Singular(things string) string {
	for _, r := range []struct{ plural, one string }{
		{"ies", "y"}, {"ches", "ch"}, {"shes", "sh"}, {"sses", "ss"}, {"xes", "x"},
	} {
		if stem, ok := strings.CutSuffix(things, r.plural); ok && stem != "" {
			return stem + r.one
		}
	}
	if strings.HasSuffix(things, "ss") || !strings.HasSuffix(things, "s") {
		return things
	}
	return strings.TrimSuffix(things, "s")
}

// FormatDelta writes a change in the metric's value: percentages change by
// points, not by percent.
func (m Metric) FormatDelta(d float64) string {
	switch m.Unit {
	case Percent:
		return strconv.FormatFloat(d, 'f', 1, 64) + " pts"
	case Percentile:
		return Counted(d, "percentile points")
	}
	return m.Format(d)
}

// FormatUnit writes v in unit u without a noun.
func FormatUnit(u Unit, v float64) string { return FormatPlaces(u, v, Places(u, v)) }

// Places is how many decimals FormatUnit writes v with in unit u: one for
// a percentage, but two close to 100, where one would round 99.97% up to
// a perfect score.
func Places(u Unit, v float64) int {
	switch u {
	case Percent:
		if v > 99 && v < 100 {
			return 2
		}
		return 1
	case Days:
		return 1
	case Mbps:
		return 2
	}
	return 0
}

// PlacesOf is how many decimals write every one of vs alike: the most any
// of them needs. A chart, a sentence or a table that prints several
// values of one measure prints them all with one number of decimals
// ("between 88.90% and 99.80%", not "88.9% and 99.80%").
func PlacesOf(u Unit, vs ...float64) int {
	places := Places(u, math.NaN())
	for _, v := range vs {
		if finite(v) {
			places = max(places, Places(u, v))
		}
	}
	return places
}

// FormatPlaces writes v in unit u with places decimals where the unit
// has decimals (percentages, days, Mbps); money and counts are written as
// FormatUnit writes them.
func FormatPlaces(u Unit, v float64, places int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	switch u {
	case Percent:
		if places >= 2 && v > 99.99 && v < 100 {
			v = 99.99
		}
		return strconv.FormatFloat(v, 'f', places, 64) + "%"
	case Days:
		return strconv.FormatFloat(v, 'f', places, 64) + " days"
	case Mbps:
		return strconv.FormatFloat(v, 'f', places, 64) + " Mbps"
	case USD:
		return FormatMoney(v)
	case Percentile:
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return Thousands(math.Round(v))
}

// FormatMoney writes dollars compactly: "$842", "$12.3K", "$1.24M". An
// amount that rounds up to a thousand of its scale moves to the next, so
// $999,960 reads "$1.00M", not "$1000.0K".
func FormatMoney(v float64) string {
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	for i, s := range moneyScales {
		if v < s.from {
			continue
		}
		r := roundTo(v/s.unit, s.places)
		if r >= 1000 && i > 0 {
			s = moneyScales[i-1]
			r = roundTo(v/s.unit, s.places)
		}
		return sign + "$" + strconv.FormatFloat(r, 'f', s.places, 64) + s.suffix
	}
	if math.Round(v) == 0 {
		sign = ""
	}
	return sign + "$" + Thousands(math.Round(v))
}

// moneyScales are the compact forms of large amounts, largest first;
// smaller amounts are written in whole dollars.
var moneyScales = []struct {
	unit, from float64
	places     int
	suffix     string
}{
	{1e9, 1e9, 2, "B"},
	{1e6, 1e6, 2, "M"},
	{1e3, 1e4, 1, "K"},
}

func roundTo(v float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(v*p) / p
}

// Thousands writes a whole number with thousands separators: "12,480".
func Thousands(v float64) string {
	s := strconv.FormatFloat(math.Abs(v), 'f', 0, 64)
	var b strings.Builder
	if v < 0 && s != "0" {
		b.WriteByte('-')
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}
