package export_test

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/export"
	"github.com/cabinetapp/cabinet/panel"
)

// How the packet's reader gathers what the CSV files show.

// slides lists the slides the reader exports: every chart of the
// catalogue for the whole district, every school and every period
// (every product of the charts about one); or, for the pairs of
// thresholds, every chart that shows figures about students, with each
// school's lines once over all of history, since a line shows the same
// months whatever the period.
func slides(b *panel.Board, products []district.Product, every bool) []district.Slide {
	periods := []district.Period{{Kind: district.Last12Months}, {Kind: district.AllHistory}}
	for _, fy := range b.FiscalYears() {
		periods = append(periods, district.Period{Kind: district.FiscalYearPeriod, FiscalYear: fy})
	}
	schools := []string{district.WholeDistrict}
	for _, s := range b.Schools {
		schools = append(schools, s.ID)
	}
	about := func(p panel.Panel) bool {
		for _, id := range p.Metrics() {
			if m, ok := district.Lookup(id); ok && (m.StudentBased || id == district.BandwidthPerStudent) {
				return true
			}
		}
		return p.Domain == district.Value || p.ID == "instruction.weekly_active" || p.ID == "spending.licences"
	}
	var out []district.Slide
	for _, school := range schools {
		for _, period := range periods {
			for _, p := range panel.All() {
				s := district.Slide{Kind: district.ChartSlide, Panel: p.ID, School: school, Period: period}
				if !every {
					line := p.Metric != "" && !strings.HasSuffix(p.ID, "_by_school")
					switch {
					case !about(p):
						continue
					case line && period.Kind != district.AllHistory:
						continue
					case !line && p.ID != "instruction.weekly_active" && school != district.WholeDistrict:
						continue
					}
				}
				if p.ID != "value.cost_per_user" && p.ID != "value.use_vs_growth" {
					out = append(out, s)
					continue
				}
				for _, prod := range products {
					s.Product = prod.ID
					out = append(out, s)
				}
			}
		}
	}
	return out
}

// read exports the slides as CSV with the options o and reads every file
// as the public would.
func read(t *testing.T, b *panel.Board, ss []district.Slide, o export.Options) *reader {
	t.Helper()
	r := newReader()
	products, err := b.Products(ctx, panel.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	productName := map[string]string{}
	for _, p := range products.Rows {
		productName[p.ID] = p.Name
	}
	for start := 0; start < len(ss); start += district.MaxSlides {
		part := ss[start:min(start+district.MaxSlides, len(ss))]
		dir := filepath.Join(t.TempDir(), "packet")
		if _, err := export.Files(ctx, dir, export.FormatCSV, b, district.Deck{Name: "Everything", Slides: part}, o); err != nil {
			t.Fatal(err)
		}
		index := readCSV(t, filepath.Join(dir, export.IndexFile))
		for i, s := range part {
			row := index[i+1]
			if row[1] == "" {
				continue
			}
			asOf, _ := time.Parse("Jan 2006", strings.TrimPrefix(row[6], "Data as of "))
			table := readCSV(t, filepath.Join(dir, row[1]))
			r.readTable(start+i, s, table, asOf, productName[s.Product], b)
		}
	}
	return r
}

// readTable takes in one slide's CSV as the reader would, by the shape
// of its columns. Months come from the file's rows, or for a chart of one
// month from the index's "Data as of".
func (r *reader) readTable(slide int, s district.Slide, table [][]string, asOf time.Time, product string, b *panel.Board) {
	if len(table) == 0 || len(table[0]) < 2 {
		return
	}
	metrics := map[string]district.Metric{}
	for _, m := range district.Catalogue() {
		metrics[m.Name] = m
	}
	head, rows := table[0], table[1:]
	where := ""
	if s.School != district.WholeDistrict {
		where = b.School(s.School)
	}
	shown := map[string]bool{}
	r.shownText[slide] = shown
	cell := func(measure string, month time.Time, sum bool, who, row, text, nText string, format func(float64) string) {
		f := r.learn(measure, month, sum, who, text, nText)
		if text == district.SuppressedMark || text == district.ComplementaryMark {
			r.hidden[slide] = append(r.hidden[slide], hiddenCell{key: cellKey(measure, month, who), row: row, format: format})
		} else if f.hasV {
			shown[format(f.v)] = true
			if row != "" {
				r.shown[slide] = append(r.shown[slide], [2]string{row, format(f.v)})
			}
		}
	}
	count := func(v float64) string { return strconv.FormatFloat(v, 'f', 0, 64) }
	// A heading names its figure, then its unit and scope: "ELA
	// proficiency (%), whole district", "Active users, whole district".
	name := func(h string) string {
		h, _, _ = strings.Cut(h, " (")
		h, _, _ = strings.Cut(h, ",")
		return h
	}
	isCount := func(h string) bool {
		return h == "Students" || h == "Number counted" || strings.HasPrefix(h, "Students, ") || strings.HasPrefix(h, "Number counted, ")
	}
	names := make([]string, len(head))
	for i, h := range head {
		names[i] = name(h)
	}
	joined := strings.Join(names, "|")
	switch {
	case head[0] == "Month" && len(head) >= 3 && isCount(head[2]):
		r.shapes["months"]++
		for col := 1; col+1 < len(head); col += 2 {
			m, ok := metrics[names[col]]
			for _, row := range rows {
				month, _ := time.Parse("2006-01", strings.TrimSuffix(row[0], " so far"))
				switch {
				case m.ID == district.BandwidthPerStudent:
					if n, err := strconv.ParseFloat(row[col+1], 64); err == nil {
						if r.enrolment[month] == nil {
							r.enrolment[month] = map[string]float64{}
						}
						r.enrolment[month][where] = n
					}
				case ok && m.StudentBased:
					cell(m.ID, month, false, where, where, row[col], row[col+1], m.Format)
				}
			}
		}
	case head[0] == "School" && len(head) == 4 && isCount(head[2]) && strings.HasPrefix(head[3], "Rank"):
		r.shapes["ranking"]++
		// A ranking: its last column is a rank, not an n.
		if m, ok := metrics[names[1]]; ok && m.StudentBased {
			for _, row := range rows {
				cell(m.ID, asOf, false, row[0], row[0], row[1], row[2], m.Format)
			}
		}
	case head[0] == "School" && isCount(head[len(head)-1]):
		r.shapes["use against growth"]++
		// Use against growth: the growth measure and its n.
		if m, ok := metrics[names[len(names)-2]]; ok && m.StudentBased {
			for _, row := range rows {
				cell(m.ID, asOf, false, row[0], row[0], row[len(row)-2], row[len(row)-1], m.Format)
			}
		}
	case joined == "Product|Weekly active students|Active users in the month":
		r.shapes["product use"]++
		for _, row := range rows {
			cell(weeklyUsers(row[0]), asOf, true, where, row[0], row[1], "", count)
			cell(monthlyUsers(row[0]), asOf, true, where, row[0], row[2], "", count)
		}
	case joined == "Product|Annual cost|Licences|Active users":
		r.shapes["licences"]++
		for _, row := range rows {
			cell(monthlyUsers(row[0]), asOf, true, "", row[0], row[3], "", count)
		}
	case joined == "Product|Annual cost|Active users|Cost per active user":
		r.shapes["cost per user"]++
		for _, row := range rows {
			cell(monthlyUsers(row[0]), asOf, true, "", row[0], row[2], "", count)
		}
	case strings.Join(head, "|") == cardsHead:
		// The pages that say what changed and list the actions
		// (meeting_privacy_test.go).
		r.shapes[cardShape[s.Kind]]++
		readCards(r, rows, metrics)
	case joined == "Month|Active users|Cost per active user":
		r.shapes["cost per user by month"]++
		for _, row := range rows {
			month, _ := time.Parse("2006-01", strings.TrimSuffix(row[0], " so far"))
			cell(monthlyUsers(product), month, true, "", product, row[1], "", count)
		}
	}
}
