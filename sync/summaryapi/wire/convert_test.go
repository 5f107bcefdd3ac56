package wire

import (
	"testing"
	"time"
)

func TestDate(t *testing.T) {
	cases := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"2026-01-01", time.Date(2026, time.January, 1, 0, 0, 0, 0, time.UTC), true},
		{"2024-02-29", time.Date(2024, time.February, 29, 0, 0, 0, 0, time.UTC), true},
		{"2025-02-29", time.Time{}, false},
		{"2026-13-01", time.Time{}, false},
		{"2026-00-10", time.Time{}, false},
		{"2026-1-01", time.Time{}, false},
		{"2026-01-01T00:00:00Z", time.Time{}, false},
		{"20x6-01-01", time.Time{}, false},
		{"", time.Time{}, true},
	}
	for _, tc := range cases {
		got, err := date(tc.in)
		if (err == nil) != tc.ok || !got.Equal(tc.want) {
			t.Errorf("date(%q) = %v, %v; want %v, ok %v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

func TestMetricMustSayStudentBased(t *testing.T) {
	yes, no := true, false
	for _, tc := range []struct {
		name string
		flag *bool
		ok   bool
	}{{"missing", nil, false}, {"true", &yes, true}, {"false", &no, true}} {
		t.Run(tc.name, func(t *testing.T) {
			m := Metric{ID: "local.club_pct", Name: "Club", Domain: "instruction", Unit: "percent", Polarity: "up", Aggregation: "mean", StudentBased: tc.flag}
			got, err := m.Convert()
			if (err == nil) != tc.ok || (tc.ok && got.StudentBased != *tc.flag) {
				t.Fatalf("Convert = %+v, %v", got, err)
			}
		})
	}
}
