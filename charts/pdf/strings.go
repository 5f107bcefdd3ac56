package pdf

import (
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
)

// num writes a number as PDF does: up to three decimals, no exponent, and
// 0 for anything not finite.
func num(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "0"
	}
	s := strconv.FormatFloat(v, 'f', 3, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" || s == "" {
		return "0"
	}
	return s
}

// textString writes s as a PDF text string: printable ASCII as itself,
// anything else as UTF-16BE with its byte order mark, both as literal
// strings. Control characters become spaces.
func textString(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	ascii := true
	for _, r := range s {
		if r > 0x7E {
			ascii = false
			break
		}
	}
	raw := s
	if !ascii {
		var b strings.Builder
		b.WriteString("\xfe\xff")
		for _, u := range utf16.Encode([]rune(s)) {
			b.WriteByte(byte(u >> 8))
			b.WriteByte(byte(u))
		}
		raw = b.String()
	}
	return "(" + literal.Replace(raw) + ")"
}

// literal escapes what a literal string cannot hold as itself; a carriage
// return would be read as a line end.
var literal = strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`, "\r", `\r`)

// name writes s as a PDF name.
func name(s string) string {
	var b strings.Builder
	b.WriteByte('/')
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '!' || c > '~' || strings.IndexByte("#()<>[]{}/%", c) >= 0 {
			fmt.Fprintf(&b, "#%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func xmlEscape(w io.Writer, s string) error { return xml.EscapeText(w, []byte(s)) }
