package xecmtest

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A workflow runs from draft to deletion through the /v2/workflows names
// alone, and every answer is the one the process routes give.
func TestWorkflowInstanceAliasesServeTheProcessRoutes(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	jdoe := login(t, s, "jdoe", "jdoe-pw")

	resp, m := c.body(http.MethodPost, "/v2/workflows/draftinstances", map[string]any{"workflow_id": ApprovalMapID})
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	draft := int64(dig(t, m, "results", "draftprocess_id").(float64))
	resp, m = c.body(http.MethodPut, fmt.Sprintf("/v2/workflows/draftinstances/%d", draft), map[string]any{"action": "Initiate"})
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	pid := int64(dig(t, m, "results", "process_id").(float64))

	_, byProcess := c.get(fmt.Sprintf("/v2/workflows/status/processes/%d", pid))
	resp, byInstance := c.get(fmt.Sprintf("/v2/workflows/status/instances/%d", pid))
	require.Equal(t, http.StatusOK, resp.StatusCode, byInstance)
	assert.Equal(t, dig(t, byProcess, "results"), dig(t, byInstance, "results"))
	_, byProcess = c.get(fmt.Sprintf("/v2/processes/%d/definition", ApprovalMapID))
	resp, byInstance = c.get(fmt.Sprintf("/v2/workflows/%d/definition", ApprovalMapID))
	require.Equal(t, http.StatusOK, resp.StatusCode, byInstance)
	assert.Equal(t, dig(t, byProcess, "results"), dig(t, byInstance, "results"))
	_, byProcess = c.get("/v2/workflows/status?Kind=Initiated")
	resp, byInstance = c.get("/v2/workflows/instances/status?Kind=Initiated")
	require.Equal(t, http.StatusOK, resp.StatusCode, byInstance)
	assert.Equal(t, dig(t, byProcess, "results"), dig(t, byInstance, "results"))

	resp, m = jdoe.form(http.MethodPut, fmt.Sprintf("/v2/workflows/workflowid/%d/subworkflows/%d/tasks/1", pid, pid), url.Values{"custom_action": {"Approve"}})
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	resp, m = c.form(http.MethodPut, fmt.Sprintf("/v2/workflows/instances/%d/status", pid), url.Values{"status": {"stop"}})
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	_, m = c.get(fmt.Sprintf("/v2/workflows/status/instances/%d", pid))
	assert.Equal(t, "stopped", dig(t, m, "results", "wf_details", "status"))
	resp, m = c.req(http.MethodDelete, fmt.Sprintf("/v2/workflows/instances/%d", pid), nil, "", nil)
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	resp, m = c.get(fmt.Sprintf("/v2/workflows/status/instances/%d", pid))
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Equal(t, "Could not access task status", errMsg(m))

	resp, m = c.body(http.MethodPost, "/v2/workflows/draftinstances/startwf", map[string]any{"workflow_id": DirectApprovalMapID})
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	assert.Positive(t, dig(t, m, "results", "process_id"))
	resp, _ = c.get("/v2/workflows/x/definition")
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
}
