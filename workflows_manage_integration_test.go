package xecm_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

// The initiator suspends an approval (its reviewer cannot act on it while
// it waits), resumes it, stops it and deletes it; the reviewer may do none
// of this.
func TestWorkflowSuspendResumeStopDeleteAgainstSimulator(t *testing.T) {
	r := startApprovalRun(t, "Contracts", "Contract.pdf")
	ctx := t.Context()
	task := onlyAssignment(t, r.jdoe).TaskRef

	var apiErr *xecm.APIError
	err := r.jdoe.Workflows.Suspend(ctx, r.processID)
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 400, apiErr.StatusCode)
	assert.Contains(t, apiErr.Message, "No permission")

	require.NoError(t, r.admin.Workflows.Suspend(ctx, r.processID))
	wf, err := r.admin.Workflows.Status(ctx, r.processID)
	require.NoError(t, err)
	assert.Equal(t, "suspended", wf.Status)
	err = r.jdoe.Workflows.ActOnTask(ctx, task, xecm.TaskAction{CustomAction: xecm.TaskApprove})
	require.ErrorAs(t, err, &apiErr, "a suspended workflow's task waits")
	assert.Error(t, r.admin.Workflows.Suspend(ctx, r.processID), "already suspended")
	assert.Error(t, r.admin.Workflows.Delete(ctx, r.processID), "a workflow that has not finished is not deleted")

	require.NoError(t, r.admin.Workflows.Resume(ctx, r.processID))
	wf, err = r.admin.Workflows.Status(ctx, r.processID)
	require.NoError(t, err)
	assert.Equal(t, "ontime", wf.Status)
	assert.Error(t, r.admin.Workflows.Resume(ctx, r.processID), "not suspended")
	assert.Error(t, r.admin.Workflows.Archive(ctx, r.processID), "a running workflow is not archived")

	require.NoError(t, r.admin.Workflows.Stop(ctx, r.processID))
	wf, err = r.admin.Workflows.Status(ctx, r.processID)
	require.NoError(t, err)
	assert.Equal(t, "stopped", wf.Status)
	assert.True(t, wf.Done())
	tasks, err := r.jdoe.Workflows.Assignments(ctx)
	require.NoError(t, err)
	assert.Empty(t, tasks, "a stopped workflow leaves no task")
	assert.Error(t, r.admin.Workflows.Stop(ctx, r.processID), "already stopped")

	require.NoError(t, r.admin.Workflows.Archive(ctx, r.processID))
	require.NoError(t, r.admin.Workflows.Delete(ctx, r.processID))
	_, err = r.admin.Workflows.Status(ctx, r.processID)
	assert.ErrorIs(t, err, xecm.ErrNotFound)
	assert.ErrorIs(t, r.admin.Workflows.Delete(ctx, r.processID), xecm.ErrNotFound)
}

func TestWorkflowStatusChangesRefuseABadProcessID(t *testing.T) {
	_, c := startSim(t)
	for _, f := range []func() error{
		func() error { return c.Workflows.Suspend(t.Context(), 0) },
		func() error { return c.Workflows.Resume(t.Context(), -1) },
		func() error { return c.Workflows.Stop(t.Context(), 0) },
		func() error { return c.Workflows.Archive(t.Context(), 0) },
		func() error { return c.Workflows.Delete(t.Context(), 0) },
		func() error { return c.Workflows.SaveTaskForm(t.Context(), xecm.TaskRef{}, map[string]any{"a": 1}) },
	} {
		assert.ErrorIs(t, f(), xecm.ErrInvalidArgument)
	}
}

// The reviewer saves the task's priority before approving; the form reads
// it back, and only the task's assignee may save it.
func TestWorkflowSaveTaskFormBeforeActingAgainstSimulator(t *testing.T) {
	r := startApprovalRun(t, "Contracts", "Contract.pdf")
	ctx := t.Context()
	task := onlyAssignment(t, r.jdoe).TaskRef

	form, err := r.jdoe.Workflows.TaskForm(ctx, task)
	require.NoError(t, err)
	assert.EqualValues(t, 50, form.Values["map_task_priority"])

	require.NoError(t, r.jdoe.Workflows.SaveTaskForm(ctx, task, map[string]any{"map_task_priority": 100}))
	form, err = r.jdoe.Workflows.TaskForm(ctx, task)
	require.NoError(t, err)
	assert.EqualValues(t, 100, form.Values["map_task_priority"])

	err = r.msmith.Workflows.SaveTaskForm(ctx, task, map[string]any{"map_task_priority": 0})
	var apiErr *xecm.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 400, apiErr.StatusCode)
	assert.ErrorIs(t, r.jdoe.Workflows.SaveTaskForm(ctx, task, nil), xecm.ErrInvalidArgument)

	require.NoError(t, r.jdoe.Workflows.ActOnTask(ctx, task, xecm.TaskAction{CustomAction: xecm.TaskApprove}))
	assert.Equal(t, "Approve", onlyAssignment(t, r.msmith).Name)
}
