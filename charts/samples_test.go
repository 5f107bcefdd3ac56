package charts

import (
	"fmt"
	"math"
	"time"

	"github.com/cabinetapp/cabinet/district"
)

// Sample data shared by the tests, the golden images and the benchmarks.

var start = time.Date(2021, time.July, 1, 0, 0, 0, 0, time.UTC)

// monthly is n monthly points from start with values f(i).
func monthly(n int, f func(i int) float64) []Point {
	p := make([]Point, n)
	for i := range p {
		p[i] = Point{T: start.AddDate(0, i, 0), Y: f(i)}
	}
	return p
}

// daily is n daily points of a smooth noisy wave, for the big benchmarks.
func daily(n int, phase float64) []Point {
	p := make([]Point, n)
	for i := range p {
		x := float64(i)
		p[i] = Point{T: start.AddDate(0, 0, i), Y: 500 + 200*math.Sin(x/40+phase) + 30*math.Sin(x*1.7+phase)}
	}
	return p
}

var schools = []string{
	"Abraham Lincoln Elementary School", "Booker T. Washington Middle", "Cesar Chavez High", "Dolores Huerta K-8 Academy",
	"Eleanor Roosevelt Elementary", "Frederick Douglass High School", "Grace Hopper STEM Magnet", "Harriet Tubman Middle",
	"Ida B. Wells Elementary", "Jackie Robinson Middle", "Katherine Johnson High", "Langston Hughes Elementary",
	"Maya Angelou Academy", "Nelson Mandela International", "Ocean View Elementary", "Pine Ridge Middle School",
}

// manySchools names n schools, the first ones from schools.
func manySchools(n int) []string {
	out := make([]string, n)
	for i := range out {
		if i < len(schools) {
			out[i] = schools[i]
		} else {
			out[i] = fmt.Sprintf("School %d of the Northern Valley Unified District", i+1)
		}
	}
	return out
}

func values(vs ...float64) []Value {
	out := make([]Value, len(vs))
	for i, v := range vs {
		out[i] = Value{V: v}
	}
	return out
}

func lineSample() Chart {
	plan := monthly(36, func(i int) float64 { return 88 + 0.2*float64(i) })
	actual := monthly(30, func(i int) float64 { return 86 + 0.25*float64(i) + 2*math.Sin(float64(i)/2) })
	for i := 12; i < 15; i++ {
		actual[i].Gap = true
	}
	return Chart{
		Kind: Line, Unit: district.Percent,
		Series: []Series{
			{Name: "Devices working", Points: actual},
			{Name: "Plan", Points: plan, Dashed: true},
			{Name: "Peer districts", Points: monthly(36, func(i int) float64 { return 90 + 1.5*math.Cos(float64(i)/3) })},
		},
		Target: &Target{Value: 95},
		Annotations: []Annotation{
			{T: start.AddDate(0, 8, 0), Text: "Chromebook refresh"},
			{T: start.AddDate(0, 10, 0), Text: "New help desk"},
			{T: start.AddDate(0, 24, 0), Text: "Wi-Fi 6 rollout"},
		},
	}
}

func kindSamples() map[string]Chart {
	ranking := values(98.1, 97.4, 96.2, 95.9, 95.1, 94.4, 93.8, 92.2, 91.7, 90.3, 88.8, 87.2, 85.0, 83.1, 80.4, 78.9)
	ranking[11] = Value{Suppressed: true}
	scatter := make([]Point, 16)
	for i := range scatter {
		x := 40 + 9*float64(i%7) + 3*math.Sin(float64(i))
		scatter[i] = Point{X: x * 1000, Y: 30 + 0.6*x + 8*math.Cos(float64(i)), Text: schools[i]}
	}
	return map[string]Chart{
		"line": lineSample(),
		"bars": {
			Kind: Bars, Unit: district.USD, Categories: []string{"Devices", "Software", "Network", "Security", "Staff PD", "Other"},
			Series: []Series{{Name: "FY25", Values: values(1.24e6, 842e3, 310e3, 95e3, 41e3, 12.5e3)}},
			Target: &Target{Value: 1e6, Label: "Budget cap"},
		},
		"grouped": {
			Kind: Bars, Unit: district.Percent, Categories: []string{"Elementary", "Middle", "High", "K-8", "Alternative"},
			Series: []Series{
				{Name: "Reading", Values: []Value{{V: 61.2}, {V: 55.8}, {V: 49.1}, {V: 58.3}, {Suppressed: true}}},
				{Name: "Math", Values: values(57.9, 48.2, 41.5, 52.0, 22.1)},
				{Name: "Science", Values: values(52.4, 50.1, 44.9, 49.7, 19.8)},
			},
		},
		"stacked": {
			Kind: StackedBars, Unit: district.Count, Categories: []string{"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
			Series: []Series{
				{Name: "Hardware", Values: values(120, 340, 410, 220, 180, 90)},
				{Name: "Accounts", Values: values(80, 610, 390, 160, 120, 60)},
				{Name: "Software", Values: []Value{{V: 40}, {V: 150}, {V: 170}, {Suppressed: true}, {V: 70}, {V: 30}}},
			},
		},
		"hbars": {
			Kind: HBars, Unit: district.Percent, Categories: schools, Highlight: 6,
			Series: []Series{{Name: "Attendance", Values: ranking}},
			Target: &Target{Value: 95},
		},
		"donut": {
			Kind: Donut, Unit: district.USD, Categories: []string{"Instructional software", "Devices", "Infrastructure", "Security", "Professional learning"},
			Series: []Series{{Values: values(2.1e6, 1.6e6, 0.9e6, 0.35e6, 0.12e6)}},
		},
		"scatter": {
			Kind: Scatter, Unit: district.Percentile, XUnit: district.USD, XLabel: "Spend per student", YLabel: "Reading growth percentile",
			Series: []Series{{Name: "Schools", Points: scatter}},
		},
	}
}

// edgeSamples are the awkward inputs every kind must draw without failing.
func edgeSamples() map[string]Chart {
	nan, inf := math.NaN(), math.Inf(1)
	gaps := monthly(12, func(int) float64 { return 1 })
	for i := range gaps {
		gaps[i].Gap = true
	}
	odd := monthly(24, func(i int) float64 { return 40 + float64(i) })
	odd[3].Y, odd[7].Y, odd[8].Y, odd[15].Y = nan, inf, -inf, nan
	dense := daily(10000, 0)
	for i := 4000; i < 4400; i++ {
		dense[i].Gap = true
	}
	var many []Series
	for i := range 9 {
		many = append(many, Series{Name: fmt.Sprintf("Region %d", i+1), Points: monthly(24, func(j int) float64 { return float64(10*i + j) })})
	}
	reversed := monthly(12, func(i int) float64 { return float64(i * i) })
	for i, j := 0, len(reversed)-1; i < j; i, j = i+1, j-1 {
		reversed[i], reversed[j] = reversed[j], reversed[i]
	}
	var notes []Annotation
	for i := range 8 {
		notes = append(notes, Annotation{T: start.AddDate(0, i+2, 0), Text: fmt.Sprintf("Board approved change number %d to the plan", i+1)})
	}
	crowd := make([]Point, 300)
	for i := range crowd {
		crowd[i] = Point{X: float64(i % 17), Y: float64(i % 23), Text: fmt.Sprintf("School %d", i)}
	}
	sixty := make([]Value, 64)
	for i := range sixty {
		sixty[i] = Value{V: 100 - float64(i)*1.3}
	}
	sixty[20].Suppressed = true
	long := []string{
		"The Extraordinarily Long Named Academy for Science, Technology, Engineering, Arts and Mathematics",
		"Short", "Another Quite Long School Name That Goes On And On",
	}
	return map[string]Chart{
		"line-no-series":     {Kind: Line},
		"line-empty-series":  {Kind: Line, Series: []Series{{Name: "A"}, {Name: "B"}}},
		"line-all-gaps":      {Kind: Line, Series: []Series{{Points: gaps}}},
		"line-custom-empty":  {Kind: Line, Empty: "Sync the Summary API to see device health for this period"},
		"line-single-point":  {Kind: Line, Unit: district.Percent, Series: []Series{{Points: []Point{{T: start, Y: 94.2}}}}},
		"line-constant":      {Kind: Line, Unit: district.Count, Series: []Series{{Points: monthly(24, func(int) float64 { return 12480 })}}},
		"line-constant-zero": {Kind: Line, Unit: district.Percent, Series: []Series{{Points: monthly(24, func(int) float64 { return 0 })}}},
		"line-nan-inf":       {Kind: Line, Unit: district.Days, Series: []Series{{Points: odd}}},
		"line-negative": {Kind: Line, Unit: district.USD, Target: &Target{Value: 0, Label: "Break even"},
			Series: []Series{{Points: monthly(24, func(i int) float64 { return 6e5 * math.Sin(float64(i)/3) })}}},
		"line-huge":           {Kind: Line, Unit: district.Count, Series: []Series{{Points: monthly(6, func(i int) float64 { return []float64{1e300, math.MaxFloat64, -math.MaxFloat64, 0, 1e15, -1e300}[i] })}}},
		"line-dense":          {Kind: Line, Series: []Series{{Points: dense}}},
		"line-many-series":    {Kind: Line, Series: many},
		"line-unsorted":       {Kind: Line, Series: []Series{{Points: reversed}}},
		"line-crowded-notes":  {Kind: Line, Series: []Series{{Points: monthly(12, func(i int) float64 { return float64(i) })}}, Annotations: notes, YLabel: "Tickets opened", XLabel: "Month"},
		"line-target-only":    {Kind: Line, Target: &Target{Value: 5}},
		"bars-all-zero":       {Kind: Bars, Categories: []string{"A", "B", "C"}, Series: []Series{{Values: values(0, 0, 0)}}},
		"bars-one-category":   {Kind: Bars, Unit: district.Percent, Categories: []string{"District"}, Series: []Series{{Values: values(42.5)}}},
		"bars-negative":       {Kind: Bars, Unit: district.USD, Categories: []string{"Q1", "Q2", "Q3", "Q4"}, Series: []Series{{Values: values(-2.5e5, 1.1e5, -4e4, 3e5)}}},
		"bars-nan":            {Kind: Bars, Categories: []string{"A", "B", "C"}, Series: []Series{{Values: values(nan, inf, 3)}}},
		"bars-all-nan":        {Kind: Bars, Categories: []string{"A", "B"}, Series: []Series{{Values: values(nan, -inf)}}},
		"bars-huge":           {Kind: Bars, Unit: district.USD, Categories: []string{"A", "B"}, Series: []Series{{Values: values(1e15, math.MaxFloat64)}}},
		"bars-sixty":          {Kind: Bars, Unit: district.Percent, Categories: manySchools(64), Series: []Series{{Values: sixty}}},
		"bars-all-suppressed": {Kind: Bars, Categories: []string{"A", "B"}, Series: []Series{{Values: []Value{{Suppressed: true}, {Suppressed: true, V: 12}}}}},
		"bars-long-labels":    {Kind: Bars, Categories: long, Series: []Series{{Values: values(3, 2, 1)}}},
		"bars-no-categories":  {Kind: Bars, Series: []Series{{Name: "A"}}},
		"stacked-mixed-sign": {Kind: StackedBars, Unit: district.USD, Categories: []string{"FY23", "FY24", "FY25"},
			Series: []Series{{Name: "Grants", Values: values(4e5, -1e5, 2e5)}, {Name: "General fund", Values: values(-2e5, 3e5, 1e5)}}},
		"stacked-one-series":  {Kind: StackedBars, Categories: []string{"A", "B"}, Series: []Series{{Name: "Only", Values: values(1, 2)}}},
		"hbars-sixty":         {Kind: HBars, Unit: district.Percent, Categories: manySchools(64), Highlight: 55, Series: []Series{{Values: sixty}}},
		"hbars-one":           {Kind: HBars, Categories: []string{"District"}, Highlight: 0, Series: []Series{{Values: values(7)}}},
		"hbars-negative":      {Kind: HBars, Unit: district.USD, Categories: schools[:5], Highlight: -1, Series: []Series{{Values: values(-3e4, 2e4, -1e4, 5e4, 0)}}},
		"hbars-long-labels":   {Kind: HBars, Categories: long, Highlight: 2, Series: []Series{{Values: values(30, 20, 10)}}},
		"hbars-multi-series":  {Kind: HBars, Unit: district.Percent, Categories: schools[:4], Highlight: 1, Series: []Series{{Name: "2024", Values: values(90, 80, 70, 60)}, {Name: "2025", Values: values(92, 81, 75, 58)}}},
		"hbars-highlight-out": {Kind: HBars, Categories: schools[:3], Highlight: 9, Series: []Series{{Values: values(3, 2, 1)}}},
		"donut-one":           {Kind: Donut, Categories: []string{"Everything"}, Series: []Series{{Values: values(10)}}},
		"donut-many":          {Kind: Donut, Unit: district.Count, Categories: manySchools(12), Series: []Series{{Values: values(50, 40, 30, 25, 20, 15, 12, 10, 8, 6, 4, 2)}}},
		"donut-zero":          {Kind: Donut, Categories: []string{"A", "B"}, Series: []Series{{Values: values(0, 0)}}},
		"donut-suppressed":    {Kind: Donut, Categories: []string{"Grade 3", "Grade 4", "Grade 5"}, Series: []Series{{Values: []Value{{V: 40}, {Suppressed: true}, {V: 60}}}}},
		"donut-negative-nan":  {Kind: Donut, Categories: []string{"A", "B", "C", "D"}, Series: []Series{{Values: values(-5, nan, inf, 5)}}},
		"donut-no-series":     {Kind: Donut},
		"scatter-single":      {Kind: Scatter, Unit: district.Percent, XUnit: district.USD, Series: []Series{{Points: []Point{{X: 1200, Y: 50}}}}},
		"scatter-constant":    {Kind: Scatter, Series: []Series{{Points: []Point{{X: 1, Y: 1, Text: "a"}, {X: 1, Y: 1, Text: "b"}}}}},
		"scatter-nan":         {Kind: Scatter, Series: []Series{{Points: []Point{{X: nan, Y: 1}, {X: 1, Y: inf}, {X: 2, Y: 3, Gap: true}, {X: 4, Y: 5}}}}},
		"scatter-crowded":     {Kind: Scatter, Series: []Series{{Name: "A", Points: crowd[:150]}, {Name: "B", Points: crowd[150:]}}, Target: &Target{Value: 10}},
	}
}
