package xecm_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

func TestWorkflowActivitiesTellTheApprovalHistory(t *testing.T) {
	sim, admin := startSim(t)
	ctx := t.Context()
	doc := sim.AddEmptyDocument(sim.AddFolder(2000, "Contracts"), "Contract.pdf")
	jdoe := clientAs(t, sim, "jdoe", "jdoe-pw")
	msmith := clientAs(t, sim, "msmith", "msmith-pw")
	kimID := sim.AddUser("kbuyer", "kim-pw")
	kbuyer := clientAs(t, sim, "kbuyer", "kim-pw")

	st, err := admin.Workflows.Start(ctx, xecm.WorkflowStartRequest{MapID: xecmtest.ApprovalMapID, DocumentIDs: []int64{doc}, Comment: "please review"})
	require.NoError(t, err)
	pid := st.ProcessID

	// jdoe asks kbuyer for a review, gets it back, approves; msmith rejects.
	task := func(c *xecm.Client) xecm.TaskRef {
		t.Helper()
		a, err := c.Workflows.Assignments(ctx)
		require.NoError(t, err)
		require.Len(t, a, 1)
		return a[0].TaskRef
	}
	require.NoError(t, jdoe.Workflows.ActOnTask(ctx, task(jdoe), xecm.TaskAction{Action: xecm.TaskReview, AssigneeID: kimID, Comment: "is clause 7 fine?"}))
	require.NoError(t, kbuyer.Workflows.ActOnTask(ctx, task(kbuyer), xecm.TaskAction{Action: xecm.TaskSendOn, Comment: "yes"}))
	require.NoError(t, jdoe.Workflows.ActOnTask(ctx, task(jdoe), xecm.TaskAction{CustomAction: xecm.TaskApprove, Comment: "fine"}))
	require.NoError(t, msmith.Workflows.ActOnTask(ctx, task(msmith), xecm.TaskAction{CustomAction: xecm.TaskReject, Comment: "price too high"}))

	acts, err := admin.Workflows.Activities(ctx, pid, pid, nil)
	require.NoError(t, err)
	type row struct {
		Action         string
		User, Assignee int64
		Comment, Event string
		HasDate        bool
	}
	var got []row
	for _, a := range acts {
		got = append(got, row{a.Action, a.UserID, a.AssigneeID, a.Comment, a.Event, !a.Date.IsZero()})
	}
	assert.Equal(t, []row{
		{xecm.ActivityDisposition, 1002, 0, "price too high", "reject", true},
		{xecm.ActivityDisposition, 1001, 0, "fine", "approve", true},
		{xecm.ActivityReply, kimID, 0, "yes", "", true},
		{xecm.ActivityReview, 1001, kimID, "is clause 7 fine?", "", true},
		{xecm.ActivityStart, 1000, 0, "please review", "", true},
	}, got)
	assert.Equal(t, "Reject", acts[0].Label)

	// The newest only; participants read it too.
	last, err := jdoe.Workflows.Activities(ctx, pid, pid, &xecm.WorkflowActivityOptions{Limit: 2})
	require.NoError(t, err)
	require.Len(t, last, 2)
	assert.Equal(t, "price too high", last[0].Comment)

	// Others do not see it; unknown processes are not found.
	sim.AddUser("pjones", "pjones-pw")
	stranger := clientAs(t, sim, "pjones", "pjones-pw")
	_, err = stranger.Workflows.Activities(ctx, pid, pid, nil)
	assert.ErrorIs(t, err, xecm.ErrNotFound)
	_, err = admin.Workflows.Activities(ctx, 424242, 424242, nil)
	assert.ErrorIs(t, err, xecm.ErrNotFound)
	for _, bad := range []error{
		func() error { _, err := admin.Workflows.Activities(ctx, 0, pid, nil); return err }(),
		func() error { _, err := admin.Workflows.Activities(ctx, pid, -1, nil); return err }(),
		func() error {
			_, err := admin.Workflows.Activities(ctx, pid, pid, &xecm.WorkflowActivityOptions{Limit: -1})
			return err
		}(),
	} {
		assert.ErrorIs(t, bad, xecm.ErrInvalidArgument)
	}
}

func TestWorkflowActivitiesRecordDelegation(t *testing.T) {
	sim, admin := startSim(t)
	ctx := t.Context()
	jdoe := clientAs(t, sim, "jdoe", "jdoe-pw")
	st, err := admin.Workflows.Start(ctx, xecm.WorkflowStartRequest{MapID: xecmtest.ApprovalMapID})
	require.NoError(t, err)
	a, err := jdoe.Workflows.Assignments(ctx)
	require.NoError(t, err)
	require.Len(t, a, 1)
	require.NoError(t, jdoe.Workflows.ActOnTask(ctx, a[0].TaskRef, xecm.TaskAction{Action: xecm.TaskDelegate, AssigneeID: 1002, Comment: "on leave"}))
	acts, err := admin.Workflows.Activities(ctx, st.ProcessID, st.ProcessID, nil)
	require.NoError(t, err)
	require.Len(t, acts, 2)
	assert.Equal(t, xecm.ActivityForward, acts[0].Action)
	assert.Equal(t, int64(1002), acts[0].AssigneeID)
	assert.Equal(t, "on leave", acts[0].Comment)
	assert.Equal(t, xecm.ActivityStart, acts[1].Action)
	assert.Empty(t, acts[1].Comment)
}
