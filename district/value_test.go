package district_test

import (
	"strings"
	"testing"
	"time"

	"github.com/cabinetapp/cabinet/district"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestUtilisationAndCostPerUser(t *testing.T) {
	tests := []struct {
		name            string
		cost            float64
		users, licences int
		share           float64
		shareOK         bool
		perUser         float64
		perUserOK       bool
	}{
		{"a product in use", 10000, 250, 1000, 0.25, true, 40, true},
		{"no users: cost per user is undefined", 10000, 0, 1000, 0, true, 0, false},
		{"no licences: utilisation is undefined", 10000, 50, 0, 0, false, 200, true},
		{"over-subscribed", 1000, 120, 100, 1.2, true, 1000.0 / 120, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			share, ok := district.Utilisation(tt.users, tt.licences)
			if share != tt.share || ok != tt.shareOK {
				t.Fatalf("Utilisation = %v, %v; want %v, %v", share, ok, tt.share, tt.shareOK)
			}
			cost, ok := district.CostPerActiveUser(tt.cost, tt.users)
			if cost != tt.perUser || ok != tt.perUserOK {
				t.Fatalf("CostPerActiveUser = %v, %v; want %v, %v", cost, ok, tt.perUser, tt.perUserOK)
			}
		})
	}
}

func TestRenewals(t *testing.T) {
	now := day(2026, time.November, 29)
	tests := []struct {
		name    string
		renewal time.Time
		window  time.Duration
		days    int
		within  bool
	}{
		{"in 33 days, across the new year", day(2027, time.January, 1), 90 * 24 * time.Hour, 33, true},
		{"across the fiscal year's end", day(2027, time.July, 1), 240 * 24 * time.Hour, 214, true},
		{"outside the window", day(2027, time.July, 1), 180 * 24 * time.Hour, 214, false},
		{"today", now, 90 * 24 * time.Hour, 0, true},
		{"already passed", day(2026, time.October, 1), 90 * 24 * time.Hour, -59, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			days, ok := district.RenewsWithin(district.Product{ID: "P", RenewalDate: tt.renewal}, now, tt.window)
			if ok != tt.within || (tt.within && days != tt.days) {
				t.Fatalf("RenewsWithin = %d, %v; want %d, %v", days, ok, tt.days, tt.within)
			}
		})
	}
	if _, ok := district.RenewsWithin(district.Product{ID: "P"}, now, 365*24*time.Hour); ok {
		t.Fatal("a contract with no renewal date renews")
	}
}

func TestSplitSpend(t *testing.T) {
	tests := []struct {
		name            string
		users, licences int
		used, unused    float64
	}{
		{"a quarter in use", 25, 100, 250, 750},
		{"more users than licences", 150, 100, 1000, 0},
		{"nobody", 0, 100, 0, 1000},
		{"no licence count, some users", 10, 0, 1000, 0},
		{"no licence count, nobody", 0, 0, 0, 1000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := district.SplitSpend(1000, tt.users, tt.licences)
			if got.Used != tt.used || got.Unused != tt.unused {
				t.Fatalf("SplitSpend = %+v, want used %v unused %v", got, tt.used, tt.unused)
			}
		})
	}
}

func TestVerdict(t *testing.T) {
	now := day(2026, time.November, 29)
	old := day(2023, time.July, 1)
	tests := []struct {
		name  string
		p     district.Product
		users int
		want  []string
	}{
		{"under-used", district.Product{Licences: 1000, ContractStart: old, RenewalDate: day(2027, time.July, 1)}, 230, []string{"Under-used: 23% of licences active"}},
		{"renewal soon", district.Product{Licences: 1000, ContractStart: old, RenewalDate: day(2027, time.January, 8)}, 800, []string{"Renewal in 40 days"}},
		{"both, most pressing first", district.Product{Licences: 1000, ContractStart: old, RenewalDate: day(2027, time.January, 8)}, 100, []string{"Under-used: 10% of licences active; renewal in 40 days"}},
		{"no users", district.Product{Licences: 1000, ContractStart: old, RenewalDate: day(2027, time.July, 1)}, 0, []string{"No active users"}},
		{"too few users to count", district.Product{Licences: 1000, ContractStart: old, RenewalDate: day(2027, time.July, 1)}, 4, []string{"Under-used: fewer than 10 active users"}},
		{"no renewal date", district.Product{Licences: 1000, ContractStart: old}, 900, []string{"No renewal date on file"}},
		{"added mid-year", district.Product{Licences: 1000, ContractStart: day(2026, time.September, 1), RenewalDate: day(2027, time.September, 1)}, 700, []string{"New this year"}},
		{"all well", district.Product{Licences: 1000, ContractStart: old, RenewalDate: day(2027, time.July, 1)}, 850, []string{"In use: 85% of licences active"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sup := district.Suppression{}
			use := district.ProductUsage{Product: "p", Period: now, ActiveUsers: tt.users}
			got := district.Verdict(tt.p, sup.Usage([]district.ProductUsage{use}).Cell(use), sup, now)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Fatalf("Verdict = %q, want it to say %q", got, w)
				}
			}
		})
	}
}
