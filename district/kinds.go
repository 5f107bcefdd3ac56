package district

import (
	"fmt"
	"strings"
)

// DeviceKind is a kind of device the replacement plan prices on its own.
type DeviceKind string

// The kinds of device the plan counts. Every device of the fleet is one of
// them: what no name places is OtherDevices.
const (
	Chromebooks  DeviceKind = "chromebook"
	Laptops      DeviceKind = "laptop"
	Tablets      DeviceKind = "tablet"
	Desktops     DeviceKind = "desktop"
	NetworkGear  DeviceKind = "network"
	OtherDevices DeviceKind = "other"
)

// DeviceKinds lists the kinds in the order the plan shows them: an array,
// so a count per kind can be one too.
var DeviceKinds = [...]DeviceKind{Chromebooks, Laptops, Tablets, Desktops, NetworkGear, OtherDevices}

// Title names the kind's devices: "Chromebooks", "Network equipment".
func (k DeviceKind) Title() string {
	switch k {
	case Chromebooks:
		return "Chromebooks"
	case Laptops:
		return "Laptops"
	case Tablets:
		return "Tablets"
	case Desktops:
		return "Desktops"
	case NetworkGear:
		return "Network equipment"
	case OtherDevices:
		return "Other devices"
	}
	return string(k)
}

// Noun names the kind's devices within a sentence: "Chromebooks",
// "laptops", "network devices".
func (k DeviceKind) Noun() string {
	switch k {
	case Chromebooks:
		return "Chromebooks"
	case NetworkGear:
		return "network devices"
	}
	return strings.ToLower(k.Title())
}

// One names one device of the kind: "a Chromebook", "a piece of network
// equipment".
func (k DeviceKind) One() string {
	switch k {
	case Chromebooks:
		return "a Chromebook"
	case Laptops:
		return "a laptop"
	case Tablets:
		return "a tablet"
	case Desktops:
		return "a desktop"
	case NetworkGear:
		return "a switch or access point"
	}
	return "any other device"
}

// ParseDeviceKind reads a kind as a person types it: its name, singular
// or plural, in any case ("Chromebooks", "laptop", "network").
func ParseDeviceKind(s string) (DeviceKind, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	for _, k := range DeviceKinds {
		if t == string(k) || t == string(k)+"s" || t == strings.ToLower(k.Title()) {
			return k, nil
		}
	}
	names := make([]string, len(DeviceKinds))
	for i, k := range DeviceKinds {
		names[i] = string(k)
	}
	return "", fmt.Errorf("%q is not a kind of device; the kinds are %s", s, strings.Join(names, ", "))
}

// BoughtYearsBack is the oldest year a kind's devices are counted by on
// their own: KindBought(k, BoughtYearsBack) counts those bought that many
// fiscal years back or more. It bounds the refresh cycle a plan may use.
const BoughtYearsBack = 10

// KindFleet is the metric of the district's devices of a kind: those not
// retired, with a purchase date or without.
func KindFleet(k DeviceKind) string { return "fleet." + string(k) + ".devices" }

// KindBought is the metric of a kind's devices bought back fiscal years
// before the fiscal year of the month observed (0: in that year), from 0
// to BoughtYearsBack, which counts those bought that long ago or longer.
// A device's refresh age falls in the fiscal year of its purchase plus its
// refresh cycle, so the plan applies the cycle, not the source.
func KindBought(k DeviceKind, back int) string {
	return fmt.Sprintf("fleet.%s.bought_fy%d", k, back)
}

// kindMetrics are the catalogue's entries for the fleet by kind: kept for
// the district only, for the replacement plan.
func kindMetrics() []Metric {
	var out []Metric
	for _, k := range DeviceKinds {
		out = append(out, Metric{ID: KindFleet(k), Name: k.Title() + " in the fleet", Domain: TechHealth, Unit: Count, Noun: "devices",
			Polarity: Neutral, Aggregation: DistrictOnly,
			Description: k.Title() + " the district owns that are not retired, with a purchase date on record or not."})
		for back := 0; back <= BoughtYearsBack; back++ {
			when := fmt.Sprintf("%d fiscal years before this one", back)
			switch back {
			case 0:
				when = "this fiscal year"
			case 1:
				when = "last fiscal year"
			case BoughtYearsBack:
				when += " or earlier"
			}
			out = append(out, Metric{ID: KindBought(k, back), Name: k.Title() + " bought " + when, Domain: TechHealth, Unit: Count, Noun: "devices",
				Polarity: Neutral, Aggregation: DistrictOnly,
				Description: k.Title() + " in the fleet whose purchase date falls " + when + ", counting from the month observed."})
		}
	}
	return out
}
