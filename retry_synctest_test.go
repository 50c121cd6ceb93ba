//go:build go1.25

package xecm_test

import (
	"context"
	"net/http"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

// These tests run in a synctest bubble: time is virtual, so a 2 s
// Retry-After is observed exactly without the test sleeping for it.

func TestRetryAfterIsHonoured(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := newMockClient(t)
		var times []time.Time
		mt.RegisterResponder("GET", api("v1/ping"), func(r *http.Request) (*http.Response, error) {
			times = append(times, time.Now())
			if len(times) == 1 {
				resp, _ := jsonResp(503, `{"error":"busy"}`)(r)
				resp.Header.Set("Retry-After", "2")
				return resp, nil
			}
			return jsonResp(200, `{"version":1}`)(r)
		})
		_, err := c.Ping(t.Context())
		require.NoError(t, err)
		require.Len(t, times, 2)
		assert.GreaterOrEqual(t, times[1].Sub(times[0]), 2*time.Second)
	})
}

func TestRetryAfterHTTPDate(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := newMockClient(t)
		var times []time.Time
		mt.RegisterResponder("GET", api("v1/ping"), func(r *http.Request) (*http.Response, error) {
			times = append(times, time.Now())
			if len(times) == 1 {
				resp, _ := jsonResp(503, `{}`)(r)
				resp.Header.Set("Retry-After", time.Now().Add(5*time.Second).UTC().Format(http.TimeFormat))
				return resp, nil
			}
			return jsonResp(200, `{}`)(r)
		})
		_, err := c.Ping(t.Context())
		require.NoError(t, err)
		require.Len(t, times, 2)
		assert.GreaterOrEqual(t, times[1].Sub(times[0]), 4*time.Second)
	})
}

func TestCancelDuringBackoffReturnsPromptly(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := newMockClient(t, xecm.WithRetryPolicy(xecm.RetryPolicy{MinBackoff: 30 * time.Second, MaxBackoff: 30 * time.Second}))
		mt.RegisterResponder("GET", api("v1/ping"), func(r *http.Request) (*http.Response, error) {
			resp, _ := jsonResp(503, `{}`)(r)
			resp.Header.Set("Retry-After", "30")
			return resp, nil
		})
		ctx, cancel := context.WithCancel(t.Context())
		start := time.Now()
		go func() {
			time.Sleep(10 * time.Millisecond)
			cancel()
		}()
		_, err := c.Ping(ctx)
		require.ErrorIs(t, err, context.Canceled)
		assert.Less(t, time.Since(start), 50*time.Millisecond)
		assert.Equal(t, 1, mt.GetTotalCallCount())
	})
}
