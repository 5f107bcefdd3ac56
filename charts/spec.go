// Package charts draws Cabinet's charts with go-chart: time series with
// targets and annotations, bars, stacked bars, rankings, donuts and
// scatters, in a colour-blind-safe palette, as raster images at the pixel
// size they are shown at or as SVG.
//
// It takes plain values and never fails on awkward data: empty, single-point,
// constant, NaN and infinite series, which make go-chart return errors, are
// drawn as a readable "no data" panel or a flat line. Suppressed values are
// gaps, never numbers. It does not import Fyne, so it tests without a display.
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
	// category is drawn at the top.
	HBars
	// Donut shows each category's share of the whole (one series).
	Donut
	// Scatter plots Points by X and Y, labelled.
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
	// what they show.
	XLabel, YLabel string
	// Categories name the bars or donut slices, one per value.
	Categories []string
	Series     []Series
	// Target is drawn as a labelled dashed line.
	Target *Target
	// Annotations mark dates on a Line chart with a short note.
	Annotations []Annotation
	// Highlight is the index of the category to emphasise (the selected
	// school in a ranking), or -1.
	Highlight int
	// Empty is the message drawn when there is nothing to plot; a default
	// is used when it is "".
	Empty string
}

// Series is one named set of values.
type Series struct {
	Name string
	// Points hold a Line or Scatter series.
	Points []Point
	// Values hold a bar or donut series, one per category.
	Values []Value
	// Dashed draws a Line series dashed: plans, forecasts.
	Dashed bool
}

// Point is one point of a Line or Scatter series.
type Point struct {
	T    time.Time // Line
	X    float64   // Scatter
	Y    float64
	Gap  bool   // no value here: suppressed or missing; the line breaks
	Text string // Scatter: the point's label
}

// Value is one bar or slice.
type Value struct {
	V float64
	// Suppressed values are drawn as an empty marked bar, never as a number.
	Suppressed bool
}

// Target is a goal line.
type Target struct {
	Value float64
	Label string
}

// Annotation pins a note to a date.
type Annotation struct {
	T    time.Time
	Text string
}
