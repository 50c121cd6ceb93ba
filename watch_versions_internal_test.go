package xecm

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestNameVersionNamesOnlyWhatTheRemainingVersionsProve(t *testing.T) {
	// v makes versions from (number, second) pairs.
	v := func(pairs ...int) []versionMade {
		var out []versionMade
		for i := 0; i < len(pairs); i += 2 {
			out = append(out, versionMade{number: pairs[i], second: int64(pairs[i+1])})
		}
		return out
	}
	tests := []struct {
		name     string
		versions []versionMade
		sec      int64
		k        int
		want     int
	}{
		{"one per second", v(1, 10, 2, 20, 3, 30), 20, 0, 2},
		{"created with the document", v(1, 10, 2, 10, 3, 10), 10, 2, 3},
		{"second of a second", v(1, 10, 2, 20, 3, 20), 20, 1, 3},
		{"deleted itself", v(1, 10, 3, 30), 20, 0, 0},
		{"an earlier one of its second deleted: 3, or 4 deleted", v(1, 10, 3, 20), 20, 1, 0},
		{"the one before its second deleted", v(1, 10, 3, 30, 4, 30), 30, 1, 0},
		{"the one before deleted, agreement", v(1, 10, 3, 30), 30, 0, 0},
		{"entries past what remains", v(1, 10, 2, 20), 20, 1, 0},
		{"nothing in that second", v(1, 10, 2, 20), 15, 0, 0},
		{"no versions readable", nil, 20, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, nameVersion(tt.versions, tt.sec, tt.k))
		})
	}
}
