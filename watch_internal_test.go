package xecm

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestWatchBackoffStaysBoundedWithAnUncappedMaxBackoff(t *testing.T) {
	// MaxBackoff as "no cap": doubling Interval must not overflow into a
	// negative pause (rand.N panics on it) or a zero one (a busy loop).
	w := &watcher{opts: WatchOptions{Interval: 30 * time.Second, MaxBackoff: math.MaxInt64}}
	for n := 1; n <= 100; n++ {
		var d time.Duration
		assert.NotPanics(t, func() { d = w.backoff(n, 0) }, "failure %d", n)
		assert.GreaterOrEqual(t, d, 15*time.Second, "failure %d", n)
	}
}
