package ui

import (
	"cmp"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
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

// productColumns lists the product table's columns. With a school picked,
// every district figure says so in its heading and the school's own use
// stands in columns of its own, so no row reads as one school's costs.
func productColumns(school bool) []productColumn {
	wide := func(s string) string { return s }
	if school {
		wide = func(s string) string { return s + ", district-wide" }
	}
	cols := []productColumn{
		{title: "Product", text: func(r panel.ProductRow) string { return r.Name },
			compare: func(a, b panel.ProductRow) int { return strings.Compare(a.Name, b.Name) }},
		{title: "Category", text: func(r panel.ProductRow) string { return district.CategoryLabel(r.Category) },
			compare: func(a, b panel.ProductRow) int { return strings.Compare(a.Category, b.Category) }},
		{title: wide("Annual cost"), text: func(r panel.ProductRow) string { return district.FormatMoney(r.AnnualCost) },
			compare: func(a, b panel.ProductRow) int { return cmp.Compare(a.AnnualCost, b.AnnualCost) }},
		{title: wide("Licences"), text: func(r panel.ProductRow) string { return district.Thousands(float64(r.Licences)) },
			compare: func(a, b panel.ProductRow) int { return cmp.Compare(a.Licences, b.Licences) }},
		{title: wide("Active users"), text: func(r panel.ProductRow) string { return usersText(r.DistrictUsers, r.DistrictUseMark) },
			compare: func(a, b panel.ProductRow) int { return cmp.Compare(a.DistrictUsers, b.DistrictUsers) }},
	}
	trend := productColumn{title: "12 months", width: 100, spark: func(r panel.ProductRow) []float64 { return r.Trend },
		compare: func(a, b panel.ProductRow) int { return cmp.Compare(growthOf(a.Trend), growthOf(b.Trend)) }}
	if !school {
		cols = append(cols, trend)
	}
	cols = append(cols,
		productColumn{title: wide("In use"), text: func(r panel.ProductRow) string {
			if !r.UtilisationOK {
				return "–"
			}
			return fmt.Sprintf("%.0f%%", r.Utilisation*100)
		}, compare: func(a, b panel.ProductRow) int {
			return byOK(a.UtilisationOK, b.UtilisationOK, a.Utilisation, b.Utilisation)
		}},
		productColumn{title: wide("Cost per user, per year"), text: func(r panel.ProductRow) string {
			if !r.CostPerUserOK {
				return "undefined"
			}
			return district.FormatMoney(r.CostPerUser)
		}, compare: func(a, b panel.ProductRow) int {
			return byOK(a.CostPerUserOK, b.CostPerUserOK, a.CostPerUser, b.CostPerUser)
		}})
	if school {
		trend.title = "12 months at the school"
		cols = append(cols,
			productColumn{title: "Active users at the school", text: func(r panel.ProductRow) string { return usersText(r.ActiveUsers, r.UseMark) },
				compare: func(a, b panel.ProductRow) int { return cmp.Compare(a.ActiveUsers, b.ActiveUsers) }},
			trend)
	}
	return append(cols,
		productColumn{title: "Renews", text: func(r panel.ProductRow) string {
			if !r.HasRenewal {
				return "not on file"
			}
			return r.RenewalDate.Format("2 Jan 2006")
		}, compare: func(a, b panel.ProductRow) int {
			return byOK(a.HasRenewal, b.HasRenewal, float64(a.RenewalDays), float64(b.RenewalDays))
		}},
		productColumn{title: "Verdict", text: func(r panel.ProductRow) string { return r.Verdict },
			compare: func(a, b panel.ProductRow) int { return strings.Compare(a.Verdict, b.Verdict) }})
}

// fitColumns sizes each column to its heading (with room for the sort
// arrow) and its longest cell, so no product name or verdict is cut.
func fitColumns(cols []productColumn, rows []panel.ProductRow) {
	measure := widget.NewLabel("")
	head := widget.NewButton("", nil)
	for i := range cols {
		c := &cols[i]
		head.SetText(c.title + " ▼")
		w := max(c.width, head.MinSize().Width)
		if c.text != nil {
			for _, r := range rows {
				measure.SetText(c.text(r))
				w = max(w, measure.MinSize().Width)
			}
		}
		// A cell draws its text a little narrower than its column, and a
		// real display's text can round wider than the measure: slack.
		c.width = w + 4*theme.Padding()
	}
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
	table      *widget.Table
	category   *widget.Select
	summary    *widget.Label
	renewals   *widget.Label
	all        []panel.ProductRow
	rows       []panel.ProductRow
	sortCol    int
	descending bool
	// columns are the table's columns: with school, those for a school picked.
	columns []productColumn
	school  bool
	// tableBox holds the table at the height of all its rows, so the page
	// scrolls, not the table.
	tableBox *fyne.Container
	page     *container.Scroll
}

func (d *dashboard) newValueTab() fyne.CanvasObject {
	v := &valueTab{d: d, sortCol: 2, descending: true, columns: productColumns(false)}
	d.value = v
	v.category = widget.NewSelect(nil, func(string) { v.arrange() })
	v.category.PlaceHolder = "All categories"
	v.summary = newCaption("")
	v.renewals = widget.NewLabel("")
	v.renewals.Wrapping = fyne.TextWrapWord
	v.table = widget.NewTableWithHeaders(
		func() (int, int) { return len(v.rows), len(v.columns) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return container.NewStack(l, newSparkline())
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			cell := o.(*fyne.Container)
			l, spark := cell.Objects[0].(*widget.Label), cell.Objects[1].(*sparkline)
			col, row := v.columns[id.Col], v.rows[id.Row]
			if col.spark != nil {
				l.Hide()
				spark.Show()
				spark.SetValues(col.spark(row))
				return
			}
			spark.Hide()
			l.Show()
			l.SetText(col.text(row))
		})
	v.table.ShowHeaderColumn = false
	v.table.CreateHeader = func() fyne.CanvasObject { return widget.NewButton("", nil) }
	v.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		b := o.(*widget.Button)
		if id.Col < 0 {
			return
		}
		b.SetText(v.heading(id.Col))
		col := id.Col
		b.OnTapped = func() { v.sortBy(col) }
	}
	// An action on the product picked: a row of the table, then this.
	act := widget.NewButtonWithIcon("Record action…", theme.DocumentCreateIcon(), nil)
	act.Disable()
	v.table.OnSelected = func(id widget.TableCellID) {
		if id.Row >= 0 && id.Row < len(v.rows) {
			r := v.rows[id.Row]
			d.pickProduct(r.ID)
			act.SetText("Record action on " + r.Name + "…")
			act.OnTapped = func() {
				askAction(d.win, d.br, d.cache, d.board, district.About{Kind: district.OnProduct, ID: r.ID, Name: r.Name}, d.opts.Now, d.status.SetText, nil)
			}
			act.Enable()
		}
	}

	head := container.NewBorder(nil, nil,
		widget.NewLabelWithStyle("Edtech products", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		container.NewHBox(act, widget.NewLabel("Category"), container.NewGridWrap(fyne.NewSize(240, v.category.MinSize().Height), v.category)),
		v.summary)
	v.tableBox = container.New(tall(330), v.table)
	tableBox := container.NewBorder(head, newCaption("Click a heading to sort; click a product to chart it below."), nil, nil,
		container.NewStack(v.tableBox, newScrollPasser(v)))
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
	return v.page
}

// heading is a column's title with an arrow on the sorted column.
func (v *valueTab) heading(col int) string {
	t := v.columns[col].title
	if col == v.sortCol {
		if v.descending {
			return t + " ▼"
		}
		return t + " ▲"
	}
	return t
}

// sortBy sorts by a column, or reverses the order when it is already sorted by it.
func (v *valueTab) sortBy(col int) {
	if col == v.sortCol {
		v.descending = !v.descending
	} else {
		v.sortCol, v.descending = col, col >= 2
	}
	v.arrange()
}

// show takes freshly loaded rows and renewals.
func (v *valueTab) show(t panel.ProductTable, renewals []panel.ProductRow, school string, now time.Time) {
	v.all = t.Rows
	options := append([]string{"All categories"}, t.Categories...)
	v.category.SetOptions(options)
	where := "district-wide"
	if school != district.WholeDistrict {
		where = "at " + v.d.board.School(school) + " (costs and licences district-wide)"
	}
	v.summary.SetText(fmt.Sprintf("%s · use %s in %s", district.Counted(float64(len(t.Rows)), "products"), where, monthText(t.Through)))
	v.renewals.SetText(renewalText(renewals, now))
	if picked := school != district.WholeDistrict; picked != v.school {
		v.school, v.columns, v.sortCol = picked, productColumns(picked), 2
	}
	fitColumns(v.columns, t.Rows)
	for i, c := range v.columns {
		v.table.SetColumnWidth(i, c.width)
	}
	v.arrange()
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
	v.table.Refresh()
	v.fitHeight()
}

// fitHeight makes the table as tall as its rows, so the page's scroll
// reaches every row and the table never holds the wheel.
func (v *valueTab) fitHeight() {
	row := widget.NewLabel("").MinSize().Height + theme.SeparatorThicknessSize()
	head := widget.NewButton("", nil).MinSize().Height + theme.SeparatorThicknessSize()
	v.tableBox.Layout = tall(head + float32(len(v.rows))*row + theme.Padding())
	v.tableBox.Refresh()
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
	page.ScrollToOffset(fyne.NewPos(0, y))
}

// card is a plain panel surface around content.
type card struct {
	widget.BaseWidget
	content fyne.CanvasObject
}

func (c *card) CreateRenderer() fyne.WidgetRenderer { return newPanelRenderer(c, c.content) }

// scrollPasser lies over the product table and hands the wheel on: up and
// down scroll the page, sideways scrolls the table. It takes no taps, so
// the table below still gets them.
type scrollPasser struct {
	widget.BaseWidget
	v *valueTab
	// x is the table's sideways offset, as this passer last set it.
	x float32
}

func newScrollPasser(v *valueTab) *scrollPasser {
	p := &scrollPasser{v: v}
	p.ExtendBaseWidget(p)
	return p
}

func (p *scrollPasser) Scrolled(ev *fyne.ScrollEvent) {
	if ev.Scrolled.DX == 0 || math.Abs(float64(ev.Scrolled.DY)) > math.Abs(float64(ev.Scrolled.DX)) {
		p.v.page.Scrolled(ev)
		return
	}
	var width float32
	for _, c := range p.v.columns {
		width += c.width + theme.SeparatorThicknessSize()
	}
	p.x = max(0, min(p.x-ev.Scrolled.DX, width-p.v.table.Size().Width))
	p.v.table.ScrollToOffset(fyne.NewPos(p.x, 0))
}

func (p *scrollPasser) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}
