package wire

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/district"
)

// TestFastPathEngages checks that pages as districtd writes them take the
// fast path, which is the point of having it.
func TestFastPathEngages(t *testing.T) {
	jan := time.Date(2026, time.January, 1, 0, 0, 0, 0, time.UTC)
	obs := List[Observation]{Items: []Observation{
		FromObservation(district.Observation{Metric: district.AttendanceRate, Period: jan, Value: 94.25, N: 1200}),
		FromObservation(district.Observation{Metric: district.AttendanceRate, School: "S0001", Period: jan, Value: 1e-7}),
		{Metric: district.SecurityIncidents, Period: "2025-09-01", Deleted: true},
	}, Cursor: "abc", HasMore: true, Total: 3}
	use := List[Usage]{Items: []Usage{
		FromUsage(district.ProductUsage{Product: "P001", School: "S0001", Period: jan, ActiveUsers: 420, WeeklyActive: 310.5}),
	}, Cursor: "def"}
	for name, body := range map[string]any{"observations": obs, "usage": use} {
		b, err := json.MarshalIndent(body, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		var ok bool
		switch name {
		case "observations":
			var got List[Observation]
			got, ok = fastList(b, setObservation)
			if ok && !reflect.DeepEqual(got, obs) {
				t.Fatalf("%s: fast path read %+v", name, got)
			}
		default:
			var got List[Usage]
			got, ok = fastList(b, setUsage)
			if ok && !reflect.DeepEqual(got, use) {
				t.Fatalf("%s: fast path read %+v", name, got)
			}
		}
		if !ok {
			t.Fatalf("%s: the fast path gave up on\n%s", name, b)
		}
	}
}

// FuzzFastList checks the fast path against encoding/json: whatever it
// accepts, encoding/json must read the same way.
func FuzzFastList(f *testing.F) {
	f.Fuzz(func(t *testing.T, body []byte) {
		if got, ok := fastList(body, setObservation); ok {
			var want List[Observation]
			if err := json.Unmarshal(body, &want); err != nil || !reflect.DeepEqual(got, want) {
				t.Fatalf("observations: fast %+v, encoding/json %+v (%v)", got, want, err)
			}
		}
		if got, ok := fastList(body, setUsage); ok {
			var want List[Usage]
			if err := json.Unmarshal(body, &want); err != nil || !reflect.DeepEqual(got, want) {
				t.Fatalf("usage: fast %+v, encoding/json %+v (%v)", got, want, err)
			}
		}
	})
}
