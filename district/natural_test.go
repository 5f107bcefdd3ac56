package district

import "testing"

// TestNaturalLess is the finder's order, tested inside the package: the
// order is not exported.
func TestNaturalLess(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"Adams Elementary 2", "Adams Elementary 10", true},
		{"Adams Elementary 10", "Adams Elementary 2", false},
		{"PS 9", "PS 009", false},
		{"PS 009", "PS 9", false},
		{"école", "Ecole B", true},
		{"Adams", "adams", false},
		{"Adams", "Adams 1", true},
		{"Zion 1", "adams 99", false},
	}
	for _, tt := range tests {
		t.Run(tt.a+" < "+tt.b, func(t *testing.T) {
			if got := naturalLess(Fold(tt.a), Fold(tt.b)); got != tt.want {
				t.Errorf("naturalLess(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
			}
		})
	}
}
