package xecm_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

func TestWorkspacesOfNode(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	ws, err := c.Workspaces.Create(ctx, customerRequest("BO-1"))
	require.NoError(t, err)
	folder, err := c.Nodes.EnsurePath(ctx, ws.ID, "Contracts/2025")
	require.NoError(t, err)
	doc, err := c.Documents.Upload(ctx, xecm.DocumentUploadRequest{ParentID: folder.ID, Name: "c.pdf", MimeType: "application/pdf", Content: bytes.NewReader([]byte("%PDF"))})
	require.NoError(t, err)

	got, err := c.Workspaces.OfNode(ctx, doc.Node.ID)
	require.NoError(t, err)
	assert.Equal(t, ws.ID, got.ID)
	require.NotNil(t, got.BusinessObject)
	assert.Equal(t, "BO-1", got.BusinessObject.BOID)
	self, err := c.Workspaces.OfNode(ctx, ws.ID)
	require.NoError(t, err)
	assert.Equal(t, ws.ID, self.ID)

	outside := sim.AddFolder(xecmtest.EnterpriseWorkspaceID, "Loose")
	_, err = c.Workspaces.OfNode(ctx, outside)
	assert.ErrorIs(t, err, xecm.ErrNotFound)
	_, err = c.Workspaces.OfNode(ctx, 987654)
	assert.ErrorIs(t, err, xecm.ErrNotFound)
}

func TestWorkspacesSetReference(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	plain := sim.AddWorkspace(xecmtest.TemplateCustomer, "Walk-in customer", nil)
	erp := xecm.BusinessObject{ExtSystemID: "SAP", BOType: "KNA1", BOID: "0000088001"}

	require.NoError(t, c.Workspaces.SetReference(ctx, plain, erp))
	got, err := c.Workspaces.GetByBusinessObject(ctx, erp)
	require.NoError(t, err)
	assert.Equal(t, plain, got.ID)

	// The business object now has its workspace: another may not take it.
	other := sim.AddWorkspace(xecmtest.TemplateCustomer, "Duplicate", nil)
	err = c.Workspaces.SetReference(ctx, other, erp)
	assert.ErrorIs(t, err, xecm.ErrAlreadyExists)
	// And the link comes off again.
	require.NoError(t, c.Workspaces.RemoveReference(ctx, plain, erp))
	_, err = c.Workspaces.GetByBusinessObject(ctx, erp)
	assert.ErrorIs(t, err, xecm.ErrNotFound)

	assert.ErrorIs(t, c.Workspaces.SetReference(ctx, plain, xecm.BusinessObject{ExtSystemID: "SAP"}), xecm.ErrInvalidArgument)
}

func TestWorkspacesBusinessObjectTypes(t *testing.T) {
	_, c := startSim(t)
	types, err := c.Workspaces.BusinessObjectTypes(t.Context())
	require.NoError(t, err)
	var keys []string
	for _, bt := range types {
		keys = append(keys, bt.ExtSystemID+"/"+bt.BOType)
		assert.NotZero(t, bt.ID)
		assert.NotZero(t, bt.WorkspaceTypeID)
	}
	assert.Contains(t, keys, "SAP/KNA1")
	assert.Contains(t, keys, "SFDC/Account")
}
