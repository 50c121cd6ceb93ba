package xecm

import (
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The fast path for "…Z" dates gives exactly what time.Parse gives, and
// declines (leaving the general path to decide) whatever time.Parse
// rejects or it does not handle.
func TestParseUTCSecondsMatchesTimeParse(t *testing.T) {
	for _, s := range []string{
		"2025-01-19T06:57:04Z", "2024-02-29T23:59:59Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
		"2000-02-29T12:00:00Z",
	} {
		got, ok := parseUTCSeconds([]byte(strconv.Quote(s)))
		require.True(t, ok, s)
		want, err := time.Parse(time.RFC3339, s)
		require.NoError(t, err)
		assert.Equal(t, want, got, s)
	}
	for _, s := range []string{
		"2025-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2025-04-31T00:00:00Z", "2025-13-01T00:00:00Z",
		"2025-00-10T00:00:00Z", "2025-01-00T00:00:00Z", "2025-01-01T24:00:00Z", "2025-01-01T00:60:00Z",
		"2025-01-01T00:00:60Z", "2025-01-01T00:00:00z", "2025-01-01 00:00:00Z", "2025-01-01T00:00:00.5Z",
		"2025-01-01T00:00:00+01:00", "-025-01-01T00:00:00Z", "2025-1-01T00:00:00Z", "", "null",
	} {
		_, ok := parseUTCSeconds([]byte(strconv.Quote(s)))
		assert.False(t, ok, s)
	}
	_, ok := parseUTCSeconds([]byte(`2025-01-19T06:57:04Z""`))
	assert.False(t, ok, "unquoted")
}

// Whatever the fast path accepts, time.Parse accepts with the same result.
func FuzzParseUTCSeconds(f *testing.F) {
	for _, s := range []string{"2025-01-19T06:57:04Z", "2024-02-29T23:59:59Z", "2025-02-29T00:00:00Z", "2025-01-01T00:00:60Z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := parseUTCSeconds([]byte(`"` + s + `"`))
		want, err := time.Parse(time.RFC3339, s)
		if ok {
			require.NoError(t, err, s)
			assert.Equal(t, want, got, s)
		} else if err == nil && len(s) == 20 && s[19] == 'Z' && s[10] == 'T' {
			t.Errorf("fast path declined a plain UTC date %q", s)
		}
	})
}
