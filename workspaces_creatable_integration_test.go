package xecm_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

func TestWorkspacesCreatableTypesAgainstSimulator(t *testing.T) {
	_, c := startSim(t)
	ctx := t.Context()
	folder, err := c.Nodes.EnsurePath(ctx, xecmtest.EnterpriseWorkspaceID, "Customers")
	require.NoError(t, err)

	types, err := c.Workspaces.CreatableTypes(ctx, folder.ID)
	require.NoError(t, err)
	var names []string
	for _, tp := range types {
		names = append(names, tp.Name)
		require.NotEmpty(t, tp.Templates, tp.Name)
		assert.Equal(t, xecm.TypeBusinessWorkspace, tp.Templates[0].SubType)
	}
	assert.Equal(t, []string{"Customer", "Supplier", "Legal Matter"}, names)
	tpl, ok := types[0].Template("Customer")
	require.True(t, ok)
	assert.Equal(t, xecmtest.TemplateCustomer, tpl.ID)
	assert.True(t, types[0].RMEnabled)

	// What the menu offers is what can be created there.
	ws, err := c.Workspaces.Create(ctx, xecm.WorkspaceCreateRequest{TemplateID: tpl.ID, TypeID: types[0].ID, Name: "ACME", ParentID: folder.ID})
	require.NoError(t, err)
	assert.Equal(t, folder.ID, ws.ParentID)

	// A document holds no workspace.
	doc, err := c.Documents.Upload(ctx, xecm.DocumentUploadRequest{ParentID: folder.ID, Name: "n.txt", Content: bytes.NewReader([]byte("n"))})
	require.NoError(t, err)
	types, err = c.Workspaces.CreatableTypes(ctx, doc.Node.ID)
	require.NoError(t, err)
	assert.Empty(t, types)

	_, err = c.Workspaces.CreatableTypes(ctx, 987654)
	assert.ErrorIs(t, err, xecm.ErrNotFound)
	_, err = c.Workspaces.CreatableTypes(ctx, 0)
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
}
