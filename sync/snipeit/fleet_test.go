package snipeit

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/district"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func date(s string) Date { return Date{Time: day(s)} }

func TestWholeYears(t *testing.T) {
	cases := []struct {
		name     string
		from, to string
		want     int
	}{
		{"bought today", "2026-03-15", "2026-03-15", 0},
		{"the day before the first birthday", "2025-03-16", "2026-03-15", 0},
		{"exactly four years ago", "2022-03-15", "2026-03-15", 4},
		{"a day short of four years", "2022-03-16", "2026-03-15", 3},
		{"bought on 29 February, a day before the birthday", "2024-02-29", "2025-02-28", 0},
		{"bought on 29 February, its birthday falls on 1 March", "2024-02-29", "2025-03-01", 1},
		{"bought on 29 February, four years on", "2020-02-29", "2024-02-29", 4},
		{"bought in the future", "2026-04-01", "2026-03-15", -1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := wholeYears(day(tc.from), day(tc.to)); got != tc.want {
				t.Fatalf("wholeYears(%s, %s) = %d, want %d", tc.from, tc.to, got, tc.want)
			}
		})
	}
}

// rules are the fixture's: "Cracked Screen" is broken, "Lost/Stolen" retired.
func rules(today string) *Rules {
	return &Rules{Today: day(today), RefreshYears: district.RefreshCycleYears,
		Broken: labels("Cracked Screen"), Retired: labels(" lost/stolen ,")}
}

func ready() *Status { return &Status{Name: "Ready to Deploy", Type: "deployable"} }

func TestCount(t *testing.T) {
	chromebook := &Named{Name: "Chromebooks"}
	aue := func(v string) json.RawMessage {
		return json.RawMessage(`{"AUE Date":{"field":"_snipeit_aue_date_7","value":"` + v + `"}}`)
	}
	cases := []struct {
		name  string
		today string
		asset Asset
		want  Tally
	}{
		{"no status label is in service", "2026-03-15", Asset{}, Tally{Fleet: 1, InService: 1}},
		{"under a year", "2026-03-15", Asset{StatusLabel: ready(), PurchaseDate: date("2025-03-16")},
			Tally{Fleet: 1, InService: 1, Dated: 1, Ages: [5]int{1, 0, 0, 0, 0}}},
		{"three to four years", "2026-03-15", Asset{StatusLabel: ready(), PurchaseDate: date("2022-03-16")},
			Tally{Fleet: 1, InService: 1, Dated: 1, Ages: [5]int{0, 0, 0, 1, 0}}},
		{"exactly four years is past the refresh cycle", "2026-03-15", Asset{StatusLabel: ready(), PurchaseDate: date("2022-03-15")},
			Tally{Fleet: 1, InService: 1, Dated: 1, Ages: [5]int{0, 0, 0, 0, 1}, PastRefresh: 1}},
		{"ten years is four and over", "2026-03-15", Asset{StatusLabel: ready(), PurchaseDate: date("2016-01-01")},
			Tally{Fleet: 1, InService: 1, Dated: 1, Ages: [5]int{0, 0, 0, 0, 1}, PastRefresh: 1}},
		{"bought in the future counts as new", "2026-03-15", Asset{StatusLabel: ready(), PurchaseDate: date("2026-06-01")},
			Tally{Fleet: 1, InService: 1, Dated: 1, Ages: [5]int{1, 0, 0, 0, 0}}},
		{"warranty ends across the new year", "2025-12-15", Asset{StatusLabel: ready(), WarrantyExpires: date("2026-01-10")},
			Tally{Fleet: 1, InService: 1, WarrantyKnown: 1, WarrantyEnding: 1}},
		{"warranty ends today", "2025-12-15", Asset{StatusLabel: ready(), WarrantyExpires: date("2025-12-15")},
			Tally{Fleet: 1, InService: 1, WarrantyKnown: 1, WarrantyEnding: 1}},
		{"warranty ends on the 89th day", "2025-12-15", Asset{StatusLabel: ready(), WarrantyExpires: date("2026-03-14")},
			Tally{Fleet: 1, InService: 1, WarrantyKnown: 1, WarrantyEnding: 1}},
		{"warranty ends on the 90th day, outside the window", "2025-12-15", Asset{StatusLabel: ready(), WarrantyExpires: date("2026-03-15")},
			Tally{Fleet: 1, InService: 1, WarrantyKnown: 1}},
		{"warranty ended yesterday", "2026-01-01", Asset{StatusLabel: ready(), WarrantyExpires: date("2025-12-31")},
			Tally{Fleet: 1, InService: 1, WarrantyKnown: 1}},
		{"end of life today is not past", "2026-03-15", Asset{StatusLabel: ready(), EOLDate: date("2026-03-15")},
			Tally{Fleet: 1, InService: 1, EOLKnown: 1}},
		{"end of life yesterday is past", "2026-03-15", Asset{StatusLabel: ready(), EOLDate: date("2026-03-14")},
			Tally{Fleet: 1, InService: 1, EOLKnown: 1, PastEOL: 1}},
		{"undeployable is broken", "2026-03-15", Asset{StatusLabel: &Status{Name: "Out for Repair", Type: TypeUndeployable}, EOLDate: date("2020-01-01")},
			Tally{Fleet: 1, Broken: 1}},
		{"a label named broken is broken whatever its type", "2026-03-15", Asset{StatusLabel: &Status{Name: " cracked SCREEN", Type: "deployable"}},
			Tally{Fleet: 1, Broken: 1}},
		{"pending is in the fleet but not in service", "2026-03-15", Asset{StatusLabel: &Status{Name: "Pending", Type: TypePending}, PurchaseDate: date("2026-03-01")},
			Tally{Fleet: 1, Dated: 1, Ages: [5]int{1, 0, 0, 0, 0}}},
		{"archived is out of the fleet", "2026-03-15", Asset{StatusLabel: &Status{Name: "Archived", Type: TypeArchived}, PurchaseDate: date("2010-01-01")}, Tally{}},
		{"a label named retired is out of the fleet", "2026-03-15", Asset{StatusLabel: &Status{Name: "Lost/Stolen", Type: TypeUndeployable}}, Tally{}},
		{"a personal device is not the district's", "2026-03-15", Asset{StatusLabel: ready(), BYOD: true}, Tally{}},
		{"a Chromebook past its AUE month", "2026-03-15", Asset{StatusLabel: ready(), Category: chromebook, CustomFields: aue("Feb 2026")},
			Tally{Fleet: 1, InService: 1, Chromebooks: 1, AUEKnown: 1, PastAUE: 1}},
		{"a Chromebook in its AUE month still gets updates", "2026-03-15", Asset{StatusLabel: ready(), Category: chromebook, CustomFields: aue("2026-03")},
			Tally{Fleet: 1, InService: 1, Chromebooks: 1, AUEKnown: 1}},
		{"a Chromebook by its model, AUE as a date", "2026-03-15", Asset{StatusLabel: ready(), Model: &Named{Name: "HP Chromebook 14 G7"}, CustomFields: aue("06/30/2025")},
			Tally{Fleet: 1, InService: 1, Chromebooks: 1, AUEKnown: 1, PastAUE: 1}},
		{"a Chromebook with no AUE", "2026-03-15", Asset{StatusLabel: ready(), Category: chromebook, CustomFields: json.RawMessage(`[]`)},
			Tally{Fleet: 1, InService: 1, Chromebooks: 1}},
		{"an AUE that cannot be read", "2026-03-15", Asset{StatusLabel: ready(), Category: chromebook, CustomFields: aue("soon")},
			Tally{Fleet: 1, InService: 1, Chromebooks: 1}},
		{"a broken Chromebook is not counted past AUE", "2026-03-15", Asset{StatusLabel: &Status{Type: TypeUndeployable}, Category: chromebook, CustomFields: aue("2020-01")},
			Tally{Fleet: 1, Broken: 1}},
		{"unreadable dates are counted as such", "2026-03-15", Asset{StatusLabel: ready(), PurchaseDate: Date{Bad: true}, EOLDate: Date{Bad: true}},
			Tally{Fleet: 1, InService: 1, BadDates: 2}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// The count by kind has a test of its own.
			got := rules(tc.today).Count(&tc.asset)
			got.Kinds = Tally{}.Kinds
			if got != tc.want {
				t.Fatalf("Count = %+v\nwant    %+v", got, tc.want)
			}
		})
	}
}

// TestCountByKind: each device of the fleet counts once, under the kind
// its category or model names, by the fiscal year it was bought in.
func TestCountByKind(t *testing.T) {
	named := func(category, model string) Asset {
		return Asset{StatusLabel: ready(), Category: &Named{Name: category}, Model: &Named{Name: model}, PurchaseDate: date("2023-08-15")} // FY2024: two years before FY2026
	}
	cases := []struct {
		name  string
		today string
		asset Asset
		kind  district.DeviceKind
		back  int // fiscal years back it was bought; -1 for no date
	}{
		{"a Chromebook filed under laptops", "2026-03-15", named("Student Laptops", "Dell Chromebook 3110"), district.Chromebooks, 2},
		{"a laptop by its category", "2026-03-15", named("Staff Laptops", "Dell 5440"), district.Laptops, 2},
		{"a laptop by its model", "2026-03-15", named("Staff devices", "Apple MacBook Air 13"), district.Laptops, 2},
		{"an iPad", "2026-03-15", named("Student devices", "Apple iPad (10th generation)"), district.Tablets, 2},
		{"a desktop", "2026-03-15", named("Computer lab", "OptiPlex 7010"), district.Desktops, 2},
		{"an access point", "2026-03-15", named("Network Equipment", "Aruba AP-515"), district.NetworkGear, 2},
		{"the category wins over the model", "2026-03-15", named("Tablets", "Lenovo ThinkPad X12"), district.Tablets, 2},
		{"a projector is another device", "2026-03-15", named("Projectors", "Epson BrightLink"), district.OtherDevices, 2},
		{"no category or model", "2026-03-15", Asset{StatusLabel: ready()}, district.OtherDevices, -1},
		{"bought this fiscal year (July start)", "2026-03-15", Asset{StatusLabel: ready(), PurchaseDate: date("2025-07-01")}, district.OtherDevices, 0},
		{"bought the day before this fiscal year", "2026-03-15", Asset{StatusLabel: ready(), PurchaseDate: date("2025-06-30")}, district.OtherDevices, 1},
		{"bought long ago counts as ten years or more", "2026-03-15", Asset{StatusLabel: ready(), PurchaseDate: date("2001-01-01")}, district.OtherDevices, district.BoughtYearsBack},
		{"bought ahead counts as this year", "2026-03-15", Asset{StatusLabel: ready(), PurchaseDate: date("2027-01-01")}, district.OtherDevices, 0},
		{"broken is still in the fleet", "2026-03-15", Asset{StatusLabel: &Status{Type: TypeUndeployable}, Category: &Named{Name: "iPads"}}, district.Tablets, -1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := rules(tc.today).Count(&tc.asset)
			var want Tally
			i := slices.Index(district.DeviceKinds[:], tc.kind)
			want.Kinds[i].Fleet = 1
			if tc.back >= 0 {
				want.Kinds[i].Bought[tc.back] = 1
			}
			if got.Kinds != want.Kinds {
				t.Fatalf("by kind %+v\nwant       %+v", got.Kinds, want.Kinds)
			}
		})
	}
	retired := Asset{StatusLabel: &Status{Name: "Lost/Stolen"}, Category: &Named{Name: "Laptops"}, PurchaseDate: date("2020-01-01")}
	if got := rules("2026-03-15").Count(&retired); got.Kinds != (Tally{}).Kinds {
		t.Fatalf("a retired laptop counts by kind: %+v", got.Kinds)
	}
}

func TestAUEField(t *testing.T) {
	fields := json.RawMessage(`{"Asset Notes":{"field":"_snipeit_notes_2","value":"2020-01-01"},"Google AUE":{"field":"_snipeit_google_aue_4","value":"Jun 2027"}}`)
	cases := []struct {
		name, field string
		want        string
		ok          bool
	}{
		{"found by its name", "", "2027-06-30", true},
		{"named in the setting", "google aue", "2027-06-30", true},
		{"named by its column", "_snipeit_google_aue_4", "2027-06-30", true},
		{"a setting naming another field", "Asset Notes", "2020-01-01", true},
		{"a setting naming no field", "AUE Date", "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := aueDate(fields, tc.field)
			if ok != tc.ok || ok && got.Format(time.DateOnly) != tc.want {
				t.Fatalf("aueDate(%q) = %s, %t; want %s, %t", tc.field, got.Format(time.DateOnly), ok, tc.want, tc.ok)
			}
		})
	}
}

func TestDateShapes(t *testing.T) {
	cases := []struct {
		json string
		want string
		bad  bool
	}{
		{`{"date":"2024-08-01","formatted":"Thu Aug 01, 2024"}`, "2024-08-01", false},
		{`{"datetime":"2024-08-01 10:00:00","formatted":"x"}`, "2024-08-01", false},
		{`"2024-08-01"`, "2024-08-01", false},
		{`"2024-08-01 23:59:59"`, "2024-08-01", false},
		{`null`, "", false},
		{`""`, "", false},
		{`{"date":null}`, "", false},
		{`{"date":"0000-00-00"}`, "", true},
		{`"01/08/2024"`, "", true},
		{`20240801`, "", true},
		{`{"date":["2024-08-01"]}`, "", true},
	}
	for _, tc := range cases {
		t.Run(tc.json, func(t *testing.T) {
			var d Date
			if err := json.Unmarshal([]byte(tc.json), &d); err != nil {
				t.Fatal(err)
			}
			got := ""
			if !d.IsZero() {
				got = d.Format(time.DateOnly)
			}
			if got != tc.want || d.Bad != tc.bad {
				t.Fatalf("%s read as %q, bad %t; want %q, %t", tc.json, got, d.Bad, tc.want, tc.bad)
			}
		})
	}
}

// TestFigures turns a tally into the dashboard's observations.
func TestFigures(t *testing.T) {
	period := day("2026-03-01")
	whole := Tally{Fleet: 4, InService: 2, Broken: 1, Dated: 4, Ages: [5]int{1, 1, 0, 0, 2}, PastRefresh: 2, WarrantyKnown: 1, WarrantyEnding: 1, Chromebooks: 2, AUEKnown: 1, PastAUE: 1}
	whole.Kinds[0] = KindTally{Fleet: 2, Bought: [district.BoughtYearsBack + 1]int{0, 1, 0, 0, 0, 1}}
	whole.Kinds[1] = KindTally{Fleet: 2, Bought: [district.BoughtYearsBack + 1]int{1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}}
	got := map[string]district.Observation{}
	for _, o := range whole.Figures(district.WholeDistrict, period, whole, 4) {
		got[o.Metric] = o
	}
	want := map[string][2]float64{
		district.DevicesInService: {2, 0}, district.DevicesBroken: {25, 4}, district.DevicesPastRefresh: {50, 4},
		district.DevicesAge0to1: {1, 0}, district.DevicesAge1to2: {1, 0}, district.DevicesAge2to3: {0, 0}, district.DevicesAge3to4: {0, 0}, district.DevicesAge4Plus: {2, 0},
		district.WarrantiesEnding: {1, 0}, district.ChromebooksPastAUE: {1, 0}, district.DevicesPerTechnician: {0.5, 2},
	}
	// Every kind, every year back, zero or not: the plan reads a zero as
	// none, and no figure as not counted.
	for i, k := range district.DeviceKinds {
		want[district.KindFleet(k)] = [2]float64{float64(whole.Kinds[i].Fleet), 0}
		for back := range district.BoughtYearsBack + 1 {
			want[district.KindBought(k, back)] = [2]float64{float64(whole.Kinds[i].Bought[back]), 0}
		}
	}
	if len(got) != len(want) {
		t.Fatalf("%d figures, want %d: %+v", len(got), len(want), got)
	}
	for id, w := range want {
		if o := got[id]; o.Value != w[0] || float64(o.N) != w[1] || !o.Period.Equal(period) {
			t.Errorf("%s = %v (n %d), want %v (n %v)", id, o.Value, o.N, w[0], w[1])
		}
	}
	if _, ok := got[district.DevicesPastEOL]; ok {
		t.Error("past end of life is reported though no device has an end-of-life date")
	}
	if figs := (Tally{}).Figures("S1", period, whole, 0); figs != nil {
		t.Errorf("a school with no fleet has figures: %+v", figs)
	}
	for _, o := range (Tally{Fleet: 1, InService: 1}).Figures("S1", period, whole, 4) {
		if m, _ := district.Lookup(o.Metric); o.Metric == district.DevicesPerTechnician || o.Metric == district.DevicesPastRefresh || m.Aggregation == district.DistrictOnly {
			t.Errorf("a school has %s", o.Metric)
		}
	}
}
