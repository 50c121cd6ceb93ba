package xecm_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

func TestWorkflowDraftIsReadFilledAndInitiated(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	doc := sim.AddEmptyDocument(sim.AddFolder(2000, "Contracts"), "Contract.pdf")

	draft, err := c.Workflows.CreateDraft(ctx, xecmtest.ApprovalMapID, doc)
	require.NoError(t, err)
	f, err := c.Workflows.DraftForm(ctx, draft)
	require.NoError(t, err)
	assert.Equal(t, draft, f.DraftID)
	assert.Equal(t, "Document Approval", f.Title)
	assert.Equal(t, []xecm.TaskFormAction{{Key: "Initiate", Label: "Start"}}, f.Actions)
	assert.True(t, f.CommentsEnabled)
	assert.Equal(t, "1_1", f.WorkflowType)
	assert.Equal(t, "Document Approval", f.Values["WorkflowForm_Title"])
	assert.Nil(t, f.Values["WorkflowForm_WorkflowDueDate"])

	due := time.Date(2031, 5, 6, 7, 8, 9, 0, time.UTC)
	require.NoError(t, c.Workflows.UpdateDraft(ctx, draft, map[string]any{"WorkflowForm_Title": "Approve Contract.pdf", "WorkflowForm_WorkflowDueDate": due}))
	f, err = c.Workflows.DraftForm(ctx, draft)
	require.NoError(t, err)
	assert.Equal(t, "Approve Contract.pdf", f.Values["WorkflowForm_Title"])
	assert.Equal(t, "2031-05-06 07:08:09.000", f.Values["WorkflowForm_WorkflowDueDate"])

	// Only its creator sees the draft.
	jdoe := clientAs(t, sim, "jdoe", "jdoe-pw")
	_, err = jdoe.Workflows.DraftForm(ctx, draft)
	assert.ErrorIs(t, err, xecm.ErrNotFound)

	st, err := c.Workflows.InitiateDraft(ctx, draft, "go")
	require.NoError(t, err)
	assert.Equal(t, draft, st.DraftID)
	wf, err := c.Workflows.Status(ctx, st.ProcessID)
	require.NoError(t, err)
	assert.Equal(t, "Approve Contract.pdf", wf.Name)
	assert.Equal(t, due, wf.DueDate.Time)

	// The draft is consumed.
	_, err = c.Workflows.DraftForm(ctx, draft)
	assert.ErrorIs(t, err, xecm.ErrNotFound)
	_, err = c.Workflows.InitiateDraft(ctx, draft, "")
	var apiErr *xecm.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Contains(t, err.Error(), "Workflows.InitiateDraft: initiating draft process")

	for _, bad := range []error{
		func() error { _, err := c.Workflows.CreateDraft(ctx, 0); return err }(),
		func() error { _, err := c.Workflows.CreateDraft(ctx, xecmtest.ApprovalMapID, -2); return err }(),
		func() error { _, err := c.Workflows.DraftForm(ctx, 0); return err }(),
		c.Workflows.UpdateDraft(ctx, draft, nil),
		c.Workflows.UpdateDraft(ctx, draft, map[string]any{"Title": "x"}),
		func() error { _, err := c.Workflows.InitiateDraft(ctx, -1, ""); return err }(),
	} {
		assert.ErrorIs(t, bad, xecm.ErrInvalidArgument)
	}
	_, err = c.Workflows.CreateDraft(ctx, sim.AddFolder(2000, "Not a map"))
	require.ErrorAs(t, err, &apiErr)
	assert.Contains(t, apiErr.Message, "Could not Loadmap")
}
