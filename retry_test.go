package xecm_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"testing"
	"testing/synctest"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

func TestRetryGETOn503ThenSuccess(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	mt.RegisterResponder("GET", api("v1/ping"),
		jsonResp(503, `{"error":"busy"}`).Then(jsonResp(503, `{"error":"busy"}`)).Then(jsonResp(200, `{"build":1,"version":16}`)))
	p, err := c.Ping(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 16, p.Version)
	assert.Equal(t, 3, mt.GetTotalCallCount())
}

func TestRetryPOSTNotRetriedOn503(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	mt.RegisterResponder("POST", api("v2/nodes"), jsonResp(503, `{"error":"busy"}`))
	_, err := c.Nodes.CreateFolder(t.Context(), 2000, "x", nil)
	var apiErr *xecm.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 503, apiErr.StatusCode)
	assert.Equal(t, 1, mt.GetTotalCallCount())
}

func TestRetryPOSTRetriedOnDialError(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	dialErr := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	mt.RegisterResponder("POST", api("v2/nodes"), httpmock.NewErrorResponder(dialErr).Then(httpmock.NewErrorResponder(dialErr)).
		Then(jsonResp(200, `{"results":{"data":{"properties":{"id":7,"name":"x"}}}}`)))
	n, err := c.Nodes.CreateFolder(t.Context(), 2000, "x", nil)
	require.NoError(t, err)
	assert.EqualValues(t, 7, n.ID)
	assert.Equal(t, 3, mt.GetTotalCallCount())
}

func TestRetryPOSTLostResponseIsOutcomeUnknown(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	mt.RegisterResponder("POST", api("v2/nodes"), httpmock.NewErrorResponder(errors.New("connection reset by peer")))
	_, err := c.Nodes.CreateFolder(t.Context(), 2000, "x", nil)
	require.ErrorIs(t, err, xecm.ErrOutcomeUnknown)
	assert.Equal(t, 1, mt.GetTotalCallCount())
}

func TestRetryNeverOn501Or4xx(t *testing.T) {
	for _, status := range []int{400, 403, 404, 409, 501} {
		c, mt := newMockClient(t, xecm.WithTicket("t"))
		mt.RegisterResponder("GET", api("v2/nodes/5"), jsonResp(status, `{"error":"no"}`))
		_, err := c.Nodes.Get(t.Context(), 5, nil)
		require.Error(t, err, status)
		assert.Equal(t, 1, mt.GetTotalCallCount(), "status %d", status)
	}
}

func TestRetryGETOn500AndNonJSON200(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	html := func(*http.Request) (*http.Response, error) {
		r := httpmock.NewStringResponse(200, "<html>restarting</html>")
		r.Header.Set("Content-Type", "text/html")
		return r, nil
	}
	mt.RegisterResponder("GET", api("v2/nodes/5"), jsonResp(500, `{"error":"oops"}`).Then(html).
		Then(jsonResp(200, `{"results":{"data":{"properties":{"id":5,"name":"n"}}}}`)))
	n, err := c.Nodes.Get(t.Context(), 5, nil)
	require.NoError(t, err)
	assert.Equal(t, "n", n.Name)
	assert.Equal(t, 3, mt.GetTotalCallCount())
}

func TestRetryPUTOn500NotRetried(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	mt.RegisterResponder("PUT", api("v2/nodes/5"), jsonResp(500, `{"error":"oops"}`))
	err := c.Nodes.Move(t.Context(), 5, 6)
	require.Error(t, err)
	assert.Equal(t, 1, mt.GetTotalCallCount())
}

func TestRetryAfterBeyondBoundFailsAtOnce(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"), xecm.WithRetryPolicy(xecm.RetryPolicy{MaxRetryAfter: 5 * time.Second}))
	mt.RegisterResponder("GET", api("v1/ping"), jsonResp(503, `{"error":"maintenance"}`).
		HeaderSet(http.Header{"Retry-After": {"3600"}}))
	start := time.Now()
	_, err := c.Ping(t.Context())
	var apiErr *xecm.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, time.Hour, apiErr.RetryAfter)
	assert.Equal(t, 1, mt.GetTotalCallCount())
	assert.Less(t, time.Since(start), 2*time.Second)
}

func TestRetryAfterPastDeadlineFailsAtOnce(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	mt.RegisterResponder("GET", api("v1/ping"), jsonResp(429, `{"error":"slow down"}`).
		HeaderSet(http.Header{"Retry-After": {"30"}}))
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
	defer cancel()
	_, err := c.Ping(ctx)
	require.ErrorIs(t, err, xecm.ErrRateLimited)
	var apiErr *xecm.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 30*time.Second, apiErr.RetryAfter)
	assert.Equal(t, 1, mt.GetTotalCallCount())
}

func TestRetryGivesUpAfterMaxRetries(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"), xecm.WithRetryPolicy(xecm.RetryPolicy{MaxRetries: 2, MinBackoff: time.Millisecond, MaxBackoff: time.Millisecond}))
	mt.RegisterResponder("GET", api("v1/ping"), jsonResp(502, `{"error":"bad gateway"}`))
	_, err := c.Ping(t.Context())
	var apiErr *xecm.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 502, apiErr.StatusCode)
	assert.Equal(t, 3, mt.GetTotalCallCount())
}

func TestRetryOnRetryHookCounts(t *testing.T) {
	var seen []int
	p := fastRetries
	p.OnRetry = func(attempt int, method, path string, status int) {
		seen = append(seen, status)
		assert.Equal(t, "GET", method)
		assert.Equal(t, "/otcs/cs.exe/api/v1/ping", path)
	}
	c, mt := newMockClient(t, xecm.WithTicket("t"), xecm.WithRetryPolicy(p))
	mt.RegisterResponder("GET", api("v1/ping"), jsonResp(503, `{}`).Then(jsonResp(504, `{}`)).Then(jsonResp(200, `{"version":1}`)))
	_, err := c.Ping(t.Context())
	require.NoError(t, err)
	assert.Equal(t, []int{503, 504}, seen)
}

func TestNoRetriesPolicy(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"), xecm.WithRetryPolicy(xecm.NoRetries()))
	mt.RegisterResponder("GET", api("v1/ping"), jsonResp(503, `{}`))
	_, err := c.Ping(t.Context())
	require.Error(t, err)
	assert.Equal(t, 1, mt.GetTotalCallCount())
}

// Retries of the transport layer and of broken bodies share one budget: a
// call is sent at most 1+MaxRetries times, however its failures mix.
func TestRetryBudgetIsSharedAcrossLayers(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	cut := jsonResp(200, `{"results":{"data":{"prop`)
	mt.RegisterResponder("GET", api("v2/nodes/5"), jsonResp(503, `{}`).Then(cut).Then(jsonResp(503, `{}`)).Then(cut).Then(cut).Then(cut))
	_, err := c.Nodes.Get(t.Context(), 5, nil)
	require.Error(t, err)
	assert.Equal(t, 4, mt.GetTotalCallCount(), "MaxRetries 3 allows 4 sends in all")
}

// A Retry-After too large for int64 is a very long wait, not an absent
// header: the call fails at once instead of retrying on its backoff.
func TestRetryAfterOverflowingInt64FailsAtOnce(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("tkt-abcdef"))
	mt.RegisterResponder("GET", api("v1/ping"), jsonResp(503, `{"error":"maintenance"}`).
		HeaderSet(http.Header{"Retry-After": {"99999999999999999999999999"}}))
	_, err := c.Ping(t.Context())
	var apiErr *xecm.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 365*24*time.Hour, apiErr.RetryAfter)
	assert.Equal(t, 1, mt.GetTotalCallCount(), "not retried")
}

func TestRetryAfterIsHonoured(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := newMockClient(t, xecm.WithTicket("t"))
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
		c, mt := newMockClient(t, xecm.WithTicket("t"))
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
		c, mt := newMockClient(t, xecm.WithTicket("t"), xecm.WithRetryPolicy(xecm.RetryPolicy{MinBackoff: 30 * time.Second, MaxBackoff: 30 * time.Second}))
		mt.RegisterResponder("GET", api("v1/ping"), func(r *http.Request) (*http.Response, error) {
			resp, _ := jsonResp(503, `{}`)(r)
			resp.Header.Set("Retry-After", "30")
			return resp, nil
		})
		ctx, cancel := context.WithCancel(t.Context())
		start := time.Now()
		errc := make(chan error, 1)
		go func() {
			_, err := c.Ping(ctx)
			errc <- err
		}()
		synctest.Wait() // Ping waits out its backoff
		cancel()
		require.ErrorIs(t, <-errc, context.Canceled)
		assert.Zero(t, time.Since(start), "no time passed: the backoff ended with the context")
		assert.Equal(t, 1, mt.GetTotalCallCount())
	})
}
