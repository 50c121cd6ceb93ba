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

// "Review" sends a task to another user for review: like Delegate it
// names the assignee (PYX update_process_task; the reference's task table).
func TestWorkflowsActOnTaskRequestsAReview(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	var rec recorder
	mt.RegisterResponder("PUT", api("v2/processes/7001/subprocesses/7001/tasks/1"), rec.answer(t, 200, `{"results":{}}`))
	task := xecm.TaskRef{ProcessID: 7001, SubprocessID: 7001, TaskID: 1}
	err := c.Workflows.ActOnTask(t.Context(), task, xecm.TaskAction{Action: xecm.TaskReview, AssigneeID: 1002, Comment: "second opinion"})
	if !assert.NoError(t, err) {
		return
	}
	f := rec.last(t).Form
	assert.Equal(t, "Review", f.Get("action"))
	assert.Equal(t, "1002", f.Get("assignee"))
	assert.Equal(t, "second opinion", f.Get("comment"))

	err = c.Workflows.ActOnTask(t.Context(), task, xecm.TaskAction{Action: xecm.TaskReview})
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	assert.ErrorContains(t, err, "AssigneeID")
}
