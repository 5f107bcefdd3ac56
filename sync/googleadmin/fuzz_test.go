package googleadmin

import (
	"strings"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/district"
)

// The fuzz targets feed the decoder whatever a server might send. Nothing
// may panic, and whatever decodes must count sensibly: a device adds at
// most one to anything, its parts never exceed what they are parts of,
// and every figure is one its metric accepts.

func FuzzDecodePage(f *testing.F) {
	f.Add([]byte(`{"chromeosdevices":[{"status":"ACTIVE","lastSync":"2026-03-14T08:12:44.123Z","orgUnitPath":"/Students/Adams ES","autoUpdateThrough":"2027-06-30"}],"nextPageToken":"abc"}`))
	f.Add([]byte(`{"chromeosdevices":[{"status":"ACTIVE","autoUpdateExpiration":"1845936000000"},{"status":"DISABLED","lastSync":null}]}`))
	f.Add([]byte(`{}`))
	now := time.Date(2026, time.March, 15, 10, 0, 0, 0, time.UTC)
	r := Rules{Now: now, Today: time.Date(2026, time.March, 15, 0, 0, 0, 0, time.UTC)}
	f.Fuzz(func(t *testing.T, body []byte) {
		p, err := DecodePage(body)
		if err != nil {
			return
		}
		c := newCount(&r, func(s string) (string, error) { return s, nil })
		for i := range p.Devices {
			d := r.Count(&p.Devices[i])
			reaching := 0
			for _, n := range d.Reaching {
				reaching += n
			}
			if d.InService+d.Out != 1 || d.Unsynced90 > d.Unsynced30 || d.Unsynced30 > d.InService || d.AUEKnown > d.InService ||
				d.PastAUE+reaching > d.AUEKnown || d.BadDates > 1 {
				t.Fatalf("device %d counts as %+v", i, d)
			}
			if err := c.add(&p.Devices[i]); err != nil {
				t.Fatal(err)
			}
		}
		in := 0
		for unit, u := range c.units {
			in += u.InService
			if unit != "" && (!strings.HasPrefix(unit, "/") || strings.Contains(unit, "//") || strings.HasSuffix(unit, "/")) {
				t.Fatalf("unit path %q", unit)
			}
		}
		if in != c.whole.InService {
			t.Fatalf("units hold %d of %d in service", in, c.whole.InService)
		}
		for _, fd := range c.found() {
			if fd.ID == "" || fd.Parent != "" && !strings.HasPrefix(fd.ID, fd.Parent+"/") {
				t.Fatalf("found %+v", fd)
			}
		}
		for _, o := range c.whole.Figures(district.WholeDistrict, district.Month(r.Today), c.whole) {
			m, _ := district.Lookup(o.Metric)
			if err := m.CheckObservation(o); err != nil {
				t.Fatalf("figure %+v: %v", o, err)
			}
		}
	})
}

func FuzzStamp(f *testing.F) {
	for _, s := range []string{`"2027-06-30"`, `"2027-06-30T00:00:00Z"`, `"1845936000000"`, `1845936000000`, `null`, `"June 2027"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var s Stamp
		if err := s.UnmarshalJSON(b); err != nil {
			t.Fatal(err)
		}
		if !s.IsZero() && (s.Bad || s.Location() != time.UTC || s.Year() < 2000 || s.Year() > 2200) {
			t.Fatalf("stamp %+v from %q", s, b)
		}
	})
}

func FuzzUnitPath(f *testing.F) {
	for _, s := range []string{"/Students/Adams ES", "/", "", "//a///b/", "/a\x1b[31m/b\u202e"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		p := unitPath(raw)
		if p == "" {
			return
		}
		if !strings.HasPrefix(p, "/") || strings.Contains(p, "//") || strings.HasSuffix(p, "/") || strings.Count(p, "/") > maxDepth ||
			strings.ContainsAny(p, "\x00\x1b\n\r\u202e") || len([]rune(p)) > maxPath+1 || unitPath(p) != p {
			t.Fatalf("unitPath(%q) = %q", raw, p)
		}
	})
}
