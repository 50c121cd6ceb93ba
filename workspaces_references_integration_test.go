package xecm_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/internal/specroutes"
)

func TestWorkspaceRemoveReferenceAgainstSimulator(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	ws, err := c.Workspaces.Create(ctx, customerRequest("RM-1"))
	require.NoError(t, err)
	crm := *ws.BusinessObject
	erp := xecm.BusinessObject{ExtSystemID: "SAP", BOType: "KNA1", BOID: "0000077001"}
	require.NoError(t, c.Workspaces.AddReference(ctx, ws.ID, erp))

	// The main reference goes; the ERP one takes its place.
	require.NoError(t, c.Workspaces.RemoveReference(ctx, ws.ID, crm))
	got, err := c.Workspaces.Get(ctx, ws.ID)
	require.NoError(t, err)
	require.Len(t, got.References, 1)
	assert.Equal(t, erp, got.References[0].BusinessObject)
	require.NotNil(t, got.BusinessObject)
	assert.Equal(t, erp, *got.BusinessObject)
	_, err = c.Workspaces.GetByBusinessObject(ctx, crm)
	assert.ErrorIs(t, err, xecm.ErrNotFound, "the CRM account no longer finds the workspace")

	// Unlinked, the account can have a workspace of its own again.
	// (By another name: the generated one is still taken.)
	req := customerRequest("RM-1")
	req.Name = "Customer RM-1 (new)"
	other, isNew, err := c.Workspaces.Ensure(ctx, req)
	require.NoError(t, err)
	assert.True(t, isNew)
	assert.NotEqual(t, ws.ID, other.ID)

	// A business object the workspace does not have is an error that names it.
	err = c.Workspaces.RemoveReference(ctx, ws.ID, crm)
	var apiErr *xecm.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Contains(t, err.Error(), "SFDC/Account/RM-1")

	// The last reference goes: the workspace stays, without business object.
	require.NoError(t, c.Workspaces.RemoveReference(ctx, ws.ID, erp))
	got, err = c.Workspaces.Get(ctx, ws.ID)
	require.NoError(t, err)
	assert.Empty(t, got.References)
	assert.Nil(t, got.BusinessObject)

	// The removal sent the business object as the supplement's form fields.
	var removals int
	for _, r := range sim.Requests() {
		if r.Method != "DELETE" {
			continue
		}
		removals++
		assert.Equal(t, []string{"bo_id", "bo_type", "ext_system_id"}, r.FormFields)
		assert.NoError(t, specroutes.CheckRequest(r.Method, r.APIPath, r.Query, r.FormFields))
	}
	assert.Equal(t, 3, removals)
}

func TestWorkspaceRemoveReferenceNeedsPermission(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	ws, err := c.Workspaces.Create(ctx, customerRequest("RM-2"))
	require.NoError(t, err)
	bo := *ws.BusinessObject
	jdoe := clientAs(t, sim, "jdoe", "jdoe-pw")

	// Without access the workspace does not exist for jdoe.
	err = jdoe.Workspaces.RemoveReference(ctx, ws.ID, bo)
	assert.ErrorIs(t, err, xecm.ErrNotFound)

	// Seeing it is not enough to change it.
	require.NoError(t, c.Permissions.AddAssigned(ctx, ws.ID, 1001, xecm.ReadPermissions(), nil))
	err = jdoe.Workspaces.RemoveReference(ctx, ws.ID, bo)
	assert.ErrorIs(t, err, xecm.ErrForbidden)

	got, err := c.Workspaces.Get(ctx, ws.ID)
	require.NoError(t, err)
	assert.Len(t, got.References, 1, "nothing was removed")
}

func TestWorkspaceRemoveReferenceBadInput(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	bo := xecm.BusinessObject{ExtSystemID: "SFDC", BOType: "Account", BOID: "X"}
	for _, tc := range []struct {
		name string
		id   int64
		bo   xecm.BusinessObject
		want string
	}{
		{"zero ID", 0, bo, "workspace ID"},
		{"negative ID", -4, bo, "workspace ID"},
		{"no system", 1, xecm.BusinessObject{BOType: "Account", BOID: "X"}, "ExtSystemID"},
		{"no type", 1, xecm.BusinessObject{ExtSystemID: "SFDC", BOID: "X"}, "BOType"},
		{"blank id", 1, xecm.BusinessObject{ExtSystemID: "SFDC", BOType: "Account", BOID: "  "}, "BOID"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := c.Workspaces.RemoveReference(ctx, tc.id, tc.bo)
			require.ErrorIs(t, err, xecm.ErrInvalidArgument)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
	assert.Empty(t, sim.Requests(), "bad input sends nothing")
}
