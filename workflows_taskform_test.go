package xecm_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

// pyxecmTaskForm is the task form in the docstring of OpenText's pyxecm
// (OTCS.get_process_task), with a review message as OpenText's Smart UI
// test data has them.
const pyxecmTaskForm = `{
  "data": {
    "actions": [{"key": "Delegate", "label": "Forward"}],
    "attachments_on": true,
    "authentication": false,
    "comments_on": true,
    "custom_actions": [{"key": "Approve", "label": "Approve"}, {"key": "Reject", "label": "Reject"}],
    "data_packages": [{"data": {"attachment_folder_id": 115292}, "sub_type": 1, "type": 1},
                      {"data": [], "sub_type": 3, "type": 1}],
    "instructions": "Paul Williams has sent this contract to you for review.",
    "message": {"performer": 1002, "text": "Please work on this task!", "type": "review"},
    "process_id": 115295, "subprocess_id": 115295, "task_id": 1,
    "task": {"type": 1, "sub_type": 0, "data": {}},
    "title": "Approver"
  },
  "forms": [{}]
}`

var formTask = xecm.TaskRef{ProcessID: 115295, SubprocessID: 115295, TaskID: 1}

func TestWorkflowsTaskFormReadsActionsAndMessage(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	var rec recorder
	mt.RegisterResponder("GET", api("v1/forms/processes/tasks/update"), rec.answer(t, 200, pyxecmTaskForm))
	f, err := c.Workflows.TaskForm(t.Context(), formTask)
	require.NoError(t, err)
	q := rec.last(t).Query
	assert.Equal(t, "115295", q.Get("process_id"))
	assert.Equal(t, "115295", q.Get("subprocess_id"))
	assert.Equal(t, "1", q.Get("task_id"))

	assert.Equal(t, &xecm.TaskForm{TaskRef: formTask, Title: "Approver",
		Instructions:        "Paul Williams has sent this contract to you for review.",
		Actions:             []xecm.TaskFormAction{{Key: "Delegate", Label: "Forward"}},
		CustomActions:       []xecm.TaskFormAction{{Key: "Approve", Label: "Approve"}, {Key: "Reject", Label: "Reject"}},
		CommentsEnabled:     true,
		AttachmentsEnabled:  true,
		AttachmentsFolderID: 115292,
		Message:             &xecm.TaskMessage{Type: xecm.TaskMessageReview, FromUserID: 1002, Text: "Please work on this task!"},
	}, f)
	assert.True(t, f.HasAction(xecm.TaskDelegate))
	assert.False(t, f.HasAction(xecm.TaskReview))
	assert.True(t, f.HasCustomAction(xecm.TaskReject))
	assert.False(t, f.HasCustomAction("reject"), "keys are sent as the server spells them")
}

// The form a task does not have is not a form that offers nothing.
func TestWorkflowsTaskFormRefusesMalformedAnswers(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	for _, body := range []string{
		`{}`,
		`{"data":null,"forms":[]}`,
		`{"data":{"actions":[{"label":"Send On"}]}}`,
		`{"data":{"custom_actions":[{"key":"","label":"Approve"}]}}`,
		`{"data":{"actions":"SendOn"}}`,
		`{"data":{"message":{"performer":1002,"text":"hi"}}}`,
		`{"data":{"data_packages":[{"type":1,"sub_type":1,"data":[1]}]}}`,
	} {
		mt.RegisterResponder("GET", api("v1/forms/processes/tasks/update"), jsonResp(200, body))
		f, err := c.Workflows.TaskForm(t.Context(), formTask)
		assert.Nil(t, f, body)
		assert.ErrorContains(t, err, "malformed response", body)
	}
	// A task with nothing to offer is a valid answer (OpenText's Smart UI
	// test data has one).
	mt.RegisterResponder("GET", api("v1/forms/processes/tasks/update"), jsonResp(200,
		`{"data":{"title":"<Initiator>","priority":100,"data_packages":[],"actions":[],"custom_actions":[]},"forms":[]}`))
	f, err := c.Workflows.TaskForm(t.Context(), formTask)
	require.NoError(t, err)
	assert.Empty(t, f.Actions)
	assert.Equal(t, 100, f.Priority)
}

// The server answers a task that is not the caller's with 500 "Could not
// get a workflow for ..." (the spec's text): not found.
func TestWorkflowsTaskFormOfAnotherUsersTaskIsNotFound(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	mt.RegisterResponder("GET", api("v1/forms/processes/tasks/update"),
		jsonResp(500, `{"error":"Could not get a workflow for 115295, 115295, 1"}`))
	_, err := c.Workflows.TaskForm(t.Context(), formTask)
	assert.ErrorIs(t, err, xecm.ErrNotFound)
}

func TestWorkflowsTaskFormRefusesABadTaskBeforeAnyRequest(t *testing.T) {
	c, _ := newMockClient(t, xecm.WithTicket("t"))
	for _, task := range []xecm.TaskRef{{}, {ProcessID: 1, SubprocessID: 1}, {ProcessID: -1, SubprocessID: 1, TaskID: 1}} {
		_, err := c.Workflows.TaskForm(t.Context(), task)
		assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
		assert.ErrorContains(t, err, "TaskID")
	}
}

func TestTaskFormCheckHoldsAnActionToTheForm(t *testing.T) {
	f := &xecm.TaskForm{
		Actions:         []xecm.TaskFormAction{{Key: xecm.TaskSendOn}, {Key: xecm.TaskReview}, {Key: xecm.TaskDelegate}},
		CustomActions:   []xecm.TaskFormAction{{Key: xecm.TaskApprove}, {Key: xecm.TaskReject}},
		CommentsEnabled: true,
	}
	for _, ok := range []xecm.TaskAction{
		{Action: xecm.TaskSendOn, Comment: "done"},
		{Action: xecm.TaskReview, AssigneeID: 1003, Acceptance: xecm.ReviewByAllMembers},
		{CustomAction: xecm.TaskApprove},
	} {
		assert.NoError(t, f.Check(ok), ok)
	}
	for want, act := range map[string]xecm.TaskAction{
		`Action: the task does not offer "Reply" (it offers "SendOn", "Review", "Delegate")`: {Action: "Reply"},
		`CustomAction: the task does not offer "Escalate"`:                                   {CustomAction: "Escalate"},
		"AssigneeID is required to review":                                                   {Action: xecm.TaskReview},
		"Acceptance is only for Review":                                                      {Action: xecm.TaskDelegate, AssigneeID: 2, Acceptance: xecm.ReviewByAllMembers},
		"Acceptance: unknown value 1":                                                        {Action: xecm.TaskReview, AssigneeID: 2, Acceptance: 1},
		"Action: accept is for a task sent to a group":                                       {Action: xecm.TaskAccept},
	} {
		err := f.Check(act)
		assert.ErrorIs(t, err, xecm.ErrInvalidArgument, want)
		assert.ErrorContains(t, err, want)
	}

	reviewer := &xecm.TaskForm{Actions: []xecm.TaskFormAction{{Key: xecm.TaskSendOn}}}
	assert.NoError(t, reviewer.Check(xecm.TaskAction{Action: xecm.TaskSendOn}))
	assert.ErrorContains(t, reviewer.Check(xecm.TaskAction{Action: xecm.TaskSendOn, Comment: "ok"}), "Comment: the task takes no comments")
	assert.ErrorContains(t, reviewer.Check(xecm.TaskAction{CustomAction: xecm.TaskApprove}), `it offers none`)

	group := &xecm.TaskForm{MustAccept: true, Actions: f.Actions}
	assert.NoError(t, group.Check(xecm.TaskAction{Action: xecm.TaskAccept}))
	assert.ErrorContains(t, group.Check(xecm.TaskAction{Action: xecm.TaskSendOn}), "accept it first")

	locked := &xecm.TaskForm{AuthenticationRequired: true, Actions: f.Actions}
	err := locked.Check(xecm.TaskAction{Action: xecm.TaskSendOn})
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	assert.ErrorContains(t, err, "password")
}
