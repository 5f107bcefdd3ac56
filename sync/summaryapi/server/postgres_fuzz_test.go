package server

import (
	"net/url"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// FuzzPostgresCursor feeds districtd's PostgreSQL listings cursors a
// client could send: anything is refused or read, never a panic, and a
// cursor read is the cursor written.
func FuzzPostgresCursor(f *testing.F) {
	f.Add(cursor{Epoch: "pg-0a1b2c3d4e5f", Full: true, Upto: 812, Tag: 790, After: []string{"790", "devices.in_service", "", "2026-01-01"}}.String())
	f.Add(cursor{Epoch: "pg-0a1b2c3d4e5f", Since: 812, Tag: 790}.String())
	f.Add("eyJlIjoicGciLCJhIjpbIngiXX0")
	f.Add("not a cursor")
	f.Fuzz(func(t *testing.T, text string) {
		c, err := decodeCursor(text, 4)
		if err != nil {
			return
		}
		if c.After != nil {
			if _, err := afterKey(c.After); err != nil {
				return
			}
		}
		again, err := decodeCursor(c.String(), 4)
		if err != nil || again.Epoch != c.Epoch || again.Since != c.Since || again.Upto != c.Upto || again.Tag != c.Tag || !slices.Equal(again.After, c.After) {
			t.Fatalf("%q read as %+v, written and read again as %+v (%v)", text, c, again, err)
		}
	})
}

// FuzzRedactDSN writes any password into a URL and a key=value DSN:
// whatever repeats the DSN repeats no form of the password.
func FuzzRedactDSN(f *testing.F) {
	for _, pw := range []string{"s3cret", "p@ss/w:rd%", "with space", "ünïcode", "a"} {
		f.Add(pw)
	}
	f.Fuzz(func(t *testing.T, pw string) {
		if pw == "" || strings.Contains("xxxxx", pw) {
			return
		}
		dsns := []string{"postgres://districtd:" + strings.TrimPrefix(url.UserPassword("", pw).String(), ":") + "@db.district.org:5432/warehouse?sslmode=require"}
		// Unquoted, a key=value password ends at a space.
		if !strings.ContainsAny(pw, `'\`) && !strings.ContainsFunc(pw, unicode.IsSpace) {
			dsns = append(dsns, "host=db.district.org user=districtd password="+pw+" dbname=warehouse")
		}
		for _, dsn := range dsns {
			shown := redact("cannot parse `"+dsn+"`: "+dsn, dsnSecrets(dsn))
			for _, form := range []string{pw, url.QueryEscape(pw), url.PathEscape(pw)} {
				if len(form) > 0 && strings.Contains(shown, form) && !strings.Contains("xxxxx", form) {
					t.Fatalf("the password %q shows as %q in %q", pw, form, shown)
				}
			}
		}
	})
}
