package xecmtest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rawGet sends an authenticated GET and returns the response without
// decoding it (the caller closes the body).
func rawDo(t *testing.T, c *client, ctx context.Context, method, path string, form url.Values) (*http.Response, error) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	r, err := http.NewRequestWithContext(ctx, method, c.srv.URL+"/api"+path, body)
	require.NoError(t, err)
	if form != nil {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	r.Header.Set("OTCSTicket", c.ticket)
	// A fresh transport per request: dropped connections must not be reused.
	return (&http.Client{Transport: &http.Transport{}}).Do(r)
}

func TestFaultStatusWithRetryAfter(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	s.InjectFault(Fault{Method: "GET", Path: "/v2/nodes/{id}", Status: 503, RetryAfter: "2", Times: 2})
	for range 2 {
		resp, m := c.get("/v2/nodes/2000")
		assert.Equal(t, http.StatusServiceUnavailable, resp.StatusCode)
		assert.Equal(t, "2", resp.Header.Get("Retry-After"))
		assert.NotEmpty(t, errMsg(m))
	}
	assert.Zero(t, s.PendingFaults())
	resp, _ := c.get("/v2/nodes/2000")
	assert.Equal(t, http.StatusOK, resp.StatusCode)

	// Method and path must both match; custom body.
	s.InjectFault(Fault{Method: "PUT", Path: "/v2/nodes*", Status: 429, Body: `{"error":"slow down"}`})
	resp, _ = c.get("/v2/nodes/2000")
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	resp, m := c.body(http.MethodPut, "/v2/nodes/2000", map[string]any{"description": "x"})
	assert.Equal(t, 429, resp.StatusCode)
	assert.Equal(t, "slow down", errMsg(m))

	// Unlimited until cleared; rest-wildcards.
	s.InjectFault(Fault{Path: "/v2/{rest...}", Status: 502, Times: -1})
	for range 3 {
		resp, _ = c.get("/v2/nodes/2000/nodes")
		assert.Equal(t, http.StatusBadGateway, resp.StatusCode)
	}
	resp, _ = c.get("/v1/nodes/2000/nodes")
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	s.ClearFaults()
	resp, _ = c.get("/v2/nodes/2000/nodes")
	assert.Equal(t, http.StatusOK, resp.StatusCode)
}

func TestFaultLatencyRespectsContext(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	s.InjectFault(Fault{Path: "/v2/nodes/2000", Delay: 150 * time.Millisecond})
	start := time.Now()
	resp, _ := c.get("/v2/nodes/2000")
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.GreaterOrEqual(t, time.Since(start), 150*time.Millisecond)

	s.InjectFault(Fault{Path: "/v2/nodes", Delay: 5 * time.Second, Kind: FaultNone})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start = time.Now()
	_, err := rawDo(t, c, ctx, http.MethodPost, "/v2/nodes", url.Values{"body": {`{"type":0,"parent_id":2000,"name":"never"}`}})
	require.Error(t, err)
	assert.True(t, errors.Is(err, context.DeadlineExceeded))
	assert.Less(t, time.Since(start), 2*time.Second)
	require.Eventually(t, func() bool {
		for _, r := range s.Requests() {
			if r.Method == http.MethodPost && r.Faulted {
				return true
			}
		}
		return false
	}, 2*time.Second, 10*time.Millisecond)
	assert.Empty(t, s.Children(2000), "the handler did not run")
}

func TestFaultDropBeforeResponse(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	s.InjectFault(Fault{Method: "POST", Path: "/v2/nodes", Kind: FaultDrop})
	_, err := rawDo(t, c, context.Background(), http.MethodPost, "/v2/nodes", url.Values{"body": {`{"type":0,"parent_id":2000,"name":"A"}`}})
	require.Error(t, err)
	assert.Empty(t, s.Children(2000), "nothing was committed")
}

func TestFaultDropAfterCommit(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	s.InjectFault(Fault{Method: "POST", Path: "/v2/nodes", Kind: FaultDropAfterCommit})
	_, err := rawDo(t, c, context.Background(), http.MethodPost, "/v2/nodes", url.Values{"body": {`{"type":0,"parent_id":2000,"name":"A"}`}})
	require.Error(t, err)
	kids := s.Children(2000)
	require.Len(t, kids, 1, "the server wrote, the response was lost")
	assert.Equal(t, "A", kids[0].Name)
	// A retry now meets the duplicate-name quirk.
	resp, m := c.body(http.MethodPost, "/v2/nodes", map[string]any{"type": 0, "parent_id": 2000, "name": "A"})
	assert.Equal(t, http.StatusInternalServerError, resp.StatusCode)
	assert.Contains(t, errMsg(m), "already exists")
	last := s.Requests()
	var dropped *RecordedRequest
	for i := range last {
		if last[i].Faulted {
			dropped = &last[i]
		}
	}
	require.NotNil(t, dropped)
	assert.Equal(t, FaultDropAfterCommit, dropped.FaultKind)
	assert.Zero(t, dropped.Status)
}

func TestFaultDropAfterBytes(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	s.InjectFault(Fault{Path: "/v2/nodes/2000", Kind: FaultDropAfterBytes, AfterBytes: 20})
	resp, err := rawDo(t, c, context.Background(), http.MethodGet, "/v2/nodes/2000", nil)
	require.NoError(t, err, "status and headers arrive")
	defer resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	got, err := io.ReadAll(resp.Body)
	require.Error(t, err)
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
	assert.Len(t, got, 20)
}

func TestFaultHTML(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	s.InjectFault(Fault{Path: "/v2/nodes/2000", Kind: FaultHTML})
	resp, err := rawDo(t, c, context.Background(), http.MethodGet, "/v2/nodes/2000", nil)
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.True(t, strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html"))
	b, _ := io.ReadAll(resp.Body)
	assert.Error(t, json.Unmarshal(b, new(any)))
}

func TestFaultTruncate(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	s.InjectFault(Fault{Path: "/v2/nodes", Method: "POST", Kind: FaultTruncate})
	resp, err := rawDo(t, c, context.Background(), http.MethodPost, "/v2/nodes", url.Values{"body": {`{"type":0,"parent_id":2000,"name":"T"}`}})
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err, "a well-formed response")
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Error(t, json.Unmarshal(b, new(any)), "whose JSON is cut")
	assert.NotEmpty(t, resp.Header.Get("OTCSTicket"), "handler headers pass through")
	assert.Len(t, s.Children(2000), 1, "the handler ran")
}

func TestFaultOnOTDSPath(t *testing.T) {
	s := newServer(t, WithOAuthClient("svc", "pw", "Admin"))
	s.InjectFault(Fault{Path: "/otdsws/oauth2/token", Status: 503})
	resp, _ := tokenRequest(t, s, url.Values{"grant_type": {"client_credentials"}}, "svc", "pw")
	assert.Equal(t, http.StatusServiceUnavailable, resp.StatusCode)
	resp, _ = tokenRequest(t, s, url.Values{"grant_type": {"client_credentials"}}, "svc", "pw")
	assert.Equal(t, http.StatusOK, resp.StatusCode)
}

func TestFaultMatching(t *testing.T) {
	cases := []struct {
		pattern, method, path string
		want                  bool
	}{
		{"", "", "/anything", true},
		{"/v2/nodes/{id}", "", "/v2/nodes/12", true},
		{"/v2/nodes/{id}", "", "/v2/nodes/12/nodes", false},
		{"/v2/nodes/{id}", "", "/v2/nodes", false},
		{"/v2/nodes/{id}/nodes", "GET", "/v2/nodes/12/nodes", true},
		{"/v2/nodes*", "", "/v2/nodes/12/audit", true},
		{"/v2/{rest...}", "", "/v2/nodes/1", true},
		{"/v2/{rest...}", "", "/v1/nodes/1", false},
	}
	for _, tc := range cases {
		s := New()
		s.InjectFault(Fault{Path: tc.pattern, Method: tc.method, Status: 500})
		_, ok := s.faults.take("GET", tc.path)
		assert.Equal(t, tc.want, ok, fmt.Sprintf("%q vs %q", tc.pattern, tc.path))
	}
}

// FaultRedirect answers a redirect to the same URL without running the
// handler; the request after it is served.
func TestFaultRedirect(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	s.InjectFault(Fault{Method: "POST", Path: "/v2/nodes", Kind: FaultRedirect, Status: http.StatusMovedPermanently})
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, err := http.NewRequest(http.MethodPost, s.URL+"/api/v2/nodes?x=1", strings.NewReader(url.Values{"body": {`{"type":0,"parent_id":2000,"name":"A"}`}}.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("OTCSTicket", c.ticket)
	resp, err := noFollow.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusMovedPermanently, resp.StatusCode)
	assert.Equal(t, req.URL.RequestURI(), resp.Header.Get("Location"))
	assert.Empty(t, s.Children(2000), "the handler did not run")
}

// FaultOversize runs the handler, then pads its JSON answer with
// whitespace up to AfterBytes.
func TestFaultOversize(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	s.InjectFault(Fault{Method: "GET", Path: "/v2/nodes/{id}", Kind: FaultOversize, AfterBytes: 3 << 20})
	req, err := http.NewRequest(http.MethodGet, s.URL+"/api/v2/nodes/2000", nil)
	require.NoError(t, err)
	req.Header.Set("OTCSTicket", c.ticket)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Len(t, body, 3<<20)
	var m map[string]any
	require.NoError(t, json.Unmarshal(body, &m), "still valid JSON")
	assert.NotNil(t, m["results"])
}
