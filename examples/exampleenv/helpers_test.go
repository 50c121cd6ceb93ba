package exampleenv

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

func TestStandInRecordsJSONPosts(t *testing.T) {
	var out bytes.Buffer
	s := StartStandIn("ERP", SyncWriter(&out))
	defer s.Close()
	require.NoError(t, PostJSON(t.Context(), nil, s.URL+"/erp/orders/7", "evt_1", map[string]any{"status": "approved"}, nil))
	c, err := s.WaitFor(t.Context(), func(c Call) bool { return c.Path == "/erp/orders/7" })
	require.NoError(t, err)
	assert.Equal(t, http.MethodPost, c.Method)
	assert.Equal(t, "evt_1", c.Header.Get("Idempotency-Key"))
	assert.Equal(t, map[string]any{"status": "approved"}, c.Body)
	assert.Contains(t, out.String(), `[ERP] POST /erp/orders/7 {"status":"approved"}`)

	resp, err := http.Post(s.URL+"/x", "application/json", strings.NewReader("[1]"))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode, "not a JSON object")
	assert.Len(t, s.Calls(), 1)

	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Millisecond)
	defer cancel()
	_, err = s.WaitFor(ctx, func(c Call) bool { return c.Path == "/never" })
	assert.ErrorIs(t, err, context.DeadlineExceeded)
}

func TestPostJSONFailsOnAnErrorStatus(t *testing.T) {
	s := StartStandIn("CRM", nil)
	defer s.Close()
	err := PostJSON(t.Context(), nil, s.URL+"/x", "", make(chan int), nil)
	assert.Error(t, err, "not encodable")
	err = PostJSON(t.Context(), nil, s.URL+"/x", "", []int{1}, nil)
	assert.ErrorContains(t, err, "400 Bad Request: the body must be a JSON object", "the answer's text is in the error")
	var v struct{ N int }
	assert.Error(t, PostJSON(t.Context(), nil, s.URL+"/x", "", map[string]any{}, &v), "202 with no JSON")
	srv := StartStandIn("CRM", nil)
	srv.Close()
	assert.Error(t, PostJSON(t.Context(), nil, srv.URL+"/x", "", map[string]any{}, nil), "nobody listens")
}

func TestSyncWriterSerializesWrites(t *testing.T) {
	var buf bytes.Buffer
	w := SyncWriter(&buf)
	assert.Same(t, w, SyncWriter(w))
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _ = io.WriteString(w, "line\n")
		}()
	}
	wg.Wait()
	assert.Equal(t, strings.Repeat("line\n", 20), buf.String())
}

func TestDemoApprovers(t *testing.T) {
	ctx := t.Context()
	env, err := Connect(ctx, Config{}, io.Discard)
	require.NoError(t, err)
	defer env.Close()
	c := env.Client
	want := env.Sim.AddFolder(2000, "Contracts")

	doc := env.Sim.AddEmptyDocument(want, "Invoice.pdf")
	wf, err := c.Workflows.Start(ctx, xecm.WorkflowStartRequest{MapID: xecmtest.ApprovalMapID, DocumentIDs: []int64{doc}})
	require.NoError(t, err)
	var out bytes.Buffer
	require.NoError(t, ApproveAsDemoUsers(ctx, env, wf.ProcessID, &out))
	st, err := c.Workflows.Status(ctx, wf.ProcessID)
	require.NoError(t, err)
	assert.True(t, st.Done())
	assert.Contains(t, out.String(), `msmith approved the "Approve" task`)
	assert.Error(t, ApproveAsDemoUsers(ctx, env, wf.ProcessID, io.Discard), "nothing left to approve")
	assert.Error(t, ApproveAsDemoUsers(ctx, &Env{URL: env.URL}, wf.ProcessID, io.Discard), "not the simulator")
}
