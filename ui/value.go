package ui

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/cabinetapp/cabinet/district"
	"github.com/cabinetapp/cabinet/panel"
)

// productColumn is one column of the product table: its heading, width, the
// text of a cell, and how rows compare when sorted by it.
type productColumn struct {
	title   string
	width   float32
	text    func(r panel.ProductRow) string
	compare func(a, b panel.ProductRow) int
	// spark, when set, draws the cell as a sparkline instead of text.
	spark func(r panel.ProductRow) []float64
	// sub, when set, writes a second, smaller line under the text: a
	// product's category.
	sub func(r panel.ProductRow) string
	// wraps: the cell's text takes what width the table has left and
	// wraps to two lines (the verdict); oneLine is the width that holds
	// every cell on one line.
	wraps   bool
	oneLine float32
	// group names the columns this one belongs with: with a school
	// chosen, the school's own figures or the district-wide ones.
	group string
	// figure: the cells are figures, set flush right so digits line up.
	figure bool
}

// byOK orders rows whose figure is undefined after those that have one.
func byOK(aOK, bOK bool, a, b float64) int {
	if aOK != bOK {
		if aOK {
			return -1
		}
		return 1
	}
	return cmp.Compare(a, b)
}

// usersText shows a count of users, or the mark the suppression step put
// in its place.
func usersText(n int, mark string) string {
	if mark != "" {
		return mark
	}
	return district.Thousands(float64(n))
}

// districtWide is the group of the columns that hold district figures
// when a school is chosen.
const districtWide = "District-wide"

// productColumns lists the product table's columns. With a school picked,
// the school's own use comes first, in columns of its own, and every
// district figure after, under a heading that says they are district-wide,
// so no row reads as one school's costs.
func productColumns(school string) []productColumn {
	product := productColumn{title: "Product", text: func(r panel.ProductRow) string { return r.Name },
		sub:     func(r panel.ProductRow) string { return district.CategoryLabel(r.Category) },
		compare: func(a, b panel.ProductRow) int { return strings.Compare(a.Name, b.Name) }}
	users := productColumn{title: "Active users", figure: true, text: func(r panel.ProductRow) string { return usersText(r.DistrictUsers, r.DistrictUseMark) },
		compare: func(a, b panel.ProductRow) int { return cmp.Compare(a.DistrictUsers, b.DistrictUsers) }}
	trend := productColumn{title: "12 months", spark: func(r panel.ProductRow) []float64 { return r.Trend },
		compare: func(a, b panel.ProductRow) int { return cmp.Compare(growthOf(a.Trend), growthOf(b.Trend)) }}
	wide := []productColumn{
		{title: "Annual cost", figure: true, text: func(r panel.ProductRow) string { return district.FormatMoney(r.AnnualCost) },
			compare: func(a, b panel.ProductRow) int { return cmp.Compare(a.AnnualCost, b.AnnualCost) }},
		{title: "Licences", figure: true, text: func(r panel.ProductRow) string { return district.Thousands(float64(r.Licences)) },
			compare: func(a, b panel.ProductRow) int { return cmp.Compare(a.Licences, b.Licences) }},
		users,
		{title: "In use", figure: true, text: func(r panel.ProductRow) string {
			if !r.UtilisationOK {
				return "–"
			}
			return fmt.Sprintf("%.0f%%", r.Utilisation*100)
		}, compare: func(a, b panel.ProductRow) int {
			return byOK(a.UtilisationOK, b.UtilisationOK, a.Utilisation, b.Utilisation)
		}},
		{title: "Cost per user, per year", figure: true, text: func(r panel.ProductRow) string {
			if !r.CostPerUserOK {
				return "undefined"
			}
			return district.FormatMoney(r.CostPerUser)
		}, compare: func(a, b panel.ProductRow) int {
			return byOK(a.CostPerUserOK, b.CostPerUserOK, a.CostPerUser, b.CostPerUser)
		}},
	}
	rest := []productColumn{
		{title: "Renews", text: func(r panel.ProductRow) string {
			if !r.HasRenewal {
				return "not on file"
			}
			return r.RenewalDate.Format("2 Jan 2006")
		}, compare: func(a, b panel.ProductRow) int {
			return byOK(a.HasRenewal, b.HasRenewal, float64(a.RenewalDays), float64(b.RenewalDays))
		}},
		{title: "Verdict", text: func(r panel.ProductRow) string { return r.Verdict }, wraps: true,
			compare: func(a, b panel.ProductRow) int { return strings.Compare(a.Verdict, b.Verdict) }},
	}
	if school == "" {
		return slices.Concat([]productColumn{product}, wide, []productColumn{trend}, rest)
	}
	users.title = "Active users"
	users.text = func(r panel.ProductRow) string { return usersText(r.ActiveUsers, r.UseMark) }
	users.compare = func(a, b panel.ProductRow) int { return cmp.Compare(a.ActiveUsers, b.ActiveUsers) }
	own := []productColumn{users, trend}
	for i := range own {
		own[i].group = "At " + school
	}
	district := slices.Concat(wide, rest)
	for i := range district {
		district[i].group = districtWide
	}
	return slices.Concat([]productColumn{product}, own, district)
}

// growthOf is the change over a trend, for sorting by it; a trend with a
// suppressed end has none.
func growthOf(v []float64) float64 {
	if len(v) < 2 || math.IsNaN(v[0]) || math.IsNaN(v[len(v)-1]) {
		return 0
	}
	return v[len(v)-1] - v[0]
}

// valueTab is the Value for money tab: the product table, the renewals
// ahead, and the charts that join spending to use and outcomes.
type valueTab struct {
	d          *dashboard
	category   *widget.Select
	summary    *widget.Label
	renewals   *widget.Label
	all        []panel.ProductRow
	rows       []panel.ProductRow
	sortCol    int
	descending bool
	// columns are the table's columns: with school, those for the school
	// chosen, named schoolName.
	columns    []productColumn
	school     bool
	schoolName string
	// head is the table's heading row; sticky, its copy at the top of the
	// page's view while the heading has scrolled above it (see headOver).
	head, sticky *productHead
	stickyLayer  *fyne.Container
	// tableArea holds the heading and a row per product, at the height of
	// all of them, so the page scrolls, not the table (see
	// producttable.go); lines is how many lines of text each row holds.
	// fitWidth is the width the columns were last fitted to.
	tableArea *fyne.Container
	rowViews  []*productRow
	lines     int
	fitWidth  float32
	page      *container.Scroll
	// act records an action on the product last picked.
	act *widget.Button
}

func (d *dashboard) newValueTab() fyne.CanvasObject {
	v := &valueTab{d: d, sortCol: 1, descending: true, columns: productColumns("")}
	d.value = v
	v.category = widget.NewSelect(nil, func(string) { v.arrange() })
	v.category.PlaceHolder = "All categories"
	v.summary = newCaption("")
	v.renewals = widget.NewLabel("")
	v.renewals.Wrapping = fyne.TextWrapWord
	v.head, v.sticky = newProductHead(v), newProductHead(v)
	v.head.show()
	v.sticky.show()
	// An action on the product picked: a row of the table, then this.
	v.act = widget.NewButtonWithIcon("Record action…", theme.DocumentCreateIcon(), nil)
	v.act.Disable()

	head := container.NewBorder(nil, nil,
		widget.NewLabelWithStyle("Edtech products", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		container.NewHBox(v.act, widget.NewLabel("Category"), container.NewGridWrap(fyne.NewSize(240, v.category.MinSize().Height), v.category)),
		v.summary)
	v.tableArea = container.New(tableRoom{v}, v.head)
	tableBox := container.NewBorder(head, newCaption("Click a heading to sort; click a product to chart it below."), nil, nil, v.tableArea)
	products := &card{content: container.NewPadded(tableBox)}
	products.ExtendBaseWidget(products)

	renewals := &card{content: container.NewPadded(container.NewBorder(
		widget.NewLabelWithStyle("Renewals ahead", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil, nil, nil,
		v.renewals))}
	renewals.ExtendBaseWidget(renewals)

	grid := container.NewGridWithColumns(2, renewals)
	for _, p := range panel.ForDomain(district.Value) {
		c := newChartCard(d, p)
		d.cards[p.ID] = c
		grid.Add(c)
	}
	v.page = container.NewVScroll(container.NewPadded(container.NewVBox(products, grid)))
	v.stickyLayer = container.New(headOver{v}, v.sticky)
	v.page.OnScrolled = func(fyne.Position) { v.stickyLayer.Refresh() }
	return container.NewStack(v.page, v.stickyLayer)
}

// heading is a column's title with an arrow on the sorted column.
func (v *valueTab) heading(col int) string {
	return headingText(v.columns[col].title, col == v.sortCol, v.descending)
}

// sortBy sorts by a column, or reverses the order when it is already sorted
// by it. Names sort from A, figures from the largest.
func (v *valueTab) sortBy(col int) {
	if col == v.sortCol {
		v.descending = !v.descending
	} else {
		v.sortCol, v.descending = col, v.columns[col].title != "Product"
	}
	v.arrange()
}

// show takes freshly loaded rows and renewals.
func (v *valueTab) show(t panel.ProductTable, renewals []panel.ProductRow, school string, now time.Time) {
	v.all = t.Rows
	options := append([]string{"All categories"}, t.Categories...)
	v.category.SetOptions(options)
	where := "district-wide"
	name := ""
	if school != district.WholeDistrict {
		name = v.d.board.School(school)
		where = "at " + name + " (costs and licences district-wide)"
	}
	v.summary.SetText(fmt.Sprintf("%s · use %s in %s", district.Counted(float64(len(t.Rows)), "products"), where, monthText(t.Through)))
	v.renewals.SetText(renewalText(renewals, now))
	if picked := school != district.WholeDistrict; picked != v.school || name != v.schoolName {
		v.school, v.schoolName, v.columns = picked, name, productColumns(name)
		v.sortCol, v.descending = slices.IndexFunc(v.columns, func(c productColumn) bool { return c.title == "Annual cost" }), true
	}
	v.fitColumns()
	v.arrange()
}

// fitColumns fits the columns to the rows and to the width the table has.
func (v *valueTab) fitColumns() {
	fitColumns(v.columns, v.all, v.fitWidth)
	v.lines = rowLines(v.columns, v.all)
	v.head.show()
	v.sticky.show()
	for _, r := range v.rowViews {
		r.Refresh()
	}
}

// arrange filters by category and sorts.
func (v *valueTab) arrange() {
	cat := v.category.Selected
	v.rows = v.rows[:0]
	for _, r := range v.all {
		if cat == "" || cat == "All categories" || r.Category == cat {
			v.rows = append(v.rows, r)
		}
	}
	compare := v.columns[v.sortCol].compare
	slices.SortStableFunc(v.rows, func(a, b panel.ProductRow) int {
		if v.descending {
			return compare(b, a)
		}
		return compare(a, b)
	})
	for len(v.rowViews) < len(v.rows) {
		v.rowViews = append(v.rowViews, newProductRow(v, len(v.rowViews)))
	}
	v.rowViews = v.rowViews[:len(v.rows)]
	v.tableArea.Objects = []fyne.CanvasObject{v.head}
	for _, r := range v.rowViews {
		r.show()
		v.tableArea.Objects = append(v.tableArea.Objects, r)
	}
	v.head.show()
	v.sticky.show()
	// The table is as tall as its rows: the page lays itself out again.
	v.page.Refresh()
	v.stickyLayer.Refresh()
}

// renewalText lists the contracts renewing in the next 90 and 180 days.
func renewalText(rows []panel.ProductRow, now time.Time) string {
	var soon, later []string
	for _, r := range rows {
		line := fmt.Sprintf("%s: %s, in %s · %s a year · %s of licences in use",
			r.Name, r.RenewalDate.Format("2 Jan 2006"), district.Counted(float64(r.RenewalDays), "days"), district.FormatMoney(r.AnnualCost), utilText(r))
		if r.RenewalDays <= 90 {
			soon = append(soon, line)
		} else {
			later = append(later, line)
		}
	}
	// Five lines a section keep the card the height of its neighbours.
	const most = 5
	section := func(title string, lines []string) string {
		if len(lines) == 0 {
			return title + "\nNone."
		}
		if len(lines) > most {
			lines = append(lines[:most-1], fmt.Sprintf("… and %d more; sort the table by Renews", len(lines)-most+1))
		}
		return title + "\n" + strings.Join(lines, "\n")
	}
	return section("Next 90 days", soon) + "\n\n" + section("91 to 180 days", later) +
		"\n\nCounted from " + now.Format("2 Jan 2006") + "."
}

func utilText(r panel.ProductRow) string {
	if !r.UtilisationOK {
		return "unknown share"
	}
	return fmt.Sprintf("%.0f%%", r.Utilisation*100)
}

// productChart is the chart a chosen product is shown in.
const productChart = "value.cost_per_user"

// pick charts a product the person clicked and offers to record an action
// on it.
func (v *valueTab) pick(r panel.ProductRow) {
	d := v.d
	d.pickProduct(r.ID)
	v.act.SetText("Record action on " + r.Name + "…")
	v.act.OnTapped = func() {
		askAction(d.win, d.br, d.cache, d.board, district.About{Kind: district.OnProduct, ID: r.ID, Name: r.Name}, d.opts.Now, d.status.SetText, nil)
	}
	v.act.Enable()
}

// pickProduct charts one product in the product charts, and brings its
// chart into view, marked, so the choice visibly did something.
func (d *dashboard) pickProduct(id string) {
	if d.filter.Product != id {
		d.filter.Product = id
		d.reload()
	}
	c, ok := d.cards[productChart]
	if !ok || d.value == nil {
		return
	}
	for _, other := range d.cards {
		other.highlight(other == c)
	}
	page := d.value.page
	y := fyne.CurrentApp().Driver().AbsolutePositionForObject(c).Y - fyne.CurrentApp().Driver().AbsolutePositionForObject(page.Content).Y
	d.value.scrollTo(y)
}

// scrollTo scrolls the page to y and shows or hides the heading's copy: a
// scroll asked for in code, unlike the wheel's, does not say it scrolled.
func (v *valueTab) scrollTo(y float32) {
	v.page.ScrollToOffset(fyne.NewPos(0, y))
	v.stickyLayer.Refresh()
}

// card is a plain panel surface around content.
type card struct {
	widget.BaseWidget
	content fyne.CanvasObject
}

func (c *card) CreateRenderer() fyne.WidgetRenderer { return newPanelRenderer(c, c.content) }
