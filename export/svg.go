package export

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/go-pdf/fpdf"
)

// The packet draws charts as vectors: charts.RenderSVG's output is read
// here and drawn with fpdf's own paths and text in the embedded Roboto, so
// lines and type stay sharp at any print size and zoom, the text can be
// searched and read aloud, and a page weighs kilobytes, not the megabytes
// of a 300 dpi image. fpdf's own SVG support draws paths only, no text.
//
// The reader knows exactly what charts writes: <path> with M, L and Z
// commands, a style of fill, stroke and stroke-width and an optional
// stroke-dasharray; <text> with x, y and a style of fill and font-size.
// Anything else is an error, so a change in charts shows in the tests
// rather than as a chart quietly missing parts on paper.

// svgPlacement maps SVG user units to the page: a unit is k millimetres,
// and the SVG's origin is at (x, y).
type svgPlacement struct{ x, y, k float64 }

func (p svgPlacement) at(x, y float64) (float64, float64) { return p.x + x*p.k, p.y + y*p.k }

// svgStyle is the part of a style attribute that charts writes.
type svgStyle struct {
	fill, stroke           rgb
	hasFill, hasStroke     bool
	strokeWidth, fontPx    float64
	fillAlpha, strokeAlpha float64
}

type rgb struct{ r, g, b int }

// drawSVG draws a chart's SVG into the current page, clipped to its
// width and height.
func drawSVG(pdf *fpdf.Fpdf, text func(string) string, svg []byte, at svgPlacement, w, h float64) error {
	pdf.ClipRect(at.x, at.y, w, h, false)
	err := walkSVG(svg, func(el svgElement) error { return el.draw(pdf, text, at) })
	pdf.ClipEnd()
	if err != nil {
		return fmt.Errorf("drawing a chart: %w", err)
	}
	return nil
}

// svgElement is one drawable element: a path or a text.
type svgElement struct {
	path  []pathOp
	text  string
	x, y  float64
	isTxt bool
	style svgStyle
	dash  []float64
}

type pathOp struct {
	cmd  byte // 'M', 'L' or 'Z'
	x, y float64
}

// walkSVG reads the SVG and calls fn for each element in order.
func walkSVG(svg []byte, fn func(svgElement) error) error {
	dec := xml.NewDecoder(bytes.NewReader(svg))
	depth := 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			if depth != 0 {
				return errors.New("the SVG ends inside an element")
			}
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading the SVG: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			el, err := readElement(dec, t, depth)
			if err != nil {
				return err
			}
			if el == nil {
				continue
			}
			// readElement consumed the element's end.
			depth--
			if err := fn(*el); err != nil {
				return err
			}
		case xml.EndElement:
			depth--
		}
	}
}

// readElement reads a path or text element whole; the root svg element
// returns nil and its children are read as the walk goes on.
func readElement(dec *xml.Decoder, t xml.StartElement, depth int) (*svgElement, error) {
	attr := map[string]string{}
	for _, a := range t.Attr {
		attr[a.Name.Local] = a.Value
	}
	switch {
	case t.Name.Local == "svg" && depth == 1:
		return nil, nil
	case t.Name.Local == "path" && depth == 2:
		el := &svgElement{}
		var err error
		if el.style, err = parseStyle(attr["style"]); err != nil {
			return nil, err
		}
		if el.path, err = parsePath(attr["d"]); err != nil {
			return nil, err
		}
		if d, ok := attr["stroke-dasharray"]; ok {
			if el.dash, err = parseNumbers(d); err != nil {
				return nil, fmt.Errorf("a path's dashes %q: %w", d, err)
			}
		}
		return el, dec.Skip()
	case t.Name.Local == "text" && depth == 2:
		el := &svgElement{isTxt: true}
		var err error
		if el.style, err = parseStyle(attr["style"]); err != nil {
			return nil, err
		}
		if el.x, err = number(attr["x"]); err != nil {
			return nil, fmt.Errorf("a text's x: %w", err)
		}
		if el.y, err = number(attr["y"]); err != nil {
			return nil, fmt.Errorf("a text's y: %w", err)
		}
		var b strings.Builder
		for {
			tok, err := dec.Token()
			if err != nil {
				return nil, fmt.Errorf("reading a text: %w", err)
			}
			switch c := tok.(type) {
			case xml.CharData:
				b.Write(c)
			case xml.StartElement:
				return nil, fmt.Errorf("unexpected <%s> in a text", c.Name.Local)
			case xml.EndElement:
				el.text = b.String()
				return el, nil
			}
		}
	}
	return nil, fmt.Errorf("unexpected SVG element <%s>", t.Name.Local)
}

func (el svgElement) draw(pdf *fpdf.Fpdf, text func(string) string, at svgPlacement) error {
	s := el.style
	if el.isTxt {
		if !s.hasFill || s.fontPx <= 0 || el.text == "" {
			return nil
		}
		pdf.SetTextColor(s.fill.r, s.fill.g, s.fill.b)
		pdf.SetFontUnitSize(s.fontPx * at.k)
		x, y := at.at(el.x, el.y)
		withAlpha(pdf, s.fillAlpha, func() { pdf.Text(x, y, text(el.text)) })
		return nil
	}
	stroke := s.hasStroke && s.strokeWidth > 0
	if (!s.hasFill && !stroke) || len(el.path) == 0 {
		return nil
	}
	op := "F"
	if stroke {
		pdf.SetDrawColor(s.stroke.r, s.stroke.g, s.stroke.b)
		pdf.SetLineWidth(s.strokeWidth * at.k)
		dash := make([]float64, len(el.dash))
		for i, d := range el.dash {
			dash[i] = d * at.k
		}
		pdf.SetDashPattern(dash, 0)
		op = "D"
		if s.hasFill {
			op = "FD"
		}
	}
	if s.hasFill {
		pdf.SetFillColor(s.fill.r, s.fill.g, s.fill.b)
	}
	alpha := s.fillAlpha
	if !s.hasFill {
		alpha = s.strokeAlpha
	}
	withAlpha(pdf, alpha, func() {
		for _, o := range el.path {
			x, y := at.at(o.x, o.y)
			switch o.cmd {
			case 'M':
				pdf.MoveTo(x, y)
			case 'L':
				pdf.LineTo(x, y)
			case 'Z':
				pdf.ClosePath()
			}
		}
		pdf.DrawPath(op)
	})
	if stroke && len(el.dash) > 0 {
		pdf.SetDashPattern(nil, 0)
	}
	return nil
}

// withAlpha draws with a colour's opacity when it is not opaque: charts
// blends its colours instead, but go-chart may still write one.
func withAlpha(pdf *fpdf.Fpdf, alpha float64, draw func()) {
	if alpha >= 1 {
		draw()
		return
	}
	pdf.SetAlpha(alpha, "Normal")
	draw()
	pdf.SetAlpha(1, "Normal")
}

func parseStyle(style string) (svgStyle, error) {
	s := svgStyle{fillAlpha: 1, strokeAlpha: 1}
	for _, decl := range strings.Split(style, ";") {
		name, value, ok := strings.Cut(decl, ":")
		if !ok {
			continue
		}
		name, value = strings.TrimSpace(name), strings.TrimSpace(value)
		var err error
		switch name {
		case "fill":
			s.fill, s.fillAlpha, s.hasFill, err = parseColor(value)
		case "stroke":
			s.stroke, s.strokeAlpha, s.hasStroke, err = parseColor(value)
		case "stroke-width":
			s.strokeWidth, err = number(value)
		case "font-size":
			s.fontPx, err = number(strings.TrimSuffix(value, "px"))
		}
		if err != nil {
			return s, fmt.Errorf("style %s %q: %w", name, value, err)
		}
	}
	return s, nil
}

// parseColor reads "none", "rgb(r,g,b)" or "rgba(r,g,b,a)"; a colour with
// no opacity is none.
func parseColor(v string) (c rgb, alpha float64, ok bool, err error) {
	if v == "none" || v == "" {
		return c, 1, false, nil
	}
	var args string
	switch {
	case strings.HasPrefix(v, "rgb(") && strings.HasSuffix(v, ")"):
		args = v[4 : len(v)-1]
	case strings.HasPrefix(v, "rgba(") && strings.HasSuffix(v, ")"):
		args = v[5 : len(v)-1]
	default:
		return c, 0, false, errors.New("not a colour")
	}
	parts := strings.Split(args, ",")
	if len(parts) != 3 && !(len(parts) == 4 && v[3] == 'a') {
		return c, 0, false, errors.New("not a colour")
	}
	var ch [3]int
	for i := range ch {
		n, err := strconv.Atoi(strings.TrimSpace(parts[i]))
		if err != nil || n < 0 || n > 255 {
			return c, 0, false, errors.New("a colour channel is not 0 to 255")
		}
		ch[i] = n
	}
	alpha = 1
	if len(parts) == 4 {
		if alpha, err = number(parts[3]); err != nil || alpha < 0 || alpha > 1 {
			return c, 0, false, errors.New("opacity is not 0 to 1")
		}
	}
	return rgb{ch[0], ch[1], ch[2]}, alpha, alpha > 0, nil
}

// parsePath reads the absolute move, line and close commands charts writes.
func parsePath(d string) ([]pathOp, error) {
	fields := strings.FieldsFunc(d, func(r rune) bool { return r == ' ' || r == ',' || r == '\n' || r == '\t' || r == '\r' })
	var out []pathOp
	for i := 0; i < len(fields); {
		cmd := fields[i]
		switch cmd {
		case "Z", "z":
			out = append(out, pathOp{cmd: 'Z'})
			i++
			continue
		case "M", "L":
		default:
			return nil, fmt.Errorf("unsupported path command %q", cmd)
		}
		if i+2 >= len(fields) {
			return nil, fmt.Errorf("path command %s lacks its point", cmd)
		}
		x, err := number(fields[i+1])
		if err != nil {
			return nil, fmt.Errorf("path command %s: %w", cmd, err)
		}
		y, err := number(fields[i+2])
		if err != nil {
			return nil, fmt.Errorf("path command %s: %w", cmd, err)
		}
		out = append(out, pathOp{cmd: cmd[0], x: x, y: y})
		i += 3
	}
	if len(out) > 0 && out[0].cmd != 'M' {
		return nil, errors.New("a path does not start with a move")
	}
	return out, nil
}

func parseNumbers(s string) ([]float64, error) {
	var out []float64
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' }) {
		v, err := number(f)
		if err != nil {
			return nil, err
		}
		if v < 0 {
			return nil, errors.New("a negative length")
		}
		out = append(out, v)
	}
	return out, nil
}

// number parses a finite number; the chart's sizes are at most
// charts.MaxSide, so anything far beyond is refused too.
func number(s string) (float64, error) {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(v) || math.Abs(v) > 1e6 {
		return 0, fmt.Errorf("%q is not a usable number", s)
	}
	return v, nil
}
