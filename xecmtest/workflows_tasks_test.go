package xecmtest

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// startApproval starts the seeded approval map as Admin, on no document,
// and returns the process id (also its subprocess id; the task is 1).
func startApproval(t *testing.T, s *Server) int64 {
	t.Helper()
	c := admin(t, s)
	resp, m := c.body(http.MethodPost, "/v2/draftprocesses", map[string]any{"workflow_id": ApprovalMapID})
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	draft := int64(dig(t, m, "results", "draftprocess_id").(float64))
	resp, m = c.body(http.MethodPut, fmt.Sprintf("/v2/draftprocesses/%d", draft), map[string]any{"action": "Initiate"})
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	return int64(dig(t, m, "results", "process_id").(float64))
}

func taskFormPath(pid int64, task string) string {
	return fmt.Sprintf("/v1/forms/processes/tasks/update?process_id=%d&subprocess_id=%d&task_id=%s", pid, pid, task)
}

// The task form is a v1 answer: "data" and "forms" at the top, as the
// spec's forms_WorkflowPropertiesFormInfo has them.
func TestTaskFormIsServedAsTheSpecShowsIt(t *testing.T) {
	s := newServer(t)
	pid := startApproval(t, s)
	jdoe := login(t, s, "jdoe", "jdoe-pw")
	resp, m := jdoe.get(taskFormPath(pid, "1"))
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	assert.NotContains(t, m, "results")
	data := dig(t, m, "data").(map[string]any)
	assert.Equal(t, []any{
		map[string]any{"key": "SendOn", "label": "Send On"},
		map[string]any{"key": "Review", "label": "Send for Review"},
		map[string]any{"key": "Delegate", "label": "Forward"},
	}, data["actions"])
	assert.Equal(t, []any{map[string]any{"key": "Approve", "label": "Approve"}, map[string]any{"key": "Reject", "label": "Reject"}}, data["custom_actions"])
	for _, k := range []string{"title", "instructions", "priority", "comments_on", "attachments_on", "data_packages", "message", "member_accept", "authentication"} {
		assert.Contains(t, data, k)
	}
	forms := dig(t, m, "forms").([]any)
	require.Len(t, forms, 1)
	assert.Equal(t, fmt.Sprintf("api/v1/processes/%d/subprocesses/%d/tasks/1", pid, pid),
		dig(t, forms[0], "options", "form", "attributes", "action"))
}

// The spec's errors: 400 for a missing or non-numeric argument, 500
// "Could not get a workflow for ..." for a task that is not the caller's.
func TestTaskFormErrors(t *testing.T) {
	s := newServer(t)
	pid := startApproval(t, s)
	jdoe := login(t, s, "jdoe", "jdoe-pw")
	for path, want := range map[string]string{
		"/v1/forms/processes/tasks/update?subprocess_id=1&task_id=1": "Argument 'process_id' is required",
		taskFormPath(pid, "x"): "Invalid datatype specified for argument 'task_id'",
		taskFormPath(pid, "2"): fmt.Sprintf("Could not get a workflow for %d, %d, 2", pid, pid),
	} {
		_, m := jdoe.get(path)
		assert.Equal(t, want, errMsg(m), path)
	}
	resp, m := login(t, s, "msmith", "msmith-pw").get(taskFormPath(pid, "1"))
	assert.Equal(t, http.StatusInternalServerError, resp.StatusCode)
	assert.Equal(t, fmt.Sprintf("Could not get a workflow for %d, %d, 1", pid, pid), errMsg(m))
}

// OpenText's UI sends a review in the "body" JSON with assigneeOption 0
// or 2; other values are refused, and the review changes nothing then.
func TestTaskReviewInTheBodyAsOpenTextsUISendsIt(t *testing.T) {
	s := newServer(t)
	pid := startApproval(t, s)
	jdoe := login(t, s, "jdoe", "jdoe-pw")
	task := fmt.Sprintf("/v2/processes/%d/subprocesses/%d/tasks/1", pid, pid)
	resp, m := jdoe.body(http.MethodPut, task, map[string]any{"action": "Review", "assignee": "1002", "assigneeOption": "1"})
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Contains(t, errMsg(m), "assigneeOption")
	resp, m = jdoe.body(http.MethodPut, task, map[string]any{"action": "Review", "assignee": "1002", "assigneeOption": "0", "comment": "look"})
	require.Equal(t, http.StatusOK, resp.StatusCode, m)

	msmith := login(t, s, "msmith", "msmith-pw")
	_, m = msmith.get(taskFormPath(pid, "1"))
	assert.Equal(t, map[string]any{"performer": float64(1001), "type": "review", "text": "look"}, dig(t, m, "data", "message"))
	assert.Equal(t, []any{map[string]any{"key": "SendOn", "label": "Send On"}}, dig(t, m, "data", "actions"))
	resp, _ = msmith.form(http.MethodPut, task, url.Values{"custom_action": {"Approve"}})
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode, "a reviewer cannot decide")
	resp, m = msmith.form(http.MethodPut, task, url.Values{"action": {"SendOn"}})
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	_, m = jdoe.get(taskFormPath(pid, "1"))
	assert.Equal(t, map[string]any{"performer": float64(1002), "type": "review_return", "text": ""}, dig(t, m, "data", "message"))
}

// action=formUpdate saves a task's form values without acting on it.
func TestTaskFormUpdate(t *testing.T) {
	s := newServer(t)
	pid := startApproval(t, s)
	jdoe := login(t, s, "jdoe", "jdoe-pw")
	task := fmt.Sprintf("/v2/processes/%d/subprocesses/%d/tasks/1", pid, pid)
	resp, m := jdoe.body(http.MethodPut, task, map[string]any{"action": "formUpdate", "values": map[string]any{"map_task_priority": 100}})
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	_, m = jdoe.get(taskFormPath(pid, "1"))
	assert.EqualValues(t, 100, dig(t, m, "forms").([]any)[0].(map[string]any)["data"].(map[string]any)["map_task_priority"])
	assert.NotEmpty(t, dig(t, m, "data", "actions"), "the task is still the caller's")

	resp, m = jdoe.body(http.MethodPut, task, map[string]any{"action": "formUpdate", "values": "not json"})
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode, m)
}
