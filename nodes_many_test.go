package xecm_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

// nodesListServer answers POST api/v2/nodes/list with a node per asked ID;
// hold, when set, runs before a call is answered and may answer instead.
func nodesListServer(t *testing.T, hold func(w http.ResponseWriter, r *http.Request, ids []int64) bool) *xecm.Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		require.NoError(t, r.ParseForm())
		var body struct {
			IDs []int64 `json:"ids"`
		}
		require.NoError(t, json.Unmarshal([]byte(r.PostForm.Get("body")), &body))
		if hold != nil && hold(w, r, body.IDs) {
			return
		}
		var parts []string
		for _, id := range body.IDs {
			parts = append(parts, fmt.Sprintf(`{"data":{"properties":{"id":%d,"name":"N%d","type":0}}}`, id, id))
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = fmt.Fprintf(w, `{"results":[%s]}`, strings.Join(parts, ","))
	}))
	t.Cleanup(srv.Close)
	c, err := xecm.NewClient(srv.URL, xecm.WithTicket("t"), xecm.WithRetryPolicy(xecm.NoRetries()))
	require.NoError(t, err)
	return c
}

func manyIDs(n int) []int64 {
	ids := make([]int64, n)
	for i := range ids {
		ids[i] = int64(i + 1)
	}
	return ids
}

// The calls of one GetMany are under way at once, and the nodes keep the
// order of the IDs whatever order the calls are answered in.
func TestNodesGetManyOverlapsItsCallsAndKeepsOrder(t *testing.T) {
	lastArrived := make(chan struct{})
	var arrived atomic.Int32
	var overlapped atomic.Bool
	c := nodesListServer(t, func(_ http.ResponseWriter, _ *http.Request, ids []int64) bool {
		if arrived.Add(1) == 3 {
			close(lastArrived)
		}
		if ids[0] == 1 { // the first call is answered last
			select {
			case <-lastArrived:
				overlapped.Store(true)
			case <-time.After(10 * time.Second): // a fallback, so a sequential GetMany fails rather than hangs
			}
		}
		return false
	})
	nodes, err := c.Nodes.GetMany(t.Context(), manyIDs(2*xecm.MaxNodesPerList+10))
	require.NoError(t, err)
	assert.True(t, overlapped.Load(), "the three calls were not under way at once")
	require.Len(t, nodes, 2*xecm.MaxNodesPerList+10)
	for i, n := range nodes {
		assert.EqualValues(t, i+1, n.ID)
	}
}

// A refused call fails the whole GetMany and cancels the calls still under
// way; no nodes are returned.
func TestNodesGetManyRefusedCallCancelsTheOthers(t *testing.T) {
	var cancelled atomic.Int32
	handled := make(chan struct{}, 2)
	othersArrived := make(chan struct{}, 2)
	c := nodesListServer(t, func(w http.ResponseWriter, r *http.Request, ids []int64) bool {
		if ids[0] == xecm.MaxNodesPerList+1 {
			// Refused once the other two are under way, so that there is
			// something to cancel (sooner, they might never be sent).
			for range 2 {
				select {
				case <-othersArrived:
				case <-time.After(10 * time.Second): // a fallback, so a sequential GetMany fails rather than hangs
				}
			}
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte(`{"error":"The ids parameter is not valid."}`))
			return true
		}
		othersArrived <- struct{}{}
		select {
		case <-r.Context().Done():
			cancelled.Add(1)
		case <-time.After(10 * time.Second):
		}
		handled <- struct{}{}
		return true
	})
	nodes, err := c.Nodes.GetMany(t.Context(), manyIDs(2*xecm.MaxNodesPerList+10))
	for range 2 { // the server sees a cancelled call when its connection closes
		select {
		case <-handled:
		case <-time.After(15 * time.Second):
			t.Fatal("the other two calls were never sent")
		}
	}
	var apiErr *xecm.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Contains(t, err.Error(), "The ids parameter is not valid.")
	assert.Nil(t, nodes)
	assert.EqualValues(t, 2, cancelled.Load(), "the other calls were not cancelled")
}
