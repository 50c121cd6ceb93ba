package xecm_test

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

func TestWorkflowsStartCreatesFillsAndInitiates(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	var rec recorder
	mt.RegisterResponder("POST", api("v2/draftprocesses"), rec.answer(t, 200, `{"results":{"draftprocess_id":501,"workflow_type":"1_1"}}`))
	mt.RegisterResponder("PUT", api("v2/draftprocesses/501"), func(r *http.Request) (*http.Response, error) {
		body := `{"results":{}}`
		if len(rec.all()) == 2 {
			body = `{"results":{"custom_message":null,"process_id":7001,"WorkID":7001,"WRID":1}}`
		}
		return rec.answer(t, 200, body)(r)
	})
	due := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	st, err := c.Workflows.Start(t.Context(), xecm.WorkflowStartRequest{MapID: 300, DocumentIDs: []int64{11, 12}, Title: "Approve contract",
		DueDate: due, Values: map[string]any{"WorkflowForm_1": "x"}, Comment: "please"})
	require.NoError(t, err)
	assert.Equal(t, &xecm.WorkflowStart{DraftID: 501, ProcessID: 7001}, st)

	reqs := rec.all()
	require.Len(t, reqs, 3)
	assert.Equal(t, "300", reqs[0].Form.Get("workflow_id"))
	assert.Equal(t, "11,12", reqs[0].Form.Get("doc_ids"))
	assert.Equal(t, "TRUE", reqs[0].Form.Get("AttachDocuments"))
	assert.Equal(t, "formUpdate", reqs[1].Form.Get("action"))
	var values map[string]any
	require.NoError(t, json.Unmarshal([]byte(reqs[1].Form.Get("values")), &values))
	assert.Equal(t, map[string]any{"WorkflowForm_1": "x", "WorkflowForm_Title": "Approve contract",
		"WorkflowForm_WorkflowDueDate": "2030-01-02 03:04:05.000"}, values)
	assert.Equal(t, "Initiate", reqs[2].Form.Get("action"))
	assert.Equal(t, "please", reqs[2].Form.Get("comment"))
}

func TestWorkflowsStartReportsTheDraftWhenInitiateFails(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	mt.RegisterResponder("POST", api("v2/draftprocesses"), jsonResp(200, `{"results":{"draftprocess_id":501}}`))
	mt.RegisterResponder("PUT", api("v2/draftprocesses/501"), jsonResp(400, `{"error":"Could not Loadmap"}`))
	_, err := c.Workflows.Start(t.Context(), xecm.WorkflowStartRequest{MapID: 300})
	require.Error(t, err)
	assert.ErrorContains(t, err, "draft process 501")
	var apiErr *xecm.APIError
	assert.ErrorAs(t, err, &apiErr)
}

func TestWorkflowsAssignmentsAndTaskActions(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	var rec recorder
	mt.RegisterResponder("GET", api("v2/members/assignments"), jsonResp(200, `{"results":[
	  {"data":{"assignments":{"id":7001,"name":"Review","workflow_id":7001,"workflow_subworkflow_id":7001,"workflow_subworkflow_task_id":1,"date_due":null,"from_user_id":1000}}}]}`))
	mt.RegisterResponder("PUT", api("v2/processes/7001/subprocesses/7001/tasks/1"), rec.answer(t, 200, `{"results":{}}`))
	as, err := c.Workflows.Assignments(t.Context())
	require.NoError(t, err)
	require.Len(t, as, 1)
	task := as[0].TaskRef
	assert.Equal(t, xecm.TaskRef{ProcessID: 7001, SubprocessID: 7001, TaskID: 1}, task)

	require.NoError(t, c.Workflows.ActOnTask(t.Context(), task, xecm.TaskAction{CustomAction: xecm.TaskApprove, Comment: "ok"}))
	f := rec.last(t).Form
	assert.Equal(t, "Approve", f.Get("custom_action"))
	assert.Equal(t, "ok", f.Get("comment"))
	assert.Empty(t, f.Get("action"), "action and custom_action are exclusive")
	require.NoError(t, c.Workflows.ActOnTask(t.Context(), task, xecm.TaskAction{Action: xecm.TaskDelegate, AssigneeID: 1002}))
	assert.Equal(t, "1002", rec.last(t).Form.Get("assignee"))

	for want, act := range map[string]xecm.TaskAction{
		"one of Action":          {},
		"mutually exclusive":     {Action: xecm.TaskSendOn, CustomAction: xecm.TaskApprove},
		"AssigneeID is required": {Action: xecm.TaskDelegate},
		"AssigneeID is only":     {CustomAction: xecm.TaskReject, AssigneeID: 5},
	} {
		err := c.Workflows.ActOnTask(t.Context(), task, act)
		assert.ErrorIs(t, err, xecm.ErrInvalidArgument, want)
		assert.ErrorContains(t, err, want)
	}
	assert.ErrorContains(t, c.Workflows.ActOnTask(t.Context(), xecm.TaskRef{}, xecm.TaskAction{Action: xecm.TaskSendOn}), "ProcessID")
}

func TestWorkflowsStatus(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	var rec recorder
	mt.RegisterResponder("GET", api("v2/workflows/status"), rec.answer(t, 200, `{"results":[{"data":{"wfstatus":{"process_id":7001,"subprocess_id":7001,"task_id":2,"wf_name":"Approve contract","status_key":"ontime","step_name":"Approve","assignee":[{"userId":1002,"loginName":"msmith"}]}}}]}`))
	mt.RegisterResponder("GET", api("v2/workflows/status/processes/7001"), jsonResp(200, `{"results":{
	  "step_list":{"completed":[{"process_id":7001,"subprocess_id":7001,"task_id":1,"task_name":"Review","task_status":"completed"}],
	               "current":[{"process_id":7001,"subprocess_id":7001,"task_id":2,"task_name":"Approve","task_status":"ontime","task_assignees":{"assignee":[{"userId":1002,"loginName":"msmith"}],"assigneeCount":1}}],
	               "next":[]},
	  "wf_details":{"wf_name":"Approve contract","status":"ontime","date_initiated":"2025-01-01T10:00:00","initiator":{"userId":1000},"work_workID":7001}}}`))

	list, err := c.Workflows.StatusList(t.Context(), &xecm.WorkflowStatusOptions{Kind: xecm.WorkflowsInitiated, Status: xecm.WorkflowOnTime})
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.Equal(t, "Approve", list[0].StepName)
	assert.Equal(t, "msmith", list[0].Assignees[0].LoginName)
	q := rec.last(t).Query
	assert.Equal(t, "Initiated", q.Get("Kind"))
	assert.Equal(t, "ontime", q.Get("wstatus"))

	wf, err := c.Workflows.Status(t.Context(), 7001)
	require.NoError(t, err)
	assert.False(t, wf.Done())
	assert.Equal(t, "Review", wf.Completed[0].Name)
	assert.Equal(t, int64(1002), wf.Current[0].Assignees[0].UserID)
	assert.Equal(t, int64(1000), wf.InitiatorID)
	assert.Equal(t, 2025, wf.DateInitiated.Year())

	_, err = c.Workflows.StatusList(t.Context(), &xecm.WorkflowStatusOptions{Kind: "Mine"})
	assert.ErrorContains(t, err, "Kind")
}

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

// A sort outside the spec's orders is refused before any request.
func TestWorkflowsStatusListRefusesAnUnknownSort(t *testing.T) {
	c, _ := newMockClient(t, xecm.WithTicket("t"))
	for _, sort := range []string{"name", "wf_name", "wf_name up", "name asc"} {
		_, err := c.Workflows.StatusList(t.Context(), &xecm.WorkflowStatusOptions{Sort: sort})
		assert.ErrorIs(t, err, xecm.ErrInvalidArgument, sort)
		assert.ErrorContains(t, err, "Sort", sort)
	}
}
