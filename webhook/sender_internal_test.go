package webhook

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSenderPauseStaysBoundedWithAnUncappedBackoff(t *testing.T) {
	signer, err := NewSigner("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
	require.NoError(t, err)
	// WithBackoff(first, MaxInt64) as "no cap": doubling must not overflow
	// into a negative pause (rand.N panics on it) or a zero one.
	s, err := NewSender(signer, WithBackoff(time.Second, math.MaxInt64))
	require.NoError(t, err)
	for n := 1; n <= 100; n++ {
		var d time.Duration
		assert.NotPanics(t, func() { d = s.pause(n) }, "attempt %d", n)
		assert.GreaterOrEqual(t, d, 500*time.Millisecond, "attempt %d", n)
	}
}

// A subscriber's Retry-After too large for a Duration in nanoseconds must
// not wrap (to a negative wait, or a short one): it is at least as long as
// any pause, so the backoff's cap applies.
func TestRetryAfterTooLargeDoesNotWrap(t *testing.T) {
	assert.Equal(t, 9223372036*time.Second, retryAfter("9223372036"), "the longest that fits")
	for _, v := range []string{"9223372037", "18446744073", "9223372036854775807", "99999999999999999999"} {
		assert.Equal(t, time.Duration(math.MaxInt64), retryAfter(v), v)
	}
	assert.Equal(t, 120*time.Second, retryAfter("120"))
	for _, v := range []string{"", "-1", "soon", "Wed, 21 Oct 2015 07:28:00 GMT", "-99999999999999999999"} {
		assert.Zero(t, retryAfter(v), v)
	}
}
