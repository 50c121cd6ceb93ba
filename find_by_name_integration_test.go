package xecm_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

func TestTemplateByName(t *testing.T) {
	_, c := startSim(t)
	ctx := t.Context()
	tpl, err := c.Workspaces.TemplateByName(ctx, "customer", "")
	require.NoError(t, err)
	assert.Equal(t, xecmtest.TemplateCustomer, tpl.ID)

	_, err = c.Workspaces.TemplateByName(ctx, "Vendor", "")
	require.ErrorIs(t, err, xecm.ErrNotFound)
	assert.Contains(t, err.Error(), `no workspace type named "Vendor" (there are `)
	_, err = c.Workspaces.TemplateByName(ctx, "Customer", "Key Account")
	require.ErrorIs(t, err, xecm.ErrNotFound)
	assert.Contains(t, err.Error(), `has no template named "Key Account"`)
}

func TestCategoryByName(t *testing.T) {
	_, c := startSim(t)
	ctx := t.Context()
	cat, err := c.Metadata.CategoryByName(ctx, "Contract")
	require.NoError(t, err)
	assert.Equal(t, xecmtest.ContractCategoryID, cat.ID)
	_, err = c.Metadata.CategoryByName(ctx, "Contracts")
	require.ErrorIs(t, err, xecm.ErrNotFound)
	assert.Contains(t, err.Error(), `no item named "Contracts"`)
}

func TestWorkflowMapByName(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	m, err := c.Workflows.MapByName(ctx, "Document Approval")
	require.NoError(t, err)
	assert.Equal(t, xecmtest.ApprovalMapID, m.ID)

	_, err = c.Workflows.MapByName(ctx, "Document")
	require.ErrorIs(t, err, xecm.ErrNotFound, "names are matched exactly")
	sim.AddApprovalMap("Document Approval", 1001, 1002)
	_, err = c.Workflows.MapByName(ctx, "Document Approval")
	require.ErrorIs(t, err, xecm.ErrConflict)
}
