// Package charts draws Cabinet's charts: time series with targets and
// annotations, bars, stacked bars, rankings, donuts and scatters, in a
// colour-blind-safe palette, on one surface with three backends: raster
// images at the pixel size they are shown at (go-chart's drawing context),
// SVG (go-chart's SVG writer), and a tagged PDF page (DrawPDF, with
// alternative text from Describe). Text is laid out by the one measure of
// charts/typeset on all three.
//
// It takes plain values and never fails on awkward data: empty, single-point,
// constant, NaN and infinite series, which make go-chart return errors, are
// drawn as a readable "no data" panel, a labelled dot or a flat line.
// Suppressed values are gaps in lines and hatched, "*"-marked bars, never
// numbers. It does not import Fyne, so it tests without a display.
//
// Render, RenderSVG and Describe are pure and safe to call from any
// goroutine. Render at the pixel size the chart is shown at (a Fyne object's
// size times its canvas's scale, with that scale as Options.Scale): text and
// lines keep their size in logical pixels, and the layout adapts: category
// names, legend entries and notes too long for their room take a second
// line, only what two lines cannot hold is cut (with an ellipsis), and what
// cannot be read at all is left off. Below
// about ten characters by six lines of the theme's type, a chart draws its
// marks alone, without text, like a sparkline.
package charts

import (
	"time"

	"github.com/cabinetapp/cabinet/district"
)

// Kind is the kind of chart.
type Kind int

// Chart kinds.
const (
	// Line is a time series: one line per Series, Points ordered by T.
	Line Kind = iota
	// Bars are vertical bars by category; several series stand side by side.
	Bars
	// StackedBars stack the series' values in each category.
	StackedBars
	// HBars are horizontal bars, one per category: rankings. The first
	// category is drawn at the top. When the rows do not all fit, the type
	// shrinks to 70% of the theme's; if they still do not, the first ones
	// are drawn, then "… and K more", then the Highlight row if it was
	// among those cut. A category with a NaN value is a row of text alone.
	HBars
	// Donut shows each category's share of the whole (one series; others
	// are ignored). Negative and missing values have no share. With more
	// categories than the theme has colours, the smallest are gathered into
	// "Other".
	Donut
	// Scatter plots Points by X and Y, labelled where labels do not
	// overlap; labels that find no room are left off.
	Scatter
)

// Chart is everything needed to draw one chart. Titles and captions are not
// part of it: the window, slide or page around the chart shows them.
type Chart struct {
	Kind Kind
	// Unit formats the value axis (the Y axis; the X axis for HBars).
	Unit district.Unit
	// XUnit formats a Scatter's X axis.
	XUnit district.Unit
	// XLabel and YLabel title the axes when the unit alone would not say
	// what they show: XLabel under the horizontal axis, YLabel over the
	// vertical one (for HBars, the values and the categories).
	XLabel, YLabel string
	// Categories name the bars or donut slices, one per value. Values
	// beyond the names go unnamed (a donut's legend numbers them, "#7");
	// names beyond the values get no bar.
	Categories []string
	Series     []Series
	// Target is drawn as a labelled dashed line.
	Target *Target
	// Targets are further goal lines, for a chart where measures with
	// goals of their own share the plot (ELA's 60% and maths's 55%): each
	// is drawn and labelled as Target is, so labels should say whose goal
	// each is.
	Targets []Target
	// Annotations mark dates on a Line chart with a short note. Those
	// outside the plotted time range are left off.
	Annotations []Annotation
	// Highlight is the index of the category to emphasise in an HBars
	// ranking (the selected school), or -1. The zero value highlights the
	// first category: set -1 when none is selected.
	Highlight int
	// Shaded marks spans of a Line chart's time axis with a light band,
	// such as the summer months when school is out; ShadeLabel names the
	// bands once, in the first that has room for it.
	Shaded     []Span
	ShadeLabel string
	// Empty is the message drawn when there is nothing to plot; "" means
	// "No data for this period".
	Empty string
}

// Series is one named set of values.
type Series struct {
	Name string
	// Points hold a Line or Scatter series. A Line's points should be
	// ordered by T (they are sorted if not); more points than the plot has
	// pixel columns are thinned to each column's lowest and highest.
	Points []Point
	// Values hold a bar or donut series, one per category.
	Values []Value
	// Dashed draws a Line series dashed: plans, forecasts. Series beyond
	// the theme's palette are dotted, so no two look alike.
	Dashed bool
}

// Point is one point of a Line or Scatter series.
type Point struct {
	T    time.Time // Line
	X    float64   // Scatter
	Y    float64
	Gap  bool   // no value here: suppressed or missing; the line breaks (so does a NaN or ±Inf Y)
	Text string // Scatter: the point's label
}

// Value is one bar or slice. A NaN or ±Inf V draws nothing.
type Value struct {
	V float64
	// Suppressed values are drawn as an empty marked bar, never as a number.
	Suppressed bool
	// Complementary, beside Suppressed, marks a value hidden so that
	// another could not be worked out; its bar carries its own mark.
	Complementary bool
	// Stands, on a row of text alone (a NaN value), is how many items the
	// row sums up: a ranking that cuts it counts them among those cut.
	Stands int
}

// Target is a goal line, drawn dashed across the plot (down it, for HBars)
// and labelled. The value axis always reaches it.
type Target struct {
	Value float64
	// Label is written beside the line; "" writes "Target" and the value.
	Label string
}

// Span is a stretch of time, From to To.
type Span struct{ From, To time.Time }

// Annotation pins a note to a date.
type Annotation struct {
	T    time.Time
	Text string
}
