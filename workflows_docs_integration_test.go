package xecm_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

func TestDocumentWorkflowsAreOfferedAndStartDirectly(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	folder := sim.AddFolder(2000, "Invoices")
	a := sim.AddEmptyDocument(folder, "a.pdf")
	b := sim.AddEmptyDocument(folder, "b.pdf")

	offered, err := c.Workflows.DocumentWorkflows(ctx, folder, a, b)
	require.NoError(t, err)
	require.Len(t, offered, 2)
	assert.Equal(t, xecm.DocumentWorkflow{MapID: xecmtest.ApprovalMapID, Name: "Document Approval", WorkflowType: 100}, offered[0])
	assert.Equal(t, xecmtest.DirectApprovalMapID, offered[1].MapID)
	_, err = c.Workflows.DocumentWorkflows(ctx, -1, a)
	require.NoError(t, err)

	// The map without a start step starts in one call, documents attached.
	st, err := c.Workflows.StartDirect(ctx, xecmtest.DirectApprovalMapID, a, b)
	require.NoError(t, err)
	wf, err := c.Workflows.Status(ctx, st.ProcessID)
	require.NoError(t, err)
	assert.Equal(t, "Document Approval (no start step)", wf.Name)
	require.Len(t, wf.Current, 1)
	assert.Equal(t, "Review", wf.Current[0].Name)
	acts, err := c.Workflows.Activities(ctx, st.ProcessID, st.ProcessID, nil)
	require.NoError(t, err)
	require.Len(t, acts, 1)
	assert.Equal(t, xecm.ActivityStart, acts[0].Action)

	// A map with a start step is refused; so are unknown documents.
	var apiErr *xecm.APIError
	_, err = c.Workflows.StartDirect(ctx, xecmtest.ApprovalMapID, a)
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 400, apiErr.StatusCode)
	assert.Contains(t, apiErr.Message, "disabled start step")
	_, err = c.Workflows.StartDirect(ctx, xecmtest.DirectApprovalMapID, 424242)
	assert.ErrorIs(t, err, xecm.ErrNotFound)
	_, err = c.Workflows.DocumentWorkflows(ctx, folder, 424242)
	assert.ErrorIs(t, err, xecm.ErrNotFound)

	for _, bad := range []error{
		func() error { _, err := c.Workflows.DocumentWorkflows(ctx, folder); return err }(),
		func() error { _, err := c.Workflows.DocumentWorkflows(ctx, 0, a); return err }(),
		func() error { _, err := c.Workflows.DocumentWorkflows(ctx, folder, a, -3); return err }(),
		func() error { _, err := c.Workflows.StartDirect(ctx, 0); return err }(),
		func() error { _, err := c.Workflows.StartDirect(ctx, xecmtest.DirectApprovalMapID, 0); return err }(),
	} {
		assert.ErrorIs(t, bad, xecm.ErrInvalidArgument)
	}
}
