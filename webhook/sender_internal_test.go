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
