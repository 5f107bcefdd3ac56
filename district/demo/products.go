package demo

import (
	"fmt"
	"iter"
	"math"
	"slices"
	"time"

	"github.com/cabinetapp/cabinet/district"
)

type product struct {
	district.Product
	levels []district.Level
	// use is the share of licences active in a usual school month.
	use float64
}

var (
	all       = []district.Level{district.Elementary, district.Middle, district.High, district.Alternative}
	elem      = []district.Level{district.Elementary}
	elemMid   = []district.Level{district.Elementary, district.Middle}
	midHigh   = []district.Level{district.Middle, district.High, district.Alternative}
	middle    = []district.Level{district.Middle}
	highOnly  = []district.Level{district.High, district.Alternative}
	catalogue = []struct {
		name, category, subject string
		levels                  []district.Level
		perLicence, use         float64
	}{
		{"Lumen LMS", "Learning management", "", all, 9, 0.88},
		{"ReadWell Foundations", "Reading intervention", "ELA", elem, 28, 0.72},
		{"MathPath Adaptive", "Math practice", "Math", elemMid, 22, 0.78},
		{"Quill & Quest", "Writing", "ELA", midHigh, 12, 0.55},
		{"NumberSense Pro", "Math practice", "Math", elem, 18, 0.16},
		{"LabVerse Science", "Science simulations", "", midHigh, 15, 0.46},
		{"Polyglot Studio", "World languages", "", highOnly, 31, 0.12},
		{"Benchmark Insight", "Assessment", "", all, 6, 0.93},
		{"CodeCraft", "Computer science", "", midHigh, 14, 0.38},
		{"StoryTime Live", "Reading", "ELA", elem, 9, 0.61},
		{"FluentPath ELL", "English learners", "ELA", all, 42, 0.34},
		{"Atlas Geography", "Social studies", "", middle, 7, 0.08},
		{"Sketchbook Studio", "Creativity", "", all, 5, 0.41},
		{"Algebra Arcade", "Math practice", "Math", midHigh, 11, 0.52},
		{"PrepPoint SAT", "College readiness", "", highOnly, 19, 0.27},
		{"SignOn Hub", "Single sign-on", "", all, 2.5, 0.95},
		{"GuardNet Filter", "Web filtering", "", all, 4, 0.97},
		{"Parent Bridge", "Family communication", "", all, 3, 0.66},
		{"VideoNote", "Video and feedback", "", all, 6, 0.31},
		{"Typing Trail", "Keyboarding", "", elem, 2, 0.44},
		{"Phonics Pals", "Early literacy", "ELA", elem, 16, 0.69},
		{"Fraction Forest", "Math practice", "Math", elem, 8, 0.23},
		{"Debate Deck", "Civics", "", highOnly, 10, 0.07},
		{"MindWell SEL", "Social-emotional learning", "", all, 7, 0.48},
		{"Chem Lab Online", "Science simulations", "", highOnly, 13, 0.58},
		{"Library Cloud", "E-books", "ELA", all, 4, 0.36},
		{"Tutor On Call", "Tutoring", "", midHigh, 45, 0.21},
		{"Rubric Studio", "Assessment", "", midHigh, 5, 0.63},
		{"MapMaker GIS", "Social studies", "", highOnly, 8, 0.29},
		{"Music Maker Lab", "Arts", "", elemMid, 6, 0.47},
	}
)

// makeProducts licenses products for the district. Most contracts began
// years ago and renew on their anniversary; one was added two months ago,
// mid-year, and one has no renewal date on file.
func (d *District) makeProducts() []product {
	end := d.months[len(d.months)-1]
	eligible := func(levels []district.Level) int {
		n := 0
		for _, s := range d.schools {
			if slices.Contains(levels, s.Level) {
				n += s.Enrolment
			}
		}
		return n
	}
	out := make([]product, 0, d.cfg.Products)
	for i := range d.cfg.Products {
		c := catalogue[i%len(catalogue)]
		name := c.name
		if round := i / len(catalogue); round > 0 {
			name = fmt.Sprintf("%s (bundle %d)", c.name, round+1)
		}
		r := d.rng("product", i)
		licences := int(math.Round(float64(eligible(c.levels)) * (0.6 + 0.4*r.Float64())))
		startMonth := []time.Month{time.July, time.July, time.July, time.August, time.January, time.September, time.October, time.March}[r.IntN(8)]
		start := time.Date(end.Year()-1-r.IntN(4), startMonth, 1, 0, 0, 0, 0, time.UTC)
		if i == 21 {
			start = end.AddDate(0, -2, 0)
		}
		renewal := start
		for !renewal.After(end) {
			renewal = renewal.AddDate(1, 0, 0)
		}
		if i == 8 {
			renewal = time.Time{}
		}
		out = append(out, product{
			Product: district.Product{
				ID:            fmt.Sprintf("P%03d", i+1),
				Name:          name,
				Category:      c.category,
				Subject:       c.subject,
				AnnualCost:    math.Round(float64(licences) * c.perLicence * (0.9 + 0.2*r.Float64())),
				Licences:      licences,
				ContractStart: start,
				RenewalDate:   renewal,
			},
			levels: c.levels,
			use:    c.use,
		})
	}
	return out
}

// Products lists the district's edtech products.
func (d *District) Products() []district.Product {
	out := make([]district.Product, len(d.products))
	for i, p := range d.products {
		out[i] = p.Product
	}
	return out
}

// schoolUseMonths is how many recent months have use by school; older
// months have district totals only, which keeps 1,800 schools manageable.
const schoolUseMonths = 12

// Usage streams each product's monthly use: district totals for every month
// of the contract and, for the last twelve months, each school's share.
func (d *District) Usage() iter.Seq[district.ProductUsage] {
	return func(yield func(district.ProductUsage) bool) {
		recent := len(d.months) - schoolUseMonths
		for _, p := range d.products {
			totals := make([]district.ProductUsage, len(d.months))
			var schoolRows []district.ProductUsage
			licensed := 0
			for _, s := range d.schools {
				if p.usedAt(s) {
					licensed += s.Enrolment
				}
			}
			for _, s := range d.schools {
				if !p.usedAt(s) {
					continue
				}
				r := d.rng("usage", p.ID, s.ID)
				share := float64(p.Licences) * float64(s.Enrolment) / float64(licensed)
				keen := 1 + 0.35*d.adoption(s, p.Subject)
				for i, t := range d.months {
					if t.Before(district.Month(p.ContractStart)) {
						continue
					}
					active := share * p.use * keen * useSeason[t.Month()] * (1 + r.NormFloat64()*0.05)
					u := district.ProductUsage{
						Product:      p.ID,
						School:       s.ID,
						Period:       t,
						ActiveUsers:  int(clamp(math.Round(active), 0, math.Round(share))),
						WeeklyActive: round(clamp(active*(0.55+0.15*p.use), 0, share), 1),
					}
					totals[i].Product, totals[i].Period = p.ID, t
					totals[i].ActiveUsers += u.ActiveUsers
					totals[i].WeeklyActive += u.WeeklyActive
					if i >= recent {
						schoolRows = append(schoolRows, u)
					}
				}
			}
			for _, u := range totals {
				if u.Product == "" {
					continue
				}
				u.WeeklyActive = round(u.WeeklyActive, 1)
				if !yield(u) {
					return
				}
			}
			for _, u := range schoolRows {
				if !yield(u) {
					return
				}
			}
		}
	}
}

func (p product) usedAt(s school) bool { return slices.Contains(p.levels, s.Level) }
