package xecm_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/xecm-go/xecm"
)

// An answer without the workflow must not read as a workflow with no
// current step: a poller waiting for Done would take it as finished.
func TestWorkflowsStatusRefusesAnAnswerWithoutTheWorkflow(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	for _, body := range []string{`{}`, `{"results":{}}`, `{"results":{"step_list":{"current":[]}}}`} {
		mt.RegisterResponder("GET", api("v2/workflows/status/processes/7001"), jsonResp(200, body))
		wf, err := c.Workflows.Status(t.Context(), 7001)
		assert.Nil(t, wf, body)
		assert.ErrorContains(t, err, "malformed response", body)
	}
	mt.RegisterResponder("GET", api("v2/workflows/status"), jsonResp(200, `{"results":[{"data":{"wfstatus":{"process_id":7001}}},{"data":{}}]}`))
	list, err := c.Workflows.StatusList(t.Context(), nil)
	assert.Nil(t, list)
	assert.ErrorContains(t, err, "malformed response")
}
