package xecm_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
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

// "Review" sends a task to another user or group for review: like
// Delegate it names the assignee (PYX update_process_task; the
// reference's task table), and like OpenText's UI it says how a group
// reviews (assigneeOption, workflow/models/workitem/workitem.model.js).
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
	assert.Equal(t, "0", f.Get("assigneeOption"), "OpenText's UI sends the option with every review")

	err = c.Workflows.ActOnTask(t.Context(), task, xecm.TaskAction{Action: xecm.TaskReview})
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	assert.ErrorContains(t, err, "AssigneeID")

	// A group reviews by one member (0) or by all of them (2); the option
	// belongs to reviews alone.
	require.NoError(t, c.Workflows.ActOnTask(t.Context(), task, xecm.TaskAction{Action: xecm.TaskReview, AssigneeID: 2001, Acceptance: xecm.ReviewByAllMembers}))
	assert.Equal(t, "2", rec.last(t).Form.Get("assigneeOption"))
	require.NoError(t, c.Workflows.ActOnTask(t.Context(), task, xecm.TaskAction{Action: xecm.TaskDelegate, AssigneeID: 1003}))
	assert.False(t, rec.last(t).Form.Has("assigneeOption"))
	require.NoError(t, c.Workflows.ActOnTask(t.Context(), task, xecm.TaskAction{Action: xecm.TaskAccept}))
	assert.Equal(t, "accept", rec.last(t).Form.Get("action"))
	err = c.Workflows.ActOnTask(t.Context(), task, xecm.TaskAction{CustomAction: xecm.TaskApprove, Acceptance: xecm.ReviewByAllMembers})
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	assert.ErrorContains(t, err, "Acceptance")
}

// A gateway's 504 on Initiate says nothing of whether the workflow
// started. Sent again, the consumed draft answers 400, which reads as
// "not started" and invites a second Start: a second workflow.
func TestWorkflowsStartDoesNotResendInitiateAfterAGatewayTimeout(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	mt.RegisterResponder("POST", api("v2/draftprocesses"), jsonResp(200, `{"results":{"draftprocess_id":501}}`))
	mt.RegisterResponder("PUT", api("v2/draftprocesses/501"), httpmock.ResponderFromMultipleResponses([]*http.Response{
		httpmock.NewStringResponse(504, "Gateway Timeout"),
		httpmock.NewStringResponse(400, `{"error":"Could not GetNodeByID"}`),
	}))
	st, err := c.Workflows.Start(t.Context(), xecm.WorkflowStartRequest{MapID: 300})
	assert.Nil(t, st)
	assert.ErrorIs(t, err, xecm.ErrOutcomeUnknown)
	assert.ErrorContains(t, err, "draft process 501")
	assert.Equal(t, 1, mt.GetCallCountInfo()["PUT "+api("v2/draftprocesses/501")], "Initiate is sent once")
}

// 503 says the server did not take the request: Initiate is sent again.
func TestWorkflowsStartResendsInitiateAfterServiceUnavailable(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	mt.RegisterResponder("POST", api("v2/draftprocesses"), jsonResp(200, `{"results":{"draftprocess_id":501}}`))
	ok := httpmock.NewStringResponse(200, `{"results":{"process_id":501}}`)
	ok.Header.Set("Content-Type", "application/json")
	mt.RegisterResponder("PUT", api("v2/draftprocesses/501"), httpmock.ResponderFromMultipleResponses([]*http.Response{
		httpmock.NewStringResponse(503, "Service Unavailable"), ok,
	}))
	st, err := c.Workflows.Start(t.Context(), xecm.WorkflowStartRequest{MapID: 300})
	require.NoError(t, err)
	assert.Equal(t, int64(501), st.ProcessID)
}

// An Initiate answered 200 without a process ID did start a workflow.
func TestWorkflowsStartWithoutAProcessIDInTheAnswerIsAnUnknownOutcome(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	mt.RegisterResponder("POST", api("v2/draftprocesses"), jsonResp(200, `{"results":{"draftprocess_id":501}}`))
	mt.RegisterResponder("PUT", api("v2/draftprocesses/501"), jsonResp(200, `{"results":{}}`))
	_, err := c.Workflows.Start(t.Context(), xecm.WorkflowStartRequest{MapID: 300})
	assert.ErrorIs(t, err, xecm.ErrOutcomeUnknown)
	assert.ErrorContains(t, err, "malformed response")
}

// The same for a task: a 504, then the task is no longer the user's and
// the resend is refused, which reads as "not sent on".
func TestWorkflowsActOnTaskDoesNotResendAfterAGatewayTimeout(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	path := api("v2/processes/7001/subprocesses/7001/tasks/1")
	mt.RegisterResponder("PUT", path, httpmock.ResponderFromMultipleResponses([]*http.Response{
		httpmock.NewStringResponse(504, "Gateway Timeout"),
		httpmock.NewStringResponse(400, `{"error":"Could not access task status"}`),
	}))
	err := c.Workflows.ActOnTask(t.Context(), xecm.TaskRef{ProcessID: 7001, SubprocessID: 7001, TaskID: 1}, xecm.TaskAction{CustomAction: xecm.TaskApprove})
	assert.ErrorIs(t, err, xecm.ErrOutcomeUnknown)
	assert.Equal(t, 1, mt.GetCallCountInfo()["PUT "+path])
}

// Against the simulator: the answer to Initiate is lost after the server
// started the workflow. The caller learns the outcome is unknown, and
// exactly one workflow runs.
func TestWorkflowsStartWithALostInitiateAnswerAgainstSimulator(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	doc := sim.AddEmptyDocument(sim.AddFolder(2000, "Invoices in"), "INV-1.pdf")
	sim.InjectFault(xecmtest.Fault{Method: "PUT", Path: "/v2/draftprocesses/{id}", Kind: xecmtest.FaultDropAfterCommit})
	// No title or values: the first PUT is the Initiate.
	_, err := c.Workflows.Start(ctx, xecm.WorkflowStartRequest{MapID: xecmtest.ApprovalMapID, DocumentIDs: []int64{doc}})
	require.ErrorIs(t, err, xecm.ErrOutcomeUnknown)
	running, err := c.Workflows.StatusList(ctx, &xecm.WorkflowStatusOptions{Kind: xecm.WorkflowsInitiated})
	require.NoError(t, err)
	require.Len(t, running, 1)
	assert.Equal(t, "Document Approval", running[0].Name)
	puts := 0
	for _, r := range sim.Requests() {
		if r.Method == "PUT" && strings.HasPrefix(r.APIPath, "/v2/draftprocesses/") {
			puts++
		}
	}
	assert.Equal(t, 1, puts, "Initiate is sent once")
}

// StatusList's sort is one of the spec's orders; the simulator honours it.
func TestWorkflowsStatusListSortsAgainstSimulator(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	doc := sim.AddEmptyDocument(sim.AddFolder(2000, "Orders"), "PO-1.pdf")
	for _, title := range []string{"b second", "a first", "c third"} {
		_, err := c.Workflows.Start(ctx, xecm.WorkflowStartRequest{MapID: xecmtest.ApprovalMapID, DocumentIDs: []int64{doc}, Title: title})
		require.NoError(t, err)
	}
	names := func(sort string) []string {
		list, err := c.Workflows.StatusList(ctx, &xecm.WorkflowStatusOptions{Sort: sort})
		require.NoError(t, err)
		var out []string
		for _, w := range list {
			out = append(out, w.Name)
		}
		return out
	}
	assert.Equal(t, []string{"a first", "b second", "c third"}, names("wf_name asc"))
	assert.Equal(t, []string{"c third", "b second", "a first"}, names("wf_name desc"))
	assert.Equal(t, []string{"b second", "a first", "c third"}, names("date_initiated asc"))
}

// A sort outside the spec's orders is refused before any request.
func TestWorkflowsStatusListRefusesAnUnknownSort(t *testing.T) {
	c, _ := newMockClient(t, xecm.WithTicket("t"))
	for _, sort := range []string{"name", "wf_name", "wf_name up", "name asc"} {
		_, err := c.Workflows.StatusList(t.Context(), &xecm.WorkflowStatusOptions{Sort: sort})
		assert.ErrorIs(t, err, xecm.ErrInvalidArgument, sort)
		assert.ErrorContains(t, err, "Sort", sort)
	}
}
