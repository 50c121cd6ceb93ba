package xecmtest

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The activities of the 2.0.2 workflow-instance route are those of the
// process route; a subprocess that is not the process's is not there.
func TestActivitiesAreServedUnderBothNames(t *testing.T) {
	s := newServer(t)
	pid := startApproval(t, s)
	c := admin(t, s)
	resp, byProcess := c.get(fmt.Sprintf("/v2/processes/%d/subprocesses/%d/activities", pid, pid))
	require.Equal(t, http.StatusOK, resp.StatusCode, byProcess)
	resp, byInstance := c.get(fmt.Sprintf("/v2/workflows/%d/subworkflows/%d/activities", pid, pid))
	require.Equal(t, http.StatusOK, resp.StatusCode, byInstance)
	assert.Equal(t, dig(t, byProcess, "results"), dig(t, byInstance, "results"))
	data := dig(t, byProcess, "results", "data").([]any)
	require.Len(t, data, 1)
	assert.Equal(t, "start", dig(t, data[0], "action"))
	assert.Nil(t, dig(t, data[0], "comment"))

	resp, m := c.get(fmt.Sprintf("/v2/processes/%d/subprocesses/%d/activities", pid, pid+1))
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Equal(t, "Could not access task status", errMsg(m))
	resp, _ = c.get(fmt.Sprintf("/v2/processes/%d/subprocesses/%d/activities?limit=x", pid, pid))
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
}
