package demo

import (
	"errors"
	"iter"
	"slices"
	"testing"
)

// TestAhead puts every row the generator makes, in its order, and on a
// failed put stops the generator before it returns, with the put's error.
func TestAhead(t *testing.T) {
	failed := errors.New("the disk is full")
	for _, tc := range []struct {
		name     string
		rows     int
		failAt   int // -1: no put fails
		wantRows int
	}{
		{"none", 0, -1, 0},
		{"one", 1, -1, 1},
		{"a chunk less one", chunkRows - 1, -1, chunkRows - 1},
		{"a chunk", chunkRows, -1, chunkRows},
		{"a chunk and one", chunkRows + 1, -1, chunkRows + 1},
		{"many chunks", 20*chunkRows + 7, -1, 20*chunkRows + 7},
		{"fails at the first", 5000, 0, 0},
		{"fails in the third chunk", 50 * chunkRows, 2*chunkRows + 3, 2*chunkRows + 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stopped := false
			made := 0
			seq := iter.Seq[int](func(yield func(int) bool) {
				defer func() { stopped = true }()
				for i := range tc.rows {
					made++
					if !yield(i) {
						return
					}
				}
			})
			var got []int
			err := ahead(seq, func(v int) error {
				if len(got) == tc.failAt {
					return failed
				}
				got = append(got, v)
				return nil
			})
			if tc.failAt >= 0 && !errors.Is(err, failed) {
				t.Fatalf("err = %v, want the put's", err)
			} else if tc.failAt < 0 && err != nil {
				t.Fatal(err)
			}
			if !stopped {
				t.Error("ahead returned while the generator still ran")
			}
			if !slices.Equal(got, slices.Collect(func(yield func(int) bool) {
				for i := range tc.wantRows {
					if !yield(i) {
						return
					}
				}
			})) {
				t.Errorf("put %d rows out of order or missing, want 0 to %d", len(got), tc.wantRows-1)
			}
			if tc.failAt >= 0 && made == tc.rows && tc.rows > 10*chunkRows {
				t.Errorf("the generator made all %d rows after a put failed", made)
			}
		})
	}
}
