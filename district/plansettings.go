package district

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// PlanSettings are the district's assumptions behind the replacement plan:
// a price and a refresh cycle for each kind of device, how many devices a
// technician can look after, and how many technicians the district has. A
// kind, ratio or count the district has not set takes Cabinet's default,
// and the plan says so.
type PlanSettings struct {
	// Prices and Lives hold the district's own price and refresh cycle, in
	// years, of the kinds it has set.
	Prices map[DeviceKind]float64
	Lives  map[DeviceKind]int
	// DevicesPerTechnician is the district's own ratio; 0 takes
	// DefaultDevicesPerTechnician.
	DevicesPerTechnician int
	// Technicians is how many the district has; 0 means not set.
	Technicians int
}

// Bounds on the settings: beyond them a figure is a typing mistake.
const (
	MinPrice, MaxPrice = 1.0, 100000.0
	MinLife, MaxLife   = 1, BoughtYearsBack
	MinRatio, MaxRatio = 50, 5000
	MaxTechnicians     = 10000
)

// DefaultDevicesPerTechnician is the ratio the plan assumes until the
// district sets its own.
const DefaultDevicesPerTechnician = 500

// RatioSource says where DefaultDevicesPerTechnician comes from. The
// Consortium for School Networking's guide was written for networked
// computers; Chromebooks managed from the cloud may need fewer hands, which
// is why the district should set its own.
const RatioSource = "the Consortium for School Networking (CoSN) recommends 1 technician per 500 computers in a closely managed, networked environment"

// kindTerms are Cabinet's assumed price and refresh cycle of a kind.
type kindTerms struct {
	price float64
	life  int
}

// defaultTerms are Cabinet's assumptions, to be replaced by the district's
// own prices: typical education prices of each kind, and the refresh
// cycle (RefreshCycleYears for devices people carry; longer for desktops
// and the network).
var defaultTerms = map[DeviceKind]kindTerms{
	Chromebooks:  {350, RefreshCycleYears},
	Laptops:      {900, RefreshCycleYears},
	Tablets:      {400, RefreshCycleYears},
	Desktops:     {1000, 5},
	NetworkGear:  {1500, 7},
	OtherDevices: {500, 5},
}

// Price is the unit price of a kind, and whether the district set it.
func (s PlanSettings) Price(k DeviceKind) (float64, bool) {
	if p, ok := s.Prices[k]; ok {
		return p, true
	}
	return defaultTerms[k].price, false
}

// Life is the refresh cycle of a kind in years, and whether the district
// set it.
func (s PlanSettings) Life(k DeviceKind) (int, bool) {
	if y, ok := s.Lives[k]; ok {
		return y, true
	}
	return defaultTerms[k].life, false
}

// Ratio is the devices a technician looks after, and whether the district
// set it.
func (s PlanSettings) Ratio() (int, bool) {
	if s.DevicesPerTechnician > 0 {
		return s.DevicesPerTechnician, true
	}
	return DefaultDevicesPerTechnician, false
}

// Apply gives a measure the district's own settings: the devices a
// technician looks after is judged against the ratio the replacement plan
// uses, so the tile and the plan never disagree on how many technicians
// the fleet needs. Other measures are returned as they are.
func (s PlanSettings) Apply(m Metric) Metric {
	if m.ID != DevicesPerTechnician {
		return m
	}
	ratio, set := s.Ratio()
	m.Target, m.HasTarget = float64(ratio), true
	m.Benchmark = "The replacement plan's ratio, Cabinet's assumption: " + RatioSource
	if set {
		m.Benchmark = "The replacement plan's ratio, the district's setting"
	}
	return m
}

// Validate checks every setting.
func (s PlanSettings) Validate() error {
	for k, p := range s.Prices {
		if err := CheckPrice(k, p); err != nil {
			return err
		}
	}
	for k, y := range s.Lives {
		if err := CheckLife(k, y); err != nil {
			return err
		}
	}
	if s.DevicesPerTechnician != 0 {
		if err := CheckRatio(s.DevicesPerTechnician); err != nil {
			return err
		}
	}
	return CheckTechnicians(s.Technicians)
}

func knownKind(k DeviceKind) error {
	if _, ok := defaultTerms[k]; !ok {
		return fmt.Errorf("%q is not a kind of device the plan knows", string(k))
	}
	return nil
}

// CheckPrice checks a kind's unit price.
func CheckPrice(k DeviceKind, p float64) error {
	if err := knownKind(k); err != nil {
		return err
	}
	if math.IsNaN(p) || p < MinPrice || p > MaxPrice {
		return fmt.Errorf("the price of %s must be from %s to %s", k.One(), Dollars(MinPrice), Dollars(MaxPrice))
	}
	return nil
}

// CheckLife checks a kind's refresh cycle.
func CheckLife(k DeviceKind, years int) error {
	if err := knownKind(k); err != nil {
		return err
	}
	if years < MinLife || years > MaxLife {
		return fmt.Errorf("the refresh cycle of %s must be from %d to %d years", k.One(), MinLife, MaxLife)
	}
	return nil
}

// CheckRatio checks a number of devices per technician.
func CheckRatio(n int) error {
	if n < MinRatio || n > MaxRatio {
		return fmt.Errorf("devices per technician must be from %d to %s", MinRatio, Thousands(MaxRatio))
	}
	return nil
}

// CheckTechnicians checks a number of technicians (0 leaves it unset).
func CheckTechnicians(n int) error {
	if n < 0 || n > MaxTechnicians {
		return fmt.Errorf("technicians must be from 0 (not set) to %s", Thousands(MaxTechnicians))
	}
	return nil
}

// ParseKindValue reads "kind=value" as typed on the command line:
// "chromebook=350".
func ParseKindValue(s string) (DeviceKind, string, error) {
	name, value, ok := strings.Cut(s, "=")
	if !ok {
		return "", "", fmt.Errorf("%q should be a kind of device, an equals sign and a value, such as chromebook=350", s)
	}
	k, err := ParseDeviceKind(name)
	if err != nil {
		return "", "", err
	}
	return k, strings.TrimSpace(value), nil
}

// ParsePrice reads a price as people write it: "350", "$1,250", "899.99".
func ParsePrice(k DeviceKind, s string) (float64, error) {
	t := strings.NewReplacer("$", "", ",", "", " ", "").Replace(strings.TrimSpace(s))
	p, err := strconv.ParseFloat(t, 64)
	if err != nil || t == "" || strings.ContainsAny(t, "eEnN") {
		return 0, fmt.Errorf("%q is not a price in dollars, such as 350 or $1,250", s)
	}
	if p != math.Round(p*100)/100 {
		return 0, fmt.Errorf("%q has fractions of a cent", s)
	}
	return p, CheckPrice(k, p)
}

// ParseWhole reads a whole number a person typed, with thousands
// separators or without.
func ParseWhole(s string) (int, error) {
	t := strings.ReplaceAll(strings.TrimSpace(s), ",", "")
	n, err := strconv.Atoi(t)
	if err != nil {
		return 0, fmt.Errorf("%q is not a whole number", s)
	}
	return n, nil
}

// ParseLife reads a kind's refresh cycle in years.
func ParseLife(k DeviceKind, s string) (int, error) {
	n, err := ParseWhole(s)
	if err != nil {
		return 0, err
	}
	return n, CheckLife(k, n)
}

// ParseRatio reads a number of devices per technician.
func ParseRatio(s string) (int, error) {
	n, err := ParseWhole(s)
	if err != nil {
		return 0, err
	}
	return n, CheckRatio(n)
}

// ParseTechnicians reads a number of technicians.
func ParseTechnicians(s string) (int, error) {
	n, err := ParseWhole(s)
	if err != nil {
		return 0, err
	}
	return n, CheckTechnicians(n)
}

// ErrNoPlanData is returned when the cache holds nothing the plan counts.
var ErrNoPlanData = errors.New("no source supplies the fleet by kind, the Chromebooks' auto-update expiration or devices in service")

// Dollars writes an amount in full, as a CFO checks it: "$144,200",
// "$1,234.50" (cents only when there are some).
func Dollars(v float64) string {
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	cents := math.Round(v * 100)
	whole := math.Floor(cents / 100)
	s := sign + "$" + Thousands(whole)
	if c := cents - whole*100; c != 0 {
		s += fmt.Sprintf(".%02.0f", c)
	}
	if s == "-$0" {
		return "$0"
	}
	return s
}
