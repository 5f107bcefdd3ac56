package wire

import (
	"math"
	"testing"

	"github.com/cabinetapp/cabinet/district"
)

// The fuzz targets feed each decoder arbitrary bodies. Whatever a server
// sends, decoding must not panic, and anything that converts must obey the
// domain's rules and survive a round trip through the wire form.

func FuzzDecodeDistrict(f *testing.F) {
	f.Fuzz(func(t *testing.T, body []byte) {
		d, err := DecodeDistrict(body)
		if err != nil {
			return
		}
		p, err := d.Convert()
		if err != nil {
			return
		}
		if p.Name == "" || p.FiscalYearStart < 1 || p.FiscalYearStart > 12 {
			t.Fatalf("converted an invalid profile: %+v", p)
		}
	})
}

func FuzzDecodeSchools(f *testing.F) {
	f.Fuzz(func(t *testing.T, body []byte) {
		fuzzList(t, body, DecodeSchools, func(it School) error {
			s, err := it.Convert()
			if err == nil {
				if verr := s.Validate(); verr != nil {
					t.Fatalf("converted an invalid school: %v", verr)
				}
				if _, rerr := FromSchool(s).Convert(); rerr != nil {
					t.Fatalf("round trip: %v", rerr)
				}
			}
			return err
		})
	})
}

func FuzzDecodeMetrics(f *testing.F) {
	f.Fuzz(func(t *testing.T, body []byte) {
		fuzzList(t, body, DecodeMetrics, func(it Metric) error {
			m, err := it.Convert()
			if err == nil {
				if _, rerr := FromMetric(m).Convert(); rerr != nil {
					t.Fatalf("round trip: %v", rerr)
				}
			}
			return err
		})
	})
}

func FuzzDecodeObservations(f *testing.F) {
	f.Fuzz(func(t *testing.T, body []byte) {
		fuzzList(t, body, DecodeObservations, func(it Observation) error {
			o, err := it.Convert(district.Lookup)
			if err == nil && !it.Deleted {
				m, _ := district.Lookup(o.Metric)
				if cerr := m.CheckObservation(o); cerr != nil || math.IsNaN(o.Value) || o.N < 0 {
					t.Fatalf("converted an invalid observation %+v: %v", o, cerr)
				}
				if _, rerr := FromObservation(o).Convert(district.Lookup); rerr != nil {
					t.Fatalf("round trip: %v", rerr)
				}
			}
			return err
		})
	})
}

func FuzzDecodeBudget(f *testing.F) {
	f.Fuzz(func(t *testing.T, body []byte) {
		fuzzList(t, body, DecodeBudget, func(it BudgetLine) error {
			b, err := it.Convert()
			if err == nil {
				if _, rerr := FromBudgetLine(b).Convert(); rerr != nil {
					t.Fatalf("round trip: %v", rerr)
				}
			}
			return err
		})
	})
}

func FuzzDecodeProducts(f *testing.F) {
	f.Fuzz(func(t *testing.T, body []byte) {
		fuzzList(t, body, DecodeProducts, func(it Product) error {
			p, err := it.Convert()
			if err == nil {
				if _, rerr := FromProduct(p).Convert(); rerr != nil {
					t.Fatalf("round trip: %v", rerr)
				}
			}
			return err
		})
	})
}

func FuzzDecodeUsage(f *testing.F) {
	f.Fuzz(func(t *testing.T, body []byte) {
		fuzzList(t, body, DecodeUsage, func(it Usage) error {
			u, err := it.Convert()
			if err == nil && !it.Deleted {
				if verr := u.Validate(); verr != nil {
					t.Fatalf("converted invalid use: %v", verr)
				}
				if _, rerr := FromUsage(u).Convert(); rerr != nil {
					t.Fatalf("round trip: %v", rerr)
				}
			}
			return err
		})
	})
}

// fuzzList decodes a body and converts every item of a list that decoded,
// checking the list's own promises on the way.
func fuzzList[T any](t *testing.T, body []byte, decode func([]byte) (List[T], error), convert func(T) error) {
	l, err := decode(body)
	if err != nil {
		if err.Error() == "" {
			t.Fatal("an error with no message")
		}
		return
	}
	if l.Items == nil || (l.HasMore && l.Cursor == "") || l.Total < 0 {
		t.Fatalf("decoded a list that breaks the API: %+v", l)
	}
	for _, it := range l.Items {
		convert(it)
	}
}
