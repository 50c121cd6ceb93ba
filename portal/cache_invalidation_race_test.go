package portal

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
)

// A request that starts after Invalidate returned must not be answered
// with a fetch that began before it (and may have read the withdrawn
// state): it fetches anew instead of joining that flight.
func TestRequestAfterInvalidationDoesNotJoinAnOlderFetch(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := newMetaCache(time.Hour, 10, time.Now)
		key := cacheKey{kindDocument, 1}
		started, release := make(chan struct{}), make(chan struct{})
		oldDone := make(chan any, 1)
		go func() {
			v, _ := c.get(context.Background(), key, func(context.Context) (any, []int64, error) {
				close(started)
				<-release
				return "stale", nil, nil
			})
			oldDone <- v
		}()
		<-started
		c.invalidate(1)

		got := make(chan any, 1)
		go func() {
			v, _ := c.get(t.Context(), key, func(context.Context) (any, []int64, error) { return "fresh", nil, nil })
			got <- v
		}()
		synctest.Wait() // the new request has its answer, or waits for the old flight
		select {
		case v := <-got:
			assert.Equal(t, "fresh", v)
		default:
			t.Error("a request after Invalidate waited for a fetch begun before it")
		}
		close(release)
		assert.Equal(t, "stale", <-oldDone, "the old caller still gets its own answer")

		// The old flight ending must not remove the new entry or flight.
		v2, _ := c.get(t.Context(), key, func(context.Context) (any, []int64, error) { return "refetched", nil, nil })
		assert.Equal(t, "fresh", v2)
	})
}

// InvalidateAll, too, makes later requests fetch anew.
func TestRequestAfterClearDoesNotJoinAnOlderFetch(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := newMetaCache(time.Hour, 10, time.Now)
		key := cacheKey{kindVersions, 7}
		started, release := make(chan struct{}), make(chan struct{})
		defer close(release)
		go func() {
			_, _ = c.get(context.Background(), key, func(context.Context) (any, []int64, error) {
				close(started)
				<-release
				return "stale", nil, nil
			})
		}()
		<-started
		c.clear()
		got := make(chan any, 1)
		go func() {
			v, _ := c.get(t.Context(), key, func(context.Context) (any, []int64, error) { return "fresh", nil, nil })
			got <- v
		}()
		synctest.Wait() // the new request has its answer, or waits for the old flight
		select {
		case v := <-got:
			assert.Equal(t, "fresh", v)
		default:
			t.Error("a request after InvalidateAll waited for a fetch begun before it")
		}
	})
}
